/**
 * The query index: what an edge function needs to filter and page a list without reading every full record, written
 * by the publish step beside the ORUK API's static files (only when the edge layer is on). One row per item of each
 * list endpoint, in the order the static list files hold them, so row N is item N of `<endpoint>/page/<p>.json`
 * (p = N / page_size + 1). A row holds only what a filter needs; the answer's contents are always copied from the
 * static page files (where each item lies in them is `pages`, page-layout.ts), so the edge never invents an item the
 * static API would not serve.
 *
 * Published in parts of bounded size (docs/feeds/edge.md), because one file grows with the dataset (about 90 MiB at
 * 100,000 services, over Cloudflare Pages' 25 MiB per file and most of a Worker's 128 MB):
 *
 * - the head, `/oruk/v3/query-index.json`: the page size, the terms rows refer to, and for each endpoint its item
 *   count, shards (which rows, which page files) and word index files;
 * - per endpoint, shards `/oruk/v3/query-index/<endpoint>/<n>.json`: each a run of whole static pages, with the rows'
 *   compact fields (organisation, terms, dates, ages, coordinates); and beside each, its search text,
 *   `<n>.text.json`, read only by a search that cannot use the word index;
 * - per static page, its layout `/oruk/v3/query-index/<endpoint>/layout/<page>.json`: where its items lie, read
 *   only when an answer takes items from that page;
 * - `/oruk/v3/query-index/organizations.json`: the organisation ids rows refer to, read only for `organization_id`;
 * - per endpoint, its word index `/oruk/v3/query-index/<endpoint>/words/s<n>.json` and `p<n>.json` (word-index.ts):
 *   which items hold a search word, so a search reads a few small files instead of every shard's text;
 * - `/oruk/v3/query-index/postcodes.json`: the postcodes of LOOP's own venues, read only for `postcode`.
 *
 * A shard is cut when its files reach SHARD_BYTES, so every file stays far under the hosts' limits whatever the
 * dataset's size, and an edge function holds the head, a bounded cache of shards (respond.ts) and the shard it is
 * reading.
 *
 * This module is pure data and text functions: the publish step (src/publish/edge.ts) builds the index with them,
 * and the edge core (query.ts) reads it with them, so both sides normalise search text the same way.
 */
import { ORUK_BASE, type OrukEndpoint } from '../urls/site.ts';
import type { PageLayout } from './page-layout.ts';
import type { WordsInfo } from './word-index.ts';

export const QUERY_INDEX_FORMAT = 'loop-oruk-query-index/5';

/** The size a shard (its fields file and its text file together) is cut at, in bytes of JSON. */
export const SHARD_BYTES = 4 * 1024 * 1024;

export interface QueryRow {
  /** Searchable text, normalised by `indexedText` (name, other names, description, organisation, terms). */
  s: string;
  /**
   * The item's name words, normalised as `s` (`indexedText` of the name and other name; for a service at a location
   * also the venue's): in the word index (its name postings, for the relevance order), never in the shards.
   */
  t?: string;
  /** Index into `organizations`: the organisation providing the service. */
  o?: number;
  /** Indexes into `terms`: every taxonomy term the item carries (for a taxonomy term, itself). */
  k?: number[];
  /** last_modified, an RFC 3339 instant, when known. */
  m?: string;
  /** minimum_age, when set. */
  a?: number;
  /** maximum_age, when set. */
  b?: number;
  /** The venue's latitude and longitude (service_at_locations), when known. */
  g?: [latitude: number, longitude: number];
}

/** The whole index, as the publish step builds it (and tests read it); published split by `indexFiles`. */
export interface QueryIndex {
  format: typeof QUERY_INDEX_FORMAT;
  /** Items per static page file: the page size the static API uses, and the edge's default `per_page`. */
  page_size: number;
  /** Every taxonomy term rows refer to: [term id, taxonomy id]. */
  terms: [id: string, taxonomy_id: string][];
  /** Every organisation id rows refer to. */
  organizations: string[];
  endpoints: Record<OrukEndpoint, QueryRow[]>;
  /** Each endpoint's static page files, page 1 first: where each item lies in the file's text. */
  pages: Record<OrukEndpoint, PageLayout[]>;
  /** Normalised postcode (`searchPostcode`) -> [latitude, longitude] of LOOP's venues there (their centroid). */
  postcodes: Record<string, [number, number]>;
}

/** Which rows and page files one shard holds. */
export interface ShardInfo {
  /** First row (0-based position in the list) and one past the last. */
  from: number;
  to: number;
  /** Its first static page's number (from 1); it holds whole pages. */
  page: number;
}

/**
 * The head of the published index: what every query reads first, so it is kept small whatever the dataset's size
 * (the organisations' ids, 1.1 MiB at 100,000 services, are a file of their own, read only for `organization_id`).
 */
export interface QueryIndexHead {
  format: typeof QUERY_INDEX_FORMAT;
  page_size: number;
  /** What ties the parts of one build together: a part with another build's stamp is refused. */
  build: string;
  terms: [id: string, taxonomy_id: string][];
  /** Each list's item count and shards, and its word index's files (word-index.ts; absent in an older build's head, which is then searched by scanning the text shards). */
  endpoints: Record<OrukEndpoint, { count: number; shards: ShardInfo[]; words?: WordsInfo }>;
}

/** One shard's fields file: the rows without their search text and name words. */
export interface QueryShard {
  build: string;
  from: number;
  rows: Omit<QueryRow, 's' | 't'>[];
}

/** One static page's layout file (`from`: the page's number): where its items lie in its text, packed (page-layout.ts). */
export interface QueryLayoutFile {
  build: string;
  from: number;
  length: number;
  items: string;
}

/** The organisations file: every organisation id rows refer to (`o`), read only for `organization_id`. */
export interface QueryOrganizations {
  build: string;
  from: 0;
  ids: string[];
}

/** One shard's text file: each row's search text. */
export interface QueryShardText {
  build: string;
  from: number;
  s: string[];
}

export const QUERY_INDEX_DIR = `${ORUK_BASE}/query-index`;

/** The site path of a shard's fields (`text`: its search text). */
export function shardPath(endpoint: OrukEndpoint, n: number, text = false): string {
  return `${QUERY_INDEX_DIR}/${endpoint}/${n}${text ? '.text' : ''}.json`;
}

/** The site path of one of an endpoint's word index files (word-index.ts): its suffixes or its postings. */
export function wordsPath(endpoint: OrukEndpoint, kind: 'suffixes' | 'postings', n: number): string {
  return `${QUERY_INDEX_DIR}/${endpoint}/words/${kind === 'suffixes' ? 's' : 'p'}${n}.json`;
}

/** The site path of a static page's layout file (`page` from 1). */
export function layoutPath(endpoint: OrukEndpoint, page: number): string {
  return `${QUERY_INDEX_DIR}/${endpoint}/layout/${page}.json`;
}

export const ORGANIZATIONS_PATH = `${QUERY_INDEX_DIR}/organizations.json`;

export const POSTCODES_PATH = `${QUERY_INDEX_DIR}/postcodes.json`;

/** A UK postcode as the index keys it: upper case, one space before the inward code ("LS7 3HB"); districts alone ("LS7") too. */
export function searchPostcode(value: string): string | undefined {
  const compact = value.toUpperCase().replace(/\s+/g, '');
  const full = /^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][A-Z]{2})$/.exec(compact);
  if (full) return `${full[1]} ${full[2]}`;
  // A district alone is one word ("LS7"): "LS7 3" is half a postcode, not the district "LS73".
  return /^[A-Z]{1,2}[0-9][A-Z0-9]?$/.test(compact) && !/\s/.test(value.trim()) ? compact : undefined;
}

/**
 * Text as search compares it: letters without accents, lower case, every run of other characters one space. Applied
 * to the indexed text when publishing and to the query at the edge, so "Café" finds "cafe" and "CAFÉ".
 */
export function searchText(...parts: readonly (string | undefined)[]): string {
  return parts
    .filter((p): p is string => typeof p === 'string' && p !== '')
    .join(' ')
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * Text as the index stores it: `searchText`, each word once. A search word is matched inside one indexed word at a
 * time (it holds no space), so repeated words add bytes and nothing else.
 */
export function indexedText(...parts: readonly (string | undefined)[]): string {
  return [...new Set(searchText(...parts).split(' '))].join(' ');
}
