/** The geography rule, both ways: the valid fixture passes it, and a minimal change makes it fire at the right file and line. */
import { describe, expect, test } from 'vitest';
import { edit, lineOf, readFixture } from '../../support/data.ts';
import { HUB, expectOne } from './support.ts';

describe('geography', () => {
  test('coordinates outside Leeds, and swapped ones', () => {
    expectOne(edit(HUB, 'latitude: 53.8179', 'latitude: 51.5'), 'geography', HUB, lineOf(readFixture(HUB), 'latitude'), /outside Leeds/, { severity: 'warning' });
    const swapped = edit(HUB, 'latitude: 53.8179\nlongitude: -1.5318', 'latitude: -1.5318\nlongitude: 53.8179');
    const d = expectOne(swapped, 'geography', HUB, lineOf(readFixture(HUB), 'latitude'), /outside Leeds/);
    expect(d.hint).toMatch(/swapped/);
  });
});
