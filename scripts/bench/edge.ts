/**
 * Issue #17: the edge query layer's response time, measured on the core (src/edge/respond.ts, the code both hosts'
 * functions run) over a generated 10,000-service dataset, with the published files in memory so the figure is the
 * function's own work (reading the index and page files, filtering, paging, writing the answer), not the network.
 *
 * Each query is timed warm (the index already parsed, as it is after an isolate's first request; median of 5), and
 * the cold start (reading and parsing the index) separately. It runs at two static page sizes, the default 10,000
 * (one page at Leeds scale) and 1,000: a filtered answer reads every static page file holding one of its items
 * (copying the items out by the index's offsets, never parsing the page). The index size is checked against Cloudflare Pages' 25 MiB limit for one file.
 */
import { join } from 'node:path';
import { validateData } from '../../src/checks/load.ts';
import { answerQuery, loadIndex, type StaticFiles } from '../../src/edge/respond.ts';
import type { QueryIndex } from '../../src/edge/query-index.ts';
import { History } from '../../src/history/history.ts';
import { makeContext, type PublishContext } from '../../src/publish/context.ts';
import { PageLayouts, queryIndexFiles } from '../../src/publish/edge.ts';
import { orukApiEntries } from '../../src/publish/oruk-api.ts';
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
  for (const [path, text] of queryIndexFiles(ctx, pageSize, layouts.all())) files.set(`/${path}`, text as string);
  return files;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

export const edgeBenchmark: Benchmark = {
  name: 'edge',
  description: `edge query layer core: answers over ${SERVICES.toLocaleString('en-GB')} synthetic services (warm median of ${RUNS}; cold index load)`,
  async run() {
    const dir = syntheticDataset(SERVICES);
    const result = await validateData({ dataDir: join(dir, 'data'), root: dir, asOf: '2026-11-24' });
    if (!result.dataset) throw new Error('the synthetic dataset did not load');
    const dataset = result.dataset;
    const figures: Figure[] = [];
    for (const pageSize of [10_000, 1_000]) {
      const ctx = makeContext(dataset, { history: History.unavailable('benchmark') });
      let started = performance.now();
      const files = publishedLists(ctx, pageSize);
      const publishMs = performance.now() - started;
      const read: StaticFiles = async (path) => files.get(path);
      const indexBytes = Buffer.byteLength(files.get('/oruk/v3/query-index.json')!);
      started = performance.now();
      const index = await loadIndex(read);
      const coldMs = performance.now() - started;
      const warm = async (): Promise<QueryIndex> => index;
      const term = mostUsedTerm(index);
      const organisation = index.organizations[0]!;
      const word = dataset.listings[0]!.name.split(' ')[0]!.toLowerCase();
      const queries: [string, string][] = [
        ['page 2 of 50', '/oruk/v3/services?per_page=50&page=2'],
        [`search "${word}", 50 a page`, `/oruk/v3/services?search=${encodeURIComponent(word)}&per_page=50`],
        ['search with no match', '/oruk/v3/services?search=zzqxjv'],
        ['taxonomy_term_id (most used), 50 a page, page 3', `/oruk/v3/services?taxonomy_term_id=${term}&per_page=50&page=3`],
        ['organization_id, default page', `/oruk/v3/services?organization_id=${organisation}`],
        ['minimum_age=18, 100 a page', '/oruk/v3/services?minimum_age=18&per_page=100'],
        ['service_at_locations search "leeds", 50 a page', '/oruk/v3/service_at_locations?search=leeds&per_page=50'],
        [`taxonomy_term_id (most used), default page (${pageSize})`, `/oruk/v3/services?taxonomy_term_id=${term}`],
      ];
      const label = `static pages of ${pageSize.toLocaleString('en-GB')}`;
      figures.push({ name: `edge: query index size (${label})`, value: indexBytes / 1024 / 1024, unit: 'MiB', target: { max: 25 } });
      figures.push({ name: `edge: building the index in publish (${label})`, value: publishMs, unit: 'ms (with the list files)' });
      figures.push({ name: `edge: cold start, reading the index (${label})`, value: coldMs, unit: 'ms', target: { max: 500 } });
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
        // A page of 50 should be quick whatever the filter when static pages are small; the default-size page is
        // reported without a target (it writes up to a page-size answer).
        const target = pageSize === 1_000 && !name.includes('default page') ? { max: 100 } : undefined;
        figures.push({ name: `edge: ${name} (${label})`, value: median(times), unit: 'ms', ...(target ? { target } : {}) });
      }
    }
    return figures;
  },
};

/** The taxonomy term carried by the most services. */
function mostUsedTerm(index: QueryIndex): string {
  const counts = new Map<number, number>();
  for (const row of index.endpoints.services) for (const k of row.k ?? []) counts.set(k, (counts.get(k) ?? 0) + 1);
  const [best] = [...counts].sort((a, b) => b[1] - a[1])[0]!;
  return index.terms[best]![0];
}
