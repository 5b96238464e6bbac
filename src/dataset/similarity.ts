/**
 * Normalisation used wherever LOOP asks "is this the same thing?": the duplicates rule, importers' matching, and
 * the dashboard's duplicate counts.
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { normalisePostcode } from '../model/formats.ts';

const STOP_WORDS = new Set(['the', 'and', 'of', 'for', 'a', 'an', 'in', 'at', 'ltd', 'limited', 'cic', 'charity', 'uk']);

/** "The Chapeltown Carers' Drop-In (Leeds)" -> "chapeltown carers drop in leeds" */
export function normaliseName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/['’]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .split(' ')
    .filter((w) => w && !STOP_WORDS.has(w))
    .join(' ');
}

const phoneKeys = new Map<string, string>();

/** E.164 for a valid number, otherwise the digits. Memoised: organisations repeat their numbers everywhere. */
export function normalisePhone(number: string): string {
  let key = phoneKeys.get(number);
  if (key === undefined) {
    const parsed = parsePhoneNumberFromString(number, 'GB');
    key = parsed?.isValid() ? parsed.number : number.replace(/\D/g, '');
    if (phoneKeys.size > 100_000) phoneKeys.clear();
    phoneKeys.set(number, key);
  }
  return key;
}

/** Host without www., path without trailing slash, no query or fragment, lower case. */
export function normaliseUrl(url: string): string {
  try {
    const u = new URL(url.trim());
    return `${u.hostname.replace(/^www\./, '').toLowerCase()}${u.pathname.replace(/\/+$/, '').toLowerCase()}`;
  } catch {
    return url.trim().toLowerCase();
  }
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export { normalisePostcode };

/** Word-set similarity of two normalised names, 0..1. */
export function nameSimilarity(a: string, b: string): number {
  const wa = new Set(normaliseName(a).split(' ').filter(Boolean));
  const wb = new Set(normaliseName(b).split(' ').filter(Boolean));
  if (wa.size === 0 || wb.size === 0) return 0;
  let shared = 0;
  for (const w of wa) if (wb.has(w)) shared++;
  return (2 * shared) / (wa.size + wb.size);
}
