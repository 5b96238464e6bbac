/** The `email` rule, checked file by file. Where its check lives: src/model/formats.ts, used by the model's email field. */
import { checkEmail } from '../../model/formats.ts';
import type { FileRule } from '../rule.ts';

export const emailRule: FileRule = {
  id: 'email',
  stage: 'schema',
  description: 'Email addresses are well formed, without "mailto:".',
  check: checkEmail,
};
