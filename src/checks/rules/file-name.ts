/** The `file-name` rule, checked file by file. Where its check lives: src/checks/check-file.ts (placement in src/dataset/folder.ts). */
import type { FileRule } from '../rule.ts';

export const fileNameRule: FileRule = {
  id: 'file-name',
  stage: 'read',
  description: 'Files live in the right folder with a lower-case, hyphenated .yaml name.',
};
