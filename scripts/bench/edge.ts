/**
 * Issue #17: the edge query layer's response time, measured on the core (src/edge/respond.ts, the code both hosts'
 * functions run) over a generated dataset (10,000 services, or `--services N`; LOOP_BENCH_DATA=<project folder>
 * to use one already generated, e.g. 100,000 services), with the published files in memory so the figure is the
 * function's own work (reading the index head and shards and the page files, filtering, paging, writing the
 * answer), not the network.
 *
 * Each query is timed warm (median of 5, with the isolate's bounded shard cache as it is after earlier requests),
 * and a cold start separately: a new isolate's first search. Issue #19 adds a text search at region scale through
 * the word index (`searchAtScale`): a common word, a rare one and two words, first search and warm, with the index
 * and page bytes each read, against 300 ms and 300 kB. A "new isolate" is a new index cache in this process, so its
 * code is already compiled: a real cold start adds the function's own start-up. It runs at the
 * default static page size and at 10,000. The index is published in shards (query-index.ts); the largest file is
 * checked against a 20 MiB bound (Cloudflare Pages refuses files over 25 MiB).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { validateData } from '../../src/checks/load.ts';
import { answerQuery, indexCache, type StaticFiles } from '../../src/edge/respond.ts';
import type { QueryIndexHead } from '../../src/edge/query-index.ts';
import { History } from '../../src/history/history.ts';
import { makeContext, type PublishContext } from '../../src/publish/context.ts';
import { PageLayouts, queryIndexFiles } from '../../src/publish/edge.ts';
import { DEFAULT_ORUK_PAGE_SIZE, orukApiEntries } from '../../src/publish/oruk-api.ts';
import { syntheticDataset, type Benchmark, type Figure } from './support.ts';

const SERVICES = 10_000;
const RUNS = 5;

/** The list and page files of the static API and the index, in memory (no item files: the layer never reads them). */
function publishedLists(ctx: PublishContext, pageSize: number): Map<string, string> {
  const files = new Map<string, string>();
  for (const [path, text] of orukApiEntries(ctx, { pageSize, htmlCopies: false })) {
    if (/^oruk\/v3\/[a-z_]+(\.json|\/page\/\d+\.json)$/.test(path)) files.set(`/${path}`, text);
  }
  const layouts = new PageLayouts();
  for (const [path, text] of files) layouts.add(path.slice(1), text);
  for (const [path, text] of queryIndexFiles(ctx, pageSize, layouts.all())) files.set(`/${path}`, text);
  return files;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

const MiB = 1024 * 1024;

/** A folder an `oruk-run.ts --edge` wrote (LOOP_BENCH_PUBLISHED): its list, page and index files, read from disk. */
function publishedFolder(out: string): Map<string, string> {
  const files = new Map<string, string>();
  const base = join(out, 'oruk', 'v3');
  for (const entry of readdirSync(base, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = `/${relative(out, join(entry.parentPath, entry.name))}`;
    if (/^\/oruk\/v3\/([a-z_]+\.json|[a-z_]+\/page\/\d+\.json|query-index.*)$/.test(path)) files.set(path, readFileSync(join(out, path), 'utf8'));
  }
  return files;
}

export const edgeBenchmark: Benchmark = {
  name: 'edge',
  description: `edge query layer core: answers over synthetic services (${SERVICES.toLocaleString('en-GB')}, or --services N; warm median of ${RUNS}; cold start)`,
  async run(options = {}) {
    if (process.env.LOOP_BENCH_PUBLISHED) {
      const files = publishedFolder(process.env.LOOP_BENCH_PUBLISHED);
      const head = JSON.parse(files.get('/oruk/v3/query-index.json')!) as QueryIndexHead;
      return queryFigures(files, head, { listings: head.endpoints.services.count, publishMs: undefined, word: 'community', postcode: Object.keys(JSON.parse(files.get('/oruk/v3/query-index/postcodes.json')!) as object).find((k) => k.includes(' ')) ?? 'LS7 3HB' });
    }
    const dir = process.env.LOOP_BENCH_DATA ?? syntheticDataset(options.services ?? SERVICES);
    // The same check cache as oruk-run.ts, so a large dataset is parsed once across benchmark runs.
    const result = await validateData({ dataDir: join(dir, 'data'), root: dir, asOf: '2026-11-24', cacheDir: join(tmpdir(), `loop-bench-cache-${resolve(dir).replace(/[^A-Za-z0-9]+/g, '-')}`) });
    if (!result.dataset) throw new Error('the synthetic dataset did not load');
    const dataset = result.dataset;
    const figures: Figure[] = [];
    for (const pageSize of [...new Set([DEFAULT_ORUK_PAGE_SIZE, 10_000])]) {
      const ctx = makeContext(dataset, { history: History.unavailable('benchmark') });
      const started = performance.now();
      const files = publishedLists(ctx, pageSize);
      const publishMs = performance.now() - started;
      const head = JSON.parse(files.get('/oruk/v3/query-index.json')!) as QueryIndexHead;
      const word = dataset.listings[0]!.name.split(' ')[0]!.toLowerCase();
      const postcode = dataset.locations.find((l) => l.address?.postal_code && l.latitude !== undefined)?.address?.postal_code ?? 'LS7 3HB';
      figures.push(...(await queryFigures(files, head, { listings: dataset.listings.length, publishMs, word, postcode })));
    }
    return figures;
  },
};

/** The figures for one published API: index file sizes, a cold start, and each query warm. */
async function queryFigures(files: Map<string, string>, head: QueryIndexHead, about: { listings: number; publishMs: number | undefined; word: string; postcode: string }): Promise<Figure[]> {
  const figures: Figure[] = [];
  const pageSize = head.page_size;
  const { word, postcode } = about;
  const read: StaticFiles = async (path) => files.get(path);
  const indexFiles = [...files].filter(([path]) => path.startsWith('/oruk/v3/query-index'));
  let largest: [string, number] = ['', 0];
  for (const [path, text] of indexFiles) if (text.length > largest[1]) largest = [path, text.length];
  const label = `${about.listings.toLocaleString('en-GB')} listings, static pages of ${pageSize.toLocaleString('en-GB')}`;
  const term = mostUsedTerm(head, files);
  const organisation = (JSON.parse(files.get('/oruk/v3/query-index/organizations.json')!) as { ids: string[] }).ids[0]!;
  const started = performance.now();
  const cold = (await answerQuery(new Request(`https://loop.example.org/oruk/v3/services?search=${encodeURIComponent(word)}&per_page=50`), read, indexCache()))!;
  await cold.text();
  const coldMs = performance.now() - started;
  const warm = indexCache();
  const queries: [string, string][] = [
    ['page 2 of 50', '/oruk/v3/services?per_page=50&page=2'],
    [`search "${word}", 50 a page`, `/oruk/v3/services?search=${encodeURIComponent(word)}&per_page=50`],
    ['search with no match', '/oruk/v3/services?search=zzqxjv'],
    ['taxonomy_term_id (most used), 50 a page, page 3', `/oruk/v3/services?taxonomy_term_id=${term}&per_page=50&page=3`],
    ['organization_id, default page', `/oruk/v3/services?organization_id=${organisation}`],
    ['minimum_age=18, 100 a page', '/oruk/v3/services?minimum_age=18&per_page=100'],
    ['service_at_locations search "leeds", 50 a page', '/oruk/v3/service_at_locations?search=leeds&per_page=50'],
    [`service_at_locations postcode ${postcode}, proximity 2 km, 50 a page`, `/oruk/v3/service_at_locations?postcode=${encodeURIComponent(postcode)}&proximity=2000&per_page=50`],
    [`taxonomy_term_id (most used), default page (${pageSize})`, `/oruk/v3/services?taxonomy_term_id=${term}`],
  ];
  figures.push({ name: `edge: largest index file, ${largest[0].replace('/oruk/v3/', '')} (${label})`, value: largest[1] / MiB, unit: 'MiB', target: { max: 20 } });
  figures.push({ name: `edge: index head (${label})`, value: files.get('/oruk/v3/query-index.json')!.length / MiB, unit: 'MiB' });
  figures.push({ name: `edge: index in all, ${indexFiles.length} files (${label})`, value: indexFiles.reduce((n, [, t]) => n + t.length, 0) / MiB, unit: 'MiB' });
  if (about.publishMs !== undefined) figures.push({ name: `edge: building the lists and index in publish (${label})`, value: about.publishMs, unit: 'ms' });
  figures.push({ name: `edge: cold start, a new isolate's first search (${label})`, value: coldMs, unit: 'ms' });
  for (const [name, path] of queries) {
    const times: number[] = [];
    let status = 0;
    for (let run = 0; run < RUNS; run++) {
      const t = performance.now();
      const response = (await answerQuery(new Request(`https://loop.example.org${path}`), read, warm))!;
      await response.text();
      times.push(performance.now() - t);
      status = response.status;
    }
    if (status !== 200) throw new Error(`${path} answered ${status}`);
    // A page of 50 should be quick whatever the filter at 10,000 services; larger answers and lists are
    // reported without a target.
    const target = about.listings <= 20_000 && !name.includes('default page') ? { max: 100 } : undefined;
    figures.push({ name: `edge: ${name} (${label})`, value: median(times), unit: 'ms', ...(target ? { target } : {}) });
  }
  figures.push(...(await searchAtScale(files, label)));
  figures.push({ name: `edge: memory in use after the queries (${label}; files in memory too)`, value: process.memoryUsage().rss / MiB, unit: 'MiB' });
  return figures;
}

/**
 * Issue #19: a text search at region scale through the word index, as a search page would ask it (the first ten
 * results): a new isolate's first search (the head, its words' files, its page's layouts and static pages) and the
 * same search warm, each with what it read. The targets are the issue's, 300 ms and 300 kB; "index read" is the
 * index files fetched (what the word index bounds), "pages read" the static page files the items are copied from,
 * on the host's side (the browser receives only the answer, reported too).
 */
async function searchAtScale(files: Map<string, string>, label: string): Promise<Figure[]> {
  const figures: Figure[] = [];
  const kB = 1000;
  const searches: [string, string][] = [
    ['common word "support"', 'search=support'],
    // "tinnitus" is the search-scale benchmark's rare word; the generated data has none, so "epilepsy" (1.4 % of
    // the generated listings, as tinnitus is of real ones there) stands for a rare word that matches.
    ['rare word "epilepsy"', 'search=epilepsy'],
    ['rare word "tinnitus"', 'search=tinnitus'],
    ['two words "support group"', 'search=support%20group'],
    // A word in nearly every listing, and inside many words ("and" in "handyperson", "standing"): the index's worst
    // kind of word short of one letter (which is not looked up).
    ['stop-ish word "and"', 'search=and'],
  ];
  for (const [name, query] of searches) {
    let indexBytes = 0;
    let pageBytes = 0;
    const counting: StaticFiles = async (path) => {
      const text = files.get(path);
      if (text !== undefined && path.startsWith('/oruk/v3/query-index')) indexBytes += Buffer.byteLength(text);
      else if (text !== undefined) pageBytes += Buffer.byteLength(text);
      return text;
    };
    const url = `https://loop.example.org/oruk/v3/services?${query}&per_page=10`;
    const cache = indexCache();
    const started = performance.now();
    const response = (await answerQuery(new Request(url), counting, cache))!;
    const body = await response.text();
    const coldMs = performance.now() - started;
    if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
    const total = (JSON.parse(body) as { total_items: number }).total_items;
    const cold = { index: indexBytes, pages: pageBytes };
    const times: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      indexBytes = 0;
      pageBytes = 0;
      const t = performance.now();
      await (await answerQuery(new Request(url), counting, cache))!.text();
      times.push(performance.now() - t);
    }
    const about = `${name}, ${total.toLocaleString('en-GB')} matches, first 10 (${label})`;
    figures.push({ name: `edge search: ${about}: a new isolate's first search`, value: coldMs, unit: 'ms', target: { max: 300 } });
    figures.push({ name: `edge search: ${about}: index read by the first search`, value: cold.index / kB, unit: 'kB', target: { max: 300 } });
    figures.push({ name: `edge search: ${about}: static pages read by the first search (host side)`, value: cold.pages / kB, unit: 'kB' });
    // The search page draws its first results from this answer alone (its items carry their pages: issue #19); in
    // the browser, end to end, see the search-edge benchmark.
    figures.push({ name: `edge search: ${about}: the answer sent (all the search page fetches for its first results)`, value: Buffer.byteLength(body) / kB, unit: 'kB', target: { max: 300 } });
    figures.push({ name: `edge search: ${about}: warm`, value: median(times), unit: 'ms', target: { max: 300 } });
    figures.push({ name: `edge search: ${about}: index read warm`, value: indexBytes / kB, unit: 'kB' });
  }
  return figures;
}

/** The taxonomy term carried by the most services. */
function mostUsedTerm(head: QueryIndexHead, files: Map<string, string>): string {
  const counts = new Map<number, number>();
  head.endpoints.services.shards.forEach((_, n) => {
    const shard = JSON.parse(files.get(`/oruk/v3/query-index/services/${n}.json`)!) as { rows: { k?: number[] }[] };
    for (const row of shard.rows) for (const k of row.k ?? []) counts.set(k, (counts.get(k) ?? 0) + 1);
  });
  const [best] = [...counts].sort((a, b) => b[1] - a[1])[0]!;
  return head.terms[best]![0];
}
