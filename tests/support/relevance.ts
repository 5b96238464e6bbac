/**
 * The relevance harness: the judged queries (tests/site/relevance/judged.yaml) run through the site's real search
 * over the example data. The index is made by the build's own function (`buildSearchIndex`, the same documents,
 * synonyms, weights and Pagefind bundle `astro build` publishes, without rendering the pages), and searched with
 * that bundle's own pagefind.js, loaded in Node, through the search page's query pipeline (`searchListings`:
 * spelling correction, closed and overdue listings last). Used by tests/site/relevance.test.ts and
 * `npm run bench -- --only relevance`.
 *
 * Pagefind's browser script fetches its index files relative to itself; in Node those are file: addresses, which
 * Node's fetch does not read, so file: requests are answered from disk while the harness is loaded.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse } from 'yaml';
import { loadDataset } from '../../src/checks/load.ts';
import { buildSearchIndex } from '../../src/integrations/search.ts';
import { setBuildDataset } from '../../src/site/dataset.ts';
import { PAGEFIND_OPTIONS, searchListings, type PagefindSearch } from '../../src/site/search/query.ts';
import { inPartOrder, type Pagefind as ClientPagefind } from '../../src/site/client/search/pagefind.ts';
import { searchPartPath } from '../../src/site/search/files.ts';
import type { Vocabulary } from '../../src/site/search/spelling.ts';
import { repoRoot } from './shared.ts';

export const JUDGED_FILE = join(repoRoot, 'tests', 'site', 'relevance', 'judged.yaml');

/** The issue's targets: a right listing first for 85% of queries, in the top three for 95%, none without results. */
export const TARGETS = { first: 0.85, top3: 0.95, noResult: 0 } as const;

export interface JudgedQuery {
  query: string;
  /** Listing slugs (organisation/name) a link worker would accept. */
  expect: string[];
  outOfScope: boolean;
  note?: string;
}

export function readJudged(file = JUDGED_FILE): JudgedQuery[] {
  const doc = parse(readFileSync(file, 'utf8')) as { queries: { query: string; expect?: string[]; out_of_scope?: boolean; note?: string }[] };
  return doc.queries.map((q) => ({ query: q.query, expect: q.expect ?? [], outOfScope: q.out_of_scope === true, ...(q.note ? { note: q.note } : {}) }));
}

interface ResultData {
  url: string;
  meta: Record<string, string | undefined>;
}
interface Result {
  id: string;
  data(): Promise<ResultData>;
}
interface Pagefind extends PagefindSearch<Result> {
  options(o: Record<string, unknown>): Promise<void>;
  init(): Promise<void>;
  mergeIndex(path: string, options: Record<string, unknown>): Promise<void>;
}

export interface QueryOutcome {
  query: string;
  outOfScope: boolean;
  /** Slugs of the first results, in order (at most 10). */
  top: string[];
  /** "Temporarily closed" and the like, per result in `top`. */
  labels: (string | undefined)[];
  total: number;
  corrected: string | null;
  first: boolean;
  top3: boolean;
  /** 1-based position of the first right listing among `top`, or null. */
  rank: number | null;
}

export interface RelevanceFigures {
  judged: number;
  outOfScope: number;
  /** Shares of in-scope queries (0–1). */
  first: number;
  top3: number;
  noResult: number;
  outcomes: QueryOutcome[];
}

/** "/loop/services/org/name/" -> "org/name". */
export function slugOfUrl(url: string): string {
  const match = /\/(?:services|resources)\/(.+?)\/?$/.exec(url);
  return match ? match[1]! : url;
}

let fetchPatched = false;
function readFileUrlsWithFetch(): void {
  if (fetchPatched) return;
  fetchPatched = true;
  const original = globalThis.fetch;
  globalThis.fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (url.startsWith('file:')) {
      try {
        return new Response(readFileSync(new URL(url)));
      } catch {
        return new Response(null, { status: 404 });
      }
    }
    return original(input, init);
  }) as typeof fetch;
}

export interface RelevanceIndex {
  dir: string;
  /** How many Pagefind indexes the search merges. */
  parts: number;
  /** Pagefind, as the search page has it (parts merged and in order). */
  pagefind: PagefindSearch<Result>;
  /** One search, judged against nothing; `words` stands in for the build's spelling vocabulary. */
  search(query: string, words?: Vocabulary): Promise<QueryOutcome>;
  run(queries: readonly JudgedQuery[]): Promise<RelevanceFigures>;
  dispose(): void;
}

/**
 * Indexes the data in `dataDir` (the example data by default) and returns a searcher over it. `partSize` makes the
 * index in parts of that many listings, merged as the search page merges them (a region-sized index, made small).
 */
export async function relevanceIndex(dataDir = join(repoRoot, 'data'), options: { partSize?: number } = {}): Promise<RelevanceIndex> {
  const loaded = await loadDataset({ dataDir });
  if (!loaded.ok) throw new Error(`the data does not load: ${loaded.diagnostics.map((d) => d.message).join('; ')}`);
  setBuildDataset(loaded.dataset);
  const dir = mkdtempSync(join(tmpdir(), 'loop-relevance-'));
  const bundle = join(dir, 'pagefind');
  const built = await buildSearchIndex(bundle, options.partSize ? { partSize: options.partSize } : {});
  const vocabulary: Vocabulary = built.vocabulary;
  readFileUrlsWithFetch();
  // A fresh copy per index: the query string keeps Node from handing back a module loaded from another folder.
  const bundled = (await import(`${pathToFileURL(join(bundle, 'pagefind.js')).href}?${Date.now()}`)) as Pagefind;
  await bundled.options({ ...PAGEFIND_OPTIONS });
  await bundled.init();
  // The other parts, merged as the search page merges them (src/site/client/search/pagefind.ts).
  const { noWorker: _, ...each } = PAGEFIND_OPTIONS;
  for (let part = 1; part < built.parts; part++) await bundled.mergeIndex(pathToFileURL(join(bundle, searchPartPath(part))).href, { ...each });
  const pagefind = built.parts > 1 ? (inPartOrder(bundled as unknown as ClientPagefind, built.parts) as unknown as Pagefind) : bundled;

  const judge = async (query: string, expect: readonly string[], outOfScope: boolean, words: Vocabulary = vocabulary): Promise<QueryOutcome> => {
    const outcome = await searchListings(pagefind, query, {}, async () => words);
    const data = await Promise.all(outcome.results.slice(0, 10).map((r) => r.data()));
    const top = data.map((d) => slugOfUrl(d.url));
    const index = top.findIndex((slug) => expect.includes(slug));
    return {
      query,
      outOfScope,
      top,
      labels: data.map((d) => d.meta['status']),
      total: outcome.results.length,
      corrected: outcome.corrected,
      first: index === 0,
      top3: index >= 0 && index < 3,
      rank: index >= 0 ? index + 1 : null,
    };
  };

  return {
    dir,
    parts: built.parts,
    pagefind,
    search: (query, words) => judge(query, [], false, words),
    async run(queries) {
      const outcomes: QueryOutcome[] = [];
      for (const q of queries) outcomes.push(await judge(q.query, q.expect, q.outOfScope));
      const scoped = outcomes.filter((o) => !o.outOfScope);
      const share = (test: (o: QueryOutcome) => boolean) => (scoped.length ? scoped.filter(test).length / scoped.length : 0);
      return {
        judged: scoped.length,
        outOfScope: outcomes.length - scoped.length,
        first: share((o) => o.first),
        top3: share((o) => o.top3),
        noResult: share((o) => o.total === 0),
        outcomes,
      };
    },
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** One line per query that misses a target, for a failing test or the bench's notes. */
export function misses(figures: RelevanceFigures): string[] {
  return figures.outcomes
    .filter((o) => !o.outOfScope && !o.first)
    .map((o) => `"${o.query}"${o.corrected ? ` (as "${o.corrected}")` : ''}: right listing ${o.rank ? `at ${o.rank}` : 'not in the top 10'}; first: ${o.top.slice(0, 3).join(', ') || 'no results'}`);
}
