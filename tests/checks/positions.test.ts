// Positions of the deep paths dataset rules report on in many files (issue #19): recorded when a file is checked
// and kept in the check cache with its outcome, so reporting a phone number shared across a region does not read
// and parse every file that gives it again. They must be exactly what parsing the file again gives.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { describe, expect, test } from 'vitest';
import { checkFile } from '../../src/checks/check-file.ts';
import { validateDataSync } from '../../src/checks/load.ts';
import { DEFAULT_LIMITS } from '../../src/dataset/read.ts';
import { LazyLocator } from '../../src/dataset/locator.ts';
import { SourceFile, type PathSegment } from '../../src/dataset/source.ts';
import { AS_OF, fixtureCopy, readFixture } from '../support/data.ts';

const SERVICE = 'services/chapeltown-carers/carers-drop-in.yaml';

/** The service with a second phone under its venue and a source record, so every kind of deep path is there. */
const TEXT = readFixture(SERVICE)
  .replace('    schedules:', '    phones:\n      - number: "0113 496 0999"\n    schedules:')
  .concat('provenance:\n  - system: test\n    id: "42"\n    imported: 2026-01-05\n');

function parsed(text: string): SourceFile {
  const lines = new LineCounter();
  return new SourceFile('x', text, lines, parseDocument(text, { lineCounter: lines }));
}

describe('recorded positions of deep paths', () => {
  test('a checked file carries the positions of its phone numbers and source records, as parsing it again gives them', () => {
    const dir = fixtureCopy({ [SERVICE]: TEXT });
    const outcome = checkFile(join(dir, 'data'), SERVICE, `data/${SERVICE}`, DEFAULT_LIMITS, readFileSync(join(dir, 'data', SERVICE)));
    expect(outcome.data).toBeDefined();
    const paths: PathSegment[][] = [['phones', 0, 'number'], ['locations', 0, 'phones', 0, 'number'], ['provenance', 0, 'id']];
    // Read back without the file: a locator that had to parse it again would find nothing and answer line 1.
    const locator = new LazyLocator(join(dir, 'no-such-file.yaml'), `data/${SERVICE}`, outcome.top, outcome.deep);
    const source = parsed(TEXT);
    for (const path of paths) {
      const expected = source.locate(path);
      expect(expected.line, JSON.stringify(path)).toBeGreaterThan(1);
      expect(locator.locate(path), JSON.stringify(path)).toEqual(expected);
    }
  });

  test('a duplicate phone number is reported at the same line from the cache as without it', () => {
    // Much the same service in another organisation: a name alike and the same phone number.
    const copy = TEXT.replace(/^name: .*$/m, "name: Carers' Drop-in Club").replace(/^id: .*$/m, 'id: 0b7e6a52-3c1d-4f8e-a9b2-5d6c7e8f9a01').replace(/^organisation: .*$/m, 'organisation: harehills-food-share').replace(/^provenance:[^]*$/m, '');
    const dir = fixtureCopy({ [SERVICE]: TEXT, 'services/harehills-food-share/carers-copy.yaml': copy });
    const run = (cacheDir?: string) => validateDataSync({ dataDir: join(dir, 'data'), root: dir, asOf: AS_OF, ...(cacheDir ? { cacheDir } : {}) });
    const uncached = run().diagnostics;
    run(join(dir, 'cache'));
    const cached = run(join(dir, 'cache'));
    expect(cached.cached).toBe(cached.files);
    expect(cached.diagnostics).toEqual(uncached);
    const phone = uncached.find((d) => d.rule === 'duplicates' && d.message.includes('has the same phone number as'));
    expect(phone?.line).toBe(copy.split('\n').findIndex((line) => line.includes('0113 496 0123')) + 1);
  });
});
