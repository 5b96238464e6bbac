/**
 * Normalisation used wherever LOOP asks "is this the same thing?": the duplicates rule, importers' matching, and
 * the dashboard's duplicate counts.
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { normalisePostcode } from '../model/formats.ts';
import { foldName } from '../model/kinds.ts';

const STOP_WORDS = new Set(['the', 'and', 'of', 'for', 'a', 'an', 'in', 'at', 'ltd', 'limited', 'cic', 'charity', 'uk']);

/** "The Chapeltown Carers' Drop-In (Leeds)" -> "chapeltown carers drop in leeds" */
export function normaliseName(name: string): string {
  return foldName(name, ' ')
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

/** What two records are compared on, already in any form (normalised here). */
export interface SimilarityProfile {
  name: string;
  postcodes?: readonly string[];
  phones?: readonly string[];
  emails?: readonly string[];
  urls?: readonly string[];
  /** First lines of street addresses (venues). */
  addresses?: readonly string[];
}

export interface SimilarityScore {
  /** 0..1: from about 0.8 the records are likely the same; from 0.5 they may be. */
  score: number;
  /** The evidence, in words: "same name", "same postcode LS7 3HB"... */
  reasons: string[];
}

/** How alike two names must be before an import or the duplicates report calls them likely or possible duplicates. */
export const LIKELY_DUPLICATE = 0.8;
export const POSSIBLE_DUPLICATE = 0.5;

function shared<T>(a: readonly T[] | undefined, b: readonly T[] | undefined, key: (v: T) => string): T | undefined {
  if (!a?.length || !b?.length) return undefined;
  const keys = new Set(b.map(key));
  return a.find((v) => keys.has(key(v)));
}

/**
 * One score for "is this the same thing?": the name counts for a little over half, shared contact details
 * (postcode, phone, email, website) for the rest. A name alone never makes a likely duplicate (two charities can
 * both run "Befriending Calls"), nor do contact details alone (an organisation's services share its switchboard).
 */
export function scoreSimilarity(a: SimilarityProfile, b: SimilarityProfile): SimilarityScore {
  const reasons: string[] = [];
  const names = nameSimilarity(a.name, b.name);
  if (names === 1) reasons.push(`same name ("${b.name}")`);
  else if (names >= 0.5) reasons.push(`names ${Math.round(names * 100)}% alike ("${a.name}" / "${b.name}")`);
  let contact = 0;
  const postcode = shared(a.postcodes, b.postcodes, (p) => normalisePostcode(p) ?? p.toUpperCase());
  if (postcode) {
    contact += 0.6;
    reasons.push(`same postcode ${normalisePostcode(postcode) ?? postcode}`);
  }
  const phone = shared(a.phones, b.phones, normalisePhone);
  if (phone) {
    contact += 0.6;
    reasons.push(`same phone ${phone}`);
  }
  const email = shared(a.emails, b.emails, normaliseEmail);
  if (email) {
    contact += 0.5;
    reasons.push(`same email ${normaliseEmail(email)}`);
  }
  const url = shared(a.urls, b.urls, normaliseUrl);
  if (url) {
    contact += 0.4;
    reasons.push(`same website ${normaliseUrl(url)}`);
  }
  const address = shared(a.addresses, b.addresses, normaliseName);
  if (address && postcode) {
    contact += 0.5;
    reasons.push(`same address ${address}`);
  }
  const score = Math.round((0.55 * names + 0.45 * Math.min(1, contact)) * 100) / 100;
  return { score, reasons };
}
