/**
 * Field formats shared by every file kind. Each is a pure function returning `null` when the value is fine, or a
 * plain-words problem (and, where we can compute it, the corrected value) when it is not. The zod model calls these
 * through `fields.ts`, so the validator, the JSON Schemas and the importers agree on what a phone number is.
 */
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import { findHiddenCharacter, removeHiddenCharacters } from './hidden-characters.ts';
import { privateHostProblem } from './web-hosts.ts';

export interface FormatProblem {
  message: string;
  /** A corrected value the contributor can paste, when one can be worked out. */
  suggestion?: string;
  /** The offending character, so the diagnostic can point at its own line and column. */
  character?: string;
}

/** Names, titles and every other one-line field: no line breaks, tabs, bidirectional controls or invisible characters. */
export function checkLineText(value: string): FormatProblem | null {
  const found = findHiddenCharacter(value, 'line');
  if (!found) return null;
  const cleaned = removeHiddenCharacters(value, 'line').replace(/ {2,}/g, ' ').trim();
  return { message: found.message, ...(cleaned && cleaned.length <= 200 ? { suggestion: cleaned } : {}), character: found.character };
}

/** Descriptions: line breaks and tabs are fine; bidirectional overrides, control and invisible characters are not. */
export function checkProseText(value: string): FormatProblem | null {
  const found = findHiddenCharacter(value, 'prose');
  if (!found) return null;
  return { message: found.message, character: found.character };
}

/** UK numbers that are not full national numbers but are real, well-known lines for health and care. */
const UK_SHORT_CODES = new Set(['999', '112', '111', '101', '105', '119', '116117', '116123', '116111', '116000', '116006']);

/** Organisations repeat their numbers across many listings; parsing a number is the costly part of validation. */
const phoneChecks = new Map<string, FormatProblem | null>();

export function checkPhone(value: string, type?: string): FormatProblem | null {
  const key = `${type ?? ''}|${value}`;
  let result = phoneChecks.get(key);
  if (result === undefined) {
    result = checkPhoneUncached(value, type);
    if (phoneChecks.size > 100_000) phoneChecks.clear();
    phoneChecks.set(key, result);
  }
  return result;
}

/**
 * A phone number read as written, never reinterpreted: "+1 305 555 0100" and "00 1 305…" carry their country;
 * anything else is a national number, and only in a country that is known (`country`, from the source). A UK
 * national number starts with 0, so "305-555-0100" is no UK number (libphonenumber alone would read it as
 * 0305 555 0100). Without a known country only UK-form numbers (0…) are read. UK numbers come back in national
 * form, others in international form.
 */
export type PhoneReading = { number: string; country: string | undefined } | { problem: 'invalid' | 'no-country' };

export function readPhone(value: string, country?: CountryCode): PhoneReading {
  const trimmed = value.trim();
  const compact = trimmed.replace(/[\s().-]/g, '');
  if (UK_SHORT_CODES.has(compact) && (country ?? 'GB') === 'GB') {
    return { number: compact.length === 6 ? `${compact.slice(0, 3)} ${compact.slice(3)}` : compact, country: 'GB' };
  }
  const international = /^(\+|00)/.test(compact);
  // Letters, or too few digits to be a full number anywhere.
  if (!international && (!/^\d+$/.test(compact) || compact.length < 7)) return { problem: 'invalid' };
  const assumed = international ? undefined : (country ?? (compact.startsWith('0') ? 'GB' : undefined));
  if (!international && !assumed) return { problem: 'no-country' };
  // A UK national number is dialled with its 0; without it the digits are a guess (a US area code, a short code).
  if (assumed === 'GB' && !compact.startsWith('0')) return { problem: country ? 'invalid' : 'no-country' };
  const parsed = international
    ? parsePhoneNumberFromString(compact.startsWith('00') ? `+${compact.slice(2)}` : trimmed)
    : parsePhoneNumberFromString(trimmed, assumed);
  if (!parsed || !parsed.isValid()) return { problem: 'invalid' };
  return { number: parsed.country === 'GB' ? parsed.formatNational() : parsed.formatInternational(), country: parsed.country };
}

function checkPhoneUncached(value: string, type?: string): FormatProblem | null {
  const compact = value.replace(/[\s()-]/g, '');
  if (UK_SHORT_CODES.has(compact)) return null;
  // Text-message services (Shout's 85258) use 5- or 6-digit short codes.
  if (type === 'text' && /^\d{5,6}$/.test(compact)) return null;
  if (/[a-z]/i.test(value)) {
    return { message: `"${value}" is not a phone number: write only the digits, e.g. 0113 496 0123 (put notes in "description")` };
  }
  const read = readPhone(value, 'GB');
  if ('problem' in read) {
    // Digits without a 0 or a country code: a number from another country, or a UK number missing its 0. Either
    // way the validator cannot know which, so it does not suggest one.
    if (/^\d/.test(compact) && !compact.startsWith('0') && compact.length >= 7) {
      return { message: `"${value}" is not a valid UK phone number (UK numbers start with 0); a number from another country starts with + and its country code, e.g. +1 305 555 0100` };
    }
    return { message: `"${value}" is not a valid UK phone number; write it as you would dial it, e.g. 0113 496 0123, or with + and the country code for another country` };
  }
  if (read.number !== value.trim()) {
    return { message: `write the phone number as "${read.number}" so it reads and dials the same everywhere`, suggestion: read.number };
  }
  return null;
}

/** Formats a valid UK (or +country) phone number the way LOOP writes them. */
export function formatPhone(value: string): string | null {
  const read = readPhone(value, 'GB');
  return 'number' in read ? read.number : null;
}

/** E.164 form for `tel:` links. */
export function phoneHref(value: string): string {
  const compact = value.replace(/[\s()-]/g, '');
  if (/^\d{3,6}$/.test(compact)) return `tel:${compact}`;
  const parsed = parsePhoneNumberFromString(value, 'GB');
  return `tel:${parsed?.isValid() ? parsed.number : compact}`;
}

const POSTCODE = /^([A-Z]{1,2}[0-9][A-Z0-9]?) ?([0-9][A-Z]{2})$/;

export function normalisePostcode(value: string): string | null {
  const m = POSTCODE.exec(value.trim().toUpperCase().replace(/\s+/g, ' '));
  return m ? `${m[1]} ${m[2]}` : null;
}

export function checkPostcode(value: string): FormatProblem | null {
  const canonical = normalisePostcode(value);
  if (!canonical) return { message: `"${value}" is not a UK postcode (expected something like LS7 3HB)` };
  if (canonical !== value) return { message: `write the postcode as "${canonical}"`, suggestion: canonical };
  return null;
}

/** The postcode district ("LS7") of a full postcode. */
export function postcodeDistrict(postcode: string): string | null {
  const m = POSTCODE.exec(postcode.trim().toUpperCase());
  return m ? m[1]! : null;
}

/**
 * RFC 3986's grammar for an http(s) URI, the `uri` format JSON Schema validators (and so ORUK's published schemas)
 * apply: only ASCII letters, digits, "-._~", the delimiters "!$&'()*+,;=:@/?" where they belong, one "#", and "%"
 * followed by two hex digits. Browsers' URL parser accepts more ("{", "|", "^", "é"...), so passing it is not enough.
 */
const PCHAR = "(?:[A-Za-z0-9\\-._~!$&'()*+,;=:@]|%[0-9A-Fa-f]{2})";
const RFC3986_HTTP = new RegExp(
  `^https?://(?:\\[[0-9A-Fa-f:.]+\\]|(?:[A-Za-z0-9\\-._~!$&'()*+,;=]|%[0-9A-Fa-f]{2})*)(?::\\d*)?(?:/${PCHAR}*)*(?:\\?(?:${PCHAR}|[/?])*)?(?:#(?:${PCHAR}|[/?])*)?$`,
  'i',
);

/** Is this http(s) address a URI by RFC 3986 (what a published feed's `uri` fields must hold)? */
export function isRfc3986WebUri(value: string): boolean {
  return RFC3986_HTTP.test(value);
}

/**
 * The same address with every character RFC 3986 does not allow percent-encoded (UTF-8), a "%" not starting an
 * escape written %25, a second "#" encoded, and an international domain name in its ASCII (punycode) form. The
 * address means the same to a browser; undefined when it is not a web address at all.
 */
export function percentEncodeUrl(value: string): string | undefined {
  const m = /^(https?:\/\/)([^/?#]*)(.*)$/is.exec(value.trim());
  if (!m) return undefined;
  let host = m[2]!;
  if (/[^\x00-\x7f]/.test(host)) {
    try {
      host = new URL(`${m[1]}${host}`).host;
    } catch {
      return undefined;
    }
  }
  let hashes = 0;
  const rest = m[3]!.replace(/%(?![0-9A-Fa-f]{2})|#|[^A-Za-z0-9\-._~!$&'()*+,;=:@/?#%]/gu, (ch) => {
    if (ch === '#') return hashes++ === 0 ? ch : '%23';
    return encodeURIComponent(ch);
  });
  return `${m[1]!.toLowerCase()}${host}${rest}`;
}

export function checkWebUrl(value: string): FormatProblem | null {
  const trimmed = value.trim();
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(trimmed)?.[1]?.toLowerCase();
  if (scheme && scheme !== 'http' && scheme !== 'https') {
    return { message: `"${scheme}:" links are not allowed; use a web address starting https://` };
  }
  if (!scheme) {
    const fixed = `https://${trimmed.replace(/^\/+/, '')}`;
    return { message: `a web address must start with https:// (did you mean "${fixed}"?)`, suggestion: fixed };
  }
  if (/\s/.test(value)) return { message: 'a web address cannot contain spaces' };
  const hidden = findHiddenCharacter(value, 'line');
  if (hidden) return { message: `the web address ${hidden.message}`, character: hidden.character };
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return { message: `"${value}" is not a valid web address` };
  }
  if (url.username || url.password) return { message: 'a web address must not contain a user name or password' };
  // Loopback and private addresses: every spelling (127.1, 2130706433, [::1]) arrives here in one canonical form.
  const local = privateHostProblem(url.hostname);
  if (local) return { message: local };
  if (!url.hostname.includes('.')) {
    return { message: `"${url.hostname}" is not a full domain name` };
  }
  if (!isRfc3986WebUri(trimmed)) {
    // Published feeds declare web addresses as JSON Schema `uri`s: one with "{", "|" or "é" in it would make the
    // feed fail its own schema, although every browser opens it.
    const bad = /%(?![0-9A-Fa-f]{2})|[^A-Za-z0-9\-._~!$&'()*+,;=:@/?#%[\]]/u.exec(trimmed)?.[0] ?? (/#.*#/.test(trimmed) ? '#' : /[[\]]/.exec(trimmed)?.[0]);
    const fixed = percentEncodeUrl(trimmed);
    return {
      message: `the web address has ${bad ? `"${bad}" in it, which` : 'characters that'} a URI (RFC 3986) cannot hold, so published feeds would fail their schema${fixed && fixed !== trimmed && isRfc3986WebUri(fixed) ? `: write it percent-encoded, "${fixed}"` : ''}`,
      ...(fixed && fixed !== trimmed && isRfc3986WebUri(fixed) ? { suggestion: fixed } : {}),
    };
  }
  return null;
}

const EMAIL = /^[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$/;

export function checkEmail(value: string): FormatProblem | null {
  if (/^mailto:/i.test(value)) {
    const fixed = value.replace(/^mailto:/i, '');
    return { message: `write just the address, without "mailto:" ("${fixed}")`, suggestion: fixed };
  }
  if (!EMAIL.test(value)) return { message: `"${value}" is not a valid email address` };
  const local = privateHostProblem(value.slice(value.indexOf('@') + 1));
  if (local) return { message: `mail to this address cannot reach anyone: ${local}` };
  return null;
}

/** A markdown link's target in a description: "](" then a web address, up to a space or ")". */
const TEXT_LINK = /\]\((https?:\/\/[^\s)]+)/gi;

/** Links in descriptions are rendered as links, so they meet the rules for web addresses in their own fields. */
export function checkTextLinks(value: string): FormatProblem | null {
  if (!value.includes('](')) return null;
  for (const m of value.matchAll(TEXT_LINK)) {
    let host: string;
    try {
      host = new URL(m[1]!).hostname;
    } catch {
      continue;
    }
    const local = privateHostProblem(host);
    if (local) return { message: `the link to ${m[1]}: ${local}` };
  }
  return null;
}

/**
 * England & Wales (6-7 digits, optional "-N" subsidiary), Scotland (SC + 6 digits), Northern Ireland
 * (NIC + 6 digits, or the older 6-digit XN/XR numbers are out of scope).
 */
export function checkCharityNumber(value: string): FormatProblem | null {
  if (/^\d{6,7}(-\d{1,2})?$/.test(value) || /^SC0\d{5}$/.test(value) || /^NIC\d{6}$/.test(value)) return null;
  return {
    message: `"${value}" is not a charity number: England and Wales numbers are 6 or 7 digits (1123456), Scottish ones SC0 and 5 digits (SC012345)`,
  };
}

export function checkCompanyNumber(value: string): FormatProblem | null {
  if (/^(\d{8}|(SC|NI|OC|SO|NC|R0|IP|SP|RS|CE|CS)\d{6})$/.test(value)) return null;
  if (/^\d{1,7}$/.test(value)) {
    const padded = value.padStart(8, '0');
    return { message: `company numbers have 8 characters: write "${padded}"`, suggestion: padded };
  }
  return { message: `"${value}" is not a Companies House number (8 characters, e.g. 01234567 or SC123456)` };
}

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
export function checkTime(value: string): FormatProblem | null {
  if (TIME.test(value)) return null;
  const m = /^(\d{1,2})[:.](\d{2})$/.exec(value);
  if (m && Number(m[1]) < 24 && Number(m[2]) < 60) {
    const fixed = `${m[1]!.padStart(2, '0')}:${m[2]}`;
    return { message: `write times as 24-hour HH:MM, e.g. "${fixed}"`, suggestion: fixed };
  }
  return { message: `"${value}" is not a time; use 24-hour HH:MM, e.g. "09:30" or "17:00"` };
}

export function checkGitHubHandle(value: string): FormatProblem | null {
  if (/^@?[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}(\/[A-Za-z0-9._-]+)?$/.test(value)) return null;
  return { message: `"${value}" is not a GitHub user or team name (e.g. "octocat" or "@leeds-loop/editors")` };
}
