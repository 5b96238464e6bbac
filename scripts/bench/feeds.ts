/**
 * Issue: feed generation (ORUK API, LOOP feeds, downloads, schemas, manifest) for 10,000 synthetic services in
 * under 15 s, with the sizes of what it publishes. Runs publish() in a child process (scripts/bench/feeds-run.ts)
 * so peak memory is that of a build, into a fresh folder each time (Astro empties dist/ before a build too).
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { measure, repoRoot, syntheticDataset, workDir, type Benchmark, type Figure } from './support.ts';

interface RunOutput {
  loadMs: number;
  publishMs: number;
  publishCpuMs: number;
  phases: Record<string, number>;
  files: number;
  bytes: number;
  listings: number;
  sizes: Record<string, number>;
}

export const feedsBenchmark: Benchmark = {
  name: 'feeds',
  description: 'publish the open data (ORUK API, feeds, downloads) for 10,000 synthetic services',
  async run() {
    const dir = syntheticDataset(10_000);
    const out = join(workDir, 'feeds-out');
    rmSync(out, { recursive: true, force: true });
    const run = await measure(join(repoRoot, 'node_modules', '.bin', 'node'), [join(repoRoot, 'scripts', 'bench', 'feeds-run.ts'), dir, out]);
    if (run.code !== 0) throw new Error(`publishing failed:\n${run.output.slice(-2000)}`);
    const result = JSON.parse(run.output.trim().split('\n').at(-1)!) as RunOutput;
    rmSync(out, { recursive: true, force: true });
    const size = (path: string) => result.sizes[path] ?? 0;
    const total = (prefix: string) => Object.entries(result.sizes).filter(([p]) => p.startsWith(prefix)).reduce((sum, [, n]) => sum + n, 0);
    const serviceFiles = Object.keys(result.sizes).filter((p) => /^oruk\/v3\/services\/[0-9a-f-]{36}\.json$/.test(p));
    const figures: Figure[] = [
      { name: 'listings (services and resources)', value: result.listings, unit: '' },
      { name: 'feed generation: publish() (10,000 services)', value: result.publishMs, unit: 'ms', target: { max: 15_000 } },
      { name: 'CPU time of publish() (all threads; steadier on a busy machine)', value: result.publishCpuMs, unit: 'ms' },
      ...Object.entries(result.phases).map(([phase, ms]) => ({ name: `  of which ${phase}`, value: ms, unit: 'ms' })),
      { name: 'loading and validating the data first (not counted above)', value: result.loadMs, unit: 'ms' },
      { name: 'peak memory of the whole run', value: run.peakBytes, unit: 'bytes' },
      { name: 'files published', value: result.files, unit: '' },
      { name: 'bytes published', value: result.bytes, unit: 'bytes' },
      { name: 'feeds/v1/listings.json', value: size('feeds/v1/listings.json'), unit: 'bytes' },
      { name: 'feeds/v1/ in all (slices, records, history)', value: total('feeds/'), unit: 'bytes' },
      { name: 'oruk/v3/services.json (one page)', value: size('oruk/v3/services.json'), unit: 'bytes' },
      { name: 'oruk/v3/ in all', value: total('oruk/'), unit: 'bytes' },
      { name: 'mean fully nested ORUK service', value: serviceFiles.reduce((s, p) => s + size(p), 0) / Math.max(1, serviceFiles.length) / 1024, unit: 'kB' },
      { name: 'downloads/services.ndjson', value: size('downloads/services.ndjson'), unit: 'bytes' },
      { name: 'downloads/hsds/ (CSV tables)', value: total('downloads/hsds/'), unit: 'bytes' },
      { name: 'downloads/listings.csv', value: size('downloads/listings.csv'), unit: 'bytes' },
      { name: 'downloads/loop-data.zip', value: size('downloads/loop-data.zip'), unit: 'bytes' },
    ];
    return figures;
  },
};
