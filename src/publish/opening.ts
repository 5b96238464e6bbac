/**
 * Opening times in words ("Wednesday 10:00–12:00", "First and third Friday of the month 11:00–14:00"), from the
 * schedule model. The feeds carry these so a widget or app can show times without an iCalendar library; the ORUK
 * output carries the machine-readable recurrence (freq, byday, opens_at...) instead.
 */
import { WEEKDAY_NAMES, type schedule } from '../model/fields.ts';
import type { z } from 'zod';

export type Schedule = z.output<typeof schedule>;
type Day = keyof typeof WEEKDAY_NAMES;

const ORDER: Day[] = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];
const ORDINALS = ['', 'first', 'second', 'third', 'fourth', 'fifth'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

function list(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** "Monday to Friday" for a run of three or more days in a row, else "Monday and Wednesday". */
export function daysInWords(days: readonly Day[]): string {
  const sorted = [...new Set(days)].sort((a, b) => ORDER.indexOf(a) - ORDER.indexOf(b));
  const runs: Day[][] = [];
  for (const day of sorted) {
    const run = runs.at(-1);
    if (run && ORDER.indexOf(day) === ORDER.indexOf(run.at(-1)!) + 1) run.push(day);
    else runs.push([day]);
  }
  const parts = runs.flatMap((run) => (run.length >= 3 ? [`${WEEKDAY_NAMES[run[0]!]} to ${WEEKDAY_NAMES[run.at(-1)!]}`] : run.map((d) => WEEKDAY_NAMES[d])));
  if (sorted.length === 7) return 'Every day';
  return list(parts);
}

function ordinalDay(n: number): string {
  if (n < 0) return n === -1 ? 'last day' : `${ordinal(-n)} to last day`;
  return ordinal(n);
}

function ordinal(n: number): string {
  const suffix = n % 100 >= 11 && n % 100 <= 13 ? 'th' : ({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th';
  return `${n}${suffix}`;
}

export function dateInWords(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return `${d} ${MONTHS[m - 1]} ${y}`;
}

/** One schedule in words, e.g. "Every other Tuesday 18:00–20:00". The author's own description wins. */
export function openingText(s: Schedule): string {
  if (s.description) return s.description;
  const interval = s.interval ?? 1;
  let when: string;
  if (s.freq === 'monthly') {
    const every = interval === 1 ? 'of the month' : `every ${interval} months`;
    if (s.weeks_of_month?.length && s.days?.length) {
      const weeks = list(s.weeks_of_month.map((w) => (w === -1 ? 'last' : ORDINALS[w] ?? ordinal(w))));
      when = `${capitalise(weeks)} ${daysInWords(s.days)} ${every}`;
    } else if (s.month_days?.length) {
      when = `On the ${list(s.month_days.map(ordinalDay))} ${every}`;
    } else {
      when = interval === 1 ? 'Monthly' : `Every ${interval} months`;
    }
  } else {
    const days = s.days?.length ? daysInWords(s.days) : '';
    if (interval === 2) when = days ? `Every other ${days}` : 'Every other week';
    else if (interval > 2) when = days ? `Every ${interval} weeks on ${days}` : `Every ${interval} weeks`;
    else when = days || 'Weekly';
  }
  const times = !s.opens || !s.closes ? '' : s.opens === '00:00' && s.closes === '00:00' ? ' 24 hours' : ` ${s.opens}–${s.closes}${s.closes < s.opens ? ' (overnight)' : ''}`;
  const from = interval > 1 && s.dtstart ? ` (from ${dateInWords(s.dtstart)})` : '';
  const until = s.valid_to ? `, until ${dateInWords(s.valid_to)}` : '';
  return `${when}${times}${from}${until}`;
}
