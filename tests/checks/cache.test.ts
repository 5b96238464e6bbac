// The cache of checked files (issue #19): a warm, cold, deleted or corrupt cache gives the same diagnostics, and an
// edited file is checked again.
import { readdirSync, rmSync, truncateSync, utimesSync, writeFileSync, readFileSync } from 'node:fs';
import { deserialize } from 'node:v8';
import { join } from 'node:path';
import { describe, expect, test, vi } from 'vitest';
import { Index } from '../../src/checks/cache.ts';
import { validateData, validateDataSync, type ValidationResult } from '../../src/checks/load.ts';
import { AS_OF, edit, fixtureCopy, readFixture } from '../support/data.ts';

const SERVICE = 'services/chapeltown-carers/carers-drop-in.yaml';
const RESOURCE = 'resources/chapeltown-carers/carers-guide.yaml';

/** A copy of the fixture with an error of every kind a file can have on its own, and a dataset-rule finding. */
function brokenCopy(): string {
  return fixtureCopy({
    ...edit(SERVICE, 'summary:', 'summery:'),
    [RESOURCE]: `${readFixture(RESOURCE)}\n  bad: [indent\n`,
    'organisations/empty.yaml': '',
    'services/chapeltown-carers/deep.yaml': readFixture(SERVICE).replace(/^id: .*$/m, 'id: 6f1c3b9e-2d4a-4c8e-9b7a-1e2f3a4b5c6d').replace('kind: group', 'kind: groupe'),
  });
}

function run(dir: string, cacheDir?: string): ValidationResult {
  return validateDataSync({ dataDir: join(dir, 'data'), root: dir, asOf: AS_OF, ...(cacheDir ? { cacheDir } : {}) });
}

/** What the user sees: everything but the count of cached files. */
function seen(result: ValidationResult): Omit<ValidationResult, 'cached'> {
  const { cached: _, ...rest } = result;
  return rest;
}

/** The index (`.bin`) or the outcomes (`.dat`) of the one data folder cached in `cacheDir`. */
function cacheFile(cacheDir: string, ext: 'bin' | 'dat' = 'bin'): string {
  const name = readdirSync(cacheDir).find((n) => n.endsWith(`.${ext}`));
  return join(cacheDir, name!);
}

/** Truncated, replaced by garbage, and bytes flipped: each must give the diagnostics of no cache. */
function corruptEach(file: string, dir: string, cacheDir: string, expected: ValidationResult): void {
  const bytes = readFileSync(file);
  truncateSync(file, Math.floor(bytes.length / 2));
  expect(seen(run(dir, cacheDir))).toEqual(expected);
  writeFileSync(file, 'not a cache');
  expect(seen(run(dir, cacheDir))).toEqual(expected);
  // Bytes that deserialize to something else entirely.
  writeFileSync(file, bytes.map((b, i) => (i > 20 && i % 7 === 0 ? b ^ 0x55 : b)));
  expect(seen(run(dir, cacheDir))).toEqual(expected);
}

describe('the cache of checked files', () => {
  test('cold, warm, deleted and corrupt caches give exactly the diagnostics of no cache', () => {
    const dir = brokenCopy();
    const cacheDir = join(dir, 'cache');
    const expected = run(dir);
    expect(expected.errors).toBeGreaterThan(3);
    const cold = run(dir, cacheDir);
    expect(seen(cold)).toEqual(expected);
    expect(cold.cached).toBe(0);
    const warm = run(dir, cacheDir);
    expect(seen(warm)).toEqual(expected);
    expect(warm.cached).toBe(expected.files);
    rmSync(cacheDir, { recursive: true });
    expect(seen(run(dir, cacheDir))).toEqual(expected);
    corruptEach(cacheFile(cacheDir, 'bin'), dir, cacheDir, expected);
    run(dir, cacheDir);
    corruptEach(cacheFile(cacheDir, 'dat'), dir, cacheDir, expected);
    // The .dat file of another run (a killed or concurrent write): its token does not match the index.
    run(dir, cacheDir);
    const dat = readFileSync(cacheFile(cacheDir, 'dat'));
    writeFileSync(join(dir, 'data', SERVICE), readFixture(SERVICE));
    run(dir, cacheDir);
    writeFileSync(cacheFile(cacheDir, 'dat'), dat);
    expect(seen(run(dir, cacheDir))).toEqual(run(dir));
    rmSync(cacheFile(cacheDir, 'dat'));
    expect(seen(run(dir, cacheDir))).toEqual(run(dir));
  });

  test('an edited file is checked again, the others are read from the cache', async () => {
    const dir = fixtureCopy();
    const cacheDir = join(dir, 'cache');
    expect((await validateData({ dataDir: join(dir, 'data'), root: dir, asOf: AS_OF, cacheDir })).errors).toBe(0);
    writeFileSync(join(dir, 'data', SERVICE), readFixture(SERVICE).replace('summary:', 'summery:'));
    const after = await validateData({ dataDir: join(dir, 'data'), root: dir, asOf: AS_OF, cacheDir });
    expect(seen(after)).toEqual(run(dir));
    expect(after.cached).toBe(after.files - 1);
    expect(after.diagnostics.some((d) => d.file === `data/${SERVICE}` && d.rule === 'unknown-key')).toBe(true);
    // A file moved to another folder is a different file (its kind and slug come from the path).
    writeFileSync(join(dir, 'data', SERVICE), readFixture(SERVICE));
    rmSync(join(dir, 'data', RESOURCE));
    writeFileSync(join(dir, 'data', 'services', 'chapeltown-carers', 'carers-guide.yaml'), readFixture(RESOURCE));
    expect(seen(run(dir, cacheDir))).toEqual(run(dir));
  });

  test("a file's stat stands for its bytes only when it is old enough (racy git), and an edit that keeps size and time is still seen", () => {
    const dir = fixtureCopy();
    const cacheDir = join(dir, 'cache');
    const path = join(dir, 'data', SERVICE);
    // A whole second, so restoring it later gives exactly the same nanoseconds.
    utimesSync(path, 1_700_000_000, 1_700_000_000);
    // The index's columns (src/checks/cache.ts): paths joined by NUL, bit 0 of a file's flags says "trusted".
    const trusted = () => {
      const index = deserialize(readFileSync(cacheFile(cacheDir))) as { paths: string; flags: Uint8Array };
      return (index.flags[index.paths.split('\0').indexOf(SERVICE)]! & 1) === 1;
    };
    // Just written (its change time is now): the stat is not trusted, the file is hashed again next time.
    run(dir, cacheDir);
    expect(trusted()).toBe(false);
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      // A minute later the same times are safely old: the next run that reads the file trusts its stat from then on.
      vi.setSystemTime(Date.now() + 60_000);
      rmSync(cacheDir, { recursive: true });
      run(dir, cacheDir);
      expect(trusted()).toBe(true);
      // Same size, same modification time, different bytes: only the change time tells, and it does.
      writeFileSync(path, readFixture(SERVICE).replace('summary:', 'summery:'));
      utimesSync(path, 1_700_000_000, 1_700_000_000);
      const after = run(dir, cacheDir);
      expect(after.diagnostics.some((d) => d.file === `data/${SERVICE}` && d.rule === 'unknown-key')).toBe(true);
      expect(seen(after)).toEqual(run(dir));
    } finally {
      vi.useRealTimers();
    }
  });

  test('the cache folder keeps the caches of the 16 data folders checked last', () => {
    const cacheDir = join(fixtureCopy(), 'cache');
    const folders = Array.from({ length: 18 }, () => fixtureCopy());
    for (const dir of folders) run(dir, cacheDir);
    expect(readdirSync(cacheDir).filter((n) => n.endsWith('.bin'))).toHaveLength(16);
    expect(readdirSync(cacheDir).filter((n) => n.endsWith('.dat'))).toHaveLength(16);
    // The last folder's cache is still there: checking it again reads every file from it.
    expect(run(folders.at(-1)!, cacheDir).cached).toBe(run(folders.at(-1)!).files);
  });

  test('the index is written in path order, and finds every path asked in any order', () => {
    const dir = fixtureCopy();
    const cacheDir = join(dir, 'cache');
    run(dir, cacheDir);
    const stored = deserialize(readFileSync(join(cacheDir, readdirSync(cacheDir).find((n) => n.endsWith('.bin'))!))) as { paths: string };
    const paths = stored.paths.split('\0');
    expect(paths).toEqual([...paths].sort());
    // An index of entries in any order (an older cache, or entries added after the sorted ones), asked in git's order
    // with paths it lacks and now and then a path out of order: the same numbers as a look-up of each.
    const names = Array.from({ length: 60 }, (_, i) => `services/org-${i % 7}/listing-${i}.yaml`);
    const first = [...names].sort().slice(0, 40);
    const orders = [[...names].sort(), [...first, ...names.filter((name) => !first.includes(name))], [...names].reverse(), names];
    for (const order of orders) expect(new Set(order).size).toBe(names.length);
    for (const order of orders) {
      const index = new Index(storedOf(order));
      const find = index.walker();
      const asked = [...names, 'services/org-0/missing.yaml', 'a.yaml', 'z.yaml'].sort();
      asked.splice(30, 0, asked[3]!, 'services/org-3/listing-3.yaml');
      for (const path of asked) expect(find(path), path).toBe(order.includes(path) ? order.indexOf(path) : undefined);
      expect(index.get(order[5]!)?.display).toBe(`data/${order[5]}`);
    }
  });
});

/** An index's stored columns for these paths, in this order (each entry a valid service). */
function storedOf(paths: string[]): ConstructorParameters<typeof Index>[0] {
  const n = paths.length;
  const column = (value: (path: string) => string) => paths.map(value).join('\0');
  return {
    format: 'test', code: 'test', token: 'test', count: n, paths: column((p) => p), displays: column((p) => `data/${p}`), limits: column(() => '1/2'),
    blobs: '0'.repeat(40 * n), stamps: new BigInt64Array(4 * n), flags: new Uint8Array(n).fill(3), kinds: column(() => 'service'), slugs: column((p) => p.slice(9, -5)),
    ids: column(() => ''), organisations: column(() => 'org'), locations: column(() => ''), keys: column(() => ''), at: new Float64Array(n), lengths: new Float64Array(n),
  };
}
