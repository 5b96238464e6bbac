/** The personal-data rule, both ways: the valid fixture passes it, and a minimal change makes it fire at the right file and line. */
import { describe, expect, test } from 'vitest';
import { edit, lineOf, only, readFixture, validateWith } from '../../support/data.ts';
import { DROP_IN, expectOne } from './support.ts';

describe('personal-data', () => {
  test('a person as a contact, and webmail', () => {
    const files = edit(DROP_IN, 'tags: [coronavirus]', 'tags: [coronavirus]\ncontacts:\n  - name: Jane Smith\n    email: janesmith1970@gmail.com');
    const found = only(validateWith(files), 'personal-data');
    expect(found.map((d) => d.message)).toEqual(['"Jane Smith" looks like a person\'s name', 'janesmith1970@gmail.com is a personal webmail address']);
    expect(found.every((d) => d.severity === 'warning' && /role mailboxes/.test(d.hint ?? ''))).toBe(true);
  });
  test('roles and role mailboxes are fine', () => {
    const files = edit(DROP_IN, 'tags: [coronavirus]', 'tags: [coronavirus]\ncontacts:\n  - name: Referrals Team\n    title: Carers Support Worker\n    email: referrals@chapeltown-carers.example.org');
    expect(only(validateWith(files), 'personal-data')).toEqual([]);
  });
  test('reviewed_by as a named person\'s mailbox', () => {
    const files = edit(DROP_IN, 'reviewed_by: listings@', 'reviewed_by: jane.smith@');
    expectOne(files, 'personal-data', DROP_IN, lineOf(readFixture(DROP_IN), 'reviewed_by'), /looks like a person's own mailbox/, { severity: 'warning' });
  });
  test('names with credentials or hyphens, and initial-and-surname mailboxes (issue #16)', () => {
    const files = edit(
      DROP_IN,
      'tags: [coronavirus]',
      'tags: [coronavirus]\ncontacts:\n  - name: Jane Smith-Jones, MSW\n    email: jsmith@chapeltown-carers.example.org\n  - name: Dr Patel\n  - name: Referrals team\n    email: referrals@chapeltown-carers.example.org',
    );
    const found = only(validateWith(files), 'personal-data');
    expect(found.map((d) => d.message)).toEqual([
      '"Jane Smith-Jones, MSW" looks like a person\'s name',
      "jsmith@chapeltown-carers.example.org looks like a person's own mailbox",
      '"Dr Patel" looks like a person\'s name',
    ]);
    expect(found.every((d) => d.severity === 'warning' && /Data policy/.test(d.hint ?? ''))).toBe(true);
  });
});
