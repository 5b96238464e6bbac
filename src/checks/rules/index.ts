import type { FileRule, Rule } from '../rule.ts';
import { configRule } from './config.ts';
import { fileNameRule } from './file-name.ts';
import { fileLinkRule } from './file-link.ts';
import { fileReadRule } from './file-read.ts';
import { fileSizeRule } from './file-size.ts';
import { encodingRule } from './encoding.ts';
import { yamlSyntaxRule } from './yaml-syntax.ts';
import { schemaRule } from './schema.ts';
import { unknownKeyRule } from './unknown-key.ts';
import { phoneRule } from './phone.ts';
import { emailRule } from './email.ts';
import { textRule } from './text.ts';
import { urlRule } from './url.ts';
import { postcodeRule } from './postcode.ts';
import { charityNumberRule } from './charity-number.ts';
import { scheduleRule } from './schedule.ts';
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

/**
 * Rules applied file by file while reading and checking the schema, in the order a file meets them (the configuration
 * first): reading, YAML, then the model's fields (their checks live in the loader and the model; each module says where).
 */
export const FILE_RULES: readonly FileRule[] = [
  configRule,
  fileNameRule,
  fileLinkRule,
  fileReadRule,
  fileSizeRule,
  encodingRule,
  yamlSyntaxRule,
  schemaRule,
  unknownKeyRule,
  phoneRule,
  emailRule,
  textRule,
  urlRule,
  postcodeRule,
  charityNumberRule,
  scheduleRule,
];

export function allRuleIds(): string[] {
  return [...FILE_RULES.map((r) => r.id), ...DATASET_RULES.map((r) => r.id)];
}
