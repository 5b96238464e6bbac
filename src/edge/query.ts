/**
 * Filtering and paging over the query index: which items (by their position in the static list) a list query
 * selects, and the ORUK page around them. Pure: no I/O, so the edge functions, the tests and the benchmark run the
 * same code. The edge reads the index a shard at a time (`Selection`); `select` runs the same tests over a whole
 * index held in memory (the publish step's, and the tests').
 *
 * Paging is the static API's: `size` is the page size asked for (every page of one query has the same size, so page
 * N starts at item (N-1)*size+1), there is always a page 1 (empty when nothing matches), and a page past the last
 * is answered, empty, rather than refused.
 *
 * Order: the static list's, except when a postcode is given: then the nearest venue comes first (ORUK 3.0 says
 * nothing of order; a consumer asking "near LS7 3HB" means nearest first), ties and venues without coordinates (last)
 * in the static list's order; and, without a postcode, when a search is given: then the best matches come first
 * (`relevance`, below; what anyone typing words into a search box means), ties in the static list's order.
 */
import type { OrukEndpoint } from '../urls/site.ts';
import type { ListQuery } from './parameters.ts';
import type { QueryIndex, QueryIndexHead, QueryRow } from './query-index.ts';
import { MIN_INDEXED_WORD, placeIn } from './word-index.ts';

/** What a search word found in the item's name adds to its place (placeIn): any match in the name beats every match elsewhere. */
export const IN_NAME = 3;

/**
 * The search words that count for relevance: each distinct word long enough to be looked up in the word index
 * (MIN_INDEXED_WORD), which is where the edge learns how each word matched. A search of shorter words only has no
 * relevance order: its items keep the list's.
 */
export function rankedWords(search: readonly string[]): string[] {
  return [...new Set(search)].filter((w) => [...w].length >= MIN_INDEXED_WORD);
}

/**
 * How well an item matches a search (higher first), from its search words `text` and name words `name`: for each
 * word of `rankedWords`, its best match among the item's words, scored 1 to 6 (`placeIn`: inside a word 1, at a
 * word's start 2, the whole word 3; plus IN_NAME when that word is in the name), summed. So, word by word: the whole
 * word in the name, then the start of a name word, then inside one, then the same three in the rest of the text
 * (other name, description, organisation, terms, venue). Every word is in every item a search selects (they must
 * all occur), so the sum weighs how well, not how many. Ties keep the static list's order (by name).
 *
 * This is the reference the edge's word index computes without reading any item's text (respond.ts: the suffix
 * files tell how a word lies in each indexed word, the name postings which items hold it in their name).
 */
export function relevance(words: readonly string[], text: string, name = ''): number {
  const textWords = text.split(' ').filter(Boolean);
  const nameWords = new Set(name.split(' '));
  let score = 0;
  for (const word of words) {
    let best = 0;
    for (const indexed of textWords) {
      if (!indexed.includes(word)) continue;
      best = Math.max(best, placeIn(indexed, word) + (nameWords.has(indexed) ? IN_NAME : 0));
    }
    score += best;
  }
  return score;
}

/**
 * `positions` (in the list's order) best first by `score`, ties in their given order: a counting sort, since scores
 * are small whole numbers (at most 6 a word, 20 words), so ordering every match of a common word costs one pass.
 */
export function byRelevance(positions: readonly number[], score: (position: number) => number): number[] {
  const scores = new Uint8Array(positions.length);
  let best = 0;
  for (let i = 0; i < positions.length; i++) best = Math.max(best, (scores[i] = score(positions[i]!)));
  // Where each score's run begins in the answer: the runs of higher scores come before it.
  const next = new Uint32Array(best + 1);
  for (let i = 0; i < scores.length; i++) next[scores[i]!]!++;
  let at = 0;
  for (let s = best; s >= 0; s--) {
    const count = next[s]!;
    next[s] = at;
    at += count;
  }
  const out = new Array<number>(positions.length).fill(0);
  for (let i = 0; i < positions.length; i++) out[next[scores[i]!]!++] = positions[i]!;
  return out;
}

/** What ORUK 3.0 says about a page of a list, beside its contents: the same on a static page and an edge answer. */
export interface OrukPageInfo {
  total_items: number;
  total_pages: number;
  page_number: number;
  size: number;
  first_page: boolean;
  last_page: boolean;
  empty: boolean;
}

export interface PageOf extends OrukPageInfo {
  /** Positions of the page's items in the static list (0-based), in order. */
  positions: number[];
}

/** A test for one row (its compact fields, and its search text when the query searches). */
type Test = (row: Omit<QueryRow, 's'>, text: string) => boolean;

/** The tables rows refer to by number (the organisations only when the query names one: they are a file of their own). */
export type Tables = Pick<QueryIndexHead, 'terms'> & { organizations: readonly string[] };

/** Metres between two points on the Earth (haversine, mean radius): what `proximity` is measured in. */
export function metresBetween([lat1, lon1]: readonly [number, number], [lat2, lon2]: readonly [number, number]): number {
  const rad = Math.PI / 180;
  const a = Math.sin(((lat2 - lat1) * rad) / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(((lon2 - lon1) * rad) / 2) ** 2;
  return 2 * 6_371_008.8 * Math.asin(Math.min(1, Math.sqrt(a)));
}

function tests(tables: Tables, query: ListQuery): Test[] {
  const out: Test[] = [];
  if (query.search) {
    const words = query.search;
    out.push((_row, text) => words.every((w) => text.includes(w)));
  }
  if (query.taxonomy_term_id !== undefined) {
    const term = tables.terms.findIndex(([id]) => id === query.taxonomy_term_id);
    out.push((row) => term >= 0 && row.k !== undefined && row.k.includes(term));
  }
  if (query.taxonomy_id !== undefined) {
    const terms = new Set<number>();
    tables.terms.forEach(([, taxonomy], i) => {
      if (taxonomy === query.taxonomy_id) terms.add(i);
    });
    out.push((row) => row.k !== undefined && row.k.some((k) => terms.has(k)));
  }
  if (query.organization_id !== undefined) {
    const organisation = tables.organizations.indexOf(query.organization_id);
    out.push((row) => organisation >= 0 && row.o === organisation);
  }
  if (query.modified_after !== undefined) {
    const after = query.modified_after;
    // An item whose last change is unknown (built without git history) cannot be said to be modified after anything.
    out.push((row) => row.m !== undefined && Date.parse(row.m) >= after);
  }
  if (query.minimum_age !== undefined) {
    // ORUK 3.0: "services with a minimum age of at least the specified value". No minimum_age is no lower limit: 0.
    const least = query.minimum_age;
    out.push((row) => (row.a ?? 0) >= least);
  }
  if (query.maximum_age !== undefined) {
    // ORUK 3.0: "services with a maximum age of at [sic] equal to or below the specified value". No maximum_age is
    // no upper limit, never below a value.
    const most = query.maximum_age;
    out.push((row) => row.b !== undefined && row.b <= most);
  }
  if (query.proximity !== undefined && query.near) {
    // ORUK 3.0: "services that exist within [proximity] meters from the centroid of the provided postcode". A venue
    // without coordinates cannot be said to be within any distance.
    const { near, proximity } = query;
    out.push((row) => row.g !== undefined && metresBetween(near, row.g) <= proximity);
  }
  return out;
}

/** Whether a query reads the rows' search text (the shards' text files). */
export function searchesText(query: ListQuery): boolean {
  return query.search !== undefined;
}

/** Whether a query looks at rows at all (no filter and no postcode: every item, in order). */
export function readsRows(query: ListQuery): boolean {
  return Object.keys(query).some((k) => k !== 'page' && k !== 'per_page');
}

/** The positions a query selects, gathered a run of rows at a time, in the order the answer gives them. */
export class Selection {
  private readonly checks: Test[];
  private readonly positions: number[] = [];
  private readonly distances: number[] = [];
  private readonly query: ListQuery;

  constructor(tables: Tables, query: ListQuery) {
    this.query = query;
    this.checks = tests(tables, query);
  }

  /** Tests rows `from`, `from + 1`, … (`texts`, their search texts, when the query searches). */
  add(rows: readonly Omit<QueryRow, 's'>[], texts: readonly string[] | undefined, from: number): void {
    for (let i = 0; i < rows.length; i++) this.test(rows[i]!, texts?.[i] ?? '', from + i);
  }

  /**
   * Tests only the rows at `positions` (ascending, within `from` … `from + rows.length`) of a run of rows: the
   * candidates a word index gave. `rows` may be undefined when the query tests no compact field.
   */
  addAt(rows: readonly Omit<QueryRow, 's'>[] | undefined, texts: readonly string[] | undefined, from: number, positions: readonly number[]): void {
    for (const p of positions) this.test(rows?.[p - from] ?? {}, texts?.[p - from] ?? '', p);
  }

  private test(row: Omit<QueryRow, 's'>, text: string, position: number): void {
    if (!this.checks.every((t) => t(row, text))) return;
    this.positions.push(position);
    if (this.query.near) this.distances.push(row.g ? metresBetween(this.query.near, row.g) : Infinity);
  }

  /** The selected positions: list order, or nearest first when a postcode was given. */
  result(): number[] {
    if (!this.query.near) return this.positions;
    const order = this.positions.map((_, i) => i);
    // Array.prototype.sort is stable: equal distances (and venues without coordinates) keep the list's order.
    order.sort((a, b) => (this.distances[a]! === this.distances[b]! ? 0 : this.distances[a]! < this.distances[b]! ? -1 : 1));
    return order.map((i) => this.positions[i]!);
  }
}

/**
 * Positions (0-based) of the items a query selects, over a whole index in memory, in the answer's order: a search
 * without a postcode best first (`relevance`, from each row's text and name words).
 */
export function select(index: QueryIndex, endpoint: OrukEndpoint, query: ListQuery): number[] {
  const rows = index.endpoints[endpoint];
  const selection = new Selection(index, query);
  selection.add(rows, rows.map((r) => r.s), 0);
  const words = rankedWords(query.search ?? []);
  if (query.near || !words.length) return selection.result();
  return byRelevance(selection.result(), (p) => relevance(words, rows[p]!.s, rows[p]!.t));
}

/** The page a query asks for, over the selected positions. */
export function pageOf(selected: readonly number[], query: ListQuery, defaultSize: number): PageOf {
  const size = query.per_page ?? defaultSize;
  const page = query.page ?? 1;
  const total = selected.length;
  const pages = Math.max(1, Math.ceil(total / size));
  const positions = selected.slice((page - 1) * size, page * size);
  return { total_items: total, total_pages: pages, page_number: page, size, first_page: page === 1, last_page: page >= pages, empty: positions.length === 0, positions };
}
