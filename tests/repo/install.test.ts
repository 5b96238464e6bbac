/**
 * `npm ci` must accept the committed lock file unchanged on Linux, macOS and Windows, and a newcomer's install must be
 * quiet. npm only writes a platform's optional binaries (Astro's compiler, Pagefind, Rolldown…) into the lock when it
 * resolves them; a lock made without them makes `npm ci` refuse it on the platforms left out, and `npm install`
 * rewrite it on a fresh clone.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { repoRoot } from '../support/shared.ts';

interface LockEntry {
  version?: string;
  optionalDependencies?: Record<string, string>;
  dependencies?: Record<string, string>;
  os?: string[];
  cpu?: string[];
}
const lock = JSON.parse(readFileSync(join(repoRoot, 'package-lock.json'), 'utf8')) as { lockfileVersion: number; packages: Record<string, LockEntry> };
const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string>; overrides?: Record<string, unknown> };

/** Where Node's resolution would find `name` from the package installed at `from` (its own folder, then each parent). */
function resolveInLock(from: string, name: string): string | undefined {
  let base = from;
  for (;;) {
    const candidate = `${base ? `${base}/` : ''}node_modules/${name}`;
    if (lock.packages[candidate]) return candidate;
    if (!base) return undefined;
    const i = base.lastIndexOf('/node_modules/');
    base = i < 0 ? '' : base.slice(0, i);
  }
}

test('the lock file lists every optional (platform) package, so npm ci accepts it on every platform', () => {
  expect(lock.lockfileVersion).toBe(3);
  const missing: string[] = [];
  for (const [path, entry] of Object.entries(lock.packages)) {
    for (const name of Object.keys(entry.optionalDependencies ?? {})) {
      if (!resolveInLock(path, name)) missing.push(`${path || '(root)'} -> ${name}`);
    }
  }
  expect(missing).toEqual([]);
});

test.each([
  ['macOS (arm64)', 'darwin', 'arm64'],
  ['macOS (x64)', 'darwin', 'x64'],
  ['Windows (x64)', 'win32', 'x64'],
  ['Linux (x64)', 'linux', 'x64'],
])('the native packages Astro and Pagefind need on %s are in the lock', (_label, os, cpu) => {
  const natives = Object.entries(lock.packages).filter(([path, e]) => /\/(@astrojs\/compiler-binding-|@pagefind\/|@rolldown\/binding-)[^/]*$/.test(path) && e.os?.includes(os) && e.cpu?.includes(cpu));
  const families = new Set(natives.map(([path]) => path.replace(/^.*node_modules\//, '').replace(/[-/](darwin|win32|windows|linux).*$/, '')));
  expect([...families].sort()).toEqual(expect.arrayContaining(['@astrojs/compiler-binding', '@pagefind']));
});

test('every dependency in package.json is the one the lock file records (npm ci refuses a mismatch)', () => {
  const root = lock.packages[''] as LockEntry & { devDependencies?: Record<string, string> };
  expect(root.dependencies ?? {}).toEqual(pkg.dependencies);
  expect(root.devDependencies ?? {}).toEqual(pkg.devDependencies);
});

test('installs are quiet: the .npmrc says why, and the web form\'s React peer ranges are overridden at their cause', () => {
  const npmrc = readFileSync(join(repoRoot, '.npmrc'), 'utf8');
  expect(npmrc).toMatch(/^loglevel=error$/m);
  expect(npmrc).toMatch(/engine/);
  // decap-cms 3 runs on React 19; these packages inside it still declare React <= 18 as a peer.
  for (const name of ['react-redux', 'react-scroll-sync', 'react-codemirror2', 'react-aria-menubutton']) expect(pkg.overrides).toHaveProperty([name]);
});

test('CI installs with npm ci, which accepts only the committed lock file', () => {
  const run = readFileSync(join(repoRoot, '.ci', 'run'), 'utf8');
  expect(run).toMatch(/^\s*if ! npm ci\b/m);
  expect(run).not.toMatch(/^\s*(if ! )?npm install\b/m);
});
