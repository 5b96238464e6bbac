/** The `unknown-key` rule, checked file by file. Where its check lives: src/checks/schema.ts with src/checks/suggest.ts. */
import type { FileRule } from '../rule.ts';

export const unknownKeyRule: FileRule = {
  id: 'unknown-key',
  stage: 'schema',
  description: 'Every key is a known field (with a "did you mean" suggestion for typos).',
};
