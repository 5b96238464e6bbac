/**
 * Personal data on import (issue #16): people's names (with titles, credentials, hyphenated surnames) and their
 * own mailboxes are left out, roles and role mailboxes kept, and the report's counts are true however often the
 * source repeats a contact.
 */
import { describe, expect, test } from 'vitest';
import { HsdsMapper } from '../../src/importers/formats/hsds.ts';
import { Problems } from '../../src/importers/incoming.ts';

type Json = Record<string, unknown>;

const ORG = {
  id: 'org',
  name: 'Helping Hands',
  email: 'j.bloggs@helpinghands.example.org',
  contacts: [{ id: 'c0', name: 'Joe Bloggs, PhD', email: 'jbloggs@helpinghands.example.org' }],
};

function service(id: string): Json {
  const contacts = [
    { id: 'c1', name: 'Jane Smith-Jones, MSW', email: 'jsmith@helpinghands.example.org' },
    { id: 'c2', name: 'Referrals team', email: 'referrals@helpinghands.example.org' },
    { id: 'c3', name: 'Dr Patel', title: 'Clinical lead', email: 'info@helpinghands.example.org' },
  ];
  // HSDS 1.1 lists a contact on the service and again on each venue it is at; the organisation is embedded each time.
  return {
    id,
    name: `Service ${id}`,
    organization: ORG,
    contacts,
    service_at_locations: [{ contacts }, { contacts }],
  };
}

describe('personal data on import', () => {
  const problems = new Problems();
  const mapper = new HsdsMapper({ system: 'test', problems });
  mapper.addOrganisations([{ ...ORG, description: 'A fuller copy, read again' }]);
  for (const id of ['1', '2']) mapper.addService(service(id));
  const records = mapper.result();
  const contactsOf = (kind: string) => records.filter((r) => r.kind === kind).map((r) => r.fields.contacts as Json[] | undefined);

  test('names and own mailboxes are left out; roles, titles and role mailboxes kept', () => {
    expect(contactsOf('service')[0]).toEqual([
      { name: 'Referrals team', email: 'referrals@helpinghands.example.org' },
      { title: 'Clinical lead', email: 'info@helpinghands.example.org' },
    ]);
    expect(contactsOf('organisation')[0]).toBeUndefined();
    const org = records.find((r) => r.kind === 'organisation')!;
    expect(org.fields.email).toBeUndefined();
  });
  test("every count in the report is true: names left out never exceed the contacts seen", () => {
    const messages = problems.all().map((p) => p.message);
    const line = messages.find((m) => /left out of \d+ contacts/.test(m));
    // Distinct contacts: c0 on the organisation, c1-c3 on each of two services (7); names of c0, c1 and c3 (5), mailboxes of c0 and c1 (3).
    expect(line).toMatch(/^5 personal names and 3 personal email addresses left out of 7 contacts in 3 records/);
    const [, names, mailboxes, contacts] = /^(\d+) personal names and (\d+) personal email addresses left out of (\d+) contacts/.exec(line!)!;
    expect(Number(names)).toBeLessThanOrEqual(Number(contacts));
    expect(Number(mailboxes)).toBeLessThanOrEqual(Number(contacts));
    expect(messages.filter((m) => m.startsWith('j.bloggs@helpinghands.example.org looks like a person'))).toHaveLength(1);
  });
});
