/** The `file-read` rule, checked file by file. Where its check lives: src/dataset/read.ts and src/checks/load.ts. */
import type { FileRule } from '../rule.ts';

export const fileReadRule: FileRule = {
  id: 'file-read',
  stage: 'read',
  description: 'Every file in data/ can be read: a regular file (not a pipe, socket or device) in a data folder that exists.',
};
