/**
 * Issue #19, search at region scale: `npm run bench -- --only search-scale --services N` builds the site's search
 * index alone (no Astro: scripts/bench/search-index-run.ts runs `buildSearchIndex`, the build's own function) and
 * then searches it in Chromium the way the search page does.
 *
 * Prints: listings indexed, indexing time, peak memory of the process tree (Node and the Pagefind binary), the
 * bundle's size and file count, and per typical query (a common word, a rare one, a word with a filter), each in a
 * fresh browser context (a cold cache): time to the first result's details and bytes transferred, split into
 * Pagefind's start-up (pagefind.js, its WebAssembly, the index's metadata: what the search page fetches as it
 * loads) and the query itself (index chunks, filter chunks, the spelling vocabulary, ten results' details).
 * Targets (issue #19, at 100,000 services): first results under 300 ms and under 300 kB transferred.
 *
 * The dataset: `LOOP_BENCH_DATA=/path/to/root` (a folder holding data/ and loop.config.yaml, e.g. made with
 * `npm run generate`), else the synthetic dataset of N services (made once in .cache/bench/). The index is kept in
 * .cache/bench/search-scale-N/; `LOOP_BENCH_REINDEX=0` searches the one already there without indexing again.
 * Files the browser fetches are served as a CDN would: JavaScript and JSON gzipped, Pagefind's own files (already
 * compressed) as they are; transfer sizes are Chromium's encoded body sizes plus headers.
 */
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { launchChromium } from '../../tests/support/browser.ts';
import { PAGEFIND_BASE } from '../../src/urls/site.ts';
import { searchPartPath, SPELLING_FILE_PATH } from '../../src/site/search/files.ts';
import { measure, repoRoot, syntheticDataset, workDir, type Benchmark, type Figure } from './support.ts';
import type { BenchSearch } from './search-scale-page.ts';

/** Typical searches: a word most listings have, one few have, and a word with a filter (free only). */
export const QUERIES: { name: string; query: string; filters: Record<string, string> }[] = [
  { name: 'common word', query: 'support', filters: {} },
  { name: 'rare word', query: 'tinnitus', filters: {} },
  { name: 'word and filter', query: 'advice', filters: { free: 'yes' } },
];

/** What Pagefind fetches to start (the search page starts it as it loads): its script, entry, metadata, WebAssembly. */
const STARTUP = /(pagefind\.js|pagefind-entry\.json|\.pf_meta|\.pagefind)$/;

const TARGET_MS = 300;
const TARGET_KB = 300;

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.json': 'application/json', '.css': 'text/css' };

/** Serves `root` and the benchmark page, compressing text as a CDN would. */
export function serve(root: string, page: string, script: string): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    let body: Buffer;
    if (path === '/') body = Buffer.from(page);
    else if (path === '/bench.js') body = Buffer.from(script);
    else {
      const file = normalize(join(root, path));
      if (!file.startsWith(root + sep) || !existsSync(file) || !statSync(file).isFile()) {
        res.writeHead(404).end();
        return;
      }
      body = readFileSync(file);
    }
    const type = path === '/' ? '.html' : extname(path);
    const headers: Record<string, string> = { 'content-type': TYPES[type] ?? 'application/octet-stream', 'cache-control': 'no-store' };
    if (TYPES[type] && (req.headers['accept-encoding'] ?? '').includes('gzip')) {
      body = gzipSync(body);
      headers['content-encoding'] = 'gzip';
    }
    res.writeHead(200, { ...headers, 'content-length': String(body.length) }).end(body);
  });
  return new Promise((resolvePromise) => server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    resolvePromise({ server, url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/` });
  }));
}

function folderFacts(dir: string): { bytes: number; files: number } {
  let bytes = 0;
  let files = 0;
  for (const e of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!e.isFile()) continue;
    bytes += statSync(join(e.parentPath, e.name)).size;
    files++;
  }
  return { bytes, files };
}

interface Transfer {
  bytes: number;
  requests: number;
  /** Bytes by kind of file (pf_index, pf_fragment, json...), for the notes. */
  byKind: Record<string, number>;
}

/** A resource the page fetched, from its Resource Timing entry: headers and the body as sent (compressed). */
interface Fetched {
  path: string;
  transferSize: number;
}

function transferOf(fetched: Fetched[]): Transfer {
  const byKind: Record<string, number> = {};
  let bytes = 0;
  for (const f of fetched) {
    const kind = extname(f.path).slice(1) || 'page';
    byKind[kind] = (byKind[kind] ?? 0) + f.transferSize;
    bytes += f.transferSize;
  }
  return { bytes, requests: fetched.length, byKind };
}

interface Searched {
  name: string;
  startMs: number;
  start: Transfer;
  result: BenchSearch;
  query: Transfer;
}

/** Each query in a fresh browser context: page load, Pagefind's start-up, then the search, each phase's requests apart. */
async function searchInBrowser(site: string): Promise<Searched[]> {
  const script = await build({ entryPoints: [join(import.meta.dirname, 'search-scale-page.ts')], bundle: true, format: 'esm', write: false, minify: true, target: 'es2022' });
  const partsDir = join(site, 'pagefind', 'parts');
  const parts = existsSync(partsDir) ? readdirSync(partsDir).map(Number).sort((a, b) => a - b).map((n) => `${PAGEFIND_BASE}${searchPartPath(n)}`) : [];
  const page = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>search-scale</title></head><body data-bundle="${PAGEFIND_BASE}pagefind.js" data-spelling="${SPELLING_FILE_PATH}"${parts.length ? ` data-parts="${parts.join(' ')}"` : ''}><script type="module" src="/bench.js"></script></body></html>`;
  const { server, url } = await serve(site, page, script.outputFiles[0]!.text);
  const browser = await launchChromium();
  const out: Searched[] = [];
  try {
    for (const q of QUERIES) {
      const context = await browser.newContext();
      const tab = await context.newPage();
      await tab.goto(url, { waitUntil: 'load' });
      await tab.waitForFunction(() => 'loopBench' in window);
      const before = await tab.evaluate(() => performance.getEntriesByType('resource').length);
      const startMs = await tab.evaluate(() => (window as unknown as { loopBench: { start(): Promise<number> } }).loopBench.start());
      const result = await tab.evaluate(([query, filters]) => (window as unknown as { loopBench: { search(q: string, f: Record<string, string>): Promise<BenchSearch> } }).loopBench.search(query, filters), [q.query, q.filters] as const);
      // Every file the search needed has arrived (the page awaited each), so each has its Resource Timing entry.
      const fetched = await tab.evaluate((from) => (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).slice(from).map((e) => ({ path: new URL(e.name).pathname, transferSize: e.transferSize })), before);
      const start = transferOf(fetched.filter((f) => STARTUP.test(f.path)));
      const query = transferOf(fetched.filter((f) => !STARTUP.test(f.path)));
      if (!result.results) throw new Error(`the "${q.query}" search found nothing: choose another typical query`);
      out.push({ name: q.name, startMs, start, result, query });
      await context.close();
    }
  } finally {
    await browser.close();
    server.close();
  }
  return out;
}

export const searchScaleBenchmark: Benchmark = {
  name: 'search-scale',
  description: 'search at region scale (issue #19): the search index alone at --services N, then typical searches in Chromium',
  async run(options = {}) {
    const services = options.services ?? 10_000;
    const label = services.toLocaleString('en-GB');
    const root = process.env.LOOP_BENCH_DATA ? resolve(process.env.LOOP_BENCH_DATA) : syntheticDataset(services);
    const out = join(workDir, `search-scale-${services}`);
    const figures: Figure[] = [];
    if (process.env.LOOP_BENCH_REINDEX !== '0' || !existsSync(join(out, 'pagefind', 'pagefind.js'))) {
      rmSync(out, { recursive: true, force: true });
      // The check cache makes a second run's loading quick; indexing is timed on its own either way.
      const cache = join(workDir, `search-scale-check-cache-${services}`);
      const run = await measure(join(repoRoot, 'node_modules', '.bin', 'node'), [join(import.meta.dirname, 'search-index-run.ts'), root, out, cache]);
      if (run.code !== 0) throw new Error(`indexing ${label} services failed:\n${run.output.slice(-3000)}`);
      const facts = JSON.parse(run.output.trim().split('\n').at(-1)!) as { loadMs: number; indexMs: number; listings: number; parts: number; words: number; rssAfterLoad: number };
      const bundle = folderFacts(join(out, 'pagefind'));
      figures.push(
        { name: `listings indexed (${label} services)`, value: facts.listings, unit: '' },
        { name: 'loading the dataset (validation, check cache)', value: facts.loadMs, unit: 'ms' },
        { name: 'indexing: documents, Pagefind, bundle written', value: facts.indexMs, unit: 'ms' },
        { name: 'peak memory, Node and Pagefind (process tree)', value: run.peakBytes / 1024 / 1024, unit: 'MiB', target: { max: 4096 } },
        { name: 'memory after loading the dataset, before indexing', value: facts.rssAfterLoad / 1024 / 1024, unit: 'MiB' },
        { name: 'Pagefind bundle: size', value: bundle.bytes, unit: 'bytes' },
        { name: 'Pagefind bundle: files', value: bundle.files, unit: '' },
        { name: 'Pagefind indexes (parts the search page merges)', value: facts.parts, unit: '' },
        { name: 'spelling vocabulary: words', value: facts.words, unit: '' },
      );
    }
    // Every part's metadata (page list, sort orders) is fetched before the first search: it grows with the listings.
    const metas = readdirSync(join(out, 'pagefind'), { recursive: true, withFileTypes: true }).filter((e) => e.isFile() && e.name.endsWith('.pf_meta'));
    figures.push({ name: `Pagefind metadata, all parts (${metas.length} files, fetched to start)`, value: metas.reduce((sum, e) => sum + statSync(join(e.parentPath, e.name)).size, 0) / 1024, unit: 'kB' });
    for (const s of await searchInBrowser(out)) {
      const kb = (t: Transfer) => t.bytes / 1024;
      console.log(`    ${s.name} "${QUERIES.find((q) => q.name === s.name)!.query}": ${s.result.results} results; start-up ${JSON.stringify(s.start.byKind)}; query ${JSON.stringify(s.query.byKind)}`);
      figures.push(
        { name: `${s.name}: Pagefind start-up (page load)`, value: s.startMs, unit: 'ms' },
        { name: `${s.name}: first result, Pagefind started`, value: s.result.firstMs, unit: 'ms', target: { max: TARGET_MS } },
        { name: `${s.name}: first result, cold (start-up + search)`, value: s.startMs + s.result.firstMs, unit: 'ms' },
        { name: `${s.name}: first 10 results' details`, value: s.result.pageMs, unit: 'ms' },
        { name: `${s.name}: transferred, start-up (${s.start.requests} requests)`, value: kb(s.start), unit: 'kB' },
        { name: `${s.name}: transferred, search (${s.query.requests} requests)`, value: kb(s.query), unit: 'kB' },
        { name: `${s.name}: transferred, cold total`, value: kb(s.start) + kb(s.query), unit: 'kB', target: { max: TARGET_KB } },
      );
    }
    return figures;
  },
};
