// Child process of the search-scale benchmark: loads a dataset, builds the site's search index exactly as the build
// does (buildSearchIndex: the documents, the Pagefind worker, the spelling vocabulary) without Astro, puts it in
// `out` as the build would, and prints timings and memory as JSON. Its own process, so the benchmark can sample the
// peak memory of it and the Pagefind binary together.
import { join, resolve } from 'node:path';
import { validateData } from '../../src/checks/load.ts';
import { buildSearchIndex, publishSearchIndex } from '../../src/integrations/search.ts';
import { setBuildDataset } from '../../src/site/dataset.ts';

const [root, out, cacheDir] = process.argv.slice(2).map((p) => resolve(p)) as [string, string, string | undefined];
const started = performance.now();
const result = await validateData({ dataDir: join(root, 'data'), root, asOf: '2026-11-24', ...(cacheDir ? { cacheDir } : {}) });
if (!result.dataset || result.errors) throw new Error(`the dataset has ${result.errors} errors`);
setBuildDataset(result.dataset);
const loaded = performance.now();
const rssAfterLoad = process.memoryUsage().rss;
const cpu = process.cpuUsage();
const built = await buildSearchIndex(join(out, '.bundle'));
const indexed = performance.now();
const used = process.cpuUsage(cpu);
publishSearchIndex(built, out);
console.log(
  JSON.stringify({
    loadMs: loaded - started,
    indexMs: indexed - loaded,
    indexCpuMs: (used.user + used.system) / 1000,
    listings: built.listings,
    parts: built.parts,
    words: built.vocabulary.words.length,
    rssAfterLoad,
    worker: built.worker,
  }),
);
