import type { Rule } from '../rule.ts';
import { completenessRule } from './completeness.ts';
import { duplicatesRule } from './duplicates.ts';
import { endDateRule } from './end-date.ts';
import { freshnessRule } from './freshness.ts';
import { geographyRule } from './geography.ts';
import { lookAlikeDomainsRule } from './look-alike-domains.ts';
import { personalDataRule } from './personal-data.ts';
import { reachabilityRule } from './reachability.ts';
import { referencesRule } from './references.ts';
import { uniqueRule } from './unique.ts';

/** Rules that look across the whole Dataset, run in this order after every file has passed its schema. */
export const DATASET_RULES: readonly Rule[] = [uniqueRule, referencesRule, freshnessRule, endDateRule, duplicatesRule, personalDataRule, reachabilityRule, geographyRule, lookAlikeDomainsRule, completenessRule];

/** Rules applied file by file while reading and checking the schema (their checks live in the loader and the model). */
export const FILE_RULES: readonly { id: string; description: string }[] = [
  { id: 'file-name', description: 'Files live in the right folder with a lower-case, hyphenated .yaml name.' },
  { id: 'file-link', description: 'Nothing in data/ is a symbolic link: links are never followed, because they can reach files outside the repository.' },
  { id: 'file-size', description: 'A file is at most max_file_bytes (256 kB by default).' },
  { id: 'encoding', description: 'Files are UTF-8 text (a byte-order mark is tolerated; binary files are rejected).' },
  { id: 'yaml-syntax', description: 'YAML parses: no tabs for indentation, no duplicate keys, one document, limited aliases.' },
  { id: 'schema', description: 'Fields have the right types, required fields are present and values are from the allowed lists.' },
  { id: 'unknown-key', description: 'Every key is a known field (with a "did you mean" suggestion for typos).' },
  { id: 'phone', description: 'Phone numbers are valid UK numbers (or well-known short codes), written in national format.' },
  { id: 'email', description: 'Email addresses are well formed, without "mailto:".' },
  { id: 'text', description: 'Names and other one-line fields have no line breaks; no text hides bidirectional overrides, zero-width or control characters.' },
  { id: 'url', description: 'Web addresses are public http or https addresses: javascript:, data: and other schemes, localhost, loopback and private network addresses are rejected.' },
  { id: 'postcode', description: 'Postcodes are valid UK postcodes in capitals with one space.' },
  { id: 'charity-number', description: 'Charity and company numbers have the official formats.' },
  { id: 'schedule', description: 'Opening times make sense: closes after opens (or past midnight, or round the clock), monthly patterns say which weeks.' },
];

export function allRuleIds(): string[] {
  return [...FILE_RULES.map((r) => r.id), ...DATASET_RULES.map((r) => r.id)];
}
