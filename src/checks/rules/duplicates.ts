import type { Dataset, ListingRecord, OrganisationRecord } from '../../dataset/dataset.ts';
import { nameSimilarity, normaliseEmail, normaliseName, normalisePhone, normaliseUrl, wordSetSimilarity, wordsOf } from '../../dataset/similarity.ts';
import type { PathSegment } from '../../dataset/source.ts';
import type { Rule } from '../rule.ts';

export interface DuplicateEvidence {
  /** The earlier listing (by slug). */
  first: ListingRecord;
  second: ListingRecord;
  /** The strongest thing that matched: what the warning leads with. */
  reason: 'name-and-postcode' | 'name-in-organisation' | 'phone' | 'url' | 'provenance';
  /** The value of that match (the name and postcode, the number, the address, the source record). */
  value: string;
  /** Everything that matched between the two, in words, and nothing that did not. */
  evidence: string[];
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
 * Likely duplicates, each with exactly the evidence that matched. Tuned on a labelled sample (tests/checks/rules/
 * duplicates.test.ts reports its precision):
 * - the same source record imported twice (provenance) is always one;
 * - the same name at the same postcode, in different organisations;
 * - the same name in one organisation (or in two organisations of the same name: one imported from two sources)
 *   only with descriptions that are alike: an organisation's programmes often share a branch's name ("Fair Oaks
 *   Branch") and are different services;
 * - the same phone number or web address in different organisations only with names alike, the same postcode or
 *   descriptions alike: a helpline, a switchboard or a national website is shared by unrelated services. The same
 *   web address on two resources of one organisation is one resource twice.
 * Worked out once per Dataset: the validator's rule and the dashboard's figures ask for the same answer.
 */
export function findDuplicateListings(dataset: Dataset): DuplicateEvidence[] {
  let found = cache.get(dataset);
  if (!found) cache.set(dataset, (found = duplicatesIn(dataset)));
  return [...found];
}

/** How alike two descriptions must be for the same name in one organisation to be one service twice. */
export const DESCRIPTIONS_ALIKE = 0.8;
/** How alike names or descriptions must be for a shared phone or web address to count. */
const CORROBORATED = 0.5;

interface Facts {
  listing: ListingRecord;
  name: string;
  /** The organisation's name, normalised: one organisation in two files (imported from two sources) has one name. */
  organisation: string;
  postcodes: Set<string>;
  words: Set<string>;
}

function factsOf(listing: ListingRecord, dataset: Dataset, organisationNames: Map<string, string>): Facts {
  const postcodes = new Set<string>();
  if (listing.listing === 'service') {
    for (const at of listing.locations ?? []) {
      const postcode = dataset.location(at.location)?.address?.postal_code;
      if (postcode) postcodes.add(postcode);
    }
  }
  const text = `${listing.summary ?? ''} ${listing.description ?? ''}`;
  // An organisation's name is normalised once, not once per listing (at region scale that was a tenth of the rule).
  let organisation = organisationNames.get(listing.organisation);
  if (organisation === undefined) {
    organisation = normaliseName(dataset.organisation(listing.organisation)?.name ?? listing.organisation);
    organisationNames.set(listing.organisation, organisation);
  }
  return { listing, name: normaliseName(listing.name), organisation, postcodes, words: wordsOf(text) };
}

function percent(x: number): string {
  return `${Math.round(x * 100)}%`;
}

/** What two listings have in common, and whether that makes them likely the same; undefined when it does not. */
function judge(a: Facts, b: Facts, shared: { phone?: { number: string; path: PathSegment[] }; url?: string; provenance?: { value: string; path: PathSegment[] } }): DuplicateEvidence | undefined {
  const first = a.listing;
  const second = b.listing;
  const sameName = a.name !== '' && a.name === b.name;
  const names = sameName ? 1 : nameSimilarity(first.name, second.name);
  const postcode = [...b.postcodes].find((p) => a.postcodes.has(p));
  const sameOrg = first.organisation === second.organisation;
  const sameOrgName = !sameOrg && a.organisation !== '' && a.organisation === b.organisation;
  const descriptions = wordSetSimilarity(a.words, b.words);
  const evidence: string[] = [];
  if (shared.provenance) evidence.push(`imported from the same source record (${shared.provenance.value})`);
  if (sameName) evidence.push(`the same name ("${second.name}")`);
  else if (names >= CORROBORATED) evidence.push(`names ${percent(names)} alike ("${first.name}" / "${second.name}")`);
  if (sameOrg) evidence.push('the same organisation');
  if (sameOrgName) evidence.push(`organisations with the same name ("${b.listing.organisation}" / "${a.listing.organisation}")`);
  if (postcode) evidence.push(`the same postcode ${postcode}`);
  if (descriptions >= CORROBORATED) evidence.push(`descriptions ${percent(descriptions)} alike`);
  if (shared.phone) evidence.push(`the same phone number ${shared.phone.number}`);
  if (shared.url) evidence.push(`the same web address ${shared.url}`);
  const pair = { first, second, evidence };
  if (shared.provenance) return { ...pair, reason: 'provenance', value: shared.provenance.value, path: shared.provenance.path };
  if (first.listing !== second.listing) return undefined;
  if (sameName && (sameOrg || sameOrgName) && descriptions >= DESCRIPTIONS_ALIKE) {
    return postcode
      ? { ...pair, reason: 'name-and-postcode', value: `${second.name}, ${postcode}`, path: ['name'] }
      : { ...pair, reason: 'name-in-organisation', value: second.name, path: ['name'] };
  }
  if (sameName && !sameOrg && postcode) return { ...pair, reason: 'name-and-postcode', value: `${second.name}, ${postcode}`, path: ['name'] };
  const corroborated = names >= CORROBORATED || postcode !== undefined || descriptions >= CORROBORATED;
  if (shared.phone && !sameOrg && corroborated) return { ...pair, reason: 'phone', value: shared.phone.number, path: shared.phone.path };
  if (shared.url && ((!sameOrg && corroborated) || (sameOrg && first.listing === 'resource'))) return { ...pair, reason: 'url', value: shared.url, path: ['url'] };
  return undefined;
}

function duplicatesIn(dataset: Dataset): DuplicateEvidence[] {
  const found: DuplicateEvidence[] = [];
  const facts = new Map<ListingRecord, Facts>();
  const byName = new Map<string, ListingRecord[]>();
  const byPhone = new Map<string, ListingRecord[]>();
  const byUrl = new Map<string, ListingRecord[]>();
  const bySource = new Map<string, ListingRecord>();
  const push = (index: Map<string, ListingRecord[]>, key: string, listing: ListingRecord) => {
    const list = index.get(key);
    if (!list) index.set(key, [listing]);
    else if (!list.includes(listing)) list.push(listing);
  };
  const organisationNames = new Map<string, string>();
  for (const listing of dataset.listings) {
    const mine = factsOf(listing, dataset, organisationNames);
    // Each phone and the web address normalised once, for the look-up and the index both.
    const phones = phonesOf(listing).map((phone) => ({ phone, key: normalisePhone(phone.number) }));
    const url = listing.url ? normaliseUrl(listing.url) : undefined;
    facts.set(listing, mine);
    // Every earlier listing sharing something, with what it shares; each pair judged once on all of it.
    const candidates = new Map<ListingRecord, Parameters<typeof judge>[2]>();
    const share = (other: ListingRecord, what: Parameters<typeof judge>[2]) => {
      if (other !== listing) candidates.set(other, { ...what, ...candidates.get(other) });
    };
    for (const [i, p] of (listing.provenance ?? []).entries()) {
      const key = `${p.system}|${p.id}`;
      const first = bySource.get(key);
      if (first) share(first, { provenance: { value: `${p.system} ${p.id}`, path: ['provenance', i, 'id'] } });
      else bySource.set(key, listing);
    }
    if (mine.name) for (const other of byName.get(mine.name) ?? []) share(other, {});
    for (const { phone, key } of phones) for (const other of byPhone.get(key) ?? []) share(other, { phone });
    if (listing.url && url !== undefined) for (const other of byUrl.get(url) ?? []) share(other, { url: listing.url });
    for (const [other, shared] of candidates) {
      const judged = judge(facts.get(other)!, mine, shared);
      if (judged) found.push(judged);
    }
    if (mine.name) push(byName, mine.name, listing);
    for (const { key } of phones) push(byPhone, key, listing);
    if (url !== undefined) push(byUrl, url, listing);
  }
  return found;
}

const REASON_TEXT: Record<DuplicateEvidence['reason'], string> = {
  'name-and-postcode': 'has the same name and postcode as',
  'name-in-organisation': 'has the same name, organisation and a description alike as',
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
 * normalised name, or the same general mailbox or website when no more than two organisations give it (used by
 * `loop duplicates`, not by validation: a parent and its branch may share a website).
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
  // A website or mailbox three or more organisations give is a placeholder ("http://example.com"), an umbrella
  // body's or a council's: it says nothing about any two of them being one.
  const users = new Map<string, number>();
  for (const org of dataset.organisations) {
    for (const key of new Set([org.email ? `email ${normaliseEmail(org.email)}` : '', org.website ? `website ${normaliseUrl(org.website)}` : ''])) {
      if (key) users.set(key, (users.get(key) ?? 0) + 1);
    }
  }
  const specific = (key: string) => (users.get(key) ?? 0) < 3;
  for (const org of dataset.organisations) {
    if (org.charity_number) check('identifier', `charity ${org.charity_number.toUpperCase()}`, `charity number ${org.charity_number}`, org);
    if (org.company_number) check('identifier', `company ${org.company_number.toUpperCase()}`, `company number ${org.company_number}`, org);
    for (const id of org.other_identifiers ?? []) check('identifier', `${id.scheme} ${id.identifier.toUpperCase()}`, `${id.scheme} ${id.identifier}`, org);
    for (const p of org.provenance ?? []) check('provenance', `${p.system}|${p.id}`, `${p.system} ${p.id}`, org);
    check('name', normaliseName(org.name) || undefined, org.name, org);
    if (org.email && specific(`email ${normaliseEmail(org.email)}`)) check('email', normaliseEmail(org.email), org.email, org);
    if (org.website && specific(`website ${normaliseUrl(org.website)}`)) check('website', normaliseUrl(org.website), org.website, org);
  }
  return found;
}

export const duplicatesRule: Rule = {
  id: 'duplicates',
  description: 'Likely duplicate listings, with exactly what matched: the same source record, the same name and postcode, the same name and description in one organisation, or the same phone or web address with names, postcode or descriptions alike.',
  check({ dataset, report }) {
    for (const d of findDuplicateListings(dataset)) {
      report(d.second.file, d.path, `this listing ${REASON_TEXT[d.reason]} ${d.first.file} (${d.value}): is it a duplicate? What matched: ${d.evidence.join(', ')}`, {
        severity: 'warning',
        hint: 'if they are the same service, keep one listing; if not, make the names tell them apart',
      });
    }
  },
};
