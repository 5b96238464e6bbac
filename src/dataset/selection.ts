/**
 * One selection of listings for a category, need, circumstance, condition, audience, area, language, tag or
 * organisation, used by every output that lists "the listings under X": the site's browse pages (through
 * `catalogueOf`), the feeds' slices (src/publish/feeds.ts) and the embed builder's counts. Before, each output
 * chose its own way (issue #18: a category with 6 listings on the site showed 0 in the embed builder, because the
 * builder and the feed counted only listings filed directly under the term, while the site folds in narrower
 * ones; and a feed's ward slice left out services whose venue is in the ward).
 *
 * A listing is selected under
 * - a term: when it has the term or a narrower one ("Emergency food" is also "Food and essentials");
 * - an area: when `areasOf` names it (the areas it serves and its venues' wards and postcode districts; "leeds"
 *   for a listing open to the whole city). Help open to the whole city is not copied into every ward's selection
 *   (that would repeat most of the dataset in every ward's feed); pages, search and the widget add it after a ward's own;
 * - a tag or an organisation: when it has it.
 *
 * Every status is selected; each output keeps what it shows (the site and the widget: active and temporarily
 * closed listings; the feeds: everything, with its status).
 */
import type { Dataset, ListingRecord, TermRecord } from './dataset.ts';
import { TERM_FIELDS, type TaxonomyKind, type TermField } from '../model/vocabularies.ts';
import { areasOf } from './areas.ts';

export type SelectionKind = TaxonomyKind | 'tag' | 'organisation';

/** The term and its broader terms, nearest first (a cycle in bad data cannot loop forever). */
export function broaderTerms(dataset: Dataset, term: TermRecord): TermRecord[] {
  const out: TermRecord[] = [];
  const seen = new Set<string>([term.slug]);
  let current = term.parent ? dataset.term(term.kind, term.parent) : undefined;
  while (current && !seen.has(current.slug)) {
    out.push(current);
    seen.add(current.slug);
    current = current.parent ? dataset.term(current.kind, current.parent) : undefined;
  }
  return out;
}

/** Every selection a listing is in: kind -> slugs. */
export function selectionsOf(dataset: Dataset, listing: ListingRecord): Map<SelectionKind, string[]> {
  const out = new Map<SelectionKind, string[]>();
  for (const [field, kind] of Object.entries(TERM_FIELDS) as [TermField, TaxonomyKind][]) {
    if (kind === 'area') continue;
    const slugs = new Set(dataset.termsOf(listing, field).flatMap((t) => [t.slug, ...broaderTerms(dataset, t).map((b) => b.slug)]));
    out.set(kind, [...slugs]);
  }
  out.set('area', areasOf(dataset, listing));
  out.set('tag', [...new Set(listing.tags ?? [])]);
  out.set('organisation', [listing.organisation]);
  return out;
}

/** The selections of a whole Dataset, worked out once: `kind:slug` -> listings, in the Dataset's order. */
export class Selections {
  private readonly bySelection = new Map<string, ListingRecord[]>();

  constructor(dataset: Dataset) {
    for (const listing of dataset.listings) {
      for (const [kind, slugs] of selectionsOf(dataset, listing)) {
        for (const slug of slugs) {
          const key = `${kind}:${slug}`;
          const list = this.bySelection.get(key);
          if (list) list.push(listing);
          else this.bySelection.set(key, [listing]);
        }
      }
    }
  }

  /** Every listing (any status) selected under `kind` `slug`. */
  of(kind: SelectionKind, slug: string): readonly ListingRecord[] {
    return this.bySelection.get(`${kind}:${slug}`) ?? [];
  }
}

// One per Dataset, beside it (the build's module graphs are separate, as for the catalogue).
const SELECTIONS = Symbol.for('loop.selections');
const cache: WeakMap<Dataset, Selections> = ((globalThis as { [SELECTIONS]?: WeakMap<Dataset, Selections> })[SELECTIONS] ??= new WeakMap());

export function selectionsFor(dataset: Dataset): Selections {
  let found = cache.get(dataset);
  if (!found) cache.set(dataset, (found = new Selections(dataset)));
  return found;
}

/** The listings selected under `kind` `slug` (any status). */
export function selectListings(dataset: Dataset, kind: SelectionKind, slug: string): readonly ListingRecord[] {
  return selectionsFor(dataset).of(kind, slug);
}
