/** The `encoding` rule, checked file by file. Where its check lives: src/dataset/read.ts. */
import type { FileRule } from '../rule.ts';

export const encodingRule: FileRule = {
  id: 'encoding',
  stage: 'read',
  description: 'Files are UTF-8 text (a byte-order mark is tolerated; binary files are rejected).',
};
