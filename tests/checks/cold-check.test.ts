// A cold check in a child process (issue #19): the build checks a region's files for the first time in a process of
// its own, then loads the warm cache; what it reports must be exactly what checking in-process reports.
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { validateData, type ValidationResult } from '../../src/checks/load.ts';
import { coldEnoughForChild } from '../../src/checks/cold-check.ts';
import { AS_OF, edit, fixtureCopy, readFixture } from '../support/data.ts';

const SERVICE = 'services/chapeltown-carers/carers-drop-in.yaml';
const OTHER = 'services/chapeltown-carers/carers-phone-line.yaml';

/** Everything the user sees: not how many files came from the cache or where they were checked. */
function seen(result: ValidationResult): Omit<ValidationResult, 'cached' | 'checkedInChild' | 'dataset'> & { listings?: string[] } {
  const { cached: _c, checkedInChild: _i, dataset, ...rest } = result;
  return { ...rest, ...(dataset ? { listings: dataset.listings.map((l) => `${l.file} ${JSON.stringify(l)}`) } : {}) };
}

describe('checking a cold cache in a child process', () => {
  test('only a large folder whose cache holds under half of its files', () => {
    expect(coldEnoughForChild(20_000, 0, 20_000)).toBe(true);
    expect(coldEnoughForChild(20_000, 9_999, 20_000)).toBe(true);
    expect(coldEnoughForChild(20_000, 10_000, 20_000)).toBe(false);
    expect(coldEnoughForChild(19_999, 0, 20_000)).toBe(false);
  });

  test('the child fills the cache; the findings and the Dataset are those of an in-process check', async () => {
    const dir = fixtureCopy({
      ...edit(SERVICE, 'summary:', 'summery:'),
      // The same id twice: a finding only the dataset rules make.
      'services/chapeltown-carers/copy.yaml': readFixture(OTHER),
    });
    const options = { dataDir: join(dir, 'data'), root: dir, asOf: AS_OF };
    const expected = await validateData(options);
    expect(expected.errors).toBeGreaterThan(1);
    expect(expected.diagnostics.map((d) => d.rule)).toEqual(expect.arrayContaining(['unique']));
    expect(expected.dataset?.listings.length).toBeGreaterThan(0);
    const cacheDir = join(dir, 'cache');
    const first = await validateData({ ...options, cacheDir, coldCheckInChild: 1 });
    expect(first.checkedInChild).toBe(true);
    // Every valid or invalid file came from the cache the child wrote: this process parsed none.
    expect(first.cached).toBe(first.files);
    expect(seen(first)).toEqual(seen(expected));
    // Warm now: no child.
    const second = await validateData({ ...options, cacheDir, coldCheckInChild: 1 });
    expect(second.checkedInChild).toBeUndefined();
    expect(second.cached).toBe(second.files);
    expect(seen(second)).toEqual(seen(expected));
  });

  test('a folder smaller than the limit is checked in-process', async () => {
    const dir = fixtureCopy({});
    const result = await validateData({ dataDir: join(dir, 'data'), root: dir, asOf: AS_OF, cacheDir: join(dir, 'cache'), coldCheckInChild: 1_000_000 });
    expect(result.checkedInChild).toBeUndefined();
    expect(result.cached).toBe(0);
  });
});
