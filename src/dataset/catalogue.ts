/**
 * What the site's browse pages need, worked out once per build from the Dataset: listings sorted by name, the
 * listings under each term (with narrower terms folded in), venues by ward, counts, recently reviewed, A–Z
 * letters. Pages ask this module instead of sorting or filtering the whole dataset themselves, so building 10,000
 * listing pages stays linear.
 */
import type { Dataset, ListingRecord, LocationRecord, OrganisationRecord, ServiceRecord, TermRecord } from './dataset.ts';
import type { TaxonomyKind } from '../model/vocabularies.ts';
import { postcodeDistrict, WHOLE_CITY } from './areas.ts';
import { broaderTerms, selectListings } from './selection.ts';

const collator = new Intl.Collator('en-GB', { sensitivity: 'base', numeric: true });

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export function compareNames(a: { name: string }, b: { name: string }): number {
  return collator.compare(a.name, b.name);
}

/** The A–Z bucket of a name: its first letter (accents removed), or "0-9" for anything else. */
export function letterOf(name: string): string {
  const first = name.trim().normalize('NFD').replace(/[\u0300-\u036f]/g, '').charAt(0).toLowerCase();
  return /[a-z]/.test(first) ? first : '0-9';
}

export const LETTERS = [...'abcdefghijklmnopqrstuvwxyz', '0-9'];

export interface TermEntry {
  term: TermRecord;
  /** Listed (active or temporarily closed) listings with this term or a narrower one, by name. */
  listings: readonly ListingRecord[];
  children: TermRecord[];
}

export class Catalogue {
  readonly dataset: Dataset;
  /** Listings shown in browse lists and search: active or temporarily closed, sorted by name. */
  readonly listed: readonly ListingRecord[];
  readonly byLetter: ReadonlyMap<string, readonly ListingRecord[]>;
  private readonly termEntries = new Map<string, TermEntry>();
  private readonly childrenOf = new Map<string, TermRecord[]>();
  private readonly locationsByArea = new Map<string, LocationRecord[]>();
  private readonly byOrganisation = new Map<string, ListingRecord[]>();
  private recentCache: ListingRecord[] | undefined;
  private organisationsCache: readonly OrganisationRecord[] | undefined;
  private locationsCache: readonly LocationRecord[] | undefined;
  private readonly cityWideCounts = new Map<string, number>();

  constructor(dataset: Dataset) {
    this.dataset = dataset;
    this.listed = dataset.listings.filter((l) => dataset.isActive(l)).sort(compareNames);
    const byLetter = new Map<string, ListingRecord[]>(LETTERS.map((l) => [l, []]));
    for (const listing of this.listed) byLetter.get(letterOf(listing.name))!.push(listing);
    this.byLetter = byLetter;
    for (const taxonomy of dataset.taxonomies) {
      for (const term of taxonomy.terms) {
        if (!term.parent) continue;
        const key = `${taxonomy.kind}:${term.parent}`;
        const child = dataset.term(taxonomy.kind, term.slug);
        if (!child) continue;
        const list = this.childrenOf.get(key);
        if (list) {
          if (!list.includes(child)) list.push(child);
        } else this.childrenOf.set(key, [child]);
      }
    }
    for (const location of dataset.locations) {
      const district = location.address ? postcodeDistrict(dataset, location.address.postal_code) : null;
      for (const area of [location.ward, district]) if (area) push(this.locationsByArea, area, location);
    }
  }

  isListed(listing: ListingRecord): boolean {
    return this.dataset.isActive(listing);
  }

  children(kind: TaxonomyKind, slug: string): TermRecord[] {
    return this.childrenOf.get(`${kind}:${slug}`) ?? [];
  }

  /** The term and its broader terms, nearest first (a cycle in bad data cannot loop forever). */
  ancestors(term: TermRecord): TermRecord[] {
    return broaderTerms(this.dataset, term);
  }

  /** Venues in a ward or postcode district. */
  locationsIn(area: string): readonly LocationRecord[] {
    return this.locationsByArea.get(area) ?? [];
  }

  /**
   * Listed listings under a term, by name: the one selection every output uses (`selectListings`, in
   * selection.ts): narrower terms folded in (a listing under "Emergency food" appears under "Food and
   * essentials"), and for areas, `areasOf` (a ward's services are not the city's).
   */
  term(kind: TaxonomyKind, slug: string): TermEntry {
    const key = `${kind}:${slug}`;
    let entry = this.termEntries.get(key);
    if (entry) return entry;
    const term = this.dataset.term(kind, slug);
    if (!term) throw new Error(`no ${kind} term "${slug}"`);
    const listings = selectListings(this.dataset, kind, slug).filter((l) => this.isListed(l)).sort(compareNames);
    entry = { term, listings, children: this.children(kind, slug) };
    this.termEntries.set(key, entry);
    return entry;
  }

  /**
   * How many listings open to the whole city an area's own list does not already hold (its page points to them).
   * Worked out once per area: every page of a ward's list shows it, and counting it per page made the area pages
   * quadratic (at 100,000 services two thirds of their rendering time went on this count).
   */
  cityWideBeyond(area: string): number {
    if (area === WHOLE_CITY) return 0;
    let count = this.cityWideCounts.get(area);
    if (count === undefined) {
      const own = new Set(this.term('area', area).listings);
      count = 0;
      for (const listing of this.term('area', WHOLE_CITY).listings) if (!own.has(listing)) count++;
      this.cityWideCounts.set(area, count);
    }
    return count;
  }

  /**
   * How many listings the widget shows for one term: its listed listings, and for an area other than the whole
   * city, the city-wide ones after them (issue #18). The embed builder's counts.
   */
  shownByWidget(kind: TaxonomyKind, slug: string): number {
    return this.term(kind, slug).listings.length + (kind === 'area' ? this.cityWideBeyond(slug) : 0);
  }

  /** Terms of a kind that have at least one listing, in vocabulary order. */
  termsInUse(kind: TaxonomyKind): TermEntry[] {
    return this.dataset.terms(kind).map((t) => this.term(kind, t.slug)).filter((e) => e.listings.length > 0);
  }

  /** Top-level terms of a kind (no parent), in vocabulary order. */
  topTerms(kind: TaxonomyKind): TermRecord[] {
    return this.dataset.terms(kind).filter((t) => !t.parent || !this.dataset.term(kind, t.parent));
  }

  /**
   * Every organisation by name. Sorted once per build: the A–Z list's pages each show a slice, and sorting per page
   * made them quadratic at region scale.
   */
  organisationsByName(): readonly OrganisationRecord[] {
    return (this.organisationsCache ??= [...this.dataset.organisations].sort(compareNames));
  }

  /** Every venue by name, sorted once per build (as organisationsByName). */
  locationsByName(): readonly LocationRecord[] {
    return (this.locationsCache ??= [...this.dataset.locations].sort(compareNames));
  }

  /** The most recently reviewed listed listings, newest first. */
  recentlyReviewed(count: number): readonly ListingRecord[] {
    this.recentCache ??= [...this.listed].sort((a, b) => (a.reviewed < b.reviewed ? 1 : a.reviewed > b.reviewed ? -1 : compareNames(a, b)));
    return this.recentCache.slice(0, count);
  }

  /** An organisation's listings by name, every status (its page marks closed ones). */
  organisationListings(organisation: string): readonly ListingRecord[] {
    let list = this.byOrganisation.get(organisation);
    if (!list) this.byOrganisation.set(organisation, (list = [...this.dataset.listingsOf(organisation)].sort(compareNames)));
    return list;
  }

  /** Other listed listings from the same organisation, by name. */
  siblings(listing: ListingRecord, count: number): ListingRecord[] {
    const out: ListingRecord[] = [];
    for (const other of this.organisationListings(listing.organisation)) {
      if (out.length >= count) break;
      if (other !== listing && this.isListed(other)) out.push(other);
    }
    return out;
  }

  /** Services at a venue, by name (every status: the venue page marks closed ones). */
  servicesAt(location: string): ServiceRecord[] {
    return [...this.dataset.servicesAt(location)].sort(compareNames);
  }
}

// One catalogue per Dataset for the whole build: the dashboard integration (loaded with astro.config.mjs) and the
// pages (bundled by Vite) are separate module graphs, so the cache lives on globalThis, beside the Dataset.
const CATALOGUES = Symbol.for('loop.catalogues');
const catalogues: WeakMap<Dataset, Catalogue> = ((globalThis as { [CATALOGUES]?: WeakMap<Dataset, Catalogue> })[CATALOGUES] ??= new WeakMap());

export function catalogueOf(dataset: Dataset): Catalogue {
  let catalogue = catalogues.get(dataset);
  if (!catalogue) catalogues.set(dataset, (catalogue = new Catalogue(dataset)));
  return catalogue;
}
