import { describe, expect, test } from 'vitest';
import { ageGroupsOf, describeAges } from '../../src/site/format/ages.ts';
import { describeCost, formatAmount, isFree } from '../../src/site/format/cost.ts';
import { formatDate, listInWords, ordinal } from '../../src/site/format/dates.ts';
import { telHref } from '../../src/site/format/phone.ts';
import { phoneHref } from '../../src/model/formats.ts';
import { lowerFirst } from '../../src/site/format/words.ts';
import { describeDays, describeSchedule, scheduleLine, type Schedule } from '../../src/site/format/schedule.ts';

const weekly = (s: Partial<Schedule>): Schedule => ({ freq: 'weekly', ...s }) as Schedule;

describe('dates', () => {
  test('UK long dates, ordinals and lists', () => {
    expect(formatDate('2026-09-14')).toBe('14 September 2026');
    expect(formatDate('2027-01-01')).toBe('1 January 2027');
    expect(() => formatDate('14/09/2026')).toThrow(/YYYY-MM-DD/);
    expect(() => formatDate('2026-13-01')).toThrow(/calendar date/);
    expect([1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 101, 111].map(ordinal)).toEqual(['1st', '2nd', '3rd', '4th', '11th', '12th', '13th', '21st', '22nd', '23rd', '101st', '111th']);
    expect(listInWords([])).toBe('');
    expect(listInWords(['a'])).toBe('a');
    expect(listInWords(['a', 'b'])).toBe('a and b');
    expect(listInWords(['a', 'b', 'c'], 'or')).toBe('a, b or c');
  });
});

describe('opening times', () => {
  test('a single day reads "Monday 10:00–14:00"', () => {
    expect(describeSchedule(weekly({ days: ['MO'], opens: '10:00', closes: '14:00' }))).toBe('Monday 10:00–14:00');
    // Issue #18: round the clock, and a session past midnight.
    expect(describeSchedule(weekly({ days: ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'], opens: '00:00', closes: '00:00' }))).toBe('Every day 24 hours');
    expect(describeSchedule(weekly({ days: ['FR'], opens: '22:00', closes: '02:00' }))).toBe('Friday 22:00–02:00 (overnight)');
  });
  test('runs of three or more days become ranges; others are listed in week order', () => {
    expect(describeDays(['FR', 'MO', 'TU', 'WE', 'TH'])).toBe('Monday to Friday');
    expect(describeDays(['MO', 'WE'])).toBe('Monday and Wednesday');
    expect(describeDays(['MO', 'TU', 'TH', 'FR'])).toBe('Monday, Tuesday, Thursday and Friday');
    expect(describeDays(['MO', 'TU', 'WE', 'FR', 'SA', 'SU'])).toBe('Monday to Wednesday and Friday to Sunday');
    expect(describeDays(['SU', 'SA', 'FR', 'TH', 'WE', 'TU', 'MO'])).toBe('Every day');
    expect(describeDays(['TU', 'TU'])).toBe('Tuesday');
  });
  test('fortnightly and every-N-weeks patterns say which weeks', () => {
    expect(describeSchedule(weekly({ interval: 2, days: ['WE'], opens: '10:30', closes: '12:30', dtstart: '2026-09-02' }))).toBe(
      'Every other Wednesday 10:30–12:30, starting 2 September 2026',
    );
    expect(describeSchedule(weekly({ interval: 3, days: ['TH'], dtstart: '2026-09-03' }))).toBe('Every 3rd Thursday, starting 3 September 2026');
  });
  test('monthly by week of the month, including the last', () => {
    const monthly = (s: Partial<Schedule>) => ({ freq: 'monthly', ...s }) as Schedule;
    expect(describeSchedule(monthly({ days: ['TU'], weeks_of_month: [1, 3], opens: '14:00', closes: '16:00' }))).toBe('First and third Tuesday of the month 14:00–16:00');
    expect(describeSchedule(monthly({ days: ['SA'], weeks_of_month: [-1] }))).toBe('Last Saturday of the month');
    expect(describeSchedule(monthly({ month_days: [1, 15], opens: '17:00', closes: '19:00' }))).toBe('The 1st and 15th of the month 17:00–19:00');
    expect(describeSchedule(monthly({ month_days: [-1] }))).toBe('The last day of the month');
    expect(describeSchedule(monthly({ month_days: [-2], interval: 2 }))).toBe('The 2nd to last day of every other month');
    expect(describeSchedule(monthly({ dtstart: '2027-01-05' }))).toBe('Once a month, starting 5 January 2027');
  });
  test('seasons, notes and links; a finished season is not shown', () => {
    const s = weekly({ days: ['MO', 'WE', 'FR'], opens: '13:00', closes: '16:30', valid_from: '2026-11-02', valid_to: '2027-03-26', notes: 'Closed 24 December to 1 January.', attending_type: 'phone' });
    expect(scheduleLine(s, '2026-10-01')).toEqual({
      when: 'Monday, Wednesday and Friday 13:00–16:30',
      how: 'By phone',
      season: 'from 2 November 2026 to 26 March 2027',
      notes: ['Closed 24 December to 1 January.'],
    });
    expect(scheduleLine(s, '2026-12-01')?.season).toBe('until 26 March 2027');
    expect(scheduleLine(s, '2027-03-27')).toBeNull();
    expect(scheduleLine(weekly({ days: ['SA'], schedule_link: 'https://a.example.org/' }), '2026-11-24')?.link).toBe('https://a.example.org/');
  });
});

describe('ages', () => {
  test('in words', () => {
    expect(describeAges({ minimum_age: 8, maximum_age: 17 })).toBe('Ages 8 to 17');
    expect(describeAges({ minimum_age: 16 })).toBe('Ages 16 and over');
    expect(describeAges({ maximum_age: 25 })).toBe('Up to age 25');
    expect(describeAges({ minimum_age: 0 })).toBe('');
    expect(describeAges({ minimum_age: 18, maximum_age: 18 })).toBe('Age 18 only');
    expect(describeAges({})).toBe('');
  });
  test('groups a listing is for overlap its age range', () => {
    expect(ageGroupsOf({})).toEqual(['children', 'teenagers', 'young-adults', 'adults', 'older-people']);
    expect(ageGroupsOf({ minimum_age: 8, maximum_age: 17 })).toEqual(['children', 'teenagers']);
    expect(ageGroupsOf({ minimum_age: 18 })).toEqual(['young-adults', 'adults', 'older-people']);
    expect(ageGroupsOf({ minimum_age: 65 })).toEqual(['older-people']);
    expect(ageGroupsOf({ maximum_age: 12 })).toEqual(['children']);
  });
});

describe('cost', () => {
  test('amounts like a price tag', () => {
    expect(formatAmount(3)).toBe('£3');
    expect(formatAmount(2.5)).toBe('£2.50');
    expect(formatAmount(0.6)).toBe('£0.60');
    expect(formatAmount(0)).toBe('Free');
    expect(formatAmount(10, 'EUR')).toBe('€10');
    // Formatters are kept by currency and pence: each call still gets its own.
    expect([formatAmount(3), formatAmount(10.5, 'EUR'), formatAmount(2.5), formatAmount(3, 'EUR'), formatAmount(1234)]).toEqual(['£3', '€10.50', '£2.50', '€3', '£1,234']);
  });
  test('free, free with extras, and charged', () => {
    expect(isFree('free')).toBe(true);
    expect(isFree({ free: true })).toBe(true);
    expect(isFree({ free: false })).toBe(false);
    expect(isFree(undefined)).toBe(false);
    expect(describeCost('free')).toEqual({ headline: 'Free', options: [] });
    expect(describeCost(undefined)).toBeNull();
    expect(
      describeCost({
        free: false,
        description: 'Your first session is free.',
        options: [
          { amount: 0, currency: 'GBP', option: 'First session' },
          { amount: 3, currency: 'GBP', amount_description: 'per session' },
        ],
      }),
    ).toEqual({ headline: 'There is a charge', description: 'Your first session is free.', options: ['First session: Free', '£3 per session'] });
    expect(describeCost({ free: true, options: [{ amount: 5, currency: 'GBP', option: 'Printed copies', valid_to: '2027-03-31' }] })?.headline).toBe('Free, with some charges');
  });
  test('a price that has ended is not shown', () => {
    const cost = { options: [{ amount: 15, currency: 'GBP', option: 'Paid upfront', valid_from: '2026-09-01', valid_to: '2027-08-31' }] };
    expect(describeCost(cost, '2026-11-24')?.options).toEqual(['Paid upfront: £15 (from 1 September 2026 to 31 August 2027)']);
    expect(describeCost(cost, '2027-09-01')?.options).toEqual([]);
  });
});

describe('phone links', () => {
  test('international form for tel: links, sms: for text lines, extensions', () => {
    expect(telHref('0113 496 0053')).toBe('tel:+441134960053');
    expect(telHref('0800 123 4567')).toBe('tel:+448001234567');
    expect(telHref('116 123')).toBe('tel:116123');
    expect(telHref('999')).toBe('tel:999');
    expect(telHref('+353 1 234 5678')).toBe('tel:+35312345678');
    expect(telHref('85258', { type: 'text' })).toBe('sms:85258');
    expect(telHref('0113 496 0053', { extension: 12 })).toBe('tel:+441134960053;ext=12');
  });
  test('agrees with libphonenumber on valid UK numbers', () => {
    for (const n of ['0113 496 0053', '020 7946 0123', '07400 123456', '0800 157 0001', '0161 496 0999']) expect(telHref(n)).toBe(phoneHref(n));
  });
});

describe('words', () => {
  test('lower-casing the first letter keeps acronyms', () => {
    expect(lowerFirst('Carers')).toBe('carers');
    expect(lowerFirst('LGBTQ+ people')).toBe('LGBTQ+ people');
    expect(lowerFirst('Black, Asian and minority ethnic communities')).toBe('black, Asian and minority ethnic communities');
  });
});
