/**
 * Issue: the dashboard adds under 10% to the build of 10,000 synthetic services.
 *
 * The plain answer is the same `astro build` of 10,000 synthetic services with the dashboard left out
 * (LOOP_DASHBOARD=0) and with it. One pair of builds is not enough on these machines: a build's wall and CPU times
 * move by ±20% from run to run (disk, other work on the shared host; one build in five or so stalls for seconds),
 * so the pair is run BENCH_DASHBOARD_RUNS times (default 3), taking turns to go first, with the disk flushed
 * between builds, and the fastest of each is kept. The target is on the user CPU time (worker threads included):
 * the work the build's own code does. The system CPU time is printed apart: it is mostly the kernel writing the
 * build's 50,000 files (all but 3,000 of them the same in both builds) and it swings between 15 s and 30 s for the
 * same build, with the disk, so it would drown the answer. The wall-time ratio is printed too.
 *
 * Also printed, for information: what the dashboard itself took inside the build with it (its integration's log
 * of the figures and CSVs, and Astro's time for each dashboard page), as a share of that build. That share leaves
 * out what the pages cost after rendering (writing 3,000 more files, the sitemap), so it is a floor, not the answer.
 */
import { spawnSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { measure, repoRoot, syntheticDataset, workDir, type Benchmark, type Figure, type RunResult } from './support.ts';

const ASTRO = join(repoRoot, 'node_modules', 'astro', 'bin', 'astro.mjs');
const AS_OF = '2026-11-24';
const SERVICES = 10_000;

interface BuildRun extends RunResult {
  /** User CPU time of the build and everything it ran (worker threads included): the work the build's code does. */
  userMs: number;
  /** System CPU time: mostly the kernel writing 50,000 files, which swings by 2x with the state of the disk. */
  sysMs: number;
}

/** "0m2.130000s" -> 2130 */
function shellTime(text: string): number {
  const m = /^(\d+)m([\d.]+)s$/.exec(text);
  if (!m) throw new Error(`not a shell time: ${text}`);
  return (Number(m[1]) * 60 + Number(m[2])) * 1000;
}

async function build(data: string, dashboard: boolean): Promise<BuildRun> {
  const outDir = join(workDir, `dashboard-${dashboard ? 'on' : 'off'}`);
  rmSync(outDir, { recursive: true, force: true });
  // The shell's `times` prints the CPU time of its finished children: the whole build, worker threads included.
  const script = `"$0" "$1" build --outDir "$2"; code=$?; times; exit $code`;
  const run = await measure('sh', ['-c', script, process.execPath, ASTRO, outDir], {
    env: { LOOP_DATA: data, LOOP_AS_OF: AS_OF, ASTRO_TELEMETRY_DISABLED: '1', LOOP_DASHBOARD: dashboard ? '1' : '0' },
  });
  if (run.code !== 0) throw new Error(`the build (dashboard ${dashboard ? 'on' : 'off'}) failed:\n${run.output.slice(-3000)}`);
  // Deleting half a gigabyte leaves the disk busy for a while: flush it now, so the next build does not pay for it.
  rmSync(outDir, { recursive: true, force: true });
  spawnSync('sync');
  const children = run.output.trimEnd().split('\n').at(-1)!.trim().split(/\s+/);
  return { ...run, userMs: shellTime(children[0]!), sysMs: shellTime(children[1]!) };
}

/** What the dashboard itself took inside a build, from the build's log. */
export function dashboardShare(output: string): { figuresMs: number; pagesMs: number; routes: number; csvMs: number; csvFiles: number } {
  // eslint-disable-next-line no-control-regex
  const log = output.replace(/\u001b\[[0-9;]*m/g, '');
  const figures = /dashboard: figures and charts for .*? organisations in (\d+) ms/.exec(log);
  if (!figures) throw new Error('the build log does not say how long the dashboard figures took');
  let pagesMs = 0;
  let routes = 0;
  for (const m of log.matchAll(/[├└]─ (\/\S*dashboard\/\S+) \(\+(\d+(?:\.\d+)?)(ms|s)\)/g)) {
    pagesMs += Number(m[2]) * (m[3] === 's' ? 1000 : 1);
    routes++;
  }
  const csv = /dashboard: (\d+) CSV files in (\d+) ms/.exec(log);
  if (!csv) throw new Error('the build log does not say how long the dashboard CSV files took');
  return { figuresMs: Number(figures[1]), pagesMs, routes, csvMs: Number(csv[2]), csvFiles: Number(csv[1]) };
}

const load = () => loadavg()[0]!;

export const dashboardBenchmark: Benchmark = {
  name: 'dashboard',
  description: `what the dashboard adds to the build of ${SERVICES.toLocaleString('en-GB')} synthetic services (LOOP_DASHBOARD=0 vs on, and its own share of the build)`,
  async run() {
    const data = syntheticDataset(SERVICES);
    const runs = Math.max(1, Number(process.env.BENCH_DASHBOARD_RUNS ?? 3));
    const loads: number[] = [load()];
    let off: BuildRun | undefined;
    let on: BuildRun | undefined;
    for (let i = 0; i < runs; i++) {
      // Alternate which goes first, so neither always follows the other's clean-up.
      const first = i % 2 === 1;
      const x = await build(data, first);
      loads.push(load());
      const y = await build(data, !first);
      loads.push(load());
      const [a, b] = first ? [y, x] : [x, y];
      if (!off || a.userMs < off.userMs) off = a;
      if (!on || b.userMs < on.userMs) on = b;
    }
    const share = dashboardShare(on!.output);
    const label = SERVICES.toLocaleString('en-GB');
    const figures: Figure[] = [
      { name: `build, ${label} services, without the dashboard: wall time`, value: off!.ms, unit: 'ms' },
      { name: `build, ${label} services, with the dashboard: wall time`, value: on!.ms, unit: 'ms' },
      { name: `wall time, with / without (fastest of ${runs} each; moves with the load)`, value: on!.ms / off!.ms, unit: 'ratio' },
      { name: `build, ${label} services, without the dashboard: user CPU time`, value: off!.userMs, unit: 'ms' },
      { name: `build, ${label} services, with the dashboard: user CPU time`, value: on!.userMs, unit: 'ms' },
      { name: `user CPU time, with / without the dashboard (fastest of ${runs} each)`, value: on!.userMs / off!.userMs, unit: 'ratio', target: { max: 1.1 } },
      { name: 'system CPU time, without the dashboard (the disk; for information)', value: off!.sysMs, unit: 'ms' },
      { name: 'system CPU time, with the dashboard', value: on!.sysMs, unit: 'ms' },
      { name: 'dashboard figures, computed once in the build', value: share.figuresMs, unit: 'ms' },
      { name: `dashboard pages rendered (${share.routes.toLocaleString('en-GB')})`, value: share.pagesMs, unit: 'ms' },
      { name: `dashboard CSV files written (${share.csvFiles.toLocaleString('en-GB')})`, value: share.csvMs, unit: 'ms' },
      { name: "dashboard's own share of the build (figures, pages, CSVs; a floor)", value: (100 * (share.figuresMs + share.pagesMs + share.csvMs)) / on!.ms, unit: '%' },
      { name: 'peak memory, with / without the dashboard', value: on!.peakBytes / Math.max(1, off!.peakBytes), unit: 'ratio' },
      { name: `machine load average during the runs (${cpus().length} cores)`, value: loads.reduce((a, b) => a + b, 0) / loads.length, unit: '' },
    ];
    return figures;
  },
};
