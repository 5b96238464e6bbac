/** The phone rule, both ways: the valid fixture passes it, and a minimal change makes it fire at the right file and line. */
import { describe, test } from 'vitest';
import { edit, lineOf, readFixture } from '../../support/data.ts';
import { DROP_IN, expectOne } from './support.ts';

describe('phone', () => {
  test('phone', () => {
    const files = edit(DROP_IN, '0113 496 0123', '0113 496 012');
    expectOne(files, 'phone', DROP_IN, lineOf(readFixture(DROP_IN), '0113 496 0123'), /not a valid UK phone number/);
  });
});
