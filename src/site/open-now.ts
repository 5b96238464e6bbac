/**
 * "Open now" and "open on a day", worked out from a listing's schedules (the model's iCalendar-style recurrence:
 * weekly or monthly, every N, which weeks of the month, days of the month, valid from/to) at a moment the caller
 * gives. Pure and small enough to run in the browser, which passes its own clock: the build cannot know when a
 * page is read. Times in the data are UK local time, so the moment is turned into the date and time in
 * Europe/London, whatever the machine's own zone.
 *
 * A session whose closing time is not after its opening time runs past midnight: 22:00–02:00 opens on the day
 * the pattern names and closes the next morning; 00:00–00:00 is the whole day (the model allows these two shapes,
 * see the schedule rule). A schedule without times says which days something runs but not when, so it counts for
 * "open on a day" and never for "open now".
 */

/** The fields of a schedule this needs (a model schedule, or its compact copy in the browser's listings file). */
export interface Recurrence {
  freq?: 'weekly' | 'monthly' | undefined;
  interval?: number | undefined;
  days?: readonly Weekday[] | undefined;
  weeks_of_month?: readonly number[] | undefined;
  month_days?: readonly number[] | undefined;
  opens?: string | undefined;
  closes?: string | undefined;
  dtstart?: string | undefined;
  valid_from?: string | undefined;
  valid_to?: string | undefined;
}

export type Weekday = 'MO' | 'TU' | 'WE' | 'TH' | 'FR' | 'SA' | 'SU';

/** getUTCDay() order. */
const WEEKDAYS: Weekday[] = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'];
const DAY_MS = 86_400_000;
export const UK_TIME_ZONE = 'Europe/London';

/** A plain calendar date, 'YYYY-MM-DD', as a UTC midnight (calendar maths without any zone's clock changes). */
function day(date: string): Date {
  return new Date(`${date}T00:00:00Z`);
}
function iso(d: Date): string {
  return d.toISOString().slice(0, 10);
}
export function addDays(date: string, n: number): string {
  return iso(new Date(day(date).getTime() + n * DAY_MS));
}
export function weekdayOf(date: string): Weekday {
  return WEEKDAYS[day(date).getUTCDay()]!;
}
function minutes(time: string): number {
  return Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
}

let ukFormat: Intl.DateTimeFormat | undefined;
/** The date and the minute of the day in the UK at an instant. */
export function ukLocal(instant: Date): { date: string; minute: number } {
  ukFormat ??= new Intl.DateTimeFormat('en-GB', { timeZone: UK_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const parts = Object.fromEntries(ukFormat.formatToParts(instant).map((p) => [p.type, p.value]));
  return { date: `${parts.year}-${parts.month}-${parts.day}`, minute: Number(parts.hour) * 60 + Number(parts.minute) };
}

/** Monday of the date's week, so "every other week" counts whole weeks whatever day dtstart fell on. */
function weekStart(date: string): number {
  const d = day(date);
  return d.getTime() - ((d.getUTCDay() + 6) % 7) * DAY_MS;
}

/** Which occurrence of its weekday in the month the date is (1–5), and whether it is the last one. */
function weekOfMonth(date: string): { nth: number; last: boolean } {
  const d = day(date);
  const nth = Math.ceil(d.getUTCDate() / 7);
  const inAWeek = new Date(d.getTime() + 7 * DAY_MS);
  return { nth, last: inAWeek.getUTCMonth() !== d.getUTCMonth() };
}

function monthsBetween(from: string, to: string): number {
  const a = day(from);
  const b = day(to);
  return (b.getUTCFullYear() - a.getUTCFullYear()) * 12 + (b.getUTCMonth() - a.getUTCMonth());
}

/** True when the pattern has an occurrence starting on the date. */
export function runsOn(s: Recurrence, date: string): boolean {
  if (s.valid_from && date < s.valid_from) return false;
  if (s.valid_to && date > s.valid_to) return false;
  if (s.dtstart && date < s.dtstart) return false;
  const interval = s.interval ?? 1;
  const weekday = weekdayOf(date);
  if (s.freq === 'monthly') {
    if (interval > 1 && s.dtstart && monthsBetween(s.dtstart, date) % interval !== 0) return false;
    if (s.weeks_of_month?.length && s.days?.length) {
      if (!s.days.includes(weekday)) return false;
      const { nth, last } = weekOfMonth(date);
      return s.weeks_of_month.some((w) => w === nth || (w === -1 && last));
    }
    const d = day(date);
    if (s.month_days?.length) {
      const length = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
      return s.month_days.some((m) => (m > 0 ? m === d.getUTCDate() : length + 1 + m === d.getUTCDate()));
    }
    return s.dtstart !== undefined && day(s.dtstart).getUTCDate() === d.getUTCDate();
  }
  const days = s.days?.length ? s.days : s.dtstart ? [weekdayOf(s.dtstart)] : [];
  if (!days.includes(weekday)) return false;
  if (interval > 1 && s.dtstart) {
    const weeks = Math.round((weekStart(date) - weekStart(s.dtstart)) / (7 * DAY_MS));
    if (weeks % interval !== 0) return false;
  }
  return true;
}

/** The session's span in minutes from the start of the day it opens: closes beyond 1440 when it runs past midnight. */
function span(s: Recurrence): { from: number; to: number } | null {
  if (!s.opens || !s.closes) return null;
  const from = minutes(s.opens);
  const to = minutes(s.closes);
  return { from, to: to > from ? to : to + 24 * 60 };
}

/** True when one of the schedules is open at the instant (UK time). */
export function isOpenAt(schedules: readonly Recurrence[], instant: Date): boolean {
  const { date, minute } = ukLocal(instant);
  const yesterday = addDays(date, -1);
  return schedules.some((s) => {
    const times = span(s);
    if (!times) return false;
    if (runsOn(s, date) && minute >= times.from && minute < times.to) return true;
    // Last night's session, still running after midnight.
    return times.to > 24 * 60 && minute < times.to - 24 * 60 && runsOn(s, yesterday);
  });
}

/** True when one of the schedules has a session starting on the date (UK calendar date, 'YYYY-MM-DD'). */
export function isOpenOn(schedules: readonly Recurrence[], date: string): boolean {
  return schedules.some((s) => runsOn(s, date));
}

/** Today's UK date and the six after it: the days an "open on" filter offers. */
export function nextDays(instant: Date, count = 7): string[] {
  const { date } = ukLocal(instant);
  return Array.from({ length: count }, (_, i) => addDays(date, i));
}
