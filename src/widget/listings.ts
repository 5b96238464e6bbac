/**
 * The feed as the widget uses it: a checked document, the listings people can use (active or temporarily closed),
 * the filters the slice did not apply, search and paging. Pure functions, no DOM.
 *
 * The feed is data from the network, so nothing here trusts its shape: a document that is not a v1 listings feed
 * is an error, and each item is rebuilt by `listingOf` from the fields the widget shows, each of the type it
 * expects (a field of the wrong type is left out, an entry of a list that is not one is dropped). An item without
 * what the widget cannot do without (a name and an http(s) page), or that is not an object at all, is counted and
 * skipped, never rendered half-way: one bad item must not cost a page its other listings.
 */
import { CITY_WIDE_AREA, type FeedSlice } from '../urls/public.ts';

/** A term an item is filed under, as the widget uses it. */
export interface TermRef {
  slug: string;
  name: string;
}

/**
 * A listing as the widget shows it: the fields of the feed's ListingItem (src/publish/feed-model.ts) that it
 * uses, so a ListingItem is one. What `listingOf` returns has been checked field by field.
 */
export interface Listing {
  name: string;
  page_url: string;
  status: string;
  alternate_name?: string | undefined;
  summary?: string | undefined;
  alert?: string | undefined;
  website?: string | undefined;
  reviewed?: string | undefined;
  freshness?: string | undefined;
  organisation?: { slug: string; name: string } | undefined;
  phones?: { number: string; description?: string | undefined }[] | undefined;
  opening?: string[] | undefined;
  locations?: { name?: string | undefined; postcode?: string | undefined; opening?: string[] | undefined }[] | undefined;
  categories?: TermRef[] | undefined;
  needs?: TermRef[] | undefined;
  circumstances?: TermRef[] | undefined;
  conditions?: TermRef[] | undefined;
  audiences?: TermRef[] | undefined;
  areas?: TermRef[] | undefined;
  languages?: TermRef[] | undefined;
  tags?: string[] | undefined;
  /** Slugs LOOP also lists it under (broader terms, its venues' areas), by filter: see `selected`. */
  also_under?: Partial<Record<(typeof ALSO_UNDER)[number], string[]>> | undefined;
}

/** The filters an item's `also_under` may extend. */
const ALSO_UNDER = ['category', 'need', 'circumstance', 'condition', 'audience', 'area', 'language'] as const;

export interface Feed {
  /** Usable listings (active or temporarily closed), sorted by name. */
  items: Listing[];
  /** Items dropped for being malformed: not an object, or no name or page address. */
  skipped: number;
  attribution: string;
  licence: { name: string; url: string } | null;
  slice: { type: string; slug: string; name: string } | null;
}

export type FeedProblem = 'not-found' | 'unreachable' | 'format' | 'version';

export class FeedError extends Error {
  readonly problem: FeedProblem;
  constructor(problem: FeedProblem, message: string) {
    super(message);
    this.problem = problem;
  }
}

type Loose = Record<string, unknown>;

export const isObject = (v: unknown): v is Loose => typeof v === 'object' && v !== null && !Array.isArray(v);
export const text = (v: unknown): string => (typeof v === 'string' ? v : '');
export const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** An http(s) address, or '' (never javascript:, data: or anything else a feed might carry). */
export function safeHttpUrl(value: unknown): string {
  if (typeof value !== 'string') return '';
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : '';
  } catch {
    return '';
  }
}

const strings = (v: unknown): string[] => list(v).filter((s): s is string => typeof s === 'string');
const terms = (v: unknown): TermRef[] => list(v).filter(isObject).map((t) => ({ slug: text(t['slug']), name: text(t['name']) }));
const TERM_FIELDS = ['categories', 'needs', 'circumstances', 'conditions', 'audiences', 'areas', 'languages'] as const;

/** One feed item rebuilt from checked fields, or null when it cannot be shown (see the top of this file). */
export function listingOf(value: unknown): Listing | null {
  if (!isObject(value)) return null;
  const name = text(value['name']);
  const page = safeHttpUrl(value['page_url']);
  if (!name.trim() || !page) return null;
  const organisation = value['organisation'];
  const listing: Listing = {
    name,
    page_url: page,
    status: text(value['status']),
    alternate_name: text(value['alternate_name']),
    summary: text(value['summary']),
    alert: text(value['alert']),
    website: safeHttpUrl(value['website']),
    reviewed: text(value['reviewed']),
    freshness: text(value['freshness']),
    ...(isObject(organisation) ? { organisation: { slug: text(organisation['slug']), name: text(organisation['name']) } } : {}),
    phones: list(value['phones'])
      .filter(isObject)
      .map((p) => ({ number: text(p['number']), description: text(p['description']) }))
      .filter((p) => p.number),
    opening: strings(value['opening']),
    locations: list(value['locations'])
      .filter(isObject)
      .map((l) => ({ name: text(l['name']), postcode: text(l['postcode']), opening: strings(l['opening']) })),
    tags: strings(value['tags']),
  };
  const also = value['also_under'];
  if (isObject(also)) {
    const extra: NonNullable<Listing['also_under']> = {};
    for (const filter of ALSO_UNDER) {
      const slugs = strings(also[filter]);
      if (slugs.length) extra[filter] = slugs;
    }
    listing.also_under = extra;
  }
  for (const field of TERM_FIELDS) listing[field] = terms(value[field]);
  return listing;
}

const SHOWN = new Set(['active', 'temporarily closed']);

// One collator for every comparison: localeCompare with options builds a new one per call, which made sorting a
// few thousand listings take most of a second.
const collator = new Intl.Collator('en-GB', { sensitivity: 'base', numeric: true });
const byName = (a: Listing, b: Listing): number => collator.compare(a.name, b.name);

/** Checks a parsed feed document and keeps the listings people can use. */
export function readFeed(json: unknown): Feed {
  if (!isObject(json) || !Array.isArray(json['items'])) throw new FeedError('format', 'The listings file is not a LOOP listings feed');
  if (!/^1\.\d+$/.test(text(json['schema_version']))) throw new FeedError('version', `This widget reads LOOP feed version 1, not "${text(json['schema_version']) || 'unknown'}"`);
  let skipped = 0;
  const items: Listing[] = [];
  for (const value of json['items'] as unknown[]) {
    const item = listingOf(value);
    if (!item) skipped++;
    else if (SHOWN.has(item.status)) items.push(item);
  }
  const licence = isObject(json['licence']) && text(json['licence']['name']) && safeHttpUrl(json['licence']['url']) ? { name: text(json['licence']['name']), url: safeHttpUrl(json['licence']['url']) } : null;
  const slice = isObject(json['slice']) ? { type: text(json['slice']['type']), slug: text(json['slice']['slug']), name: text(json['slice']['name']) } : null;
  return { items: items.sort(byName), skipped, attribution: text(json['attribution']), licence, slice };
}

function slugs(terms: unknown): string[] {
  return list(terms).map((t) => (isObject(t) ? text(t['slug']) : ''));
}

/** What LOOP also lists an item under for a filter (its `also_under`), beyond its own terms. */
function also(item: Loose, filter: (typeof ALSO_UNDER)[number]): string[] {
  const extra = item['also_under'];
  return isObject(extra) ? list(extra[filter]).map(text) : [];
}

/** The slugs an item is listed under for each filter: its own terms and, from the feed, the broader ones and its venues' areas. */
const VALUES: Record<FeedSlice, (item: Loose) => string[]> = {
  category: (i) => [...slugs(i['categories']), ...also(i, 'category')],
  need: (i) => [...slugs(i['needs']), ...also(i, 'need')],
  circumstance: (i) => [...slugs(i['circumstances']), ...also(i, 'circumstance')],
  condition: (i) => [...slugs(i['conditions']), ...also(i, 'condition')],
  audience: (i) => [...slugs(i['audiences']), ...also(i, 'audience')],
  area: (i) => [...slugs(i['areas']), ...also(i, 'area')],
  language: (i) => [...slugs(i['languages']), ...also(i, 'language')],
  tag: (i) => list(i['tags']).map(text),
  organisation: (i) => [isObject(i['organisation']) ? text(i['organisation']['slug']) : ''],
};

/** Items listed under every filter: by their own terms or, in feeds that say it, `also_under`. */
export function applyFilters(items: readonly Listing[], filters: readonly [FeedSlice, string][]): Listing[] {
  if (!filters.length) return [...items];
  return items.filter((item) => filters.every(([slice, slug]) => VALUES[slice](item as unknown as Loose).includes(slug)));
}

/**
 * The listings a feed document shows for the filters. The filter its slice answers is not checked again: the slice
 * holds what LOOP selected for it (src/dataset/selection.ts: narrower terms folded in, a ward's venues included),
 * which an item's own terms need not say (a listing under "Emergency food" is in the "Food and essentials" slice).
 * Checking it again made the widget show fewer listings than the site for the same choice (issue #18).
 */
export function selectFrom(feed: Feed, filters: readonly [FeedSlice, string][]): Listing[] {
  const slice = feed.slice;
  return applyFilters(feed.items, slice ? filters.filter(([type, slug]) => type !== slice.type || slug !== slice.slug) : filters);
}

/** What the widget shows: an area's own listings, then help open to the whole city that they do not already hold. */
export interface Shown {
  own: Listing[];
  cityWide: Listing[];
  /** The city's name for the heading above `cityWide` ("Leeds"), or '' when no file said it. */
  cityName: string;
}

/**
 * The listings for the filters as the site lists an area (issue #18): a ward's or district's own listings, then
 * those open to the whole city (area CITY_WIDE_AREA) with the same other filters, without repeats. City-wide help is
 * not copied into every ward's slice, so when the ward's slice is the file fetched, `cityWideFeed` is the city-wide
 * slice (null when it could not be had: the ward's own are still shown); otherwise the fetched slice (a category's,
 * say) holds both and is filtered twice.
 */
export function selectShown(feed: Feed, filters: readonly [FeedSlice, string][], cityWideFeed: Feed | null): Shown {
  const own = selectFrom(feed, filters);
  const area = filters.find(([type]) => type === 'area');
  if (!area || area[1] === CITY_WIDE_AREA) return { own, cityWide: [], cityName: '' };
  const wardSlice = feed.slice?.type === 'area' && feed.slice.slug === area[1];
  const source = wardSlice ? cityWideFeed : feed;
  if (!source) return { own, cityWide: [], cityName: '' };
  const ownPages = new Set(own.map((item) => item.page_url));
  const cityWide = selectFrom(
    source,
    filters.map(([type, slug]): [FeedSlice, string] => (type === 'area' ? ['area', CITY_WIDE_AREA] : [type, slug])),
  ).filter((item) => !ownPages.has(item.page_url));
  const named = source.slice?.type === 'area' && source.slice.slug === CITY_WIDE_AREA ? source.slice.name : '';
  const cityName = named || (cityWide.flatMap((item) => item.areas ?? []).find((t) => t.slug === CITY_WIDE_AREA)?.name ?? '');
  return { own, cityWide, cityName };
}

/** Lower case, accents and punctuation gone: "Café-Bar" and "cafe bar" match. */
export function normalise(value: string): string {
  return value
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

const haystacks = new WeakMap<object, string>();

/** Everything a person might type to find a listing: names, organisation, summary, terms, tags and venues. */
function haystack(item: Listing): string {
  let found = haystacks.get(item);
  if (found === undefined) {
    const loose = item as unknown as Loose;
    const terms = ['categories', 'needs', 'circumstances', 'conditions', 'audiences', 'areas', 'languages'].flatMap((f) => list(loose[f]).map((t) => (isObject(t) ? text(t['name']) : '')));
    const venues = list(loose['locations']).flatMap((l) => (isObject(l) ? [text(l['name']), text(l['postcode'])] : []));
    const organisation = isObject(loose['organisation']) ? text(loose['organisation']['name']) : '';
    found = ` ${normalise([text(loose['name']), text(loose['alternate_name']), organisation, text(loose['summary']), ...terms, ...list(loose['tags']).map(text), ...venues].join(' '))} `;
    haystacks.set(item, found);
  }
  return found;
}

/** Items containing every word of the query, each at the start of a word ("carer" finds "carers", not "scarer"). */
export function search(items: readonly Listing[], query: string): Listing[] {
  const words = normalise(query).split(' ').filter(Boolean);
  if (!words.length) return [...items];
  return items.filter((item) => {
    const hay = haystack(item);
    return words.every((word) => hay.includes(` ${word}`));
  });
}

export interface Page<T> {
  items: T[];
  /** 1-based, clamped to the pages there are. */
  page: number;
  pages: number;
  /** 1-based positions of the first and last item shown (0 when there are none). */
  first: number;
  last: number;
  total: number;
}

export function paginate<T>(items: readonly T[], page: number, size: number): Page<T> {
  const pages = Math.max(1, Math.ceil(items.length / size));
  const current = Math.min(Math.max(1, Math.floor(page) || 1), pages);
  const start = (current - 1) * size;
  const shown = items.slice(start, start + size);
  return { items: shown, page: current, pages, first: shown.length ? start + 1 : 0, last: start + shown.length, total: items.length };
}
