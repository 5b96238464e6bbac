/** The `phone` rule, checked file by file. Where its check lives: src/model/formats.ts, used by the model's phone field (src/model/fields.ts). */
import { checkPhone } from '../../model/formats.ts';
import type { FileRule } from '../rule.ts';

export const phoneRule: FileRule = {
  id: 'phone',
  stage: 'schema',
  description: 'Phone numbers are valid for their country: UK numbers (or well-known short codes) in national format, others in international format (+1 305 555 0100).',
  check: checkPhone,
};
