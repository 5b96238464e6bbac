/** The words and link addresses the widget shows for a listing. Pure functions, no DOM. */
import { isObject, list, text, type Listing } from './listings.ts';

const DATE = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

/** "2026-09-14" -> "14 September 2026"; '' for anything that is not a date. */
export function dateInWords(value: unknown): string {
  const date = text(value);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return '';
  const parsed = new Date(`${date}T00:00:00Z`);
  return Number.isNaN(parsed.getTime()) ? '' : DATE.format(parsed);
}

/** A `tel:` address from a number as people write it ("0113 496 0123" -> "tel:01134960123"), or '' if it has no digits. */
export function telHref(number: unknown): string {
  const digits = text(number).replace(/[^\d+]/g, '').replace(/(?!^)\+/g, '');
  return /\d{3,}/.test(digits) ? `tel:${digits}` : '';
}

export interface Phone {
  number: string;
  href: string;
  description: string;
}

export function phonesOf(item: Listing, max = 2): Phone[] {
  const phones: Phone[] = [];
  for (const p of list(item.phones)) {
    if (!isObject(p)) continue;
    const href = telHref(p['number']);
    if (href) phones.push({ number: text(p['number']), href, description: text(p['description']) });
    if (phones.length === max) break;
  }
  return phones;
}

export const MAX_OPENING_LINES = 3;

/**
 * Opening times in words: times not tied to a venue, then each venue's ("Chapeltown Community Hub: Wednesday
 * 10:00–12:00"). At most MAX_OPENING_LINES; `more` says some were left for the full listing.
 */
export function openingOf(item: Listing): { lines: string[]; more: boolean } {
  const lines: string[] = [];
  const own = list(item.opening).map(text).filter(Boolean);
  if (own.length) lines.push(own.join('; '));
  for (const l of list(item.locations)) {
    if (!isObject(l)) continue;
    const times = list(l['opening']).map(text).filter(Boolean);
    if (times.length) lines.push(text(l['name']) ? `${text(l['name'])}: ${times.join('; ')}` : times.join('; '));
  }
  return { lines: lines.slice(0, MAX_OPENING_LINES), more: lines.length > MAX_OPENING_LINES };
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;
}

/** The line above the list: "12 listings", "Showing 11 to 20 of 34 listings", "3 listings match “carer”". */
export function summaryText(shown: { first: number; last: number; total: number; pages: number }, query: string): string {
  const q = query.trim();
  if (!shown.total) return q ? `No listings match “${q}”` : 'No listings to show';
  const count = q ? `${plural(shown.total, 'listing')} match${shown.total === 1 ? 'es' : ''} “${q}”` : plural(shown.total, 'listing');
  if (shown.pages === 1) return count;
  return `${q ? `${count}: showing` : 'Showing'} ${shown.first} to ${shown.last} of ${q ? shown.total : count}`;
}
