/** The `schema` rule, checked file by file. Where its check lives: the zod model in src/model/, applied by src/checks/schema.ts. */
import type { FileRule } from '../rule.ts';

export const schemaRule: FileRule = {
  id: 'schema',
  stage: 'schema',
  description: 'Fields have the right types, required fields are present and values are from the allowed lists.',
};
