/**
 * The search filters, defined once: the search index tags each listing with these values (slugs, stable across
 * renames), and the search page builds its form controls from the same definitions and the Dataset's names.
 */
import type { Dataset, ListingRecord } from '../../dataset/dataset.ts';
import type { TaxonomyKind, TermField } from '../../model/vocabularies.ts';
import { areasOf, WHOLE_CITY } from '../../dataset/areas.ts';
import { AGE_GROUPS, ageGroupsOf } from '../format/ages.ts';
import { isFree } from '../format/cost.ts';
import { DELIVERY_WORDS } from '../format/words.ts';
import type { Catalogue } from '../../dataset/catalogue.ts';

export { WHOLE_CITY };

export type FilterKey =
  | 'type'
  | 'category'
  | 'need'
  | 'circumstance'
  | 'condition'
  | 'audience'
  | 'age'
  | 'area'
  | 'delivery'
  | 'language'
  | 'organisation'
  | 'free';

export interface FilterDefinition {
  key: FilterKey;
  label: string;
  /** Words under the label, when the label alone could mislead. */
  hint?: string;
  /** The vocabulary the values come from, for term filters. */
  kind?: TaxonomyKind;
  /** The listing field holding the terms. */
  field?: TermField;
  /** checkbox: several values may be ticked and a listing must have one of them; select: one value. */
  control: 'select' | 'checkboxes' | 'checkbox';
}

export const FILTERS: readonly FilterDefinition[] = [
  { key: 'category', label: 'Type of help', kind: 'category', field: 'categories', control: 'select' },
  { key: 'need', label: 'Need', kind: 'need', field: 'needs', control: 'select' },
  { key: 'circumstance', label: 'Life event or situation', kind: 'circumstance', field: 'circumstances', control: 'select' },
  { key: 'condition', label: 'Health condition', kind: 'condition', field: 'conditions', control: 'select' },
  { key: 'audience', label: 'Who it is for', kind: 'audience', field: 'audiences', control: 'select' },
  { key: 'age', label: 'Age group', control: 'select' },
  {
    key: 'area',
    label: 'Area',
    hint: 'Where it happens, or who it is for. Services for the whole of Leeds are always included.',
    kind: 'area',
    field: 'service_areas',
    control: 'select',
  },
  { key: 'delivery', label: 'How it is offered', control: 'checkboxes' },
  { key: 'language', label: 'Language', kind: 'language', field: 'languages', control: 'select' },
  { key: 'organisation', label: 'Organisation', control: 'select' },
  { key: 'type', label: 'Services or self-help', control: 'select' },
  { key: 'free', label: 'Free only', control: 'checkbox' },
];

export const TYPE_OPTIONS = [
  { value: 'service', name: 'Services, groups and activities' },
  { value: 'resource', name: 'Self-help resources (leaflets, apps, courses)' },
] as const;

/** The values a listing is tagged with, per filter. Terms carry their broader terms too. */
export function filterValues(dataset: Dataset, catalogue: Catalogue, listing: ListingRecord): Partial<Record<FilterKey, string[]>> {
  const values: Partial<Record<FilterKey, string[]>> = {};
  const put = (key: FilterKey, list: Iterable<string>) => {
    const unique = [...new Set(list)];
    if (unique.length) values[key] = unique;
  };
  for (const filter of FILTERS) {
    if (!filter.field || !filter.kind || filter.key === 'area') continue;
    const terms = dataset.termsOf(listing, filter.field);
    put(filter.key, terms.flatMap((t) => [t.slug, ...catalogue.ancestors(t).map((a) => a.slug)]));
  }
  put('type', [listing.listing]);
  put('age', ageGroupsOf(listing));
  put('organisation', [listing.organisation]);
  if (isFree(listing.cost)) put('free', ['yes']);
  put('area', areasOf(dataset, listing));
  if (listing.listing === 'service') put('delivery', listing.delivery ?? []);
  else if (listing.platforms?.some((p) => p !== 'print')) put('delivery', ['online']);
  return values;
}

export interface FilterOption {
  value: string;
  name: string;
  /** Indented under its broader term. */
  depth: number;
  group?: string;
}

/** The options a filter offers: every value some listed listing has, named from the Dataset. */
export function filterOptions(dataset: Dataset, catalogue: Catalogue, filter: FilterDefinition): FilterOption[] {
  switch (filter.key) {
    case 'type':
      return TYPE_OPTIONS.map((o) => ({ ...o, depth: 0 }));
    case 'age':
      return AGE_GROUPS.map((g) => ({ value: g.slug, name: g.name, depth: 0 }));
    case 'delivery':
      return Object.entries(DELIVERY_WORDS).map(([value, name]) => ({ value, name, depth: 0 }));
    case 'free':
      return [{ value: 'yes', name: 'Free only', depth: 0 }];
    case 'organisation':
      return dataset.organisations
        .filter((o) => catalogue.organisationListings(o.slug).some((l) => catalogue.isListed(l)))
        .map((o) => ({ value: o.slug, name: o.name, depth: 0 }))
        .sort((a, b) => a.name.localeCompare(b.name, 'en-GB'));
    case 'area':
      return catalogue.termsInUse('area').map(({ term }) => ({
        value: term.slug,
        name: term.name,
        depth: 0,
        group: term.slug === WHOLE_CITY ? 'Leeds' : term.slug.startsWith('ward/') ? 'Wards' : 'Postcode districts',
      }));
    default: {
      const kind = filter.kind!;
      return catalogue.termsInUse(kind).map(({ term }) => ({ value: term.slug, name: term.name, depth: catalogue.ancestors(term).length }));
    }
  }
}
