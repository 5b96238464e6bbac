import type { Dataset, ListingRecord, OrganisationRecord } from '../../dataset/dataset.ts';
import { normaliseEmail, normaliseName, normalisePhone, normaliseUrl } from '../../dataset/similarity.ts';
import type { PathSegment } from '../../dataset/source.ts';
import type { Rule } from '../rule.ts';

export interface DuplicateEvidence {
  /** The earlier listing (by slug). */
  first: ListingRecord;
  second: ListingRecord;
  reason: 'name-and-postcode' | 'phone' | 'url' | 'provenance';
  value: string;
  /** Where in `second` the evidence is. */
  path: PathSegment[];
}

function phonesOf(listing: ListingRecord): { number: string; path: PathSegment[] }[] {
  if (listing.listing !== 'service') return [];
  const out = (listing.phones ?? []).map((p, i) => ({ number: p.number, path: ['phones', i, 'number'] as PathSegment[] }));
  listing.locations?.forEach((at, i) => at.phones?.forEach((p, j) => out.push({ number: p.number, path: ['locations', i, 'phones', j, 'number'] })));
  return out;
}

const cache = new WeakMap<Dataset, DuplicateEvidence[]>();

/**
 * Likely duplicates: same normalised name at the same postcode, or the same phone number or web address used by
 * listings of different organisations (an organisation's own services often share its switchboard and homepage).
 * Worked out once per Dataset: the validator's rule and the dashboard's figures ask for the same answer.
 */
export function findDuplicateListings(dataset: Dataset): DuplicateEvidence[] {
  let found = cache.get(dataset);
  if (!found) cache.set(dataset, (found = duplicatesIn(dataset)));
  return [...found];
}

function duplicatesIn(dataset: Dataset): DuplicateEvidence[] {
  const found: DuplicateEvidence[] = [];
  const byNamePostcode = new Map<string, ListingRecord>();
  const byPhone = new Map<string, ListingRecord>();
  const byUrl = new Map<string, ListingRecord>();
  const bySource = new Map<string, ListingRecord>();
  for (const listing of dataset.listings) {
    // Two files imported from the same source record are the same listing twice, whatever their names.
    for (const [i, p] of (listing.provenance ?? []).entries()) {
      const key = `${p.system}|${p.id}`;
      const first = bySource.get(key);
      if (first && first !== listing) found.push({ first, second: listing, reason: 'provenance', value: `${p.system} ${p.id}`, path: ['provenance', i, 'id'] });
      else if (!first) bySource.set(key, listing);
    }
    const name = normaliseName(listing.name);
    const postcodes = new Set<string>();
    if (listing.listing === 'service') {
      for (const at of listing.locations ?? []) {
        const postcode = dataset.location(at.location)?.address?.postal_code;
        if (postcode) postcodes.add(postcode);
      }
    }
    // Without a venue, the same name is only suspicious within one organisation: two charities may both run
    // "Befriending Calls".
    if (postcodes.size === 0) postcodes.add(`(no venue: ${listing.organisation})`);
    const seenHere = new Set<ListingRecord>();
    for (const postcode of postcodes) {
      const key = `${name}|${postcode}`;
      const first = byNamePostcode.get(key);
      if (first && first !== listing && !seenHere.has(first) && first.listing === listing.listing) {
        seenHere.add(first);
        found.push({ first, second: listing, reason: 'name-and-postcode', value: postcode.startsWith('(') ? listing.name : `${listing.name}, ${postcode}`, path: ['name'] });
      } else if (!first) byNamePostcode.set(key, listing);
    }
    for (const { number, path } of phonesOf(listing)) {
      const key = normalisePhone(number);
      const first = byPhone.get(key);
      if (first && first.organisation !== listing.organisation && !seenHere.has(first)) {
        seenHere.add(first);
        found.push({ first, second: listing, reason: 'phone', value: number, path });
      } else if (!first) byPhone.set(key, listing);
    }
    if (listing.url) {
      const key = normaliseUrl(listing.url);
      const first = byUrl.get(key);
      if (first && !seenHere.has(first) && (first.organisation !== listing.organisation || (first.listing === 'resource' && listing.listing === 'resource'))) {
        found.push({ first, second: listing, reason: 'url', value: listing.url, path: ['url'] });
      } else if (!first) byUrl.set(key, listing);
    }
  }
  return found;
}

const REASON_TEXT: Record<DuplicateEvidence['reason'], string> = {
  'name-and-postcode': 'has the same name and postcode as',
  phone: 'has the same phone number as',
  url: 'has the same web address as',
  provenance: 'was imported from the same source record as',
};

export interface OrganisationDuplicate {
  first: OrganisationRecord;
  second: OrganisationRecord;
  reason: 'identifier' | 'name' | 'email' | 'website' | 'provenance';
  value: string;
}

/**
 * Likely duplicate organisations: the same charity, company or other identifier, the same source record, the same
 * normalised name, or the same general mailbox or website (used by `loop duplicates`, not by validation: a parent
 * and its branch may share a website).
 */
export function findDuplicateOrganisations(dataset: Dataset): OrganisationDuplicate[] {
  const found: OrganisationDuplicate[] = [];
  const indexes = new Map<string, Map<string, OrganisationRecord>>();
  const check = (reason: OrganisationDuplicate['reason'], key: string | undefined, value: string, org: OrganisationRecord) => {
    if (!key) return;
    let index = indexes.get(reason);
    if (!index) indexes.set(reason, (index = new Map()));
    const first = index.get(key);
    if (!first) index.set(key, org);
    else if (first !== org && !found.some((d) => d.first === first && d.second === org && d.reason === reason)) found.push({ first, second: org, reason, value });
  };
  for (const org of dataset.organisations) {
    if (org.charity_number) check('identifier', `charity ${org.charity_number.toUpperCase()}`, `charity number ${org.charity_number}`, org);
    if (org.company_number) check('identifier', `company ${org.company_number.toUpperCase()}`, `company number ${org.company_number}`, org);
    for (const id of org.other_identifiers ?? []) check('identifier', `${id.scheme} ${id.identifier.toUpperCase()}`, `${id.scheme} ${id.identifier}`, org);
    for (const p of org.provenance ?? []) check('provenance', `${p.system}|${p.id}`, `${p.system} ${p.id}`, org);
    check('name', normaliseName(org.name) || undefined, org.name, org);
    if (org.email) check('email', normaliseEmail(org.email), org.email, org);
    if (org.website) check('website', normaliseUrl(org.website), org.website, org);
  }
  return found;
}

export const duplicatesRule: Rule = {
  id: 'duplicates',
  description: 'Likely duplicate listings (same name and postcode, or the same phone or web address across organisations).',
  check({ dataset, report }) {
    for (const d of findDuplicateListings(dataset)) {
      report(d.second.file, d.path, `this listing ${REASON_TEXT[d.reason]} ${d.first.file} (${d.value}): is it a duplicate?`, {
        severity: 'warning',
        hint: 'if they are the same service, keep one listing; if not, make the names tell them apart',
      });
    }
  },
};
