/** The unknown-key rule, both ways: the valid fixture passes it, and a minimal change makes it fire at the right file and line. */
import { describe, expect, test } from 'vitest';
import { edit, lineOf, readFixture } from '../../support/data.ts';
import { DROP_IN, expectOne } from './support.ts';

describe('unknown-key', () => {
  test('a typo gets "did you mean"', () => {
    const files = edit(DROP_IN, 'summary:', 'summery:');
    const d = expectOne(files, 'unknown-key', DROP_IN, 7, /"summery" is not a field of a service \(did you mean "summary"\?\)/);
    expect(d.column).toBe(1);
  });
  test('nested unknown keys name their place and list the known fields', () => {
    const files = edit(DROP_IN, '        opens: "10:00"', '        opens: "10:00"\n        colour: red');
    const d = expectOne(files, 'unknown-key', DROP_IN, lineOf(readFixture(DROP_IN), 'opens') + 1, /"colour" is not a field of locations\[0\]\.schedules\[0\]/);
    expect(d.hint).toMatch(/known fields here: freq, interval, days/);
  });
});
