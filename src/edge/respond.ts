/**
 * The edge query layer's one entry point: `answerQuery(request, files)` answers a GET of an ORUK list endpoint
 * that carries query parameters, from the published static files, and returns undefined for anything else (the
 * host then serves the static file, so a request without parameters gets exactly what the static API gives).
 *
 * `files` reads a published file by its site path; each host's function supplies it (Cloudflare's ASSETS binding,
 * a same-site fetch on Netlify). The items of an answer are always taken from the static page files, and their
 * order and page shape are the static API's, so a filtered answer is a subset of what the static files say.
 * Items are copied from the page files' text where the index says they lie (page-layout.ts), never parsed: a page
 * file can hold 10,000 items, more than an edge function's CPU allows parsing per request.
 */
import { MEDIA_TYPES } from '../urls/media-types.ts';
import { DATA_POLICY, REFERRER_POLICY } from '../urls/security-policy.ts';
import { ORUK_BASE, ORUK_ENDPOINTS, orukPagePath, orukQueryIndexPath, type OrukEndpoint } from '../urls/site.ts';
import { isProblem, parseListQuery, type ListQuery } from './parameters.ts';
import { unpackLayout, type PageLayout } from './page-layout.ts';
import { byRelevance, pageOf, rankedWords, readsRows, searchesText, Selection, type Tables } from './query.ts';
import { layoutPath, ORGANIZATIONS_PATH, POSTCODES_PATH, QUERY_INDEX_FORMAT, shardPath, wordsPath, type QueryIndexHead, type QueryLayoutFile, type QueryOrganizations, type QueryShard, type QueryShardText } from './query-index.ts';
import type { PostingsFile, SuffixFile, WordsInfo } from './word-index.ts';
import { positionsOfWords, Unavailable, type WordFiles } from './word-search.ts';

/** Reads a published file by its site path ("/oruk/v3/services/page/2.json"); undefined when there is none. */
export type StaticFiles = (path: string) => Promise<string | undefined>;

/** The URL paths the layer answers: each list endpoint, with and without a trailing slash. */
export const QUERY_PATHS: readonly string[] = ORUK_ENDPOINTS.flatMap((e) => [`${ORUK_BASE}/${e}`, `${ORUK_BASE}/${e}/`]);

const COMMON_HEADERS: Readonly<Record<string, string>> = {
  'Access-Control-Allow-Origin': '*',
  'Cache-Control': 'public, max-age=300',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': REFERRER_POLICY,
  'Content-Security-Policy': DATA_POLICY,
};

/** The endpoint a path names, when it is one of the list endpoints. */
export function endpointOf(pathname: string): OrukEndpoint | undefined {
  const m = /^\/oruk\/v3\/([a-z_]+)\/?$/.exec(pathname);
  return m && (ORUK_ENDPOINTS as readonly string[]).includes(m[1]!) ? (m[1] as OrukEndpoint) : undefined;
}

function reply(request: Request, status: number, body: string, type: string): Response {
  return new Response(request.method === 'HEAD' ? null : body, { status, headers: { ...COMMON_HEADERS, 'Content-Type': type } });
}

/**
 * An error as RFC 9457 problem details (`application/problem+json`), which ORUK 3.0 leaves open: `status`, `title`,
 * `detail`, plus the parameter at fault. Never cached for long: a fixed deploy should answer at once.
 */
export function problem(request: Request, status: number, detail: string, parameter?: string): Response {
  const titles: Record<number, string> = { 400: 'Bad Request', 405: 'Method Not Allowed', 422: 'Unprocessable Content', 501: 'Not Implemented', 503: 'Service Unavailable' };
  const body = JSON.stringify({ type: 'about:blank', title: titles[status] ?? 'Error', status, detail, ...(parameter !== undefined ? { parameter } : {}) });
  const response = reply(request, status, body, 'application/problem+json; charset=utf-8');
  response.headers.set('Cache-Control', 'no-store');
  return response;
}

async function readJson(files: StaticFiles, path: string): Promise<unknown> {
  const text = await files(path);
  if (text === undefined) throw new Unavailable(`${path} is missing from the published files`);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new Unavailable(`${path} is not JSON`);
  }
}

/** Reads and checks the head of the query index. */
export async function loadHead(files: StaticFiles): Promise<QueryIndexHead> {
  const head = (await readJson(files, orukQueryIndexPath())) as Partial<QueryIndexHead> | null;
  if (!head || head.format !== QUERY_INDEX_FORMAT || !Number.isInteger(head.page_size) || !head.endpoints || typeof head.build !== 'string') {
    throw new Unavailable(`${orukQueryIndexPath()} is not a ${QUERY_INDEX_FORMAT} index`);
  }
  return head as QueryIndexHead;
}

/** Most bytes (UTF-16 code units of JSON) of shards an isolate keeps parsed between requests. */
export const SHARD_CACHE_CHARS = 24 * 1024 * 1024;

/**
 * The query index as an edge function reads it: the head, read once per isolate (a deploy starts new isolates, so
 * it never outlives its files), and the shards, read when a query needs them and kept while they fit in
 * SHARD_CACHE_CHARS (least recently used out first), so memory stays bounded whatever the dataset's size. A failed
 * read is forgotten, so the next request tries again.
 */
export interface LoadedIndex {
  head(files: StaticFiles): Promise<QueryIndexHead>;
  shard(files: StaticFiles, endpoint: OrukEndpoint, n: number): Promise<QueryShard>;
  text(files: StaticFiles, endpoint: OrukEndpoint, n: number): Promise<QueryShardText>;
  /** The word index's files (word-index.ts), kept in the same bounded cache as the shards. */
  suffixes(files: StaticFiles, endpoint: OrukEndpoint, n: number): Promise<SuffixFile>;
  postings(files: StaticFiles, endpoint: OrukEndpoint, n: number): Promise<PostingsFile>;
  /** Where the items of a static page (from 1) lie in its text. */
  layout(files: StaticFiles, endpoint: OrukEndpoint, page: number): Promise<PageLayout>;
  /** The organisation ids rows refer to. */
  organizations(files: StaticFiles): Promise<string[]>;
  postcodes(files: StaticFiles): Promise<Record<string, [number, number]>>;
}

export function indexCache(budget = SHARD_CACHE_CHARS): LoadedIndex {
  let head: Promise<QueryIndexHead> | undefined;
  let postcodes: Promise<Record<string, [number, number]>> | undefined;
  const parts = new Map<string, { value: Promise<unknown>; size: number }>();
  let held = 0;
  const loadHeadOnce = (files: StaticFiles) =>
    (head ??= loadHead(files).catch((error: unknown) => {
      head = undefined;
      throw error;
    }));
  async function part<T extends { build: string; from: number }>(files: StaticFiles, path: string, from: number): Promise<T> {
    const cached = parts.get(path);
    if (cached) {
      // Most recently used last: a Map keeps insertion order.
      parts.delete(path);
      parts.set(path, cached);
      return cached.value as Promise<T>;
    }
    const entry = { value: Promise.resolve() as Promise<unknown>, size: 0 };
    entry.value = (async () => {
      const { build } = await loadHeadOnce(files);
      const text = await files(path);
      if (text === undefined) throw new Unavailable(`${path} is missing from the published files`);
      let value: T;
      try {
        value = JSON.parse(text) as T;
      } catch {
        throw new Unavailable(`${path} is not JSON`);
      }
      // Parts of two different builds (a deploy under way, a stale cache): refuse rather than mix them.
      if (value.build !== build || value.from !== from) throw new Unavailable(`${path} does not match ${orukQueryIndexPath()} (another build's files)`);
      // Counted only while it is in the cache; then the least recently used go, but never a part still loading
      // (size 0) or this one.
      if (parts.get(path) === entry) {
        entry.size = text.length;
        held += text.length;
        for (const [key, other] of parts) {
          if (held <= budget) break;
          if (other === entry || other.size === 0) continue;
          parts.delete(key);
          held -= other.size;
        }
      }
      return value;
    })();
    parts.set(path, entry);
    entry.value.catch(() => {
      // A failed read holds nothing (its size was never counted): forgotten, so the next request tries again.
      if (parts.get(path) === entry) parts.delete(path);
    });
    return entry.value as Promise<T>;
  }
  const shardFrom = async (files: StaticFiles, endpoint: OrukEndpoint, n: number): Promise<number> => {
    const info = (await loadHeadOnce(files)).endpoints[endpoint]?.shards[n];
    if (!info) throw new Unavailable(`${orukQueryIndexPath()} has no shard ${n} of ${endpoint}`);
    return info.from;
  };
  return {
    head: loadHeadOnce,
    shard: async (files, endpoint, n) => part<QueryShard>(files, shardPath(endpoint, n), await shardFrom(files, endpoint, n)),
    text: async (files, endpoint, n) => part<QueryShardText>(files, shardPath(endpoint, n, true), await shardFrom(files, endpoint, n)),
    // A word file's `from` is its own number: what ties it to its place in the head's list.
    suffixes: (files, endpoint, n) => part<SuffixFile>(files, wordsPath(endpoint, 'suffixes', n), n),
    postings: (files, endpoint, n) => part<PostingsFile>(files, wordsPath(endpoint, 'postings', n), n),
    layout: async (files, endpoint, page) => unpackLayout(await part<QueryLayoutFile>(files, layoutPath(endpoint, page), page)),
    organizations: async (files) => (await part<QueryOrganizations>(files, ORGANIZATIONS_PATH, 0)).ids,
    postcodes: (files) =>
      (postcodes ??= readJson(files, POSTCODES_PATH).then(
        (value) => value as Record<string, [number, number]>,
        (error: unknown) => {
          postcodes = undefined;
          throw error;
        },
      )),
  };
}

/** The shard holding a position of an endpoint's list. */
function shardOf(head: QueryIndexHead, endpoint: OrukEndpoint, position: number): number {
  const shards = head.endpoints[endpoint].shards;
  let low = 0;
  let high = shards.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (shards[mid]!.from <= position) low = mid;
    else high = mid - 1;
  }
  return low;
}

/** The tables a query's tests refer to: the organisations are read only when it names one. */
async function tables(index: LoadedIndex, files: StaticFiles, head: QueryIndexHead, query: ListQuery): Promise<Tables> {
  return { terms: head.terms, organizations: query.organization_id !== undefined ? await index.organizations(files) : [] };
}

/**
 * The positions a search selects with the word index: the items holding its indexed words, then, only for those,
 * the query's other tests (its words too short to be indexed, on the text; its other filters, on the rows), reading
 * only the shards that hold one of them. The same positions as reading every shard, best first (query.ts,
 * `relevance`), or nearest first with a postcode.
 */
async function selectedByWords(index: LoadedIndex, files: StaticFiles, head: QueryIndexHead, endpoint: OrukEndpoint, query: ListQuery, info: WordsInfo, indexed: readonly string[]): Promise<number[]> {
  const { count, shards } = head.endpoints[endpoint];
  const wordFiles: WordFiles = {
    suffixes: (n) => index.suffixes(files, endpoint, n),
    postings: (n) => index.postings(files, endpoint, n),
    name: (kind, n) => wordsPath(endpoint, kind, n),
  };
  const { positions: candidates, score } = await positionsOfWords(wordFiles, info, count, indexed);
  const ranked = (positions: number[]) => (query.near ? positions : byRelevance(positions, (p) => score[p]!));
  const { search = [], ...others } = query;
  const unindexed = search.filter((w) => !indexed.includes(w));
  const rest: ListQuery = unindexed.length ? { ...others, search: unindexed } : others;
  if (!readsRows(rest) || candidates.length === 0) return ranked(candidates);
  const fields = Object.keys(others).some((k) => k !== 'page' && k !== 'per_page');
  const selection = new Selection(await tables(index, files, head, rest), rest);
  for (let i = 0; i < candidates.length; ) {
    const n = shardOf(head, endpoint, candidates[i]!);
    const { from, to } = shards[n]!;
    let j = i;
    while (j < candidates.length && candidates[j]! < to) j++;
    const [shard, text] = await Promise.all([fields ? index.shard(files, endpoint, n) : undefined, unindexed.length ? index.text(files, endpoint, n) : undefined]);
    selection.addAt(shard?.rows, text?.s, from, candidates.slice(i, j));
    i = j;
  }
  return ranked(selection.result());
}

/**
 * The positions a query selects: with the word index when it searches for a word long enough to look up; otherwise
 * reading the shards one after another (their text files only for a search).
 */
async function selected(index: LoadedIndex, files: StaticFiles, head: QueryIndexHead, endpoint: OrukEndpoint, query: ListQuery): Promise<number[]> {
  const { count, shards, words } = head.endpoints[endpoint];
  if (!readsRows(query)) return Array.from({ length: count }, (_, i) => i);
  const indexed = rankedWords(query.search ?? []);
  if (words && indexed.length) return selectedByWords(index, files, head, endpoint, query, words, indexed);
  const selection = new Selection(await tables(index, files, head, query), query);
  for (let n = 0; n < shards.length; n++) {
    const [shard, text] = await Promise.all([index.shard(files, endpoint, n), searchesText(query) ? index.text(files, endpoint, n) : undefined]);
    selection.add(shard.rows, text?.s, shard.from);
  }
  return selection.result();
}

/** The JSON text of a list page answering `query`: the static files' bytes when the query changes nothing. */
export async function listPage(index: LoadedIndex, files: StaticFiles, endpoint: OrukEndpoint, query: ListQuery): Promise<string> {
  const head = await index.head(files);
  const { count } = head.endpoints[endpoint];
  const size = head.page_size;
  const page = pageOf(await selected(index, files, head, endpoint, query), query, size);
  // Each static page file the answer draws on, read once with its layout, one at a time: its items are copied out as
  // they are (never parsed) and the file's text let go, so a request holds one page file, not every one it touches.
  const byPage = new Map<number, number[]>();
  page.positions.forEach((p, i) => {
    const n = Math.floor(p / size) + 1;
    const list = byPage.get(n) ?? [];
    list.push(i);
    byPage.set(n, list);
  });
  const contents: string[] = new Array<string>(page.positions.length);
  for (const [n, indexes] of [...byPage].sort((a, b) => a[0] - b[0])) {
    const path = orukPagePath(endpoint, n);
    const [text, layout] = await Promise.all([files(path), index.layout(files, endpoint, n)]);
    if (text === undefined) throw new Unavailable(`${path} is missing from the published files`);
    const total = /"total_items":(\d+)[,}]/.exec(text.slice(0, 400))?.[1];
    if (text.length !== layout.length || Number(total) !== count) {
      // Files from two different builds (a deploy under way, a stale cache): refuse rather than mix them.
      throw new Unavailable(`${path} does not match ${orukQueryIndexPath()} (another build's files)`);
    }
    // A slice would keep the whole page's text alive (V8 shares it); joined, the items are a copy of their own.
    // U+0000 never occurs raw in JSON text (JSON.stringify escapes it), so it is a safe separator.
    const items = indexes.map((i) => text.slice(layout.starts[page.positions[i]! % size], layout.ends[page.positions[i]! % size])).join('\u0000').split('\u0000');
    indexes.forEach((i, j) => (contents[i] = items[j]!));
  }
  const { positions: _positions, ...shape } = page;
  // The wrapper as JSON.stringify writes it, then the items as the static file holds them.
  return `${JSON.stringify(shape).slice(0, -1)},"contents":[${contents.join(',')}]}`;
}

/**
 * The answer to a request, or undefined when the layer has nothing to add (not a list endpoint, not a GET, or no
 * query string: the static file is the answer). `index` may be given already loaded (a function keeps it between
 * requests); otherwise a fresh one reads from `files`.
 */
export async function answerQuery(request: Request, files: StaticFiles, index: LoadedIndex = indexCache()): Promise<Response | undefined> {
  const url = new URL(request.url);
  const endpoint = endpointOf(url.pathname);
  if (!endpoint || url.search === '' || url.search === '?') return undefined;
  if (request.method !== 'GET' && request.method !== 'HEAD') return undefined;
  try {
    const head = await index.head(files);
    const query = parseListQuery(endpoint, url.searchParams, head.page_size);
    if (isProblem(query)) return problem(request, query.status, query.message, query.parameter);
    if (query.postcode !== undefined) {
      const postcodes = await index.postcodes(files);
      // The postcode itself where one of this directory's venues has it, else its district's venues' centroid.
      const near = postcodes[query.postcode] ?? postcodes[query.postcode.split(' ')[0]!];
      if (!near) {
        return problem(request, 422, `postcode ${query.postcode} is not known to this directory: postcode and proximity are answered from the postcodes of its own venues (no postcode lookup service), and no venue here is in ${query.postcode.includes(' ') ? `${query.postcode} or its district ${query.postcode.split(' ')[0]}` : `the district ${query.postcode}`}`, 'postcode');
      }
      query.near = near;
    }
    return reply(request, 200, await listPage(index, files, endpoint, query), MEDIA_TYPES['.json']!);
  } catch (error) {
    if (error instanceof Unavailable) return problem(request, 503, error.message);
    throw error;
  }
}
