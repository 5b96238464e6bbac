/**
 * The query index: one small JSON file the publish step writes beside the ORUK API's static files
 * (`/oruk/v3/query-index.json`, only when the edge layer is on) so that an edge function can filter and page a list
 * without reading every full record. One row per item of each list endpoint, in the order the static list files
 * hold them, so row N is item N of `<endpoint>/page/<p>.json` (p = N / page_size + 1). A row holds only what a
 * filter needs; the answer's contents are always copied from the static page files (where each item lies in them is
 * `pages`, page-layout.ts), so the edge never invents an item the static API would not serve.
 *
 * This module is pure data and text functions: the publish step (src/publish/edge.ts) builds the index with them,
 * and the edge core (query.ts) reads it with them, so both sides normalise search text the same way.
 */
import type { OrukEndpoint } from '../urls/site.ts';
import type { PageLayout } from './page-layout.ts';

export const QUERY_INDEX_FORMAT = 'loop-oruk-query-index/2';

export interface QueryRow {
  /** Searchable text, normalised by `indexedText` (name, other names, description, organisation, terms). */
  s: string;
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
}

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
