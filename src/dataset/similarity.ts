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
    rememberPhone(number, key);
  }
  return key;
}

/**
 * Records a number's normal form worked out earlier by `normalisePhone` (the check cache keeps them per file, issue
 * #19), so the duplicates rule does not ask libphonenumber again. Bounded: a region's numbers fit, a long-running
 * process does not grow without end.
 */
export function rememberPhone(number: string, key: string): void {
  if (phoneKeys.size > 1_000_000) phoneKeys.clear();
  phoneKeys.set(number, key);
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

/** The words of a text that say something (three letters or more, stop words out), for textSimilarity. */
export function wordsOf(text: string): Set<string> {
  return new Set(normaliseName(text).split(' ').filter((w) => w.length > 2));
}

/** Dice similarity of two word sets, 0..1; 0 when either is empty. */
export function wordSetSimilarity(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (!a.size || !b.size) return 0;
  let shared = 0;
  for (const w of a) if (b.has(w)) shared++;
  return (2 * shared) / (a.size + b.size);
}

/** How alike two texts (descriptions) are, 0..1: the duplicates rule and the importers' matching both ask. */
export function textSimilarity(a: string, b: string): number {
  return wordSetSimilarity(wordsOf(a), wordsOf(b));
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
  /** What the record says it does (a listing's summary and description): programmes sharing a name differ here. */
  text?: string;
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
  let score = Math.round((0.55 * names + 0.45 * Math.min(1, contact)) * 100) / 100;
  const texts = a.text && b.text ? textSimilarity(a.text, b.text) : undefined;
  if (texts !== undefined && texts >= 0.8) reasons.push(`descriptions ${Math.round(texts * 100)}% alike`);
  else if (texts !== undefined && texts < 0.3 && score >= LIKELY_DUPLICATE) {
    // An organisation's programmes at one branch share its name and postcode and say different things: the same
    // name and place alone do not make them one service.
    score = Math.round((LIKELY_DUPLICATE - 0.01) * 100) / 100;
    reasons.push(`but descriptions only ${Math.round(texts * 100)}% alike`);
  }
  return { score, reasons };
}
