/**
 * The public URLs the embeddable widget also knows: browse pages, organisation pages and the feeds. They are
 * promises to other people's websites (a widget release pins them), so they live apart from the rest of the site's URLs (site.ts):
 * the widget bundle is built from this module only, and an unrelated change to the site's URLs leaves released
 * widget bytes unchanged. site.ts re-exports everything here.
 */
import type { TaxonomyKind } from '../model/vocabularies.ts';

/** A record as far as its address cares: its slug. Declared here so the URLs need nothing above the model. */
type OrganisationRecord = { slug: string };
type TermRecord = { slug: string };

/** Folder of the browse pages for each vocabulary. */
export const TERM_FOLDERS: Record<TaxonomyKind, string> = {
  category: 'categories',
  need: 'needs',
  circumstance: 'circumstances',
  condition: 'conditions',
  audience: 'for',
  area: 'areas',
  language: 'languages',
};

export function organisationPath(organisation: Pick<OrganisationRecord, 'slug'> | string): string {
  return `/organisations/${typeof organisation === 'string' ? organisation : organisation.slug}/`;
}

/**
 * Term slugs may hold one "/" (ward/armley): the page is /areas/ward/armley/. Long lists continue on numbered
 * pages: /areas/ward/armley/page/2/.
 */
export function termPath(kind: TaxonomyKind, term: Pick<TermRecord, 'slug'> | string, page = 1): string {
  return `/${TERM_FOLDERS[kind]}/${typeof term === 'string' ? term : term.slug}/${pageSuffix(page)}`;
}

/** "" for the first page of a list, "page/2/" for the second. */
export function pageSuffix(page: number): string {
  return page > 1 ? `page/${page}/` : '';
}

/**
 * The area of help open to the whole city (its browse page /areas/leeds/, its slice areas/leeds.json). Other areas'
 * pages and slices hold only their own listings; the site's ward pages and the widget add this area's after them
 * (issue #18), so it is a public promise like the addresses here.
 */
export const CITY_WIDE_AREA = 'leeds';

/** LOOP's own feeds, versioned. */
export const FEEDS_BASE = '/feeds/v1';

/** Folders of the per-term, per-tag and per-organisation slices of listings.json (src/publish/feeds.ts says which are published). */
export const FEED_SLICE_FOLDERS = {
  category: 'categories',
  need: 'needs',
  circumstance: 'circumstances',
  condition: 'conditions',
  audience: 'audiences',
  area: 'areas',
  language: 'languages',
  tag: 'tags',
  organisation: 'organisations',
} as const;
export type FeedSlice = keyof typeof FEED_SLICE_FOLDERS;
/**
 * The slices actually published. Circumstances, conditions and languages are left out: each slice repeats its
 * items, and at 10,000 services those three would add tens of megabytes few consumers need (filter listings.json or
 * another slice by the field instead). The publisher writes exactly these; the widget only ever asks for these.
 */
export const PUBLISHED_FEED_SLICES = ['category', 'need', 'audience', 'area', 'tag', 'organisation'] as const satisfies readonly FeedSlice[];
