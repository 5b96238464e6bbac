/**
 * The Dataset: every valid record, linked and indexed, built once. Every output (pages, feeds, downloads, widget,
 * dashboard) reads from it; none re-reads the YAML.
 */
import type { LoopConfig } from '../model/config.ts';
import { completenessOf, type Completeness } from '../model/completeness.ts';
import { freshnessOf, type FreshnessInfo } from '../model/freshness.ts';
import { nestedId } from '../model/ids.ts';
import type { Location } from '../model/location.ts';
import type { Organisation } from '../model/organisation.ts';
import type { Resource } from '../model/resource.ts';
import type { Service } from '../model/service.ts';
import type { Synonyms, Taxonomy, TaxonomyTerm } from '../model/taxonomy.ts';
import { TERM_FIELDS, type TaxonomyKind, type TermField } from '../model/vocabularies.ts';

export interface RecordMeta {
  /** The readable reference: file name, or organisation/file-name for services and resources. */
  slug: string;
  /** Path of the YAML file relative to the repository (data/...). */
  file: string;
}

export type OrganisationRecord = Organisation & RecordMeta;
export type ServiceRecord = Service & RecordMeta & { listing: 'service' };
export type ResourceRecord = Resource & RecordMeta & { listing: 'resource' };
export type ListingRecord = ServiceRecord | ResourceRecord;
export type LocationRecord = Location & RecordMeta;
export type TaxonomyRecord = Taxonomy & RecordMeta;
export interface TermRecord extends TaxonomyTerm {
  /** Deterministic UUIDv5 under the taxonomy's id. */
  id: string;
  kind: TaxonomyKind;
  taxonomy: TaxonomyRecord;
}

export type AnyRecord = OrganisationRecord | ListingRecord | LocationRecord | TaxonomyRecord;

export type EffectiveStatus = Service['status'];

function sortBySlug<T extends { slug: string }>(items: T[]): T[] {
  return items.sort((a, b) => (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0));
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export interface DatasetInput {
  config: LoopConfig;
  /** The date "now" is taken to be (YYYY-MM-DD, UK): freshness and end dates are judged against it. */
  asOf: string;
  organisations: OrganisationRecord[];
  services: ServiceRecord[];
  resources: ResourceRecord[];
  locations: LocationRecord[];
  taxonomies: TaxonomyRecord[];
  synonyms?: Synonyms;
}

export class Dataset {
  readonly config: LoopConfig;
  readonly asOf: string;
  /** All sorted by slug, so every output is in a stable order. */
  readonly organisations: readonly OrganisationRecord[];
  readonly services: readonly ServiceRecord[];
  readonly resources: readonly ResourceRecord[];
  readonly listings: readonly ListingRecord[];
  readonly locations: readonly LocationRecord[];
  readonly taxonomies: readonly TaxonomyRecord[];
  readonly synonyms: Synonyms;

  private readonly byId = new Map<string, AnyRecord>();
  private readonly organisationsBySlug = new Map<string, OrganisationRecord>();
  private readonly listingsBySlug = new Map<string, ListingRecord>();
  private readonly locationsBySlug = new Map<string, LocationRecord>();
  private readonly termsByKind = new Map<TaxonomyKind, Map<string, TermRecord>>();
  private readonly listingsByOrganisation = new Map<string, ListingRecord[]>();
  private readonly listingsByLocation = new Map<string, ServiceRecord[]>();
  private readonly listingsByTerm = new Map<string, ListingRecord[]>();
  private readonly listingsByTag = new Map<string, ListingRecord[]>();

  constructor(input: DatasetInput) {
    this.config = input.config;
    this.asOf = input.asOf;
    this.organisations = sortBySlug([...input.organisations]);
    this.services = sortBySlug([...input.services]);
    this.resources = sortBySlug([...input.resources]);
    this.listings = sortBySlug([...this.services, ...this.resources] as ListingRecord[]);
    this.locations = sortBySlug([...input.locations]);
    this.taxonomies = sortBySlug([...input.taxonomies]);
    this.synonyms = input.synonyms ?? { groups: [] };

    for (const o of this.organisations) {
      this.organisationsBySlug.set(o.slug, o);
      this.byId.set(o.id, o);
    }
    for (const l of this.locations) {
      this.locationsBySlug.set(l.slug, l);
      this.byId.set(l.id, l);
    }
    for (const t of this.taxonomies) {
      this.byId.set(t.id, t);
      let terms = this.termsByKind.get(t.kind);
      if (!terms) this.termsByKind.set(t.kind, (terms = new Map()));
      for (const term of t.terms) {
        if (!terms.has(term.slug)) terms.set(term.slug, { ...term, id: nestedId(t.id, 'term', term.slug), kind: t.kind, taxonomy: t });
      }
    }
    for (const listing of this.listings) {
      this.listingsBySlug.set(listing.slug, listing);
      this.byId.set(listing.id, listing);
      push(this.listingsByOrganisation, listing.organisation, listing);
      for (const [field, kind] of Object.entries(TERM_FIELDS) as [TermField, TaxonomyKind][]) {
        const refs = (listing as Partial<Record<TermField, string[]>>)[field];
        if (refs) for (const ref of new Set(refs)) push(this.listingsByTerm, `${kind}:${ref}`, listing);
      }
      for (const tag of new Set(listing.tags ?? [])) push(this.listingsByTag, tag, listing);
      if (listing.listing === 'service') {
        for (const at of new Set((listing.locations ?? []).map((l) => l.location))) push(this.listingsByLocation, at, listing);
      }
    }
  }

  byUuid(id: string): AnyRecord | undefined {
    return this.byId.get(id);
  }
  organisation(slug: string): OrganisationRecord | undefined {
    return this.organisationsBySlug.get(slug);
  }
  listing(slug: string): ListingRecord | undefined {
    return this.listingsBySlug.get(slug);
  }
  location(slug: string): LocationRecord | undefined {
    return this.locationsBySlug.get(slug);
  }
  term(kind: TaxonomyKind, slug: string): TermRecord | undefined {
    return this.termsByKind.get(kind)?.get(slug);
  }
  /** Every term of a kind, in the order the vocabulary files list them. */
  terms(kind: TaxonomyKind): TermRecord[] {
    return [...(this.termsByKind.get(kind)?.values() ?? [])];
  }
  /** Resolves a listing's references in one field to term records (unknown refs cannot occur in a valid Dataset). */
  termsOf(listing: ListingRecord, field: TermField): TermRecord[] {
    const refs = (listing as Partial<Record<TermField, string[]>>)[field] ?? [];
    const kind = TERM_FIELDS[field];
    return refs.map((ref) => this.term(kind, ref)).filter((t): t is TermRecord => t !== undefined);
  }
  listingsOf(organisationSlug: string): readonly ListingRecord[] {
    return this.listingsByOrganisation.get(organisationSlug) ?? [];
  }
  servicesAt(locationSlug: string): readonly ServiceRecord[] {
    return this.listingsByLocation.get(locationSlug) ?? [];
  }
  listingsWithTerm(kind: TaxonomyKind, slug: string): readonly ListingRecord[] {
    return this.listingsByTerm.get(`${kind}:${slug}`) ?? [];
  }
  tags(): string[] {
    return [...this.listingsByTag.keys()].sort();
  }
  listingsTagged(tag: string): readonly ListingRecord[] {
    return this.listingsByTag.get(tag) ?? [];
  }
  organisationOf(listing: ListingRecord): OrganisationRecord {
    return this.organisationsBySlug.get(listing.organisation)!;
  }

  /** Status as the public should see it: a listing past its end date is inactive whatever its file says. */
  statusOf(listing: ListingRecord): EffectiveStatus {
    if (listing.end_date && listing.end_date < this.asOf && listing.status === 'active') return 'inactive';
    return listing.status;
  }
  isActive(listing: ListingRecord): boolean {
    return this.statusOf(listing) === 'active' || this.statusOf(listing) === 'temporarily closed';
  }
  freshnessOf(listing: ListingRecord): FreshnessInfo {
    return freshnessOf(listing.reviewed, this.asOf, this.config.review);
  }
  /** Recommended fields present, 0-100, and advice for each missing one (the one completeness definition). */
  completenessOf(listing: ListingRecord): Completeness {
    return completenessOf(listing);
  }
}
