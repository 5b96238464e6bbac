/** The parts of Pagefind's browser API the search page uses, and loading it once. */
import { PAGEFIND_OPTIONS } from '../../search/query.ts';
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
}

/** Loads the bundle on first use. */
export function pagefindLoader(bundle: string): () => Promise<Pagefind> {
  let pagefind: Promise<Pagefind> | undefined;
  return () =>
    (pagefind ??= (import(/* @vite-ignore */ bundle) as Promise<Pagefind>).then(async (pf) => {
      // Result URLs are indexed with the site's base path already in them. No web worker: searching a
      // LOOP-sized index takes milliseconds on the main thread, and the worker script is 40 kB more to download.
      await pf.options({ ...PAGEFIND_OPTIONS });
      await pf.init();
      return pf;
    }));
}
