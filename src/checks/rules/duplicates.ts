import type { Dataset, ListingRecord, OrganisationRecord } from '../../dataset/dataset.ts';
import { normaliseEmail, normaliseName, normalisePhone, normaliseUrl, wordSetSimilarity, wordsOf } from '../../dataset/similarity.ts';
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
  /** The normalised name's words: `nameSimilarity` of two listings, without normalising both names for every pair. */
  nameWords: ReadonlySet<string>;
  /** The organisation's name, normalised: one organisation in two files (imported from two sources) has one name. */
  organisation: string;
  /** Its venues' postcodes, each once, in the order of its venues. */
  postcodes: string[];
  /** `wordsOf` its summary and description, as ascending word numbers (`Words`): compared by a merge, not by hashing. */
  words: Int32Array;
}

/** Numbers for words, so that two descriptions' word sets are compared as sorted arrays (issue #19). */
class Words {
  private readonly ids = new Map<string, number>();

  of(words: ReadonlySet<string>): Int32Array {
    const out = new Int32Array(words.size);
    let i = 0;
    for (const word of words) {
      let id = this.ids.get(word);
      if (id === undefined) this.ids.set(word, (id = this.ids.size));
      out[i++] = id;
    }
    return out.sort();
  }
}

/** `wordSetSimilarity` of two sets given as ascending numbers: the same Dice coefficient. */
function sortedSimilarity(a: Int32Array, b: Int32Array): number {
  if (!a.length || !b.length) return 0;
  let shared = 0;
  for (let i = 0, j = 0; i < a.length && j < b.length; ) {
    const x = a[i]!;
    const y = b[j]!;
    if (x === y) {
      shared++;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return (2 * shared) / (a.length + b.length);
}

function factsOf(listing: ListingRecord, dataset: Dataset, organisationNames: Map<string, string>, words: Words): Facts {
  const postcodes: string[] = [];
  if (listing.listing === 'service') {
    for (const at of listing.locations ?? []) {
      const postcode = dataset.location(at.location)?.address?.postal_code;
      if (postcode && !postcodes.includes(postcode)) postcodes.push(postcode);
    }
  }
  const text = `${listing.summary ?? ''} ${listing.description ?? ''}`;
  // An organisation's name is normalised once, not once per listing (at region scale that was a tenth of the rule).
  let organisation = organisationNames.get(listing.organisation);
  if (organisation === undefined) {
    organisation = normaliseName(dataset.organisation(listing.organisation)?.name ?? listing.organisation);
    organisationNames.set(listing.organisation, organisation);
  }
  const name = normaliseName(listing.name);
  return { listing, name, nameWords: new Set(name.split(' ').filter(Boolean)), organisation, postcodes, words: words.of(wordsOf(text)) };
}

function percent(x: number): string {
  return `${Math.round(x * 100)}%`;
}

/** What two listings share, found through the indexes: each pair is judged once on all of it. */
interface Shared {
  phone?: { number: string; path: PathSegment[] };
  url?: string;
  provenance?: { value: string; path: PathSegment[] };
}

/**
 * What two listings have in common, and whether that makes them likely the same; undefined when it does not. The
 * verdict is reached first, working out the name and description likeness only when it depends on them, and the
 * evidence is written only for a pair that is reported: at region scale a shared number pairs tens of listings with
 * each other, so most of the rule's time is here (issue #19).
 */
function judge(a: Facts, b: Facts, shared: Shared): DuplicateEvidence | undefined {
  const first = a.listing;
  const second = b.listing;
  if (!shared.provenance && first.listing !== second.listing) return undefined;
  const sameName = a.name !== '' && a.name === b.name;
  let names = sameName ? 1 : -1;
  const namesAlike = () => (names < 0 ? (names = wordSetSimilarity(a.nameWords, b.nameWords)) : names);
  let descriptions = -1;
  const descriptionsAlike = () => (descriptions < 0 ? (descriptions = sortedSimilarity(a.words, b.words)) : descriptions);
  const postcode = b.postcodes.find((p) => a.postcodes.includes(p));
  const sameOrg = first.organisation === second.organisation;
  const sameOrgName = !sameOrg && a.organisation !== '' && a.organisation === b.organisation;
  let verdict: Pick<DuplicateEvidence, 'reason' | 'value' | 'path'>;
  if (shared.provenance) verdict = { reason: 'provenance', value: shared.provenance.value, path: shared.provenance.path };
  else if (sameName && (sameOrg || sameOrgName) && descriptionsAlike() >= DESCRIPTIONS_ALIKE) {
    verdict = postcode ? { reason: 'name-and-postcode', value: `${second.name}, ${postcode}`, path: ['name'] } : { reason: 'name-in-organisation', value: second.name, path: ['name'] };
  } else if (sameName && !sameOrg && postcode) verdict = { reason: 'name-and-postcode', value: `${second.name}, ${postcode}`, path: ['name'] };
  else {
    const corroborated = !sameOrg && (shared.phone !== undefined || shared.url !== undefined) && (namesAlike() >= CORROBORATED || postcode !== undefined || descriptionsAlike() >= CORROBORATED);
    if (shared.phone && corroborated) verdict = { reason: 'phone', value: shared.phone.number, path: shared.phone.path };
    else if (shared.url && (corroborated || (sameOrg && first.listing === 'resource'))) verdict = { reason: 'url', value: shared.url, path: ['url'] };
    else return undefined;
  }
  const evidence: string[] = [];
  if (shared.provenance) evidence.push(`imported from the same source record (${shared.provenance.value})`);
  if (sameName) evidence.push(`the same name ("${second.name}")`);
  else if (namesAlike() >= CORROBORATED) evidence.push(`names ${percent(names)} alike ("${first.name}" / "${second.name}")`);
  if (sameOrg) evidence.push('the same organisation');
  if (sameOrgName) evidence.push(`organisations with the same name ("${b.listing.organisation}" / "${a.listing.organisation}")`);
  if (postcode) evidence.push(`the same postcode ${postcode}`);
  if (descriptionsAlike() >= CORROBORATED) evidence.push(`descriptions ${percent(descriptions)} alike`);
  if (shared.phone) evidence.push(`the same phone number ${shared.phone.number}`);
  if (shared.url) evidence.push(`the same web address ${shared.url}`);
  return { first, second, evidence, ...verdict };
}

function duplicatesIn(dataset: Dataset): DuplicateEvidence[] {
  const found: DuplicateEvidence[] = [];
  const byName = new Map<string, Facts[]>();
  const byPhone = new Map<string, Facts[]>();
  const byUrl = new Map<string, Facts[]>();
  const bySource = new Map<string, Facts>();
  // A listing adds all its keys in its own turn, so one already in a list is its last entry.
  const push = (index: Map<string, Facts[]>, key: string, facts: Facts) => {
    const list = index.get(key);
    if (!list) index.set(key, [facts]);
    else if (list[list.length - 1] !== facts) list.push(facts);
  };
  const organisationNames = new Map<string, string>();
  const words = new Words();
  for (const listing of dataset.listings) {
    const mine = factsOf(listing, dataset, organisationNames, words);
    // Each phone and the web address normalised once, for the look-up and the index both.
    const phones = phonesOf(listing).map((phone) => ({ phone, key: normalisePhone(phone.number) }));
    const url = listing.url ? normaliseUrl(listing.url) : undefined;
    // Every earlier listing sharing something, with what it shares (the first of each kind found); each pair is
    // judged once on all of it.
    const candidates = new Map<Facts, Shared>();
    const candidate = (other: Facts): Shared => {
      let shared = candidates.get(other);
      if (!shared) candidates.set(other, (shared = {}));
      return shared;
    };
    for (const [i, p] of (listing.provenance ?? []).entries()) {
      const key = `${p.system}|${p.id}`;
      const first = bySource.get(key);
      if (!first) bySource.set(key, mine);
      else if (first !== mine) candidate(first).provenance ??= { value: `${p.system} ${p.id}`, path: ['provenance', i, 'id'] };
    }
    if (mine.name) for (const other of byName.get(mine.name) ?? []) candidate(other);
    for (const { phone, key } of phones) {
      for (const other of byPhone.get(key) ?? []) candidate(other).phone ??= phone;
    }
    if (listing.url && url !== undefined) for (const other of byUrl.get(url) ?? []) candidate(other).url ??= listing.url;
    for (const [other, shared] of candidates) {
      const judged = judge(other, mine, shared);
      if (judged) found.push(judged);
    }
    if (mine.name) push(byName, mine.name, mine);
    for (const { key } of phones) push(byPhone, key, mine);
    if (url !== undefined) push(byUrl, url, mine);
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
