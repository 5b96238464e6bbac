/**
 * Turning one messy source value into a LOOP value: text (HTML converted, lengths capped), phones, postcodes,
 * ages, dates, times, timestamps, web and email addresses. Each helper returns the value, or undefined after saying
 * why in `problems`, so a bad value costs a field, never a record, and never passes silently.
 */
import type { CountryCode } from 'libphonenumber-js/max';
import { SUMMARY_MAX } from '../model/listing.ts';
import { checkEmail, checkWebUrl, normalisePostcode, percentEncodeUrl, readPhone, type PhoneReading } from '../model/formats.ts';
import { findHiddenCharacter, removeHiddenCharacters, type TextShape } from '../model/hidden-characters.ts';
import { htmlToText, looksLikeHtml } from './html-to-text.ts';
import type { Problems } from './incoming.ts';

/** Where a value came from, for problem reports. */
export interface At {
  problems: Problems;
  record: string;
}

/** The longest source text read at all: anything longer is cut before parsing (a pasted document, or an attack). */
const MAX_INPUT = 200_000;
export const RICH_TEXT_MAX = 10_000;

function report(at: At, field: string, message: string, severity: 'warning' | 'info' = 'warning'): void {
  at.problems.add(severity, message, { record: at.record, field });
}

/** A string from a string or a number; undefined for null, empty, or other types (reported). */
export function str(value: unknown, at?: At, field?: string): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'boolean') return String(value);
  if (typeof value !== 'string') {
    if (at && field) report(at, field, `expected text but found ${Array.isArray(value) ? 'a list' : typeof value}; left out`);
    return undefined;
  }
  // Control characters (other than line breaks and tabs) never belong in a listing.
  const cleaned = value.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '');
  return cleaned.trim() === '' ? undefined : cleaned;
}

function capInput(text: string, at: At | undefined, field: string): string {
  if (text.length <= MAX_INPUT) return text;
  if (at) report(at, field, `the source text is ${text.length.toLocaleString('en-GB')} characters long; only the first ${MAX_INPUT.toLocaleString('en-GB')} were read`);
  return text.slice(0, MAX_INPUT);
}

/** Cuts text to `max` characters at a word boundary, ending with an ellipsis. */
export function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  const slice = text.slice(0, max - 1);
  const space = slice.lastIndexOf(' ');
  return `${(space > max * 0.6 ? slice.slice(0, space) : slice).replace(/[\s,;:.-]+$/, '')}…`;
}

/** The text without characters the validator refuses (bidirectional controls, zero-width characters), said aloud. */
function withoutHidden(text: string, shape: TextShape, at: At | undefined, field: string): string {
  const found = findHiddenCharacter(text, shape);
  if (!found) return text;
  const cleaned = removeHiddenCharacters(text, shape);
  const more = cleaned.length < text.length - found.character.length ? ' and other hidden characters' : '';
  if (at) report(at, field, `${found.message.replace(/^contains /, 'removed ')}${more}`);
  return cleaned;
}

/** Single-line text (names, notes): HTML reduced to its words, whitespace collapsed, at most `max` characters. */
export function line(value: unknown, max: number, at?: At, field = 'text'): string | undefined {
  let text = str(value, at, field);
  if (text === undefined) return undefined;
  text = capInput(text, at, field);
  if (looksLikeHtml(text)) text = htmlToText(text, { plain: true });
  text = withoutHidden(text.replace(/\s+/g, ' '), 'line', at, field).replace(/\s+/g, ' ').trim();
  if (!text) return undefined;
  if (text.length > max) {
    if (at) report(at, field, `was ${text.length} characters; cut to ${max}`);
    text = cut(text, max);
  }
  return text;
}

/**
 * Spaces and tabs removed from the end of every line. Not replace(/[ \t]+$/gm): on a line with a long run of inner
 * spaces that regex backtracks quadratically (10,000 spaces took over a second, the 200,000 characters an import
 * reads would take hours).
 */
function trimLineEnds(text: string): string {
  return text
    .split('\n')
    .map((line) => {
      let end = line.length;
      while (end > 0 && (line[end - 1] === ' ' || line[end - 1] === '\t')) end--;
      return end === line.length ? line : line.slice(0, end);
    })
    .join('\n');
}

/** Multi-line text in the listing format's markdown subset; HTML converted and anything unsafe removed. */
export function richText(value: unknown, at?: At, field = 'description', max = RICH_TEXT_MAX): string | undefined {
  let text = str(value, at, field);
  if (text === undefined) return undefined;
  text = capInput(text, at, field);
  if (looksLikeHtml(text)) {
    const converted = htmlToText(text);
    if (at && /<(script|style|iframe|object|embed)\b|\son[a-z]+\s*=|javascript:/i.test(text)) {
      report(at, field, 'the source HTML held scripts, embedded content or event handlers; they were removed');
    }
    text = converted;
  } else {
    text = trimLineEnds(text.replace(/\r\n?/g, '\n')).replace(/\n{3,}/g, '\n\n');
  }
  text = withoutHidden(text, 'prose', at, field);
  if (!text.trim()) return undefined;
  if (text.length > max) {
    if (at) report(at, field, `was ${text.length.toLocaleString('en-GB')} characters; cut to ${max.toLocaleString('en-GB')} (the full text stays in the source)`);
    const slice = text.slice(0, max - 1);
    const paragraph = slice.lastIndexOf('\n\n');
    text = paragraph > max * 0.5 ? slice.slice(0, paragraph) : cut(text, max);
  }
  return text;
}

const SENTENCES = new Intl.Segmenter('en-GB', { granularity: 'sentence' });

/**
 * A full stop ICU's sentence rules end a sentence at but English listings do not: titles ("Dr. Patel"), "St.",
 * "e.g.", "i.e." and initials ("J. R. Smith"). ICU's own list of such words (its "ss" locale key) is not available
 * through Intl, so the breaks after them are joined again.
 */
const NOT_AN_END = /(?:^|[\s(])(?:(?:dr|mr|mrs|ms|mx|prof|rev|st|cllr|approx|dept|tel|incl|e\.g|i\.e|cf|vs)\.|[A-Z]\.)\s*$/;

/** The sentences of a text, in order, with nothing lost: joined, they are the text again. */
export function sentencesOf(text: string): string[] {
  const out: string[] = [];
  for (const { segment } of SENTENCES.segment(text)) {
    const last = out.length - 1;
    if (last >= 0 && NOT_AN_END.test(out[last]!)) out[last] += segment;
    else out.push(segment);
  }
  return out;
}

/**
 * One or two sentences for search results, from a longer text (markdown removed). Sentences come from a real
 * segmenter, so a full stop inside "A.T.I.", "www.example.org", "2.5" or "a.b@x.org" never ends one, and the
 * summary always starts where the text starts.
 */
export function summaryFrom(text: string, max = SUMMARY_MAX): string | undefined {
  const flat = text
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\*\*|(^|\s)_|_(\s|$)/g, '$1$2')
    .split(/\n{2,}/)
    .map((p) => p.replace(/^- /gm, '').replace(/\s+/g, ' ').trim())
    // A first paragraph that is only a heading ("About us") says nothing.
    .filter((p) => p && !(p.length < 40 && !/[.!?]$/.test(p)))
    .join(' ');
  if (!flat) return undefined;
  let summary = '';
  for (const sentence of sentencesOf(flat)) {
    const next = `${summary}${sentence}`;
    if (next.trim().length > max) break;
    summary = next;
    if (summary.trim().length > max * 0.5) break;
  }
  return summary.trim() || cut(flat, max);
}

export interface PhoneValue {
  number: string;
  /** Words that came with the number in the source ("Bristol Youth MAPS: 0117 332 7111"). */
  note?: string;
}

const PHONE_IN_TEXT = /(\+?\d[\d\s().-]{5,}\d)/;

/** Parsing a number is costly and organisations repeat theirs on every service. */
const formatted = new Map<string, PhoneReading>();
function readCached(raw: string, country: CountryCode | undefined): PhoneReading {
  const key = `${country ?? ''}|${raw}`;
  let result = formatted.get(key);
  if (result === undefined) {
    result = readPhone(raw, country);
    if (formatted.size > 100_000) formatted.clear();
    formatted.set(key, result);
  }
  return result;
}

/**
 * A phone number written the way LOOP writes them, or undefined (reported). `country` is the source's country
 * (its addresses, the mapping file's phone_country or --country); without one only UK-form numbers (0…) and
 * numbers with a country code are read, because digits alone would be a guess ("305-555-0100" is not 0305 555 0100).
 */
export function phone(value: unknown, at: At, field = 'phone', country?: CountryCode): PhoneValue | undefined {
  let raw = str(value, at, field);
  if (raw === undefined) return undefined;
  raw = raw.replace(/^["'\s]+|["'\s]+$/g, '');
  // libphonenumber finds numbers inside words; words must not be lost, so text with letters takes the long way.
  let reading: PhoneReading = /[a-z]/i.test(raw) ? { problem: 'invalid' } : readCached(raw, country);
  if ('number' in reading) return { number: reading.number };
  const found = PHONE_IN_TEXT.exec(raw);
  if (found && found[1] !== raw) {
    const inner = readCached(found[1]!, country);
    if ('number' in inner) {
      const note = raw.replace(found[1]!, '').replace(/^[\s:,-]+|[\s:,-]+$/g, '').replace(/\s+/g, ' ');
      if (note) report(at, field, `"${raw}" mixed words with the number; the words became the line's description`, 'info');
      return { number: inner.number, ...(note ? { note } : {}) };
    }
    reading = inner;
  }
  if (reading.problem === 'no-country') {
    report(at, field, `"${cut(raw, 60)}" has no country code and is not a UK number (UK numbers start with 0), and the source's country is not known; left out rather than guessed (name the country with --country or phone_country in the mapping file)`);
  } else {
    // Without a country only UK-form numbers are read, so an unreadable one is not a valid UK number.
    const where = country ?? 'GB';
    report(at, field, `"${cut(raw, 60)}" is not a valid ${where === 'GB' ? 'UK' : where} phone number; left out`);
  }
  return undefined;
}

/** HSDS phone types (RFC 6350 and what real feeds send) to LOOP's. */
export function phoneType(value: unknown): 'voice' | 'text' | 'fax' | 'textphone' | 'video' | undefined {
  const type = typeof value === 'string' ? value.trim().toLowerCase() : '';
  if (['voice', 'cell', 'mobile', 'hotline', 'landline', 'work', 'main'].includes(type)) return 'voice';
  if (['text', 'sms'].includes(type)) return 'text';
  if (type === 'fax') return 'fax';
  if (['textphone', 'tty', 'minicom', 'typetalk'].includes(type)) return 'textphone';
  if (type === 'video') return 'video';
  return undefined;
}

export function postcode(value: unknown, at?: At, field = 'postal_code'): string | undefined {
  const raw = str(value, at, field);
  if (raw === undefined) return undefined;
  const normal = normalisePostcode(raw);
  if (!normal && at) report(at, field, `"${cut(raw, 30)}" is not a UK postcode`);
  return normal ?? undefined;
}

/** An age in whole years; -1 (and other negatives) is the usual "no limit" sentinel and means absent. */
export function age(value: unknown, at: At, field: string): number | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  const n = typeof value === 'number' ? value : Number(String(value).trim());
  if (!Number.isFinite(n)) {
    report(at, field, `"${cut(String(value), 30)}" is not an age; left out`);
    return undefined;
  }
  if (n < 0) {
    at.problems.addRepeated('info', `${field} of ${n} read as "no age limit"`, at.record);
    return undefined;
  }
  if (n > 120) {
    report(at, field, `${n} is not a plausible age; left out`);
    return undefined;
  }
  if (!Number.isInteger(n)) report(at, field, `${n} rounded to ${Math.round(n)}`, 'info');
  return Math.round(n);
}

export function integer(value: unknown, min: number, max: number, at: At, field: string): number | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  const n = typeof value === 'number' ? value : Number(String(value).trim());
  if (!Number.isInteger(n) || n < min || n > max) {
    report(at, field, `"${cut(String(value), 30)}" is not a whole number from ${min} to ${max}; left out`);
    return undefined;
  }
  return n;
}

export function number(value: unknown, min: number, max: number, at: At, field: string): number | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  const n = typeof value === 'number' ? value : Number(String(value).trim().replace(/^£/, ''));
  if (!Number.isFinite(n) || n < min || n > max) {
    report(at, field, `"${cut(String(value), 30)}" is not a number from ${min} to ${max}; left out`);
    return undefined;
  }
  return n;
}

const MONTHS: Record<string, number> = { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 };

function isoDate(y: number, m: number, d: number): string | undefined {
  if (y < 1000 || y > 2999 || m < 1 || m > 12 || d < 1 || d > 31) return undefined;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCMonth() !== m - 1) return undefined;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/**
 * A calendar date, YYYY-MM-DD, from ISO dates and date-times (taken in UK time), UK dd/mm/yyyy, or "January 01, 2015".
 * US-style m/d/yyyy is only read when `monthFirst` is set (the source says so): a guess would swap days and months.
 */
export function date(value: unknown, at?: At, field = 'date', options: { monthFirst?: boolean } = {}): string | undefined {
  const raw = str(value, at, field)?.trim();
  if (raw === undefined) return undefined;
  let m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(raw);
  let result: string | undefined;
  if (m) result = isoDate(Number(m[1]), Number(m[2]), Number(m[3]));
  else if (/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/.test(raw)) {
    const t = instant(raw);
    result = t ? ukDate(new Date(t.iso)) : undefined;
  } else if ((m = /^(\d{1,2})\/(\d{1,2})\/(\d{2}|\d{4})$/.exec(raw))) {
    const year = m[3]!.length === 2 ? 2000 + Number(m[3]) : Number(m[3]);
    result = options.monthFirst ? isoDate(year, Number(m[1]), Number(m[2])) : isoDate(year, Number(m[2]), Number(m[1]));
  } else if ((m = /^([A-Za-z]{3})[a-z]*\.? (\d{1,2}),? (\d{4})$/.exec(raw))) {
    const month = MONTHS[m[1]!.toLowerCase()];
    if (month) result = isoDate(Number(m[3]), month, Number(m[2]));
  } else if ((m = /^(\d{1,2}) ([A-Za-z]{3})[a-z]* (\d{4})$/.exec(raw))) {
    const month = MONTHS[m[2]!.toLowerCase()];
    if (month) result = isoDate(Number(m[3]), month, Number(m[1]));
  }
  if (result && result < '1800-01-01') result = undefined;
  if (!result && at) report(at, field, `"${cut(raw, 40)}" is not a date LOOP can read; left out`);
  return result;
}

/** Today's date in the UK for a given instant. */
export function ukDate(at: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

/** Minutes east of UTC that Europe/London is at a given instant (0 or 60). */
function londonOffsetMinutes(at: Date): number {
  const name = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', timeZoneName: 'longOffset' }).formatToParts(at).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
}

/**
 * An instant from an ISO 8601 date-time. One without a time zone ("2025-09-02T12:06:15.654", as Placecube sends)
 * is read as UK local time, which is what a UK directory means, and `assumedZone` says so for the report.
 */
export function instant(value: unknown): { iso: string; assumedZone: boolean } | undefined {
  const raw = typeof value === 'string' ? value.trim() : undefined;
  if (!raw) return undefined;
  const m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?$/i.exec(raw);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s = '0', frac = '0', zone] = m;
  const ms = Number(frac.padEnd(3, '0').slice(0, 3));
  const asUtc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms);
  if (Number.isNaN(asUtc)) return undefined;
  if (zone) {
    const offset = zone.toUpperCase() === 'Z' ? 0 : (zone[0] === '-' ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(-2)));
    return { iso: new Date(asUtc - offset * 60_000).toISOString(), assumedZone: false };
  }
  // Local UK time: subtract the offset in force then (checked twice around the clock change).
  let guess = asUtc - londonOffsetMinutes(new Date(asUtc)) * 60_000;
  guess = asUtc - londonOffsetMinutes(new Date(guess)) * 60_000;
  return { iso: new Date(guess).toISOString(), assumedZone: true };
}

/** 24-hour HH:MM from "10:00:00", "9:30", "4:00 PM", "3pm", "noon". */
export function time(value: unknown): string | undefined {
  const raw = typeof value === 'string' ? value.trim().toLowerCase() : undefined;
  if (!raw) return undefined;
  if (raw === 'noon' || raw === 'midday') return '12:00';
  const m = /^(\d{1,2})(?:[:.](\d{2}))?(?::\d{2}(?:\.\d+)?)?\s*(am|pm|a\.m\.|p\.m\.)?(?:z|[+-]\d{2}:?\d{2})?$/.exec(raw);
  if (!m) return undefined;
  let hour = Number(m[1]);
  const minute = Number(m[2] ?? '0');
  const suffix = m[3]?.replace(/\./g, '');
  if (!m[2] && !suffix) return undefined;
  if (suffix) {
    if (hour < 1 || hour > 12) return undefined;
    hour = (hour % 12) + (suffix === 'pm' ? 12 : 0);
  }
  if (hour > 23 || minute > 59) return undefined;
  return `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
}

/** An http(s) address, or undefined (reported). "www.example.org" gains https://. */
export function webUrl(value: unknown, at?: At, field = 'url'): string | undefined {
  const raw = str(value, at, field)?.trim();
  if (raw === undefined) return undefined;
  const problem = checkWebUrl(raw);
  if (!problem) return raw;
  if (problem.suggestion && /^(www\.)?[a-z0-9-]+(\.[a-z0-9-]+)+([/?#]\S*)?$/i.test(raw) && !checkWebUrl(problem.suggestion)) {
    if (at) report(at, field, `"${raw}" had no https://; added`, 'info');
    return problem.suggestion;
  }
  // Characters a URI cannot hold ("{", "|", "é") would make published feeds fail their schema; encoded, the
  // address opens the same page.
  const encoded = percentEncodeUrl(raw);
  if (encoded && encoded !== raw && !checkWebUrl(encoded)) {
    if (at) report(at, field, `"${cut(raw, 80)}" had characters a web address (RFC 3986) cannot hold; written percent-encoded as "${cut(encoded, 100)}"`, 'info');
    return encoded;
  }
  if (at) report(at, field, `"${cut(raw, 80)}" left out: ${problem.message}`);
  return undefined;
}

/** Addresses that are placeholders in real feeds, not mailboxes anyone reads. */
const PLACEHOLDER_EMAIL = /(@|\.)(noemail|no-email|none|example)\.(invalid|com|net)$|\.invalid$|^(unknown|noemail|none|n\/a)[-@]/i;

export function email(value: unknown, at?: At, field = 'email'): string | undefined {
  let raw = str(value, at, field)?.trim();
  if (raw === undefined) return undefined;
  raw = raw.replace(/^mailto:/i, '');
  if (PLACEHOLDER_EMAIL.test(raw)) {
    if (at) report(at, field, `"${cut(raw, 60)}" is a placeholder, not a mailbox; left out`, 'info');
    return undefined;
  }
  const problem = checkEmail(raw);
  if (problem) {
    if (at) report(at, field, `"${cut(raw, 60)}" left out: ${problem.message}`);
    return undefined;
  }
  return raw;
}

/** "true", "yes", "1", true -> true; "false", "no", "0", false -> false; anything else undefined. */
export function bool(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  const s = typeof value === 'string' ? value.trim().toLowerCase() : typeof value === 'number' ? String(value) : '';
  if (['true', 'yes', 'y', '1'].includes(s)) return true;
  if (['false', 'no', 'n', '0'].includes(s)) return false;
  return undefined;
}

/** Splits "Spanish, Tagalog" or "a; b" lists. */
export function splitList(value: unknown, separator: string | RegExp = /[,;]/): string[] {
  const raw = typeof value === 'string' ? value : Array.isArray(value) ? value.join(',') : '';
  return raw
    .split(separator)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** ISO 3166 alpha-2 from what addresses say ("England", "UK", "United Kingdom", "GB", "US"). */
export function country(value: unknown): string | undefined {
  const raw = typeof value === 'string' ? value.trim() : '';
  if (!raw) return undefined;
  const upper = raw.toUpperCase();
  if (['GB', 'UK', 'UNITED KINGDOM', 'GREAT BRITAIN', 'ENGLAND', 'SCOTLAND', 'WALES', 'NORTHERN IRELAND', 'GBR'].includes(upper)) return 'GB';
  if (['US', 'USA', 'UNITED STATES', 'UNITED STATES OF AMERICA'].includes(upper)) return 'US';
  if (/^[A-Z]{2}$/.test(upper)) return upper;
  return undefined;
}

/** A source id as a string: integer ids (Ohana, CiviCRM) become "12". */
export function idOf(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'string' && value.trim()) return value.trim().slice(0, 200);
  return undefined;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function records(value: unknown): Record<string, unknown>[] {
  if (Array.isArray(value)) return value.filter(isRecord);
  if (isRecord(value)) return [value];
  return [];
}
