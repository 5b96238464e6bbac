/**
 * Where everything lives on the published site. Pages, feeds, the widget, sitemaps and hosting rules all build
 * URLs here, so a listing's address is decided in exactly one place. Paths are relative to the site's base
 * (loop.config.yaml site.base_url) and start with "/"; `absoluteUrl` makes them absolute.
 */
import type { LoopConfig } from '../model/config.ts';
import type { TaxonomyKind } from '../model/vocabularies.ts';
import { TERM_FOLDERS, organisationPath, termPath, pageSuffix, FEEDS_BASE, FEED_SLICE_FOLDERS, PUBLISHED_FEED_SLICES, type FeedSlice } from './public.ts';

export { TERM_FOLDERS, organisationPath, termPath, pageSuffix, FEEDS_BASE, FEED_SLICE_FOLDERS, PUBLISHED_FEED_SLICES, type FeedSlice };

export function listingPath(listing: { listing: 'service' | 'resource'; slug: string }): string {
  return `/${listing.listing === 'service' ? 'services' : 'resources'}/${listing.slug}/`;
}

export function locationPath(location: { slug: string } | string): string {
  return `/locations/${typeof location === 'string' ? location : location.slug}/`;
}

/** ORUK 3.0 static API. */
export const ORUK_BASE = '/oruk/v3';
export function orukServicePath(id: string): string {
  return `${ORUK_BASE}/services/${id}.json`;
}

/** One listing as LOOP JSON (by UUID: slugs can change, ids never do). */
export function recordJsonPath(id: string): string {
  return `${FEEDS_BASE}/listings/${id}.json`;
}
/** A listing's change history as JSON. */
export function historyJsonPath(id: string): string {
  return `${FEEDS_BASE}/history/${id}.json`;
}

/** The ORUK endpoints LOOP publishes: ORUK's list-and-item endpoints plus HSDS's /organizations. */
export const ORUK_ENDPOINTS = ['services', 'service_at_locations', 'taxonomies', 'taxonomy_terms', 'organizations'] as const;
export type OrukEndpoint = (typeof ORUK_ENDPOINTS)[number];
/** GET / of the ORUK API: version, profile and openapi_url. */
export function orukIndexPath(): string {
  return `${ORUK_BASE}/index.json`;
}
/** GET /services (the first page, every field of the Page wrapper). */
export function orukListPath(endpoint: OrukEndpoint): string {
  return `${ORUK_BASE}/${endpoint}.json`;
}
/** GET /services?page=N, as a file; `_redirects` maps the query form to it. */
export function orukPagePath(endpoint: OrukEndpoint, page: number): string {
  return `${ORUK_BASE}/${endpoint}/page/${page}.json`;
}
/** The edge query layer's index of the list endpoints (src/edge/query-index.ts), published only when it is on. */
export function orukQueryIndexPath(): string {
  return `${ORUK_BASE}/query-index.json`;
}
/** GET /services/{id} and the same for the other endpoints. */
export function orukItemPath(endpoint: OrukEndpoint, id: string): string {
  return `${ORUK_BASE}/${endpoint}/${id}.json`;
}

/** A whole-dataset LOOP feed: listings, organisations, taxonomies, changes, index. */
export function feedPath(name: string): string {
  return `${FEEDS_BASE}/${name}.json`;
}
/** One part of the listings feed (n from 1), and the index of the parts. */
export function listingsPartPath(n: number | string): string {
  return `${FEEDS_BASE}/listings/part/${n}.json`;
}
export function listingsPartsIndexPath(): string {
  return `${FEEDS_BASE}/listings/index.json`;
}
/** e.g. /feeds/v1/categories/carers-support.json, /feeds/v1/areas/ward/armley.json. */
export function feedSlicePath(slice: FeedSlice, slug: string): string {
  return `${FEEDS_BASE}/${FEED_SLICE_FOLDERS[slice]}/${slug}.json`;
}
/** The Atom feed of changes per dataset version. */
export const CHANGES_ATOM_PATH = `${FEEDS_BASE}/changes.atom`;

export const DOWNLOADS_BASE = '/downloads';
export const SCHEMAS_BASE = '/schemas/v1';
export const WIDGET_BASE = '/widget/v1';

/** A published JSON Schema: the authoring formats (service, organisation...) and every feed's. */
export function schemaPath(name: string): string {
  return `${SCHEMAS_BASE}/${name}.schema.json`;
}
/** A bulk download, e.g. downloadPath('hsds/services.csv'). */
export function downloadPath(name: string): string {
  return `${DOWNLOADS_BASE}/${name}`;
}
/** An immutable snapshot of a released dataset version (folder, or a file in it). */
export function archivePath(version: string, name = ''): string {
  return `${DOWNLOADS_BASE}/archive/${version}/${name}`;
}
/** The OpenAPI 3.1 description of /oruk/v3/ and /feeds/v1/. */
export const OPENAPI_PATH = '/openapi.json';

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
  /** Listings saved in this browser, or shared in the address (?ids=...). */
  shortlist: '/shortlist/',
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
export function dashboardOrganisationPath(organisation: { slug: string } | string): string {
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

/** The widget's files: the moving v1 file ("loop-widget.js"), or a pinned release's ("1.0.0/loop-widget.js"). */
export function widgetPath(name: string, version?: string): string {
  return `${WIDGET_BASE}/${version ? `${version}/` : ''}${name}`;
}
/** The widget's pages for adopters: the iframe page (/embed/?category=…), the embed builder and the guide. */
export const EMBED_PAGES = { frame: '/embed/', builder: '/embed/builder/', guide: '/embed/guide/' } as const;
