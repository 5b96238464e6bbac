/**
 * Issues #17 and #19: the ORUK API at region scale. Publishes only the ORUK API (and the edge layer's query index)
 * of a dataset, in a child process (scripts/bench/oruk-run.ts) so peak memory is its own, at the default page size,
 * and prints the pages of each list, the largest file (target: at most 25 MiB, Cloudflare Pages' limit for one
 * file), the largest file of the query index (target: at most 20 MiB), bytes, time and peak memory.
 *
 *   npm run bench -- --only oruk --services 100000
 *   LOOP_BENCH_DATA=/tmp/r100k npm run bench -- --only oruk      # a project folder (data/ inside) already generated
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_ORUK_PAGE_SIZE } from '../../src/publish/oruk-api.ts';
import { measure, repoRoot, syntheticDataset, workDir, type Benchmark, type Figure } from './support.ts';

interface RunOutput {
  services: number;
  pageSize: number;
  loadMs: number;
  apiMs: number;
  orukMs: number;
  orukCpuMs: number;
  files: number;
  bytes: number;
  largest: { path: string; bytes: number };
  largestIndex?: { path: string; bytes: number };
  pages: Record<string, number>;
}

const MiB = 1024 * 1024;

export const orukBenchmark: Benchmark = {
  name: 'oruk',
  description: `the ORUK API alone at region scale (--services N, default 10,000; or LOOP_BENCH_DATA), pages of ${DEFAULT_ORUK_PAGE_SIZE.toLocaleString('en-GB')}`,
  async run(options = {}) {
    const dir = process.env.LOOP_BENCH_DATA ?? syntheticDataset(options.services ?? 10_000);
    const out = join(workDir, 'oruk-out');
    rmSync(out, { recursive: true, force: true });
    const run = await measure(join(repoRoot, 'node_modules', '.bin', 'node'), [join(repoRoot, 'scripts', 'bench', 'oruk-run.ts'), dir, out, String(DEFAULT_ORUK_PAGE_SIZE), '--edge']);
    rmSync(out, { recursive: true, force: true });
    if (run.code !== 0) throw new Error(`publishing the ORUK API failed:\n${run.output.slice(-2000)}`);
    const result = JSON.parse(run.output.trim().split('\n').at(-1)!) as RunOutput;
    const n = result.services.toLocaleString('en-GB');
    const figures: Figure[] = [
      { name: `oruk: listings (${n})`, value: result.services, unit: '' },
      ...Object.entries(result.pages).map(([endpoint, pages]) => ({ name: `oruk: pages of ${endpoint}`, value: pages, unit: '' })),
      { name: `oruk: largest file, ${result.largest.path}`, value: result.largest.bytes / MiB, unit: 'MiB', target: { max: 25 } },
      ...(result.largestIndex ? [{ name: `oruk: largest query index file, ${result.largestIndex.path}`, value: result.largestIndex.bytes / MiB, unit: 'MiB', target: { max: 20 } }] : []),
      { name: 'oruk: files (without the .html copies, which repeat the same bodies)', value: result.files, unit: '' },
      { name: 'oruk: bytes', value: result.bytes, unit: 'bytes' },
      { name: 'oruk: writing the API (generating and writing)', value: result.apiMs, unit: 'ms' },
      { name: 'oruk: the API and the query index, CPU time', value: result.orukCpuMs, unit: 'ms' },
      { name: 'oruk: loading the dataset first (not counted above)', value: result.loadMs, unit: 'ms' },
      { name: 'oruk: peak memory of the whole run (loading included)', value: run.peakBytes, unit: 'bytes' },
    ];
    return figures;
  },
};
