/**
 * The freshness policy, defined once: the validator, the site, the feeds, the dashboard and the review reminders
 * all ask this module whether a listing is current, due or overdue.
 */
import type { ReviewPolicy } from './config.ts';

export type Freshness = 'current' | 'due' | 'overdue';

/** Adds calendar months the way people count them: 31 August + 6 months is 28/29 February. */
export function addMonths(isoDate: string, months: number): string {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  const totalMonths = y * 12 + (m - 1) + months;
  const year = Math.floor(totalMonths / 12);
  const month = (totalMonths % 12) + 1;
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(Math.min(d, lastDay)).padStart(2, '0')}`;
}

export interface FreshnessInfo {
  freshness: Freshness;
  /** The date the next review falls due. */
  due: string;
  /** The date it becomes overdue. */
  overdue: string;
}

export function freshnessOf(reviewed: string, asOf: string, policy: ReviewPolicy): FreshnessInfo {
  const due = addMonths(reviewed, policy.due_after_months);
  const overdue = addMonths(reviewed, policy.overdue_after_months);
  const freshness: Freshness = asOf >= overdue ? 'overdue' : asOf >= due ? 'due' : 'current';
  return { freshness, due, overdue };
}

