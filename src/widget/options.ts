/**
 * What a <loop-listings> element's attributes ask for, read into plain options, and which feed file answers
 * it. Pure functions (no DOM), so they are tested in Node as well as in the browser.
 *
 * One element fetches one file: the slice of /feeds/v1/listings.json for its narrowest filter
 * (SLICE_ORDER), or listings.json itself without filters. Any further filters are applied in the browser to
 * that slice's items, so `category="mental-health" area="ward/armley"` reads categories/mental-health.json and
 * keeps the listings that also serve Armley (or are open to the whole city, shown after them). A ward alone is
 * the one case of two files: its slice and the city-wide one (cityWidePathFor).
 */
import { CITY_WIDE_AREA, FEEDS_BASE, FEED_SLICE_FOLDERS, PUBLISHED_FEED_SLICES, type FeedSlice } from '../urls/public.ts';

/**
 * Filters from usually narrowest to usually broadest slice: an organisation or a campaign tag holds a handful of
 * listings, a condition or circumstance a few dozen, while audiences, categories and areas (most services cover
 * the whole city) hold the most. Counts are not known before fetching, so the order is fixed and documented.
 */
export const SLICE_ORDER: readonly FeedSlice[] = ['organisation', 'tag', 'condition', 'circumstance', 'need', 'language', 'audience', 'category', 'area'];

/** The same shape as the model's term references (src/model/fields.ts termRef): "carers-support", "ward/armley". */
export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*(?:\/[a-z0-9]+(?:-[a-z0-9]+)*)?$/;

export const DEFAULT_LIMIT = 10;
export const MAX_LIMIT = 100;
export const LINK_TARGETS = ['_self', '_blank', '_parent', '_top'] as const;

export interface WidgetOptions {
  /** Filter -> slug, in SLICE_ORDER. */
  filters: [FeedSlice, string][];
  limit: number;
  paging: boolean;
  search: boolean;
  heading: string;
  /** Level (1–6) of the widget's top heading: the `heading` when given (listing names one level below), else the listing names. */
  headingLevel: number;
  /** Where links open (`target`), when set to one of LINK_TARGETS. */
  target: string;
  /** The LOOP site's address (ends with "/"), or null when it cannot be known. */
  site: string | null;
  /** Attribute values that make the element unusable, in words for the page's owner. */
  problems: string[];
  /** Attribute values that were ignored (a default used instead), for the console. */
  warnings: string[];
}

/** Every attribute the element reads. */
export const ATTRIBUTE_NAMES: readonly string[] = [...SLICE_ORDER, 'limit', 'paging', 'search', 'heading', 'heading-level', 'target', 'src'];

/**
 * The LOOP site a script was served from: ".../widget/v1/loop-widget.js" or a pinned release
 * ".../widget/v1/1.2.0/loop-widget.js" -> ".../". Null for any other address (a copied or bundled script), when the
 * `src` attribute must say where LOOP is.
 */
export function siteOfScript(scriptUrl: string | undefined | null): string | null {
  if (!scriptUrl) return null;
  const match = /^(https?:\/\/[^?#]*?\/)widget\/v\d+\/(?:[\w.-]+\/)?loop-widget\.m?js(?:[?#].*)?$/.exec(scriptUrl);
  return match ? match[1]! : null;
}

/** An http(s) address with a trailing slash, or null. */
export function siteAddress(value: string, relativeTo?: string): string | null {
  try {
    const url = new URL(value, relativeTo);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    url.search = '';
    url.hash = '';
    return url.href.endsWith('/') ? url.href : `${url.href}/`;
  } catch {
    return null;
  }
}

function integer(value: string | null, fallback: number, min: number, max: number, name: string, warnings: string[]): number {
  if (value === null || value.trim() === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) {
    warnings.push(`${name}="${value}" is not a whole number from ${min} to ${max}; using ${fallback}`);
    return fallback;
  }
  return Math.min(n, max);
}

/**
 * Reads the attributes (`get` returns an attribute's value or null). `scriptSite` is the LOOP site the script came
 * from; `pageUrl` resolves a relative `src`.
 */
export function readOptions(get: (name: string) => string | null, scriptSite: string | null, pageUrl?: string): WidgetOptions {
  const problems: string[] = [];
  const warnings: string[] = [];
  const filters: [FeedSlice, string][] = [];
  for (const slice of SLICE_ORDER) {
    const raw = get(slice);
    if (raw === null) continue;
    const slug = raw.trim().toLowerCase();
    if (!slug) continue;
    if (!SLUG_PATTERN.test(slug)) problems.push(`${slice}="${raw}" is not a LOOP ${slice === 'tag' ? 'tag' : 'slug'} (lower-case words joined by hyphens, such as "carers-support" or "ward/armley")`);
    else filters.push([slice, slug]);
  }
  const src = get('src');
  let site = scriptSite;
  if (src !== null && src.trim() !== '') {
    site = siteAddress(src.trim(), pageUrl);
    if (!site) problems.push(`src="${src}" is not an http or https address of a LOOP site`);
  } else if (!site) {
    problems.push('The address of the LOOP site is unknown: add src="https://…" (the LOOP site) to the element');
  }
  const rawTarget = get('target');
  const target = rawTarget && (LINK_TARGETS as readonly string[]).includes(rawTarget) ? rawTarget : '';
  if (rawTarget && !target) warnings.push(`target="${rawTarget}" is not one of ${LINK_TARGETS.join(', ')}; links open in the same frame`);
  return {
    filters,
    limit: integer(get('limit'), DEFAULT_LIMIT, 1, MAX_LIMIT, 'limit', warnings),
    paging: get('paging') !== null,
    search: get('search') !== null,
    heading: (get('heading') ?? '').trim(),
    headingLevel: integer(get('heading-level'), 2, 1, 6, 'heading-level', warnings),
    target,
    site,
    problems,
    warnings,
  };
}

/**
 * The feed file the options need: the narrowest filter's published slice, or every listing. Relative to the site.
 * Filters without a published slice (circumstance, condition, language) are applied to what was fetched.
 */
export function feedPathFor(filters: readonly [FeedSlice, string][]): string {
  const published: readonly FeedSlice[] = PUBLISHED_FEED_SLICES;
  const first = filters.find(([slice]) => published.includes(slice));
  if (!first) return `${FEEDS_BASE.slice(1)}/listings.json`;
  const [slice, slug] = first;
  return `${FEEDS_BASE.slice(1)}/${FEED_SLICE_FOLDERS[slice]}/${slug.split('/').map(encodeURIComponent).join('/')}.json`;
}

/**
 * The second file a ward or postcode district needs when its own slice is the one fetched: the slice of help open
 * to the whole city, shown after the area's own as the site does (issue #18). Null when nothing more is needed (no
 * area, the whole city itself, or another filter's slice is fetched, which holds the city-wide listings already).
 */
export function cityWidePathFor(filters: readonly [FeedSlice, string][]): string | null {
  const fetched = feedPathFor(filters);
  const area = filters.find(([slice]) => slice === 'area');
  if (!area || area[1] === CITY_WIDE_AREA || fetched !== feedPathFor([area])) return null;
  return feedPathFor([['area', CITY_WIDE_AREA]]);
}
