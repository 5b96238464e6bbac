/** Every validation rule's one-line description, by id, for reports that list findings by rule. */
import { DATASET_RULES, FILE_RULES } from '../checks/rules/index.ts';

export function rulesById(): Map<string, string> {
  return new Map([...FILE_RULES.map((r) => [r.id, r.description] as const), ...DATASET_RULES.map((r) => [r.id, r.description] as const)]);
}
