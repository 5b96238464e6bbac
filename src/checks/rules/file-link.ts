/** The `file-link` rule, checked file by file. Where its check lives: src/dataset/folder.ts. */
import type { FileRule } from '../rule.ts';

export const fileLinkRule: FileRule = {
  id: 'file-link',
  stage: 'read',
  description: 'Nothing in data/ is a symbolic link: links are never followed, because they can reach files outside the repository.',
};
