// The cache of checked files (issue #19): a warm, cold, deleted or corrupt cache gives the same diagnostics, and an
// edited file is checked again.
import { readdirSync, rmSync, truncateSync, writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
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

function cacheFile(cacheDir: string): string {
  const [name] = readdirSync(cacheDir);
  return join(cacheDir, name!);
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
    const file = cacheFile(cacheDir);
    const warm = run(dir, cacheDir);
    expect(seen(warm)).toEqual(expected);
    expect(warm.cached).toBe(expected.files);
    rmSync(cacheDir, { recursive: true });
    expect(seen(run(dir, cacheDir))).toEqual(expected);
    const bytes = readFileSync(file);
    truncateSync(file, Math.floor(bytes.length / 2));
    expect(seen(run(dir, cacheDir))).toEqual(expected);
    writeFileSync(file, 'not a cache');
    expect(seen(run(dir, cacheDir))).toEqual(expected);
    // Bytes that deserialize to something else entirely.
    writeFileSync(file, bytes.map((b, i) => (i > 20 && i % 7 === 0 ? b ^ 0x55 : b)));
    expect(seen(run(dir, cacheDir))).toEqual(expected);
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

  test('the cache folder keeps the caches of the 16 data folders checked last', () => {
    const cacheDir = join(fixtureCopy(), 'cache');
    const folders = Array.from({ length: 18 }, () => fixtureCopy());
    for (const dir of folders) run(dir, cacheDir);
    expect(readdirSync(cacheDir)).toHaveLength(16);
    // The last folder's cache is still there: checking it again reads every file from it.
    expect(run(folders.at(-1)!, cacheDir).cached).toBe(run(folders.at(-1)!).files);
  });
});
