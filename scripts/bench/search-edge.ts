/**
 * Issue #19: the search page's first results through the edge, end to end in Chromium, at region scale (100,000
 * services): the time from submitting a search to the first results drawn, and the bytes the browser fetched for
 * them, against 300 ms and 300 kB.
 *
 *   LOOP_BENCH_PUBLISHED=<folder> npm run bench -- --only search-edge
 *
 * What it serves, so the page is the real one and the answers the real edge core's, without building a region's
 * whole site (over an hour at 100,000 services):
 *
 * - the ORUK API and query index of the region: LOOP_BENCH_PUBLISHED, a folder `node scripts/bench/oruk-run.ts
 *   <project> <folder> 1000 --edge` wrote (static pages of 1,000, as docs/scale.md advises with the edge on);
 *   without it, the synthetic dataset of --services N (default 100,000; LOOP_BENCH_DATA for another project) is
 *   published that way into .cache/bench/ first;
 * - the site's pages: LOOP_BENCH_SITE, a built site (`astro build --outDir <folder>`), or the example site built
 *   into .cache/bench/ once. Its search form is given the `data-edge` a region's build writes (its index has more
 *   than one part), so the search page's own script asks the edge first, as on a region's site;
 * - `GET <base>oruk/v3/services?…`: answered by the edge core (answerQuery, src/edge/respond.ts) over the region's
 *   files read from disk, as a host's function reads its static assets. "New isolate": a fresh index cache for
 *   the search (its head, word files, layouts and pages read and parsed), the worst case; "warm": the isolate's
 *   cache after the same search once;
 * - every text file gzipped, as a CDN sends it, so transfer sizes are a host's.
 *
 * Each search runs in a fresh browser context (a cold browser cache) on a loaded search page: the time is from
 * the form's submit to the frame after the first result card is in the list, measured in the page; the bytes are
 * the Resource Timing transfer sizes of what the page fetched from the submit to then (headers included). The page's
 * own assets (HTML, CSS, scripts, fetched as it loads, before any search) are reported apart. The edge's own time
 * and CPU for each answer are measured in the server.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { gzipSync } from 'node:zlib';
import { launchChromium } from '../../tests/support/browser.ts';
import { answerQuery, indexCache, type LoadedIndex, type StaticFiles } from '../../src/edge/respond.ts';
import { SEARCH_WORDS_HEAD } from '../../src/site/search/words.ts';
import { measure, repoRoot, syntheticDataset, workDir, type Benchmark, type Figure } from './support.ts';

/** The searches: a common word, two words, a rare word, and a stop word (in every listing, inside many words). */
export const EDGE_QUERIES: { name: string; query: string }[] = [
  { name: 'common word', query: 'support' },
  { name: 'two words', query: 'support group' },
  // The generated data has no "tinnitus" (a search with no match starts Pagefind, for its spelling correction):
  // "epilepsy", 1.4 % of the generated listings, stands for a rare word that matches.
  { name: 'rare word', query: 'epilepsy' },
  { name: 'stop word', query: 'and' },
];

/** The search made before a "second search" with the word index: a word every generated listing set has. */
const WARM_UP = 'care';
const TARGET_MS = 300;
/** Added to every request on a phone's network (Chromium's throttling). */
const PHONE_LATENCY_MS = 50;
/** Between keys when the words are typed: a quick typist on a phone. */
const TYPING_MS = 90;
const TARGET_KB = 300;
const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.json': 'application/json', '.css': 'text/css', '.svg': 'image/svg+xml', '.webmanifest': 'application/manifest+json' };

/**
 * How the page gets its first results: from the edge (`data-edge`, the edge core answering), or from the static word
 * index (`data-words`, a region's build without an edge host: src/site/search/word-files.ts).
 */
type Mode = 'edge' | 'words';
const WORDS_HEAD = SEARCH_WORDS_HEAD.slice(1);

/**
 * The region's published files: LOOP_BENCH_PUBLISHED, or the synthetic dataset published once (the ORUK API and
 * query index for the edge; the word index alone for the static page).
 */
async function regionFolder(services: number, mode: Mode): Promise<string> {
  if (process.env.LOOP_BENCH_PUBLISHED) return resolve(process.env.LOOP_BENCH_PUBLISHED);
  const root = process.env.LOOP_BENCH_DATA ? resolve(process.env.LOOP_BENCH_DATA) : syntheticDataset(services);
  const out = join(workDir, `search-${mode}-${services}`);
  if (!existsSync(join(out, mode === 'edge' ? 'oruk/v3/query-index.json' : WORDS_HEAD))) {
    const run = await measure(join(repoRoot, 'node_modules', '.bin', 'node'), [join(import.meta.dirname, 'oruk-run.ts'), root, out, '1000', `--${mode}`]);
    if (run.code !== 0) throw new Error(`publishing the region's API failed:\n${run.output}`);
  }
  return out;
}

/** The built site: LOOP_BENCH_SITE, or the example site built once into .cache/bench/. */
function siteFolder(): string {
  if (process.env.LOOP_BENCH_SITE) return resolve(process.env.LOOP_BENCH_SITE);
  const out = join(workDir, 'search-edge-site');
  if (!existsSync(join(out, 'search', 'index.html'))) {
    const built = spawnSync(join(repoRoot, 'node_modules', '.bin', 'node'), [join(repoRoot, 'node_modules', 'astro', 'bin', 'astro.mjs'), 'build', '--outDir', out], {
      cwd: repoRoot,
      env: { ...process.env, LOOP_AS_OF: '2026-11-24', ASTRO_TELEMETRY_DISABLED: '1' },
      encoding: 'utf8',
    });
    if (built.status !== 0) throw new Error(`the site did not build:\n${built.stdout}\n${built.stderr}`);
  }
  return out;
}

/** What the server did for one edge answer: its wall time and CPU, and the bytes of the region's files it read. */
interface EdgeWork {
  /** Wall time of the answer in the server, and the server process's CPU meanwhile (the edge core's, mostly). */
  edgeMs: number;
  cpuMs: number;
  read: number;
}

interface Front {
  server: Server;
  origin: string;
  base: string;
  /** The index cache the next edge answers use: a new one is a new isolate. */
  isolate(index: LoadedIndex): void;
  work: EdgeWork[];
}

/** The search page, the site's files and the edge (or the word index), behind one origin, text gzipped. */
async function front(site: string, region: string, mode: Mode): Promise<Front> {
  const searchHtml = readFileSync(join(site, 'search', 'index.html'), 'utf8');
  const base = /<form id="search-form"[^>]* action="([^"]*)search\/"/.exec(searchHtml)?.[1] ?? '/';
  const edgePath = `${base}oruk/v3/services`;
  // The form a region's build writes: its index in several parts, and the edge layer on or off (src/pages/search.astro).
  const page = searchHtml.replace('<form id="search-form"', mode === 'edge' ? `<form id="search-form" data-edge="${edgePath}"` : `<form id="search-form" data-words="${base}${WORDS_HEAD}"`);
  const cache = new Map<string, string>();
  let read = 0;
  // A host's function reads its static assets; the files are read from disk once and kept, as a CDN's edge would.
  const files: StaticFiles = async (path) => {
    let text = cache.get(path);
    if (text === undefined) {
      const file = join(region, path);
      if (!existsSync(file)) return undefined;
      text = await readFile(file, 'utf8');
      cache.set(path, text);
    }
    read += Buffer.byteLength(text);
    return text;
  };
  let index = indexCache();
  const work: EdgeWork[] = [];
  // Cached as a host caches them (five minutes), so the icon a page's address change asks for again comes from the
  // browser's cache, as on a host; each search's context starts with an empty cache.
  const send = (request: IncomingMessage, response: ServerResponse, status: number, body: Buffer, type: string, cache = 'public, max-age=300') => {
    const headers: Record<string, string> = { 'content-type': type, 'cache-control': cache };
    if (/text|json|javascript|svg/.test(type) && (request.headers['accept-encoding'] ?? '').includes('gzip')) {
      body = gzipSync(body);
      headers['content-encoding'] = 'gzip';
    }
    response.writeHead(status, { ...headers, 'content-length': String(body.length) }).end(body);
  };
  const server = createServer((request, response) => {
    void (async () => {
      const url = new URL(request.url ?? '/', 'http://front');
      if (url.pathname === edgePath && url.search) {
        read = 0;
        const cpu = process.cpuUsage();
        const started = performance.now();
        const answer = (await answerQuery(new Request(`https://region.example${url.pathname.slice(base.length - 1)}${url.search}`), files, index))!;
        const body = Buffer.from(await answer.arrayBuffer());
        const used = process.cpuUsage(cpu);
        work.push({ edgeMs: performance.now() - started, cpuMs: (used.user + used.system) / 1000, read });
        send(request, response, answer.status, body, answer.headers.get('content-type') ?? 'application/json', answer.headers.get('cache-control') ?? 'no-store');
        return;
      }
      if (url.pathname === `${base}search/`) return send(request, response, 200, Buffer.from(page), TYPES['.html']!);
      const path = decodeURIComponent(url.pathname);
      const inSite = path.startsWith(base) ? path.slice(base.length) : path;
      // The region's own ORUK files (a service's file, a static list page) and word index, the site's for the rest.
      const root = inSite.startsWith('oruk/') || inSite.startsWith(WORDS_HEAD.slice(0, WORDS_HEAD.lastIndexOf('/') + 1)) ? region : site;
      const file = normalize(join(root, inSite));
      const target = existsSync(file) && statSync(file).isDirectory() ? join(file, 'index.html') : file;
      if (!target.startsWith(root + sep) || !existsSync(target)) return send(request, response, 404, Buffer.from('not found'), 'text/plain');
      send(request, response, 200, readFileSync(target), TYPES[extname(target)] ?? 'application/octet-stream');
    })().catch((error: unknown) => response.writeHead(500).end(String(error)));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  const origin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return { server, origin, base, work, isolate: (next) => (index = next) };
}

interface Measured {
  ms: number;
  total: string;
  cards: number;
  searchBytes: number;
  searchRequests: string[];
  assetBytes: number;
  assetRequests: number;
}

/** In the page: submit the search, and resolve at the frame after the first result card is in the list. */
function submitAndWait(query: string): Promise<{ ms: number; from: number; status: string; cards: number }> {
  const results = document.querySelector('#results')!;
  const form = document.querySelector<HTMLFormElement>('#search-form')!;
  const from = performance.getEntriesByType('resource').length;
  return new Promise((done, fail) => {
    let started = 0;
    setTimeout(() => fail(new Error(`no result card within 20 s of submitting "${query}"`)), 20_000);
    const observer = new MutationObserver(() => {
      if (!results.querySelector('li')) return;
      observer.disconnect();
      requestAnimationFrame(() => done({ ms: performance.now() - started, from, status: document.querySelector('#status')?.textContent ?? '', cards: results.querySelectorAll('li').length }));
    });
    observer.observe(results, { childList: true, subtree: true });
    document.querySelector<HTMLInputElement>('#q')!.value = query;
    started = performance.now();
    form.requestSubmit();
  });
}

/**
 * Each search in a fresh browser context. `fresh`: through the edge, a new isolate; with the word index, the page's
 * first search. Not fresh: the isolate after the same search once; the page after another search (its head read).
 */
async function searchInBrowser(at: Front, queries: typeof EDGE_QUERIES, fresh: boolean, mode: Mode = 'edge', latencyMs = 0): Promise<(Measured & EdgeWork & { name: string; query: string })[]> {
  // On a phone's network the words are typed, a key every TYPING_MS (the page starts reading what it can as they
  // come, as for a person), and the search submitted at once after the last: the time is from that submit.
  const typed = latencyMs > 0;
  const browser = await launchChromium();
  const out: (Measured & EdgeWork & { name: string; query: string })[] = [];
  try {
    for (const q of queries) {
      if (fresh) at.isolate(indexCache());
      else if (mode === 'edge') {
        // Warm: the same search once before, in this isolate.
        await (await answerQueryVia(at, q.query)).arrayBuffer();
      }
      at.work.length = 0;
      const context = await browser.newContext();
      const tab = await context.newPage();
      if (latencyMs) {
        // A phone's network: each request waits a round trip more (Chromium's own throttling, as its devtools do).
        const cdp = await context.newCDPSession(tab);
        await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: latencyMs, downloadThroughput: (10_000_000 / 8), uploadThroughput: (5_000_000 / 8) });
      }
      // The page's own start has settled (its scripts ran): nothing more is fetched until the search, but for the
      // icon, which Chromium asks for again when the search changes the page's address (counted with the search).
      await tab.goto(`${at.origin}${at.base}search/`, { waitUntil: 'networkidle' });
      await tab.waitForFunction(() => document.querySelector('#status')?.textContent !== '');
      const assets = await tab.evaluate(() => {
        const navigation = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
        const resources = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
        return { bytes: navigation.transferSize + resources.reduce((n, e) => n + e.transferSize, 0), requests: 1 + resources.length };
      });
      if (mode === 'words' && !fresh) {
        // Another search first, as someone refining a search does: the head is then in the page's memory.
        await tab.evaluate(submitAndWait, WARM_UP);
        await tab.waitForFunction(() => document.querySelector('#results')?.getAttribute('aria-busy') === 'false');
      }
      if (typed) await tab.locator('#q').pressSequentially(q.query, { delay: TYPING_MS });
      const result = await tab.evaluate(submitAndWait, q.query);
      // The count the page announces (after its pause for screen readers): the edge's total.
      await tab.waitForFunction(() => /results? for/.test(document.querySelector('#status')?.textContent ?? ''));
      result.status = (await tab.textContent('#status')) ?? '';
      const fetched = await tab.evaluate((from) => (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).slice(from).map((e) => ({ path: new URL(e.name).pathname + new URL(e.name).search, bytes: e.transferSize })), result.from);
      await context.close();
      const edge = at.work[0] ?? { edgeMs: NaN, cpuMs: NaN, read: NaN };
      out.push({ name: q.name, query: q.query, ms: result.ms, total: result.status, cards: result.cards, searchBytes: fetched.reduce((n, f) => n + f.bytes, 0), searchRequests: fetched.map((f) => f.path), assetBytes: assets.bytes, assetRequests: assets.requests, ...edge });
    }
  } finally {
    await browser.close();
  }
  return out;
}

/** The edge's answer for a search as the page asks it (ten a page), through the server's current isolate. */
function answerQueryVia(at: Front, query: string): Promise<Response> {
  return fetch(`${at.origin}${at.base}oruk/v3/services?search=${encodeURIComponent(query)}&per_page=10`);
}

export const searchEdgeBenchmark: Benchmark = {
  name: 'search-edge',
  description: 'the search page\'s first results through the edge in Chromium at region scale (issue #19; LOOP_BENCH_PUBLISHED, or --services N, default 100,000)',
  async run(options = {}) {
    const services = options.services ?? 100_000;
    const region = await regionFolder(services, 'edge');
    const site = siteFolder();
    const at = await front(site, region, 'edge');
    const figures: Figure[] = [];
    const count = (JSON.parse(readFileSync(join(region, 'oruk', 'v3', 'query-index.json'), 'utf8')) as { endpoints: { services: { count: number } } }).endpoints.services.count;
    const label = `${count.toLocaleString('en-GB')} listings`;
    try {
      for (const fresh of [true, false]) {
        const kind = fresh ? 'new isolate' : 'warm isolate';
        for (const m of await searchInBrowser(at, EDGE_QUERIES, fresh)) {
          const about = `${m.name} "${m.query}" (${label}, ${kind})`;
          const edgeRequests = m.searchRequests.filter((r) => r.includes('/oruk/'));
          const other = m.searchRequests.filter((r) => !r.includes('/oruk/'));
          // The edge path, as the search page should take it: one request, none of Pagefind, ten cards.
          if (edgeRequests.length !== 1 || other.some((r) => r.includes('/pagefind/')) || m.cards !== 10) {
            throw new Error(`${about}: expected one edge request and ten cards without Pagefind, got ${m.cards} cards and ${m.searchRequests.join(', ')}`);
          }
          console.log(`search-edge: ${about}: ${m.total.trim()} | requests ${m.searchRequests.join(' ')}`);
          figures.push({ name: `search page via the edge: ${about}: submit to first results drawn`, value: m.ms, unit: 'ms', target: { max: TARGET_MS } });
          figures.push({ name: `search page via the edge: ${about}: transferred for the search (${m.searchRequests.length} request${m.searchRequests.length === 1 ? '' : 's'})`, value: m.searchBytes / 1000, unit: 'kB', target: { max: TARGET_KB } });
          figures.push({ name: `search page via the edge: ${about}: the edge's answer, in the server`, value: m.edgeMs, unit: 'ms' });
          figures.push({ name: `search page via the edge: ${about}: the edge's CPU for the answer`, value: m.cpuMs, unit: 'ms' });
          figures.push({ name: `search page via the edge: ${about}: region files the edge read (host side)`, value: m.read / 1000, unit: 'kB' });
        }
      }
      // The page's own assets, fetched as it loads (before any search): the same for every search.
      const [first] = await searchInBrowser(at, EDGE_QUERIES.slice(0, 1), false);
      figures.push({ name: `search page via the edge: the page's own assets as it loads (${first!.assetRequests} requests, before any search)`, value: first!.assetBytes / 1000, unit: 'kB' });
    } finally {
      at.server.close();
    }
    return figures;
  },
};

export const searchWordsBenchmark: Benchmark = {
  name: 'search-words',
  description: "the search page's first results from the static word index in Chromium at region scale, without an edge host (issue #19; LOOP_BENCH_PUBLISHED, or --services N, default 100,000)",
  async run(options = {}) {
    const services = options.services ?? 100_000;
    const region = await regionFolder(services, 'words');
    const site = siteFolder();
    const at = await front(site, region, 'words');
    const figures: Figure[] = [];
    const count = (JSON.parse(readFileSync(join(region, WORDS_HEAD), 'utf8')) as { count: number }).count;
    const label = `${count.toLocaleString('en-GB')} listings`;
    try {
      for (const fresh of [true, false]) {
        const kind = fresh ? "the page's first search" : 'after another search';
        for (const m of await searchInBrowser(at, EDGE_QUERIES, fresh, 'words')) {
          const about = `${m.name} "${m.query}" (${label}, ${kind})`;
          // The static path, as the search page should take it: word files and cards only, none of Pagefind, ten cards.
          if (m.searchRequests.some((r) => r.includes('/pagefind/') || r.includes('/oruk/')) || m.cards !== 10) {
            throw new Error(`${about}: expected ten cards from the word index without Pagefind, got ${m.cards} cards and ${m.searchRequests.join(', ')}`);
          }
          console.log(`search-words: ${about}: ${m.total.trim()} | ${m.searchRequests.length} requests ${m.searchRequests.join(' ')}`);
          figures.push({ name: `search page via the word index: ${about}: submit to first results drawn`, value: m.ms, unit: 'ms', target: { max: TARGET_MS } });
          figures.push({ name: `search page via the word index: ${about}: transferred for the search (${m.searchRequests.length} requests)`, value: m.searchBytes / 1000, unit: 'kB', target: { max: TARGET_KB } });
        }
      }
      // On a phone's network (each round trip 50 ms more, 10 Mbit/s down), the words typed and then submitted: the
      // page's first search, and the same through the edge for comparison (one request).
      for (const [mode, place] of [['words', at], ['edge', await front(site, await regionFolder(services, 'edge'), 'edge')]] as const) {
        try {
          for (const m of await searchInBrowser(place, EDGE_QUERIES, true, mode, PHONE_LATENCY_MS)) {
            figures.push({ name: `search page via ${mode === 'words' ? 'the word index' : 'the edge (for comparison)'}: ${m.name} "${m.query}" (${label}, the page's first search, typed, ${PHONE_LATENCY_MS} ms round trips): submit to first results drawn`, value: m.ms, unit: 'ms', target: { max: TARGET_MS } });
          }
        } finally {
          if (place !== at) place.server.close();
        }
      }
      const [first] = await searchInBrowser(at, EDGE_QUERIES.slice(0, 1), true, 'words');
      figures.push({ name: `search page via the word index: the page's own assets as it loads (${first!.assetRequests} requests, before any search)`, value: first!.assetBytes / 1000, unit: 'kB' });
    } finally {
      at.server.close();
    }
    return figures;
  },
};
