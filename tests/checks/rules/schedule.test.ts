/** The schedule rule, both ways: the valid fixture passes it, and a minimal change makes it fire at the right file and line. */
import { describe, expect, test } from 'vitest';
import { edit, lineOf, only, readFixture, validateWith } from '../../support/data.ts';
import { DROP_IN, FOOD, expectOne } from './support.ts';

describe('schedule', () => {
  test('schedule', () => {
    const files = edit(DROP_IN, 'closes: "12:00"', 'closes: "09:00"');
    expectOne(files, 'schedule', DROP_IN, lineOf(readFixture(DROP_IN), 'closes'), /closes \(09:00\) must be after opens \(10:00\)/);
  });
  test('a session past midnight (22:00 to 02:00) and round the clock (00:00 to 00:00) are opening times too (issue #18)', () => {
    for (const [opens, closes] of [['22:00', '02:00'], ['00:00', '00:00']] as const) {
      const text = readFixture(DROP_IN).replace('opens: "10:00"', `opens: "${opens}"`).replace('closes: "12:00"', `closes: "${closes}"`);
      expect(only(validateWith({ [DROP_IN]: text }), 'schedule'), `${opens}-${closes}`).toEqual([]);
    }
    // A morning opening that "closes" earlier is still a typo.
    const typo = readFixture(DROP_IN).replace('opens: "10:00"', 'opens: "11:00"').replace('closes: "12:00"', 'closes: "02:00"');
    expect(only(validateWith({ [DROP_IN]: typo }), 'schedule')).toHaveLength(1);
  });
  test('monthly schedules must say which weeks', () => {
    const files = edit(FOOD, '        weeks_of_month: [1, 3]\n', '');
    expectOne(files, 'schedule', FOOD, lineOf(readFixture(FOOD), 'freq: monthly'), /monthly schedule needs weeks_of_month/);
  });
});
