/** The `charity-number` rule, checked file by file. Where its check lives: src/model/formats.ts (checkCharityNumber, checkCompanyNumber), used by the organisation model. */
import { checkCharityNumber } from '../../model/formats.ts';
import type { FileRule } from '../rule.ts';

export const charityNumberRule: FileRule = {
  id: 'charity-number',
  stage: 'schema',
  description: 'Charity and company numbers have the official formats.',
  check: checkCharityNumber,
};
