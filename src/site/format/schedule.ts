/**
 * Opening times in words: "Monday 10:00–14:00", "Monday to Friday 09:30–16:30", "Every other Wednesday
 * 10:30–12:30", "First and third Tuesday of the month 14:00–16:00". The schedule model is HSDS's iCalendar-style
 * recurrence; this turns each pattern into the sentence a receptionist would say.
 */
import { WEEKDAY_NAMES, type schedule as scheduleSchema, type weekday } from '../../model/fields.ts';
import type { z } from 'zod';
import { formatDate, listInWords, ordinal } from './dates.ts';

export type Schedule = z.infer<typeof scheduleSchema>;
type Weekday = z.infer<typeof weekday>;

const ORDER: Weekday[] = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];
const WEEK_ORDINALS: Record<number, string> = { 1: 'first', 2: 'second', 3: 'third', 4: 'fourth', 5: 'fifth', [-1]: 'last' };

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Days in week order; three or more consecutive days become a range ("Monday to Friday"). */
export function describeDays(days: readonly Weekday[]): string {
  const sorted = [...new Set(days)].sort((a, b) => ORDER.indexOf(a) - ORDER.indexOf(b));
  if (sorted.length === 7) return 'Every day';
  const runs: Weekday[][] = [];
  for (const day of sorted) {
    const run = runs.at(-1);
    if (run && ORDER.indexOf(day) === ORDER.indexOf(run.at(-1)!) + 1) run.push(day);
    else runs.push([day]);
  }
  const pieces = runs.flatMap((run) =>
    run.length >= 3 ? [`${WEEKDAY_NAMES[run[0]!]} to ${WEEKDAY_NAMES[run.at(-1)!]}`] : run.map((d) => WEEKDAY_NAMES[d]),
  );
  return listInWords(pieces);
}

/** "10:00–14:00" (en dash, 24-hour, as the data holds it); "24 hours" for 00:00–00:00; "22:00–02:00 (overnight)". */
export function describeTimes(s: Pick<Schedule, 'opens' | 'closes'>): string {
  if (!s.opens || !s.closes) return '';
  if (s.opens === '00:00' && s.closes === '00:00') return '24 hours';
  return `${s.opens}–${s.closes}${s.closes < s.opens ? ' (overnight)' : ''}`;
}

interface Pattern {
  text: string;
  /** The first date of an "every other week" or "every N months" pattern, which says which weeks it falls in. */
  start?: string;
}

function pattern(s: Schedule): Pattern {
  const days = s.days ?? [];
  const interval = s.interval ?? 1;
  const start = s.dtstart && (interval > 1 || (s.freq === 'monthly' && !s.weeks_of_month && !s.month_days)) ? { start: s.dtstart } : {};
  if (s.freq === 'monthly') {
    const every = interval === 1 ? 'of the month' : `of every ${interval === 2 ? 'other' : ordinal(interval)} month`;
    if (s.weeks_of_month?.length && days.length) {
      const weeks = s.weeks_of_month.map((w) => WEEK_ORDINALS[w] ?? ordinal(w));
      return { text: capitalise(`${listInWords(weeks)} ${describeDays(days)} ${every}`), ...start };
    }
    if (s.month_days?.length) {
      const dates = s.month_days.map((d) => (d === -1 ? 'last day' : d < 0 ? `${ordinal(-d)} to last day` : ordinal(d)));
      return { text: capitalise(`the ${listInWords(dates)} ${every}`), ...start };
    }
    return { text: interval === 1 ? 'Once a month' : `Every ${interval} months`, ...start };
  }
  const every = interval === 1 ? '' : interval === 2 ? 'Every other ' : `Every ${ordinal(interval)} `;
  if (!days.length) return { text: interval === 1 ? 'Every week' : `Every ${interval} weeks`, ...start };
  return { text: every ? `${every}${describeDays(days)}` : describeDays(days), ...start };
}

/** The recurrence and times in one line: "Monday to Friday 09:30–16:30". */
export function describeSchedule(s: Schedule): string {
  const { text, start } = pattern(s);
  const times = describeTimes(s);
  return `${text}${times ? ` ${times}` : ''}${start ? `, starting ${formatDate(start)}` : ''}`;
}

/** "from 2 November 2026 to 26 March 2027", "until 31 March 2027", or "" when it is not seasonal. */
export function describeValidity(s: Pick<Schedule, 'valid_from' | 'valid_to'>, asOf: string): string {
  const from = s.valid_from && s.valid_from > asOf ? s.valid_from : undefined;
  if (from && s.valid_to) return `from ${formatDate(from)} to ${formatDate(s.valid_to)}`;
  if (from) return `from ${formatDate(from)}`;
  if (s.valid_to) return `until ${formatDate(s.valid_to)}`;
  return '';
}

/** A schedule whose season has ended is history, not opening times. */
export function isCurrentSchedule(s: Pick<Schedule, 'valid_to'>, asOf: string): boolean {
  return !s.valid_to || s.valid_to >= asOf;
}

const ATTENDING: Record<NonNullable<Schedule['attending_type']>, string> = {
  'in-person': 'In person',
  online: 'Online',
  phone: 'By phone',
  'home-visit': 'Home visits',
};

export interface ScheduleLine {
  /** "Monday to Friday 09:30–16:30" */
  when: string;
  /** "By phone", when the schedule says how people attend. */
  how?: string;
  /** "from 2 November 2026 to 26 March 2027" */
  season?: string;
  /** The contributor's own words: description, then notes. */
  notes: string[];
  link?: string;
}

/** Everything the page shows for one schedule, or nothing for a season that has ended. */
export function scheduleLine(s: Schedule, asOf: string): ScheduleLine | null {
  if (!isCurrentSchedule(s, asOf)) return null;
  const season = describeValidity(s, asOf);
  return {
    when: describeSchedule(s),
    ...(s.attending_type ? { how: ATTENDING[s.attending_type] } : {}),
    ...(season ? { season } : {}),
    notes: [s.description, s.notes].filter((n): n is string => Boolean(n)),
    ...(s.schedule_link ? { link: s.schedule_link } : {}),
  };
}
