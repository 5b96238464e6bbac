/**
 * What something costs, in words: "Free", "£3 per session", "£0.50 per session". Amounts are shown as a UK price
 * tag would show them: whole pounds without pence, otherwise two decimal places.
 */
import type { cost as costSchema, costOption } from '../../model/fields.ts';
import type { z } from 'zod';
import { formatDate } from './dates.ts';

export type Cost = z.infer<typeof costSchema>;
type CostOption = z.infer<typeof costOption>;

/** Formatters by currency and whether pence are shown: making one costs more than formatting (issue #19). */
const formatters = new Map<string, Intl.NumberFormat>();

export function formatAmount(amount: number, currency = 'GBP'): string {
  if (amount === 0) return 'Free';
  const whole = Number.isInteger(amount);
  const key = `${currency} ${whole}`;
  let format = formatters.get(key);
  if (!format) {
    format = new Intl.NumberFormat('en-GB', { style: 'currency', currency, minimumFractionDigits: whole ? 0 : 2, maximumFractionDigits: 2 });
    formatters.set(key, format);
  }
  return format.format(amount);
}

/** True when the core offer costs nothing (`cost: free`, or `free: true`). */
export function isFree(cost: Cost | undefined): boolean {
  return cost === 'free' || (typeof cost === 'object' && cost.free === true);
}

/** "£3 per session (Self-referral)" */
export function describeCostOption(option: CostOption, asOf?: string): string {
  const price = option.amount === undefined ? '' : formatAmount(option.amount, option.currency);
  const main = [option.option, [price, option.amount_description].filter(Boolean).join(' ')].filter(Boolean).join(': ');
  const ended = asOf && option.valid_to && option.valid_to < asOf;
  const season = option.valid_from && option.valid_to
    ? ` (from ${formatDate(option.valid_from)} to ${formatDate(option.valid_to)})`
    : option.valid_to
      ? ` (until ${formatDate(option.valid_to)})`
      : '';
  return ended ? '' : `${main}${season}`;
}

export interface CostSummary {
  /** "Free", "Free (with some charges)", "There is a charge" */
  headline: string;
  description?: string;
  options: string[];
}

export function describeCost(cost: Cost | undefined, asOf?: string): CostSummary | null {
  if (cost === undefined) return null;
  if (cost === 'free') return { headline: 'Free', options: [] };
  const options = (cost.options ?? []).map((o) => describeCostOption(o, asOf)).filter(Boolean);
  const charged = (cost.options ?? []).some((o) => (o.amount ?? 0) > 0);
  const headline = cost.free === true ? (charged ? 'Free, with some charges' : 'Free') : cost.free === false || charged ? 'There is a charge' : 'Cost';
  return { headline, ...(cost.description ? { description: cost.description } : {}), options };
}
