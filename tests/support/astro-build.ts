/**
 * Real `astro build` runs for tests (site, feeds, widget, dashboard), one at a time per checkout: Astro writes
 * .astro/ and Vite caches in the project, so two builds at once would trip over each other. Each test file builds
 * once, in beforeAll.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { repoRoot } from './shared.ts';
import { AS_OF } from './data.ts';

const LOCK = join(repoRoot, '.cache', 'site-build.lock');
const ASTRO = join(repoRoot, 'node_modules', 'astro', 'bin', 'astro.mjs');

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function withLock<T>(fn: () => Promise<T>): Promise<T> {
  mkdirSync(join(repoRoot, '.cache'), { recursive: true });
  const deadline = Date.now() + 15 * 60_000;
  for (;;) {
    try {
      mkdirSync(LOCK);
      writeFileSync(join(LOCK, 'pid'), String(process.pid));
      break;
    } catch {
      const holder = Number(existsSync(join(LOCK, 'pid')) ? readFileSync(join(LOCK, 'pid'), 'utf8') : 'NaN');
      if (Number.isInteger(holder) && !alive(holder)) rmSync(LOCK, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`waited too long for another site build (${LOCK})`);
      await sleep(250);
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

/**
 * The environment for a child build: Vitest puts Vite's own variables (BASE_URL, MODE...) into process.env, and a
 * child build must not inherit them; CI=true turns on colours that would hide log lines from assertions.
 */
function buildEnvironment(): NodeJS.ProcessEnv {
  const vite = new Set(['BASE_URL', 'MODE', 'DEV', 'PROD', 'SSR', 'VITEST', 'VITEST_POOL_ID', 'VITEST_WORKER_ID', 'TEST']);
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !vite.has(name)));
}

export interface BuildResult {
  outDir: string;
  code: number;
  output: string;
  /** A folder from LOOP_REUSE_SITE_BUILD: leave it in place. */
  reused?: boolean;
}

/**
 * A build to reuse while working on browser tests: LOOP_REUSE_SITE_BUILD=<folder> (a default build of this checkout
 * made with `LOOP_AS_OF=<AS_OF> astro build --outDir <folder>`) is served instead of building again, and kept
 * afterwards. Never under CI, and only for a default build (no `env`).
 */
export function reusedBuild(env: Record<string, string>): BuildResult | null {
  const dir = process.env.LOOP_REUSE_SITE_BUILD;
  if (!dir || process.env.CI === 'true' || Object.keys(env).length || !existsSync(join(dir, 'index.html'))) return null;
  return { outDir: dir, code: 0, output: '', reused: true };
}

/** Builds the site into a fresh temporary folder. `env` adds LOOP_DATA, LOOP_BASE_URL... (LOOP_AS_OF is fixed). */
export async function buildSite(env: Record<string, string> = {}): Promise<BuildResult> {
  const reused = reusedBuild(env);
  if (reused) return reused;
  const outDir = mkdtempSync(join(tmpdir(), 'loop-site-'));
  return withLock(
    () =>
      new Promise<BuildResult>((resolve, reject) => {
        const child = spawn(process.execPath, [ASTRO, 'build', '--outDir', outDir], {
          cwd: repoRoot,
          env: { ...buildEnvironment(), LOOP_AS_OF: AS_OF, ASTRO_TELEMETRY_DISABLED: '1', NO_COLOR: '1', FORCE_COLOR: '0', ...env },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let output = '';
        child.stdout.on('data', (b: Buffer) => (output += b.toString()));
        child.stderr.on('data', (b: Buffer) => (output += b.toString()));
        child.on('error', reject);
        child.on('close', (code) => resolve({ outDir, code: code ?? 1, output }));
      }),
  );
}
