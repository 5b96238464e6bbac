/** The import report's folded problems (issue #16): every count in the report is true. */
import { describe, expect, test } from 'vitest';
import { Problems } from '../../src/importers/incoming.ts';

describe('repeated problems', () => {
  test('count records once each, and say so when one happens several times in a record', () => {
    const problems = new Problems();
    for (const record of ['service 1', 'service 1', 'service 1', 'service 2']) problems.addRepeated('info', 'phone type "pager" has no LOOP equivalent; left out', record);
    for (const record of ['service 3', 'service 4']) problems.addRepeated('info', 'integer ids read as text', record);
    for (let i = 0; i < 3; i++) problems.addRepeated('info', 'a date read as UK time', 'service 5');
    problems.addRepeated('info', 'once', 'service 6');
    expect(problems.all()).toEqual([
      { severity: 'info', message: 'phone type "pager" has no LOOP equivalent; left out (4 times in 2 records, e.g. service 1; service 2)' },
      { severity: 'info', message: 'integer ids read as text (2 records, e.g. service 3; service 4)' },
      { severity: 'info', message: 'a date read as UK time (3 times)', record: 'service 5' },
      { severity: 'info', message: 'once', record: 'service 6' },
    ]);
  });
});
