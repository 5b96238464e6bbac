/**
 * Issue: the dashboard adds under 10% to the build of 10,000 synthetic services.
 *
 * Two measurements, because time on a shared machine is noisy:
 *
 * 1. Inside the build with the dashboard: the times its integration logs for the figures and charts and for
 *    writing its CSV files, plus the time Astro logs for each dashboard page ("(+2ms)"), as a share of that
 *    build's wall time. Both are measured in the same run, under the same load, so other work on the machine moves
 *    the share much less than it moves either time. Target ≤ 10%. (Reading git history is left out: the listing
 *    pages and the feeds read it anyway, once per build.)
 * 2. The same `astro build` of 10,000 synthetic services with the dashboard left out (LOOP_DASHBOARD=0) and with
 *    it: the ratios of their wall and CPU times (user + system, worker threads included). On a quiet machine this
 *    is the plain answer; on a busy one either ratio moves by ±20% from run to run, so they are printed for
 *    information, with the load.
 *
 * The machine's load average is printed beside the figures: other helpers' builds and tests share its cores.
 * BENCH_DASHBOARD_RUNS (default 1) repeats the pair of builds, alternating, and keeps the faster of each.
 */
import { cpus, loadavg } from 'node:os';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { measure, repoRoot, syntheticDataset, workDir, type Benchmark, type Figure, type RunResult } from './support.ts';

const ASTRO = join(repoRoot, 'node_modules', 'astro', 'bin', 'astro.mjs');
const AS_OF = '2026-11-24';
const SERVICES = 10_000;

interface BuildRun extends RunResult {
  /** User + system CPU time of the build and everything it ran: what the build costs, whatever else runs. */
  cpuMs: number;
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
  rmSync(outDir, { recursive: true, force: true });
  const children = run.output.trimEnd().split('\n').at(-1)!.trim().split(/\s+/);
  return { ...run, cpuMs: shellTime(children[0]!) + shellTime(children[1]!) };
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
    const runs = Math.max(1, Number(process.env.BENCH_DASHBOARD_RUNS ?? 1));
    const loads: number[] = [load()];
    let off: BuildRun | undefined;
    let on: BuildRun | undefined;
    for (let i = 0; i < runs; i++) {
      const a = await build(data, false);
      loads.push(load());
      const b = await build(data, true);
      loads.push(load());
      if (!off || a.cpuMs < off.cpuMs) off = a;
      if (!on || b.cpuMs < on.cpuMs) on = b;
    }
    const share = dashboardShare(on!.output);
    const label = SERVICES.toLocaleString('en-GB');
    const figures: Figure[] = [
      { name: `build, ${label} services, without the dashboard: wall time`, value: off!.ms, unit: 'ms' },
      { name: `build, ${label} services, with the dashboard: wall time`, value: on!.ms, unit: 'ms' },
      { name: 'wall time, with / without (moves with the load)', value: on!.ms / off!.ms, unit: 'ratio' },
      { name: `build, ${label} services, without the dashboard: CPU time`, value: off!.cpuMs, unit: 'ms' },
      { name: `build, ${label} services, with the dashboard: CPU time`, value: on!.cpuMs, unit: 'ms' },
      { name: 'CPU time, with / without the dashboard', value: on!.cpuMs / off!.cpuMs, unit: 'ratio' },
      { name: 'dashboard figures, computed once in the build', value: share.figuresMs, unit: 'ms' },
      { name: `dashboard pages rendered (${share.routes.toLocaleString('en-GB')})`, value: share.pagesMs, unit: 'ms' },
      { name: `dashboard CSV files written (${share.csvFiles.toLocaleString('en-GB')})`, value: share.csvMs, unit: 'ms' },
      { name: "dashboard's own share of the build (figures, pages, CSVs)", value: (100 * (share.figuresMs + share.pagesMs + share.csvMs)) / on!.ms, unit: '%', target: { max: 10 } },
      { name: 'peak memory, with / without the dashboard', value: on!.peakBytes / Math.max(1, off!.peakBytes), unit: 'ratio' },
      { name: `machine load average during the runs (${cpus().length} cores)`, value: loads.reduce((a, b) => a + b, 0) / loads.length, unit: '' },
    ];
    return figures;
  },
};
