/**
 * Rule "look-alike-domain": web and email addresses whose domain is spelt with letters that pass for others, the
 * IDN homograph trick (a Cyrillic "а" in "pаypal.com", or "аррӏе.com" written wholly in Cyrillic). Browsers show
 * such names as punycode (xn--...) or not at all; on a listing they send people who trust LOOP somewhere else.
 *
 * No confusables library is installed (nothing in node_modules implements Unicode's UTS #39 skeletons), so this is
 * the two checks browsers lead with, written small: a label may not mix scripts (except the Latin + Han + kana /
 * Bopomofo / Hangul mixes that Japanese, Chinese and Korean names use, as UTS #39's "highly restrictive" level
 * allows), and a label written wholly in Cyrillic or Greek letters that all look Latin, under a Latin top-level
 * domain, is reported too. A warning, not an error: a real name in another script is fine once someone has looked.
 */
import { domainToUnicode } from 'node:url';
import type { PathSegment } from '../../dataset/source.ts';
import type { Rule, RuleContext } from '../rule.ts';

const SCRIPTS = [
  'Latin', 'Cyrillic', 'Greek', 'Armenian', 'Georgian', 'Cherokee', 'Hebrew', 'Arabic', 'Syriac', 'Thaana', 'Devanagari', 'Bengali',
  'Gurmukhi', 'Gujarati', 'Oriya', 'Tamil', 'Telugu', 'Kannada', 'Malayalam', 'Sinhala', 'Thai', 'Lao', 'Tibetan', 'Myanmar',
  'Ethiopic', 'Khmer', 'Mongolian', 'Hangul', 'Hiragana', 'Katakana', 'Bopomofo', 'Han',
] as const;
const SCRIPT_TESTS = SCRIPTS.map((name) => [name, new RegExp(`\\p{Script=${name}}`, 'u')] as const);

/** Script mixes that are ordinary writing (UTS #39 "highly restrictive"). */
const ALLOWED_MIXES: readonly ReadonlySet<string>[] = [
  new Set(['Latin', 'Han', 'Hiragana', 'Katakana']),
  new Set(['Latin', 'Han', 'Bopomofo']),
  new Set(['Latin', 'Han', 'Hangul']),
];

/** Lower-case letters that look like Latin ones (the sets browsers use for whole-script look-alikes). */
const LATIN_LOOKING: Record<string, RegExp> = {
  Cyrillic: /^[аысԁеԍһіюјӏорԛѕԝхуъьҽпгѵѡ]+$/u,
  Greek: /^[αικνορυχ]+$/u,
};

function scriptsOf(label: string): Set<string> {
  const found = new Set<string>();
  for (const ch of label) {
    if (!/\p{L}/u.test(ch)) continue;
    found.add(SCRIPT_TESTS.find(([, test]) => test.test(ch))?.[0] ?? 'another');
  }
  return found;
}

/** Why a domain (ASCII or Unicode, as a URL or an email address holds it) may be a look-alike, or null. */
export function lookAlikeDomain(domain: string): string | null {
  const ascii = domain.toLowerCase();
  // A domain in plain ASCII letters cannot mix scripts; only punycode labels (xn--) or raw Unicode can.
  if (/^[a-z0-9.-]*$/.test(ascii) && !ascii.includes('xn--')) return null;
  const unicode = domainToUnicode(ascii);
  if (!unicode) return null;
  const labels = unicode.split('.');
  const latinElsewhere = labels.some((l) => /^[a-z0-9-]+$/.test(l) && /[a-z]/.test(l));
  for (const label of labels) {
    const scripts = scriptsOf(label);
    if (scripts.size > 1 && !ALLOWED_MIXES.some((mix) => [...scripts].every((s) => mix.has(s)))) {
      return `"${unicode}" mixes ${[...scripts].join(' and ')} letters in "${label}", so it can pass for a different address`;
    }
    const [only] = scripts;
    const looksLatin = only ? LATIN_LOOKING[only] : undefined;
    if (scripts.size === 1 && looksLatin && latinElsewhere && looksLatin.test(label.replace(/[0-9-]/g, ''))) {
      return `"${unicode}" is written in ${only} letters that look like Latin ones ("${label}"), so it can pass for a different address`;
    }
  }
  return null;
}

const HINT = 'check the address with the organisation and type it in plain letters; if it is right (a name in another script), this warning can stay';
const MARKDOWN_LINK = /\]\((https?:\/\/[^\s)]+)/gi;

function hostOf(address: string): string | null {
  try {
    return new URL(address).hostname;
  } catch {
    return null;
  }
}

/**
 * Every web address, email domain and description link in a record, with where it is (`path` is a shared stack,
 * which `found` copies if it keeps it). A callback rather than a generator, and no path copy until something is
 * reported: this walks every string of every record, which at region scale is millions of them (issue #19).
 */
function addressesIn(value: unknown, path: PathSegment[], seen: Set<object>, found: (path: PathSegment[], domain: string) => void): void {
  if (typeof value === 'string') {
    if (/^https?:\/\//i.test(value)) {
      const host = hostOf(value);
      if (host) found(path, host);
    } else if (value.includes('@') && /^[^@\s]+@[^@\s]+$/.test(value)) {
      found(path, value.slice(value.indexOf('@') + 1));
    } else if (value.includes('](')) {
      for (const m of value.matchAll(MARKDOWN_LINK)) {
        const host = hostOf(m[1]!);
        if (host) found(path, host);
      }
    }
    return;
  }
  if (value === null || typeof value !== 'object' || seen.has(value)) return;
  seen.add(value);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      path.push(i);
      addressesIn(value[i], path, seen, found);
      path.pop();
    }
    return;
  }
  for (const key in value) {
    if (key === 'file' || key === 'slug' || !Object.hasOwn(value, key)) continue;
    path.push(key);
    addressesIn((value as Record<string, unknown>)[key], path, seen, found);
    path.pop();
  }
}

function checkRecord(ctx: RuleContext, record: { file: string }): void {
  const reported = new Set<string>();
  addressesIn(record, [], new Set(), (path, domain) => {
    const problem = lookAlikeDomain(domain);
    if (!problem) return;
    const key = `${path.join('.')}|${domain}`;
    if (reported.has(key)) return;
    reported.add(key);
    ctx.report(record.file, [...path], problem, { severity: 'warning', hint: HINT });
  });
}

export const lookAlikeDomainsRule: Rule = {
  id: 'look-alike-domain',
  description: 'Web and email addresses whose domain mixes scripts or passes for a Latin name (IDN homographs) get a warning.',
  check(ctx) {
    for (const records of [ctx.dataset.organisations, ctx.dataset.listings, ctx.dataset.locations, ctx.dataset.taxonomies]) {
      for (const record of records) checkRecord(ctx, record);
    }
  },
};
