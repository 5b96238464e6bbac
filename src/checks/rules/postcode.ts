/** The `postcode` rule, checked file by file. Where its check lives: src/model/formats.ts, used by the model's postcode field. */
import { checkPostcode } from '../../model/formats.ts';
import type { FileRule } from '../rule.ts';

export const postcodeRule: FileRule = {
  id: 'postcode',
  stage: 'schema',
  description: 'Postcodes are valid UK postcodes in capitals with one space.',
  check: checkPostcode,
};
