// Browser side of the search-scale benchmark, bundled with esbuild into a minimal page: the search page's own way of
// loading Pagefind (pagefindLoader: the published pagefind.js with LOOP's PAGEFIND_OPTIONS), the same query pipeline
// (searchListings, with the spelling vocabulary fetched as the page fetches it) and the first page of results'
// details, ten at once as the results list asks for them. The benchmark drives `window.loopBench` and times it.
import { pagefindLoader } from '../../src/site/client/search/pagefind.ts';
import { searchListings } from '../../src/site/search/query.ts';
import type { Vocabulary } from '../../src/site/search/spelling.ts';

const PAGE_SIZE = 10;
// Resource Timing keeps 250 entries by default; a search over many index parts fetches more.
performance.setResourceTimingBufferSize(10_000);

const { bundle, spelling, parts } = document.body.dataset as { bundle: string; spelling: string; parts?: string };
const load = pagefindLoader(bundle, parts ? parts.split(' ') : []);
let vocabulary: Promise<Vocabulary> | undefined;
const loadVocabulary = () => (vocabulary ??= fetch(spelling).then((r) => (r.ok ? (r.json() as Promise<Vocabulary>) : { words: [] })));

export interface BenchSearch {
  /** Milliseconds to the first result's details, and to the first page's. */
  firstMs: number;
  pageMs: number;
  results: number;
  titles: string[];
}

async function search(query: string, filters: Record<string, string>): Promise<BenchSearch> {
  const started = performance.now();
  const pagefind = await load();
  const outcome = await searchListings(pagefind, query, Object.keys(filters).length ? { filters } : {}, loadVocabulary);
  const pending = outcome.results.slice(0, PAGE_SIZE).map((r) => r.data());
  const first = pending.length ? await pending[0]! : undefined;
  const firstMs = performance.now() - started;
  const page = await Promise.all(pending);
  return { firstMs: first ? firstMs : Number.NaN, pageMs: performance.now() - started, results: outcome.results.length, titles: page.map((d) => d.meta['title'] ?? '') };
}

async function start(): Promise<number> {
  const started = performance.now();
  await load();
  return performance.now() - started;
}

(window as unknown as { loopBench: unknown }).loopBench = { start, search };
