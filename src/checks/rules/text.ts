/** The `text` rule, checked file by file. Where its check lives: src/model/formats.ts and src/model/hidden-characters.ts, used by every text field of the model. */
import { checkLineText } from '../../model/formats.ts';
import type { FileRule } from '../rule.ts';

export const textRule: FileRule = {
  id: 'text',
  stage: 'schema',
  description: 'Names and other one-line fields have no line breaks; no text hides bidirectional overrides, zero-width or control characters.',
  check: checkLineText,
};
