/**
 * Finding the LOOP record an incoming record is, or may be: by provenance (the same source record imported
 * before), then by organisation identifiers (charity or company number, org-id identifiers), then by similarity
 * (name, postcode, phone, email, website; `scoreSimilarity` in src/dataset/similarity.ts, shared with
 * `loop duplicates`), always with a score and the reasons.
 */
import type { Dataset, ListingRecord, LocationRecord, OrganisationRecord } from '../../dataset/dataset.ts';
import { normaliseEmail, normaliseName, normalisePhone, normalisePostcode, normaliseUrl, scoreSimilarity, type SimilarityProfile } from '../../dataset/similarity.ts';

export type MatchHow = 'state' | 'provenance' | 'identifier' | 'similarity';

export interface Candidate<R> {
  record: R;
  score: number;
  reasons: string[];
}

type Any = OrganisationRecord | ListingRecord | LocationRecord;

/** Words too common in names to narrow a search (every third group is a "support group"). */
const MAX_POSTINGS = 400;

class Blocker<R> {
  private readonly keys = new Map<string, R[]>();
  add(key: string | undefined, record: R): void {
    if (!key) return;
    const list = this.keys.get(key);
    if (!list) this.keys.set(key, [record]);
    else if (list.length <= MAX_POSTINGS && list[list.length - 1] !== record) list.push(record);
  }
  candidates(keys: (string | undefined)[]): Set<R> {
    const out = new Set<R>();
    for (const key of keys) {
      const list = key ? this.keys.get(key) : undefined;
      if (list && list.length <= MAX_POSTINGS) for (const r of list) out.add(r);
    }
    return out;
  }
}

function nameKeys(name: string): string[] {
  return normaliseName(name)
    .split(' ')
    .filter((w) => w.length > 2)
    .map((w) => `n:${w}`);
}

export function profileKeys(p: SimilarityProfile): string[] {
  return [
    ...nameKeys(p.name),
    ...(p.postcodes ?? []).map((x) => `p:${normalisePostcode(x) ?? x}`),
    ...(p.phones ?? []).map((x) => `t:${normalisePhone(x)}`),
    ...(p.emails ?? []).map((x) => `e:${normaliseEmail(x)}`),
    ...(p.urls ?? []).map((x) => `u:${normaliseUrl(x)}`),
  ];
}

function phonesOf(value: { phones?: { number: string }[] | undefined; contacts?: { phones?: { number: string }[] | undefined; email?: string | undefined }[] | undefined }): string[] {
  return [...(value.phones ?? []).map((p) => p.number), ...(value.contacts ?? []).flatMap((c) => (c.phones ?? []).map((p) => p.number))];
}

export function organisationProfile(o: OrganisationRecord | { name: string; website?: string | undefined; email?: string | undefined; phones?: { number: string }[] | undefined; contacts?: { email?: string | undefined; phones?: { number: string }[] | undefined }[] | undefined }): SimilarityProfile {
  return {
    name: o.name,
    phones: phonesOf(o),
    emails: [o.email, ...(o.contacts ?? []).map((c) => c.email)].filter((e): e is string => Boolean(e)),
    urls: o.website ? [o.website] : [],
  };
}

export function locationProfile(l: { name: string; address?: { address_1: string; postal_code: string } | undefined; phones?: { number: string }[] | undefined }): SimilarityProfile {
  return {
    name: l.name,
    postcodes: l.address ? [l.address.postal_code] : [],
    addresses: l.address ? [l.address.address_1] : [],
    phones: (l.phones ?? []).map((p) => p.number),
  };
}

export function listingProfile(l: ListingRecord, dataset: Dataset): SimilarityProfile {
  const postcodes = l.listing === 'service' ? (l.locations ?? []).map((at) => dataset.location(at.location)?.address?.postal_code).filter((p): p is string => Boolean(p)) : [];
  return {
    name: l.name,
    postcodes,
    phones: l.listing === 'service' ? [...phonesOf(l), ...(l.locations ?? []).flatMap((at) => (at.phones ?? []).map((p) => p.number))] : [],
    emails: [l.email, ...(l.listing === 'service' ? (l.contacts ?? []).map((c) => c.email) : [])].filter((e): e is string => Boolean(e)),
    urls: l.url ? [l.url] : [],
    text: `${l.summary ?? ''} ${l.description ?? ''}`.trim(),
  };
}

export class MatchIndex {
  private readonly provenance = new Map<string, Any>();
  private readonly identifiers = new Map<string, OrganisationRecord>();
  private readonly orgs = new Blocker<OrganisationRecord>();
  private readonly venues = new Blocker<LocationRecord>();
  private readonly listings = new Blocker<ListingRecord>();
  private readonly profiles = new Map<Any, SimilarityProfile>();

  constructor(dataset: Dataset) {
    const withProvenance = (kind: string, record: Any) => {
      for (const p of record.provenance ?? []) this.provenance.set(`${kind}|${p.system}|${p.id}`, record);
    };
    for (const o of dataset.organisations) {
      withProvenance('organisation', o);
      for (const key of identifierKeys(o)) if (!this.identifiers.has(key)) this.identifiers.set(key, o);
      const profile = organisationProfile(o);
      this.profiles.set(o, profile);
      for (const key of profileKeys(profile)) this.orgs.add(key, o);
    }
    for (const l of dataset.locations) {
      withProvenance('location', l);
      const profile = locationProfile(l);
      this.profiles.set(l, profile);
      for (const key of profileKeys(profile)) this.venues.add(key, l);
    }
    for (const l of dataset.listings) {
      withProvenance(l.listing, l);
      const profile = listingProfile(l, dataset);
      this.profiles.set(l, profile);
      for (const key of profileKeys(profile)) this.listings.add(key, l);
    }
  }

  byProvenance(kind: 'organisation' | 'location' | 'service' | 'resource', system: string, id: string): Any | undefined {
    return this.provenance.get(`${kind}|${system}|${id}`);
  }

  /** An organisation with the same charity number, company number or org-id identifier. */
  byIdentifier(fields: { charity_number?: unknown; company_number?: unknown; other_identifiers?: unknown }): { record: OrganisationRecord; reasons: string[] } | undefined {
    for (const key of identifierKeys(fields as Partial<OrganisationRecord>)) {
      const record = this.identifiers.get(key);
      if (record) return { record, reasons: [`same ${key.split('|')[0] === 'GB-CHC' ? 'charity number' : key.split('|')[0] === 'GB-COH' ? 'company number' : `${key.split('|')[0]} identifier`} ${key.split('|')[1]}`] };
    }
    return undefined;
  }

  private similar<R extends Any>(blocker: Blocker<R>, profile: SimilarityProfile, minimum: number): Candidate<R>[] {
    const out: Candidate<R>[] = [];
    for (const record of blocker.candidates(profileKeys(profile))) {
      const { score, reasons } = scoreSimilarity(profile, this.profiles.get(record)!);
      if (score >= minimum) out.push({ record, score, reasons });
    }
    return out.sort((a, b) => b.score - a.score || (a.record.slug < b.record.slug ? -1 : 1));
  }

  similarOrganisations(profile: SimilarityProfile, minimum: number): Candidate<OrganisationRecord>[] {
    return this.similar(this.orgs, profile, minimum);
  }

  /** Venues only count as the same when they share a postcode. */
  similarLocations(profile: SimilarityProfile, minimum: number): Candidate<LocationRecord>[] {
    return this.similar(this.venues, profile, minimum).filter((c) => c.reasons.some((r) => r.startsWith('same postcode')));
  }

  similarListings(profile: SimilarityProfile, minimum: number, kind: 'service' | 'resource' = 'service'): Candidate<ListingRecord>[] {
    return this.similar(this.listings, profile, minimum).filter((c) => c.record.listing === kind);
  }
}

/** "GB-CHC|1187342", "GB-COH|01234567", "GB-NHS|RR8" for an organisation's identifiers. */
export function identifierKeys(o: { charity_number?: unknown; company_number?: unknown; other_identifiers?: unknown }): string[] {
  const keys: string[] = [];
  if (typeof o.charity_number === 'string') keys.push(`${/^SC/i.test(o.charity_number) ? 'GB-SC' : /^NIC/i.test(o.charity_number) ? 'GB-NIC' : 'GB-CHC'}|${o.charity_number.toUpperCase()}`);
  if (typeof o.company_number === 'string') keys.push(`GB-COH|${o.company_number.toUpperCase()}`);
  if (Array.isArray(o.other_identifiers)) {
    for (const id of o.other_identifiers as { scheme?: string; identifier?: string }[]) {
      if (id?.scheme && id.identifier) keys.push(`${id.scheme.toUpperCase()}|${id.identifier.toUpperCase()}`);
    }
  }
  return keys;
}
