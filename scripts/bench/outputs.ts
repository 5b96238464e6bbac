/**
 * Issue #19, "every output streams": `loop publish` (the open data, without Astro) of a synthetic dataset, in a
 * child process: wall time, the publish time it logs, peak memory of the whole process tree, the largest file
 * written and the output's size. `npm run bench -- --only outputs --services 100000`.
 *
 * LOOP_BENCH_DATA=/path (a folder holding data/ and loop.config.yaml) uses a dataset made elsewhere instead of
 * generating one; LOOP_BENCH_REPO=/path runs another checkout's `bin/loop.js` (a before/after comparison).
 */
import { readdirSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { measure, repoRoot, syntheticDataset, workDir, type Benchmark, type Figure } from './support.ts';

function largestFile(dir: string): { path: string; bytes: number; total: number; files: number } {
  let largest = { path: '', bytes: 0 };
  let total = 0;
  let files = 0;
  for (const e of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!e.isFile()) continue;
    const full = join(e.parentPath, e.name);
    const bytes = statSync(full).size;
    total += bytes;
    files += 1;
    if (bytes > largest.bytes) largest = { path: relative(dir, full), bytes };
  }
  return { ...largest, total, files };
}

export const outputsBenchmark: Benchmark = {
  name: 'outputs',
  description: '`loop publish` (no Astro): time, peak memory of the process tree, largest file (issue #19: every output streams)',
  async run(options = {}) {
    const services = options.services ?? 10_000;
    const dir = process.env.LOOP_BENCH_DATA ?? syntheticDataset(services);
    const repo = process.env.LOOP_BENCH_REPO ?? repoRoot;
    const out = join(workDir, 'outputs-out');
    rmSync(out, { recursive: true, force: true });
    const node = join(repoRoot, 'node_modules', '.bin', 'node');
    const run = await measure(node, [join(repo, 'bin', 'loop.js'), 'publish', '--out', out, '--data', join(dir, 'data'), '--config', join(dir, 'loop.config.yaml'), '--as-of', '2026-11-24'], { cwd: dir, env: { LOOP_CACHE: '0' } });
    if (run.code !== 0) throw new Error(`loop publish failed (exit ${run.code}):\n${run.output.slice(-2000)}`);
    const publishMs = Number(/published .* in (\d+) ms/.exec(run.output)?.[1] ?? Number.NaN);
    const largest = largestFile(out);
    const figures: Figure[] = [
      { name: `loop publish, whole command (${dir})`, value: run.ms, unit: 'ms' },
      { name: 'of which publishing (logged; the rest is validation)', value: publishMs, unit: 'ms' },
      { name: 'peak memory, whole process tree (issue #19: under 4 GB for the whole build)', value: run.peakBytes, unit: 'bytes' },
      { name: `largest file (${largest.path})`, value: largest.bytes, unit: 'bytes' },
      { name: `output (${largest.files} files)`, value: largest.total, unit: 'bytes' },
    ];
    rmSync(out, { recursive: true, force: true });
    return figures;
  },
};
