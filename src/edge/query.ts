/**
 * Filtering and paging over the query index: which items (by their position in the static list) a list query
 * selects, and the ORUK page around them. Pure: no I/O, so the edge functions, the tests and the benchmark run the
 * same code.
 *
 * Paging is the static API's: `size` is the page size asked for (every page of one query has the same size, so page
 * N starts at item (N-1)*size+1), there is always a page 1 (empty when nothing matches), and a page past the last
 * is answered, empty, rather than refused.
 */
import type { OrukEndpoint } from '../urls/site.ts';
import type { ListQuery } from './parameters.ts';
import type { QueryIndex, QueryRow } from './query-index.ts';

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

/** A test for one row, made once per query from the index's tables. */
type Test = (row: QueryRow) => boolean;

function tests(index: QueryIndex, query: ListQuery): Test[] {
  const out: Test[] = [];
  if (query.search) {
    const words = query.search;
    out.push((row) => words.every((w) => row.s.includes(w)));
  }
  if (query.taxonomy_term_id !== undefined) {
    const term = index.terms.findIndex(([id]) => id === query.taxonomy_term_id);
    out.push((row) => term >= 0 && row.k !== undefined && row.k.includes(term));
  }
  if (query.taxonomy_id !== undefined) {
    const terms = new Set<number>();
    index.terms.forEach(([, taxonomy], i) => {
      if (taxonomy === query.taxonomy_id) terms.add(i);
    });
    out.push((row) => row.k !== undefined && row.k.some((k) => terms.has(k)));
  }
  if (query.organization_id !== undefined) {
    const organisation = index.organizations.indexOf(query.organization_id);
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
  return out;
}

/** Positions (0-based, static list order) of the items a query selects. */
export function select(index: QueryIndex, endpoint: OrukEndpoint, query: ListQuery): number[] {
  const rows = index.endpoints[endpoint];
  const checks = tests(index, query);
  const out: number[] = [];
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    if (checks.every((t) => t(row))) out.push(i);
  }
  return out;
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
