/**
 * Where everything lives on the published site. Pages, feeds, the widget, sitemaps and hosting rules all build
 * URLs here, so a listing's address is decided in exactly one place. Paths are relative to the site's base
 * (loop.config.yaml site.base_url) and start with "/"; `absoluteUrl` makes them absolute.
 */
import type { ListingRecord, LocationRecord, OrganisationRecord, TermRecord } from '../dataset/dataset.ts';
import type { LoopConfig } from '../model/config.ts';
import type { TaxonomyKind } from '../model/taxonomy.ts';

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

export function listingPath(listing: Pick<ListingRecord, 'listing' | 'slug'>): string {
  return `/${listing.listing === 'service' ? 'services' : 'resources'}/${listing.slug}/`;
}

export function organisationPath(organisation: Pick<OrganisationRecord, 'slug'> | string): string {
  return `/organisations/${typeof organisation === 'string' ? organisation : organisation.slug}/`;
}

export function locationPath(location: Pick<LocationRecord, 'slug'> | string): string {
  return `/locations/${typeof location === 'string' ? location : location.slug}/`;
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

/** ORUK 3.0 static API. */
export const ORUK_BASE = '/oruk/v3';
export function orukServicePath(id: string): string {
  return `${ORUK_BASE}/services/${id}.json`;
}

/** LOOP's own feeds, versioned. */
export const FEEDS_BASE = '/feeds/v1';
/** One listing as LOOP JSON (by UUID: slugs can change, ids never do). */
export function recordJsonPath(id: string): string {
  return `${FEEDS_BASE}/listings/${id}.json`;
}
/** A listing's change history as JSON. */
export function historyJsonPath(id: string): string {
  return `${FEEDS_BASE}/history/${id}.json`;
}

export const DOWNLOADS_BASE = '/downloads';
export const SCHEMAS_BASE = '/schemas/v1';
export const WIDGET_BASE = '/widget/v1';

/** The site's base path ("/loop/") without its trailing slash ("/loop"), or "" at a domain's root. */
export function basePath(config: LoopConfig): string {
  return new URL(config.site.base_url).pathname.replace(/\/$/, '');
}

/** A path under the base, for links inside the site: "/services/x/" -> "/loop/services/x/". */
export function sitePath(config: LoopConfig, path: string): string {
  return `${basePath(config)}${path}`;
}

export function absoluteUrl(config: LoopConfig, path: string): string {
  return new URL(sitePath(config, path), config.site.base_url).toString();
}

/** The GitHub page of a listing's YAML file, for "suggest a change" and "edit" links. */
export function sourceFileUrl(config: LoopConfig, file: string): string {
  return `${config.repository.url.replace(/\/$/, '')}/blob/${config.repository.branch}/${file}`;
}

/** Site pages that are not records. */
export const PAGES = {
  home: '/',
  search: '/search/',
  nearMe: '/near-me/',
  aToZ: '/a-z/',
  organisations: '/organisations/',
  locations: '/locations/',
  openData: '/open-data/',
  accessibility: '/accessibility/',
} as const;

/** The browse page listing every term of a vocabulary: /categories/, /for/, /areas/... */
export function termIndexPath(kind: TaxonomyKind): string {
  return `/${TERM_FOLDERS[kind]}/`;
}

/** A–Z pages are split by first letter ("a".."z", and "0-9" for names starting with anything else), then numbered. */
export function aToZPath(letter: string, page = 1): string {
  return `${PAGES.aToZ}${letter}/${pageSuffix(page)}`;
}

/**
 * The data co-operative's dashboard: the state of the whole dataset, one page per organisation (and an index of
 * them, 50 a page), and the numbers behind every chart as CSV (every listing, by organisation, is listings.csv).
 */
export const DASHBOARD_BASE = '/dashboard';
export function dashboardPath(): string {
  return `${DASHBOARD_BASE}/`;
}
export function dashboardOrganisationsPath(page = 1): string {
  return `${DASHBOARD_BASE}/organisations/${pageSuffix(page)}`;
}
export function dashboardOrganisationPath(organisation: Pick<OrganisationRecord, 'slug'> | string): string {
  return `${DASHBOARD_BASE}/organisations/${typeof organisation === 'string' ? organisation : organisation.slug}/`;
}
/** A chart's numbers (or another dashboard table) as CSV: /dashboard/data/<name>.csv. */
export function dashboardCsvPath(name: string): string {
  return `${DASHBOARD_BASE}/data/${name}.csv`;
}

/** Small JSON files the site's own scripts fetch (near-me coordinates, spelling vocabulary). Not a public API. */
export const SITE_DATA_BASE = '/site';
export function siteDataPath(name: string): string {
  return `${SITE_DATA_BASE}/${name}`;
}

/** Pagefind's bundle (pagefind.js, index chunks), written by src/integrations/search.ts. */
export const PAGEFIND_BASE = '/pagefind/';

/** The search page with a query and filters already filled in, e.g. from a browse page. */
export function searchPath(params: Record<string, string> = {}): string {
  const query = new URLSearchParams(params).toString();
  return query ? `${PAGES.search}?${query}` : PAGES.search;
}

