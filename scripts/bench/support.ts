/**
 * Benchmark plumbing shared by every benchmark: synthetic datasets made once per size and seed, wall time and
 * peak memory of child processes (sampled from /proc over the whole process tree), and a uniform report.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generate } from '../synthetic/generate.ts';

export const repoRoot = join(import.meta.dirname, '..', '..');
export const workDir = join(repoRoot, '.cache', 'bench');

export interface Figure {
  name: string;
  value: number;
  unit: string;
  /** A target the figure should meet, e.g. { max: 3000 }, printed beside it. */
  target?: { max?: number; min?: number };
}

export interface Benchmark {
  name: string;
  description: string;
  /** `services`: the size `npm run bench -- --services N` asks for (benchmarks of one fixed size ignore it). */
  run(options?: { services?: number }): Promise<Figure[]>;
}

/** A synthetic dataset of `services` services in .cache/bench/, generated once and reused. */
export function syntheticDataset(services: number, seed = 1): string {
  const dir = join(workDir, `synthetic-${services}-${seed}`);
  if (!existsSync(join(dir, 'data', 'services'))) generate({ services, seed, out: dir });
  return dir;
}

function treeRss(root: number): number {
  // Sum VmRSS of root and all its descendants.
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const list = children.get(ppid) ?? [];
      list.push(Number(entry));
      children.set(ppid, list);
    } catch {
      // process ended
    }
  }
  let total = 0;
  const stack = [root];
  while (stack.length) {
    const pid = stack.pop()!;
    try {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
      total += kb * 1024;
    } catch {
      // process ended
    }
    stack.push(...(children.get(pid) ?? []));
  }
  return total;
}

export interface RunResult {
  ms: number;
  /** CPU time (user + system) of the command and every child it waited for: on a shared machine the fairer figure. */
  cpuMs: number;
  peakBytes: number;
  code: number;
  output: string;
}

/** CPU time of this process's waited-for children (cutime + cstime in /proc/self/stat), in ms; 0 where /proc is absent. */
function childrenCpuMs(): number {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields 16 and 17 of stat (cutime, cstime) are 13 and 14 after the command name, in clock ticks (100 a second).
    return (Number(fields[13]) + Number(fields[14])) * 10;
  } catch {
    return 0;
  }
}

/** Runs a command to completion, timing it and sampling the peak resident memory of its whole process tree. */
export function measure(command: string, args: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): Promise<RunResult> {
  return new Promise((resolvePromise, reject) => {
    const started = performance.now();
    const cpuBefore = childrenCpuMs();
    const child = spawn(command, args, { cwd: options.cwd ?? repoRoot, env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (b: Buffer) => (output += b.toString()));
    child.stderr.on('data', (b: Buffer) => (output += b.toString()));
    let peak = 0;
    const timer = setInterval(() => {
      if (child.pid) peak = Math.max(peak, treeRss(child.pid));
    }, 100);
    child.on('error', reject);
    child.on('close', (code) => {
      clearInterval(timer);
      resolvePromise({ ms: performance.now() - started, cpuMs: childrenCpuMs() - cpuBefore, peakBytes: peak, code: code ?? 1, output });
    });
  });
}

export function formatFigure(f: Figure): string {
  const value = f.unit === 'ms' && f.value >= 1000 ? `${(f.value / 1000).toFixed(2)} s` : f.unit === 'bytes' ? `${(f.value / 1024 / 1024).toFixed(1)} MiB` : f.unit === 'kB' ? `${f.value.toFixed(1)} kB` : `${Number.isInteger(f.value) ? f.value : f.value.toFixed(2)}${f.unit ? ` ${f.unit}` : ''}`;
  let target = '';
  if (f.target) {
    const ok = (f.target.max === undefined || f.value <= f.target.max) && (f.target.min === undefined || f.value >= f.target.min);
    const limit = f.target.max !== undefined ? `≤ ${f.unit === 'ms' && f.target.max >= 1000 ? `${f.target.max / 1000} s` : `${f.target.max}${f.unit && f.unit !== 'ratio' ? ` ${f.unit}` : ''}`}` : `≥ ${f.target.min}`;
    target = `   target ${limit}  ${ok ? 'met' : 'NOT MET'}`;
  }
  return `  ${f.name.padEnd(58)} ${value.padStart(12)}${target}`;
}
