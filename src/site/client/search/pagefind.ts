/** The parts of Pagefind's browser API the search page uses, and loading it once. */
import { PAGEFIND_OPTIONS, PART_FILTER } from '../../search/query.ts';
export interface PagefindResultData {
  url: string;
  meta: Record<string, string | undefined>;
}
export interface PagefindResult {
  id: string;
  data(): Promise<PagefindResultData>;
}
export interface PagefindResponse {
  results: PagefindResult[];
}
export interface SearchOptions {
  filters?: Record<string, unknown>;
  sort?: Record<string, string>;
}
export interface Pagefind {
  options(o: Record<string, unknown>): Promise<void>;
  init(): Promise<void>;
  search(query: string | null, options: SearchOptions): Promise<PagefindResponse>;
  preload(query: string): Promise<void>;
  mergeIndex(path: string, options: Record<string, unknown>): Promise<void>;
}

/**
 * Loads the bundle on first use. `parts`: the folders of the index's other parts, when a large dataset's index was
 * made in several (src/integrations/pagefind-bundle.ts); Pagefind merges them into one search.
 */
export function pagefindLoader(bundle: string, parts: readonly string[] = []): () => Promise<Pagefind> {
  let pagefind: Promise<Pagefind> | undefined;
  return () =>
    (pagefind ??= (import(/* @vite-ignore */ bundle) as Promise<Pagefind>).then(async (pf) => {
      // Result URLs are indexed with the site's base path already in them. No web worker: searching a
      // LOOP-sized index takes milliseconds on the main thread, and the worker script is 40 kB more to download.
      await pf.options({ ...PAGEFIND_OPTIONS });
      await pf.init();
      if (!parts.length) return pf;
      // Every part ranks as the first does (the worker option is the whole search's, not a part's).
      const { noWorker: _, ...each } = PAGEFIND_OPTIONS;
      await Promise.all(parts.map((path) => pf.mergeIndex(path, { ...each })));
      return inPartOrder(pf, parts.length + 1);
    }));
}

/**
 * Pagefind merges the parts' results by score; sorted by name, a result's score is only its place within its own
 * part, so the merged list would interleave the parts. The parts follow the listings' name order, so a search
 * sorted by name asks each part for its results (the part filter) and puts the parts one after another.
 */
export function inPartOrder(pf: Pagefind, count: number): Pagefind {
  const search: Pagefind['search'] = async (query, options) => {
    const direction = options.sort?.['name'];
    if (!direction) return pf.search(query, options);
    const order = Array.from({ length: count }, (_, i) => i);
    if (direction === 'desc') order.reverse();
    const each = await Promise.all(order.map((part) => pf.search(query, { ...options, filters: { ...options.filters, [PART_FILTER]: String(part) } })));
    return { results: each.flatMap((r) => r.results) };
  };
  return { options: (o) => pf.options(o), init: () => pf.init(), search, preload: (q) => pf.preload(q), mergeIndex: (p, o) => pf.mergeIndex(p, o) };
}
