/** The schedule rule, both ways: the valid fixture passes it, and a minimal change makes it fire at the right file and line. */
import { describe, test } from 'vitest';
import { edit, lineOf, readFixture } from '../../support/data.ts';
import { DROP_IN, FOOD, expectOne } from './support.ts';

describe('schedule', () => {
  test('schedule', () => {
    const files = edit(DROP_IN, 'closes: "12:00"', 'closes: "09:00"');
    expectOne(files, 'schedule', DROP_IN, lineOf(readFixture(DROP_IN), 'closes'), /closes \(09:00\) must be after opens \(10:00\)/);
  });
  test('monthly schedules must say which weeks', () => {
    const files = edit(FOOD, '        weeks_of_month: [1, 3]\n', '');
    expectOne(files, 'schedule', FOOD, lineOf(readFixture(FOOD), 'freq: monthly'), /monthly schedule needs weeks_of_month/);
  });
});
