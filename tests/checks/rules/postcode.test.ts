/** The postcode rule, both ways: the valid fixture passes it, and a minimal change makes it fire at the right file and line. */
import { describe, expect, test } from 'vitest';
import { edit, lineOf, readFixture } from '../../support/data.ts';
import { HUB, expectOne } from './support.ts';

describe('postcode', () => {
  test('postcode', () => {
    const files = edit(HUB, 'LS7 3DX', 'ls7 3dx');
    const d = expectOne(files, 'postcode', HUB, lineOf(readFixture(HUB), 'postal_code'), /write the postcode as "LS7 3DX"/);
    expect(d.hint).toBe('write "LS7 3DX"');
  });
});
