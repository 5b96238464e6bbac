/** The freshness rule, both ways: the valid fixture passes it, and a minimal change makes it fire at the right file and line. */
import { describe, expect, test } from 'vitest';
import { edit, lineOf, only, readFixture, validateWith } from '../../support/data.ts';
import { DROP_IN, expectOne } from './support.ts';

describe('freshness', () => {
  test('a future review date is an error', () => {
    const files = edit(DROP_IN, 'reviewed: 2026-09-14', 'reviewed: 2027-01-01');
    expectOne(files, 'freshness', DROP_IN, lineOf(readFixture(DROP_IN), 'reviewed:'), /in the future/);
  });
  test('due after 6 months, overdue after 12, as warnings', () => {
    const due = only(validateWith({}, { asOf: '2027-03-15' }), 'freshness');
    expect(due.map((d) => [d.file, d.line, d.severity])).toEqual([
      ['data/resources/chapeltown-carers/carers-guide.yaml', lineOf(readFixture('resources/chapeltown-carers/carers-guide.yaml'), 'reviewed: 2026'), 'warning'],
      [`data/${DROP_IN}`, lineOf(readFixture(DROP_IN), 'reviewed:'), 'warning'],
    ]);
    expect(due[1]!.message).toBe('last reviewed 2026-09-14, more than 6 months ago: a review is due (overdue from 2027-09-14)');
    const result = validateWith({}, { asOf: '2027-12-01' });
    const overdue = only(result, 'freshness').filter((d) => /overdue for review/.test(d.message));
    expect(overdue.length).toBe(4);
    expect(result.errors).toBe(0);
  });
  test('the policy comes from loop.config.yaml', () => {
    // 2 months after review: current under the default policy, due under a 1-month policy.
    expect(only(validateWith({}, { asOf: '2026-11-15' }), 'freshness')).toEqual([]);
  });
});
