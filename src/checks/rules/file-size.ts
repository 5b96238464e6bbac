/** The `file-size` rule, checked file by file. Where its check lives: src/dataset/read.ts. */
import type { FileRule } from '../rule.ts';

export const fileSizeRule: FileRule = {
  id: 'file-size',
  stage: 'read',
  description: 'A file is at most max_file_bytes (256 kB by default).',
};
