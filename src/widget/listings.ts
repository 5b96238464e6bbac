/**
 * The feed as the widget uses it: a checked document, the listings people can use (active or temporarily closed),
 * the filters the slice did not apply, search and paging. Pure functions, no DOM.
 *
 * The feed is data from the network, so nothing here trusts its shape: a document that is not a v1 listings feed
 * is an error, and an item without the fields the widget cannot do without (a name and an http(s) page) is
 * counted and skipped, never rendered half-way.
 */
import type { ListingItem } from '../publish/feed-model.ts';
import type { FeedSlice } from '../urls/public.ts';

export interface Feed {
  /** Usable listings (active or temporarily closed), sorted by name. */
  items: ListingItem[];
  /** Items dropped for having no name or page address. */
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

const isObject = (v: unknown): v is Loose => typeof v === 'object' && v !== null && !Array.isArray(v);
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

const SHOWN = new Set(['active', 'temporarily closed']);

// One collator for every comparison: localeCompare with options builds a new one per call, which made sorting a
// few thousand listings take most of a second.
const collator = new Intl.Collator('en-GB', { sensitivity: 'base', numeric: true });
const byName = (a: ListingItem, b: ListingItem): number => collator.compare(a.name, b.name);

/** Checks a parsed feed document and keeps the listings people can use. */
export function readFeed(json: unknown): Feed {
  if (!isObject(json) || !Array.isArray(json['items'])) throw new FeedError('format', 'The listings file is not a LOOP listings feed');
  if (!/^1\.\d+$/.test(text(json['schema_version']))) throw new FeedError('version', `This widget reads LOOP feed version 1, not "${text(json['schema_version']) || 'unknown'}"`);
  let skipped = 0;
  const items: ListingItem[] = [];
  for (const item of json['items'] as unknown[]) {
    if (!isObject(item) || !text(item['name']).trim() || !safeHttpUrl(item['page_url'])) {
      skipped++;
      continue;
    }
    if (SHOWN.has(text(item['status']))) items.push(item as unknown as ListingItem);
  }
  const licence = isObject(json['licence']) && text(json['licence']['name']) && safeHttpUrl(json['licence']['url']) ? { name: text(json['licence']['name']), url: safeHttpUrl(json['licence']['url']) } : null;
  const slice = isObject(json['slice']) ? { type: text(json['slice']['type']), slug: text(json['slice']['slug']), name: text(json['slice']['name']) } : null;
  return { items: items.sort(byName), skipped, attribution: text(json['attribution']), licence, slice };
}

function slugs(terms: unknown): string[] {
  return list(terms).map((t) => (isObject(t) ? text(t['slug']) : ''));
}

/** The slugs an item has for each filter. */
const VALUES: Record<FeedSlice, (item: Loose) => string[]> = {
  category: (i) => slugs(i['categories']),
  need: (i) => slugs(i['needs']),
  circumstance: (i) => slugs(i['circumstances']),
  condition: (i) => slugs(i['conditions']),
  audience: (i) => slugs(i['audiences']),
  area: (i) => slugs(i['areas']),
  language: (i) => slugs(i['languages']),
  tag: (i) => list(i['tags']).map(text),
  organisation: (i) => [isObject(i['organisation']) ? text(i['organisation']['slug']) : ''],
};

/** Items matching every filter (the slice already guarantees the first; checking it again costs nothing). */
export function applyFilters(items: readonly ListingItem[], filters: readonly [FeedSlice, string][]): ListingItem[] {
  if (!filters.length) return [...items];
  return items.filter((item) => filters.every(([slice, slug]) => VALUES[slice](item as unknown as Loose).includes(slug)));
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
function haystack(item: ListingItem): string {
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
export function search(items: readonly ListingItem[], query: string): ListingItem[] {
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
