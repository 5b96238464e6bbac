/**
 * What the web form's "still accurate" control says about a listing's review date, from the one freshness policy
 * (src/model/freshness.ts). Browser-safe.
 */
import type { ReviewPolicy } from '../model/config.ts';
import { freshnessOf } from '../model/freshness.ts';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar date written YYYY-MM-DD (not 30 February). */
function isDate(value: unknown): value is string {
  const m = typeof value === 'string' ? DATE.exec(value) : null;
  if (!m) return false;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return date.toISOString().slice(0, 10) === value;
}

export function longDate(isoDate: string): string {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  return new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(Date.UTC(y, m - 1, d)));
}

export interface ReviewStatus {
  state: 'today' | 'current' | 'due' | 'overdue' | 'future' | 'missing';
  message: string;
}

export function reviewStatus(reviewed: unknown, today: string, policy: ReviewPolicy): ReviewStatus {
  if (!isDate(reviewed)) {
    return { state: 'missing', message: 'Not checked yet: use "Still accurate" once you have checked every detail.' };
  }
  if (reviewed > today) return { state: 'future', message: `${longDate(reviewed)} is in the future: give the date you checked it.` };
  if (reviewed === today) return { state: 'today', message: 'Marked as checked today. Save to send it to your organisation\'s reviewers.' };
  const { freshness, due, overdue } = freshnessOf(reviewed, today, policy);
  const checked = `Last checked ${longDate(reviewed)}.`;
  if (freshness === 'overdue') return { state: 'overdue', message: `${checked} Overdue for a check since ${longDate(overdue)}: people may be relying on out-of-date details.` };
  if (freshness === 'due') return { state: 'due', message: `${checked} Due for a check since ${longDate(due)}.` };
  return { state: 'current', message: `${checked} Next check due by ${longDate(due)}.` };
}
