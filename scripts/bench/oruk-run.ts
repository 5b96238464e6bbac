// Child process of the ORUK benchmark (scripts/bench/oruk.ts): loads a dataset, writes only the ORUK API (and, with
// `--edge`, the edge layer's query index; with `--words`, only the search page's word index, src/site/search/word-files.ts) into a folder, and prints one line of JSON: pages per list, the largest
// API file and the largest index file, bytes, timings. It runs the oruk publisher's own generators (orukApiEntries, queryIndexFiles), not
// publish(), so a 100,000-service measurement does not wait for the feeds, the zip and the rest.
//
//   node scripts/bench/oruk-run.ts <project dir holding data/> <out dir> [page size] [--edge | --words]
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { validateData } from '../../src/checks/load.ts';
import { History } from '../../src/history/history.ts';
import { makeContext } from '../../src/publish/context.ts';
import { PageLayouts, queryIndexFiles } from '../../src/publish/edge.ts';
import { DEFAULT_ORUK_PAGE_SIZE, orukApiEntries } from '../../src/publish/oruk-api.ts';
import { searchWordFiles } from '../../src/site/search/word-files.ts';

const args = process.argv.slice(2);
const edge = args.includes('--edge');
const words = args.includes('--words');
const [dir, outArg, size] = args.filter((a) => a !== '--edge' && a !== '--words');
if (!dir || !outArg) throw new Error('usage: oruk-run.ts <project dir> <out dir> [page size] [--edge | --words]');
const out = resolve(outArg);
const pageSize = size ? Number(size) : DEFAULT_ORUK_PAGE_SIZE;
const project = resolve(dir);
const started = performance.now();
const result = await validateData({ dataDir: join(project, 'data'), root: project, asOf: '2026-11-24', cacheDir: join(tmpdir(), `loop-bench-cache-${project.replace(/[^A-Za-z0-9]+/g, '-')}`) });
if (!result.dataset) throw new Error('the dataset did not load');
const loaded = performance.now();
const cpu = process.cpuUsage();
const ctx = makeContext(result.dataset, { history: History.unavailable('benchmark') });
const layouts = edge ? new PageLayouts() : undefined;
const pages: Record<string, number> = {};
let files = 0;
let bytes = 0;
let largest = { path: '', bytes: 0 };
let largestIndex = { path: '', bytes: 0 };
const made = new Set<string>();
function write(path: string, text: string | Uint8Array): void {
  const full = join(out, path);
  if (!made.has(dirname(full))) {
    mkdirSync(dirname(full), { recursive: true });
    made.add(dirname(full));
  }
  writeFileSync(full, text);
  const n = typeof text === 'string' ? Buffer.byteLength(text) : text.byteLength;
  files++;
  bytes += n;
  if (path.startsWith('oruk/v3/query-index')) {
    if (n > largestIndex.bytes) largestIndex = { path, bytes: n };
  } else if (n > largest.bytes) largest = { path, bytes: n };
  const page = /^oruk\/v3\/([a-z_]+)\/page\/(\d+)\.json$/.exec(path);
  if (page) pages[page[1]!] = Math.max(pages[page[1]!] ?? 0, Number(page[2]));
}
if (words) {
  // The search page's word index alone (its own generators, read from the full services as publish() reads them).
  for (const [path, text] of searchWordFiles(ctx)) write(path, text);
  const used = process.cpuUsage(cpu);
  console.log(JSON.stringify({ listings: result.dataset.listings.length, loadMs: loaded - started, wordsMs: performance.now() - loaded, wordsCpuMs: (used.user + used.system) / 1000, files, bytes, largest }));
  process.exit(0);
}
const entries = orukApiEntries(ctx, { pageSize, htmlCopies: false });
for (const [path, text] of layouts ? layouts.watch(entries) : entries) write(path, text);
const apiMs = performance.now() - loaded;
if (layouts) for (const [path, text] of queryIndexFiles(ctx, pageSize, layouts.all())) write(path, text);
const used = process.cpuUsage(cpu);
console.log(JSON.stringify({ services: result.dataset.listings.length, pageSize, loadMs: loaded - started, apiMs, orukMs: performance.now() - loaded, orukCpuMs: (used.user + used.system) / 1000, files, bytes, largest, ...(edge ? { largestIndex } : {}), pages }));
