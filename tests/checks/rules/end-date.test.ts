/** The end-date rule, both ways: the valid fixture passes it, and a minimal change makes it fire at the right file and line. */
import { describe, expect, test } from 'vitest';
import { edit, only, validateWith } from '../../support/data.ts';
import { DROP_IN } from './support.ts';

describe('end-date', () => {
  test('a past end date makes the listing inactive, with a warning', () => {
    const files = edit(DROP_IN, 'tags: [coronavirus]', 'tags: [coronavirus]\nend_date: 2026-10-01');
    const result = validateWith(files);
    expect(only(result, 'end-date')[0]).toMatchObject({ severity: 'warning', message: expect.stringMatching(/has passed/) });
    const listing = result.dataset!.listing('chapeltown-carers/carers-drop-in')!;
    expect(result.dataset!.statusOf(listing)).toBe('inactive');
  });
  test('a future end date is fine', () => {
    const result = validateWith(edit(DROP_IN, 'tags: [coronavirus]', 'tags: [coronavirus]\nend_date: 2027-10-01'));
    expect(only(result, 'end-date')).toEqual([]);
    expect(result.dataset!.statusOf(result.dataset!.listing('chapeltown-carers/carers-drop-in')!)).toBe('active');
  });
});
