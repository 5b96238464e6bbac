/**
 * "Open now" and "open on a day" (issue #18): the schedule logic alone, at fixed instants given in UTC, so the
 * answers hold on any machine, in any zone, on any day. December is GMT, July is BST (UTC+1).
 */
import { describe, expect, test } from 'vitest';
import { isOpenAt, isOpenOn, nextDays, runsOn, ukLocal, type Recurrence } from '../../src/site/open-now.ts';

const at = (iso: string) => new Date(iso);

describe('the UK clock', () => {
  test('an instant becomes the UK date and time, in GMT and in BST, whatever the machine zone', () => {
    expect(ukLocal(at('2026-12-07T10:00:00Z'))).toEqual({ date: '2026-12-07', minute: 600 });
    expect(ukLocal(at('2026-07-06T23:30:00Z'))).toEqual({ date: '2026-07-07', minute: 30 });
    // The clocks go forward at 01:00 GMT on 29 March 2026.
    expect(ukLocal(at('2026-03-29T00:59:00Z')).minute).toBe(59);
    expect(ukLocal(at('2026-03-29T01:00:00Z')).minute).toBe(120);
  });
  test('the days an "open on" filter offers start with the UK date', () => {
    expect(nextDays(at('2026-12-06T23:30:00Z'), 3)).toEqual(['2026-12-06', '2026-12-07', '2026-12-08']);
    expect(nextDays(at('2026-07-06T23:30:00Z'), 2)).toEqual(['2026-07-07', '2026-07-08']);
  });
});

describe('open now', () => {
  const weekdays: Recurrence = { days: ['MO', 'TU', 'WE', 'TH', 'FR'], opens: '09:30', closes: '16:30' };
  test('a weekly pattern, opening inclusive and closing exclusive', () => {
    expect(isOpenAt([weekdays], at('2026-12-07T09:30:00Z'))).toBe(true);
    expect(isOpenAt([weekdays], at('2026-12-07T09:29:00Z'))).toBe(false);
    expect(isOpenAt([weekdays], at('2026-12-07T16:30:00Z'))).toBe(false);
    expect(isOpenAt([weekdays], at('2026-12-12T12:00:00Z'))).toBe(false); // Saturday
  });
  test('in summer the times are BST, not UTC', () => {
    expect(isOpenAt([weekdays], at('2026-07-06T08:45:00Z'))).toBe(true); // 09:45 BST
    expect(isOpenAt([weekdays], at('2026-07-06T15:45:00Z'))).toBe(false); // 16:45 BST
  });
  test('overnight, 22:00–02:00 on Fridays: open late Friday and early Saturday, not Friday evening or Saturday night', () => {
    const overnight: Recurrence = { days: ['FR'], opens: '22:00', closes: '02:00' };
    expect(isOpenAt([overnight], at('2026-12-11T21:59:00Z'))).toBe(false);
    expect(isOpenAt([overnight], at('2026-12-11T22:00:00Z'))).toBe(true);
    expect(isOpenAt([overnight], at('2026-12-11T23:59:00Z'))).toBe(true);
    expect(isOpenAt([overnight], at('2026-12-12T01:59:00Z'))).toBe(true);
    expect(isOpenAt([overnight], at('2026-12-12T02:00:00Z'))).toBe(false);
    expect(isOpenAt([overnight], at('2026-12-12T23:00:00Z'))).toBe(false);
    expect(isOpenAt([overnight], at('2026-12-11T01:00:00Z'))).toBe(false); // early Friday: Thursday had none
    // "Open on Saturday" is about sessions that start then.
    expect(isOpenOn([overnight], '2026-12-12')).toBe(false);
    expect(isOpenOn([overnight], '2026-12-11')).toBe(true);
  });
  test('24 hours (00:00–00:00): every minute of the days it runs, none of the others', () => {
    const always: Recurrence = { days: ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'], opens: '00:00', closes: '00:00' };
    for (const t of ['2026-12-07T00:00:00Z', '2026-12-09T03:17:00Z', '2026-12-13T23:59:00Z', '2026-07-05T23:30:00Z']) expect(isOpenAt([always], at(t)), t).toBe(true);
    const tuesdays: Recurrence = { days: ['TU'], opens: '00:00', closes: '00:00' };
    expect(isOpenAt([tuesdays], at('2026-12-08T23:59:00Z'))).toBe(true);
    expect(isOpenAt([tuesdays], at('2026-12-09T00:00:00Z'))).toBe(false);
    expect(isOpenAt([tuesdays], at('2026-12-07T23:59:00Z'))).toBe(false);
  });
  test('the first Monday of the month, and only that Monday', () => {
    const first: Recurrence = { freq: 'monthly', weeks_of_month: [1], days: ['MO'], opens: '10:00', closes: '12:00' };
    expect(isOpenAt([first], at('2026-12-07T11:00:00Z'))).toBe(true); // 1 December is a Tuesday
    expect(isOpenAt([first], at('2026-12-14T11:00:00Z'))).toBe(false);
    expect(isOpenAt([first], at('2026-11-30T11:00:00Z'))).toBe(false); // last Monday of November
    expect(isOpenOn([first], '2027-01-04')).toBe(true);
    expect(isOpenOn([first], '2027-01-11')).toBe(false);
  });
  test('a schedule without times says which days, never "open now"', () => {
    const daysOnly: Recurrence = { days: ['MO'] };
    expect(isOpenOn([daysOnly], '2026-12-07')).toBe(true);
    expect(isOpenAt([daysOnly], at('2026-12-07T11:00:00Z'))).toBe(false);
  });
  test('any of several schedules (a venue\'s and a phone line\'s)', () => {
    const phone: Recurrence = { days: ['SA'], opens: '10:00', closes: '13:00' };
    expect(isOpenAt([weekdays, phone], at('2026-12-12T11:00:00Z'))).toBe(true);
    expect(isOpenAt([], at('2026-12-12T11:00:00Z'))).toBe(false);
  });
});

describe('which days a pattern runs', () => {
  test('the last Friday, the first and last day of the month', () => {
    const lastFriday: Recurrence = { freq: 'monthly', weeks_of_month: [-1], days: ['FR'] };
    expect(runsOn(lastFriday, '2026-12-25')).toBe(true);
    expect(runsOn(lastFriday, '2026-12-18')).toBe(false);
    const ends: Recurrence = { freq: 'monthly', month_days: [1, -1] };
    expect(['2026-12-01', '2026-12-31', '2027-02-28'].map((d) => runsOn(ends, d))).toEqual([true, true, true]);
    expect(runsOn(ends, '2027-02-27')).toBe(false);
  });
  test('every other week counts whole weeks from dtstart', () => {
    const fortnightly: Recurrence = { interval: 2, days: ['WE'], dtstart: '2026-11-04' };
    expect(runsOn(fortnightly, '2026-11-04')).toBe(true);
    expect(runsOn(fortnightly, '2026-11-11')).toBe(false);
    expect(runsOn(fortnightly, '2026-12-02')).toBe(true);
    expect(runsOn(fortnightly, '2026-10-21')).toBe(false); // before it started
  });
  test('every other month, and a season', () => {
    const bimonthly: Recurrence = { freq: 'monthly', interval: 2, weeks_of_month: [1], days: ['MO'], dtstart: '2026-12-07' };
    expect(runsOn(bimonthly, '2026-12-07')).toBe(true);
    expect(runsOn(bimonthly, '2027-01-04')).toBe(false);
    expect(runsOn(bimonthly, '2027-02-01')).toBe(true);
    const winter: Recurrence = { days: ['MO'], valid_from: '2026-11-02', valid_to: '2027-03-29' };
    expect(runsOn(winter, '2026-10-26')).toBe(false);
    expect(runsOn(winter, '2026-12-07')).toBe(true);
    expect(runsOn(winter, '2027-04-05')).toBe(false);
  });
});
