/** The `schedule` rule, checked file by file. Where its check lives: the schedule field's refinements in src/model/fields.ts (times by checkTime in src/model/formats.ts). */
import { checkTime } from '../../model/formats.ts';
import type { FileRule } from '../rule.ts';

export const scheduleRule: FileRule = {
  id: 'schedule',
  stage: 'schema',
  description: 'Opening times make sense: closes after opens (or past midnight, or round the clock), monthly patterns say which weeks.',
  check: checkTime,
};
