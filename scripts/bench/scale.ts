/**
 * Issue #19, region scale: `npm run bench -- --only scale --services N` prints every figure at N services.
 *
 * - validation: a bare `yaml` parse of the same files, `loop validate` cold (no cache), warm (every file in the
 *   check cache), after a one-file edit, and `--changed-since` for that edit (a git repository of the dataset);
 *   wall time and CPU time (all threads), since CPU time is what a busy machine still measures fairly;
 * - the build (`LOOP_DATA=… astro build`) as the publish workflow runs it, from a git repository of the dataset (so
 *   the history is read), after `loop validate` has filled the
 *   check cache (LOOP_BENCH_VALIDATE_FIRST=0 builds from an empty cache instead): the validate step's own time,
 *   then the build's pages, time, peak memory (the whole process tree), output size, the validate / publish
 *   figures the build logs, the ratio to a bare Astro build of as many pages (and of validate + build), and a
 *   rebuild after editing one listing (which reuses the check cache; Astro and Pagefind start again).
 *   Skipped with LOOP_BENCH_BUILD=0 (an Astro build of 100,000 services takes most of an hour); LOOP_BENCH_VALIDATE=0
 *   skips the validation figures instead.
 * Targets: 10,000 services validated in 3 s, 100,000 in 30 s (with the check cache warm: docs/scale.md), ratio
 * of a cold run to the bare parse ≤ 2, a one-file change
 * checked in 5 s; the build at most 2.5 × the bare build, peak memory under 4 GB.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { validateData } from '../../src/checks/load.ts';
import { measure, repoRoot, syntheticDataset, workDir, type Benchmark, type Figure } from './support.ts';
import { bareBuildRun } from './site.ts';

const AS_OF = '2026-11-24';

/** A fixed identity for the benchmark's throwaway repository (tests/support/git.ts imports vitest). */
function gitEnv(): NodeJS.ProcessEnv {
  return { ...process.env, GIT_AUTHOR_NAME: 'LOOP bench', GIT_AUTHOR_EMAIL: 'bench@loop.example.org', GIT_COMMITTER_NAME: 'LOOP bench', GIT_COMMITTER_EMAIL: 'bench@loop.example.org', GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' };
}
const ASTRO = join(repoRoot, 'node_modules', 'astro', 'bin', 'astro.mjs');
const LOOP = join(repoRoot, 'bin', 'loop.js');

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.yaml'))
    .map((e) => join(e.parentPath, e.name));
}

function cpuMs(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
}

async function timed<T>(fn: () => T | Promise<T>): Promise<{ ms: number; cpu: number; value: T }> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const value = await fn();
  return { ms: performance.now() - started, cpu: cpuMs(cpu), value };
}

function folderBytes(dir: string): number {
  let total = 0;
  for (const e of readdirSync(dir, { recursive: true, withFileTypes: true })) if (e.isFile()) total += statSync(join(e.parentPath, e.name)).size;
  return total;
}

/** The first service file, edited so its summary changes (and put back afterwards). */
function oneService(data: string): string {
  const folder = join(data, 'services');
  const org = readdirSync(folder).sort()[0]!;
  return join(folder, org, readdirSync(join(folder, org)).sort()[0]!);
}

function edited(text: string, n: number): string {
  return text.replace(/^summary: (.*)$/m, `summary: $1 (edit ${n})`);
}

/**
 * A git repository of the synthetic dataset (hard links into it, so the dataset itself stays free of git), as a
 * deployment has one: the pull request's check diffs against it, and the build reads its history.
 */
function datasetRepo(services: number, dir: string): string {
  const repo = join(workDir, `scale-repo-${services}`);
  if (!existsSync(join(repo, '.git'))) {
    rmSync(repo, { recursive: true, force: true });
    // The real folder: `cp -a` copies a symbolic link as a link, and git would then be set up in the dataset itself.
    execFileSync('cp', ['-al', realpathSync(dir), repo]);
    execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: repo, env: gitEnv() });
    execFileSync('git', ['add', '-A'], { cwd: repo, env: gitEnv() });
    execFileSync('git', ['commit', '-q', '-m', 'synthetic data'], { cwd: repo, env: gitEnv() });
  }
  return repo;
}

/** Edits `file` inside a repository of hard links without writing through to the synthetic dataset; returns the undo. */
function replaced(file: string, text: string): () => void {
  const original = readFileSync(file, 'utf8');
  rmSync(file);
  writeFileSync(file, text);
  return () => {
    rmSync(file);
    writeFileSync(file, original);
  };
}

async function validation(services: number, label: string): Promise<Figure[]> {
  const dir = syntheticDataset(services);
  const data = join(dir, 'data');
  const files = yamlFiles(data);
  const cacheDir = join(workDir, `check-cache-${services}`);
  rmSync(cacheDir, { recursive: true, force: true });
  const bare = await timed(() => {
    for (const file of files) parse(readFileSync(file, 'utf8'));
  });
  const cold = await timed(() => validateData({ dataDir: data, asOf: AS_OF }));
  if (cold.value.errors) throw new Error(`the synthetic dataset has ${cold.value.errors} errors`);
  await validateData({ dataDir: data, asOf: AS_OF, cacheDir });
  // As `loop validate` runs it (the findings only: an unchanged folder is answered from the last run's report),
  // then as the build runs it (the Dataset is built and every dataset rule runs).
  const warm = await timed(() => validateData({ dataDir: data, asOf: AS_OF, cacheDir, reportOnly: true }));
  const warmDataset = await timed(() => validateData({ dataDir: data, asOf: AS_OF, cacheDir }));
  const file = oneService(data);
  const original = readFileSync(file, 'utf8');
  let oneFile: Awaited<ReturnType<typeof timed>>;
  try {
    writeFileSync(file, edited(original, 1));
    oneFile = await timed(() => validateData({ dataDir: data, asOf: AS_OF, cacheDir, reportOnly: true }));
  } finally {
    writeFileSync(file, original);
  }
  // --changed-since, as a pull request's check runs it: one file changed on top of main.
  const repo = datasetRepo(services, dir);
  const args = [LOOP, 'validate', '--quiet', '--as-of', AS_OF, '--cache-dir', cacheDir, '--changed-since', 'main'];
  // The cache is per data folder: the repository's is filled once, as main's run fills it in CI.
  await measure(process.execPath, args, { cwd: repo });
  const undo = replaced(join(repo, file.slice(dir.length)), edited(original, 2));
  let changed: Awaited<ReturnType<typeof measure>>;
  try {
    changed = await measure(process.execPath, args, { cwd: repo });
    if (changed.code !== 0) throw new Error(`loop validate --changed-since failed:\n${changed.output.slice(-2000)}`);
  } finally {
    undo();
  }
  return [
    { name: `files in the dataset (${label} services)`, value: files.length, unit: '' },
    { name: 'bare YAML parse (read + yaml.parse every file)', value: bare.ms, unit: 'ms' },
    { name: 'loop validate, no cache', value: cold.ms, unit: 'ms' },
    { name: 'ratio validate / bare parse (wall time)', value: cold.ms / bare.ms, unit: 'ratio', target: { max: 2 } },
    { name: 'ratio validate / bare parse (CPU time, all threads)', value: cold.cpu / bare.cpu, unit: 'ratio' },
    { name: 'bare YAML parse, CPU time', value: bare.cpu, unit: 'ms' },
    { name: 'loop validate, no cache, CPU time (all threads)', value: cold.cpu, unit: 'ms' },
    { name: 'loop validate, every file in the check cache', value: warm.ms, unit: 'ms', ...(services === 10_000 ? { target: { max: 3000 } } : services === 100_000 ? { target: { max: 30_000 } } : {}) },
    { name: 'loop validate, every file in the check cache, CPU time', value: warm.cpu, unit: 'ms' },
    { name: 'every file in the check cache, with the Dataset (as the build runs it), CPU time', value: warmDataset.cpu, unit: 'ms' },
    { name: 'loop validate, one file edited (the rest cached)', value: oneFile.ms, unit: 'ms' },
    { name: 'loop validate --changed-since main, one file (whole command)', value: changed.ms, unit: 'ms', target: { max: 5000 } },
  ];
}

async function build(services: number, label: string): Promise<Figure[]> {
  // Built from a git repository, as the publish workflow builds (its checkout has the whole history): the build
  // reads the history for last_modified, the change feeds and each listing's history.
  const data = datasetRepo(services, syntheticDataset(services));
  const outDir = join(workDir, `scale-site-${services}`);
  rmSync(outDir, { recursive: true, force: true });
  const env = { LOOP_DATA: data, LOOP_AS_OF: AS_OF, ASTRO_TELEMETRY_DISABLED: '1', LOOP_CACHE_DIR: join(workDir, `build-cache-${services}`) };
  rmSync(env.LOOP_CACHE_DIR, { recursive: true, force: true });
  // .github/workflows/publish.yml runs `loop validate` and then the build, which finds every file in the check cache.
  const validateFirst = process.env.LOOP_BENCH_VALIDATE_FIRST !== '0';
  const validated = validateFirst ? await measure(process.execPath, [LOOP, 'validate'], { env }) : undefined;
  if (validated && validated.code !== 0) throw new Error(`loop validate of ${label} services failed:\n${validated.output.slice(-3000)}`);
  const first = await measure(process.execPath, [ASTRO, 'build', '--outDir', outDir], { env });
  if (first.code !== 0) throw new Error(`the build of ${label} services failed:\n${first.output.slice(-3000)}`);
  const pages = readdirSync(outDir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile() && e.name.endsWith('.html')).length;
  const logged = (output: string, pattern: RegExp) => Number(pattern.exec(output)?.[1] ?? Number.NaN);
  const bytes = folderBytes(outDir);
  const file = oneService(join(data, 'data'));
  const undo = replaced(file, edited(readFileSync(file, 'utf8'), 3));
  let again: Awaited<ReturnType<typeof measure>>;
  try {
    again = await measure(process.execPath, [ASTRO, 'build', '--outDir', outDir], { env });
  } finally {
    undo();
  }
  if (again.code !== 0) throw new Error(`the one-file rebuild failed:\n${again.output.slice(-3000)}`);
  const bareRun = await bareBuildRun(pages);
  const bare = bareRun.ms;
  const before: Figure[] = validated
    ? [
        { name: 'loop validate before the build (as the publish workflow runs it)', value: validated.ms, unit: 'ms' },
        { name: 'loop validate before the build: CPU time', value: validated.cpuMs, unit: 'ms' },
        { name: 'ratio validate + build / bare Astro build', value: (validated.ms + first.ms) / bare, unit: 'ratio' },
      ]
    : [{ name: 'build from an empty check cache (LOOP_BENCH_VALIDATE_FIRST=0)', value: 1, unit: '' }];
  return [
    ...before,
    { name: `build, ${label} services: pages`, value: pages, unit: '' },
    { name: 'build: time (validate, pages, search index, feeds)', value: first.ms, unit: 'ms' },
    { name: 'build: CPU time (all processes and threads)', value: first.cpuMs, unit: 'ms' },
    { name: 'build: validation (logged)', value: logged(first.output, /validated \d+ files in (\d+) ms/), unit: 'ms' },
    { name: 'build: feeds and downloads (logged)', value: logged(first.output, /published \d+ feed and download files .* in (\d+) ms/), unit: 'ms' },
    { name: 'build: peak memory (process tree)', value: first.peakBytes / 1024 / 1024, unit: 'MiB', target: { max: 4096 } },
    { name: 'build: output size', value: bytes, unit: 'bytes' },
    { name: `bare Astro build of ${pages} pages`, value: bare, unit: 'ms' },
    { name: `bare Astro build of ${pages} pages: CPU time`, value: bareRun.cpuMs, unit: 'ms' },
    { name: 'ratio build / bare Astro build', value: first.ms / bare, unit: 'ratio', target: { max: 2.5 } },
    { name: 'ratio build / bare Astro build, CPU time', value: first.cpuMs / Math.max(1, bareRun.cpuMs), unit: 'ratio' },
    { name: 'rebuild after editing one listing', value: again.ms, unit: 'ms' },
    { name: 'build: search index (logged)', value: logged(first.output, /indexed \d+ listings for search .*? in (\d+) ms/), unit: 'ms' },
    { name: 'build: search index ready (logged)', value: logged(first.output, /the index itself ready after (\d+) ms/), unit: 'ms' },
    { name: 'rebuild: CPU time', value: again.cpuMs, unit: 'ms' },
    { name: 'rebuild: search index (logged)', value: logged(again.output, /indexed \d+ listings for search .*? in (\d+) ms/), unit: 'ms' },
    { name: 'rebuild: search index ready (logged; the above waits for the pages too)', value: logged(again.output, /the index itself ready after (\d+) ms/), unit: 'ms' },
    { name: 'rebuild: search index parts copied from the last build (logged)', value: logged(again.output, /, (\d+) of them unchanged and copied/) || 0, unit: '' },
    { name: 'rebuild: validation (logged, from the check cache)', value: logged(again.output, /validated \d+ files in (\d+) ms/), unit: 'ms' },
  ];
}

export const scaleBenchmark: Benchmark = {
  name: 'scale',
  description: 'region scale (issue #19): validation, changed-only validation and the build at --services N (default 10,000)',
  async run(options = {}) {
    const services = options.services ?? 10_000;
    const label = services.toLocaleString('en-GB');
    // LOOP_BENCH_VALIDATE=0 leaves out the validation figures (when only the build is being compared).
    const figures = process.env.LOOP_BENCH_VALIDATE === '0' ? [] : await validation(services, label);
    if (process.env.LOOP_BENCH_BUILD !== '0') figures.push(...(await build(services, label)));
    return figures;
  },
};
