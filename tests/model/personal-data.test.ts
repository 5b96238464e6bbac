/** What a personal contact looks like (issue #16): the one test the importers drop by and the validator warns on. */
import { describe, expect, test } from 'vitest';
import { looksLikePersonalMailbox, looksLikePersonName, personalDataInContact, personalMailbox } from '../../src/model/personal-data.ts';

describe('people', () => {
  test.each([
    'Jane Smith', 'Jane Smith, MSW', 'Jane Smith-Jones', 'Ann-Marie Smith-Jones, LCSW', 'Dr Patel', 'Dr. A. Khan', "Mary O'Brien PhD",
    'John McDonald', 'J. Smith', 'Mr Jones', 'Jane Smith, Team Leader', 'Carers Team (Jane Smith)', 'Prof. Helen Wright, FRCP', 'Tom Baker Jr.',
    'Luis A. Fernández', 'José Álvarez-Núñez', 'Zoë Brontë', 'Łukasz Nowak', 'Ana Lucía Pérez, PhD',
  ])('%s is a person', (name) => expect(looksLikePersonName(name)).toBe(true));
  test.each([
    'Referrals Team', 'Carers Support Worker', 'Leeds Mind', 'Age UK Leeds', 'Befriending Coordinator', 'Drop-In Team', 'Youth Work Team',
    'Advice team', 'Reception', 'Main Office', 'Duty Social Worker', 'Safeguarding Lead', 'NHS 111', 'Volunteer Drivers Coordinator', 'BME Women',
  ])('%s is a role or team', (name) => expect(looksLikePersonName(name)).toBe(false));
});

describe('mailboxes', () => {
  test.each(['jsmith@x.org', 'kjones@x.org', 'mpatel@x.org', 'jane.smith@x.org', 'j.smith@x.org', 'jane_smith@x.org', 'jane-smith@x.org', 'jsmith2@x.org', 'keisha.williams-grant@x.org', 'mary-ann.smith@x.org'])(
    '%s is a person\'s own',
    (email) => expect(looksLikePersonalMailbox(email)).toBe(true),
  );
  test.each([
    'info@x.org', 'enquiries@x.org', 'referrals@x.org', 'hello@x.org', 'admin@x.org', 'office@x.org', 'events@x.org', 'carers.support@x.org',
    'tenancy@x.org', 'dropin@x.org', 'youthwork@x.org', 'nhsleeds@nhs.net', 'lgbtq@x.org', 'cvsleeds@x.org', 'leeds@leedscarers.org', 'bmewomen@x.org',
    'frontdesk@x.org', 'bramleyba@bramleyba.org', 'team.leeds@x.org',
  ])('%s is a role mailbox', (email) => expect(looksLikePersonalMailbox(email)).toBe(false));
  test("a mailbox made from the contact's own name is theirs", () => {
    expect(looksLikePersonalMailbox('smithj@x.org')).toBe(false);
    expect(looksLikePersonalMailbox('smithj@x.org', 'Jane Smith')).toBe(true);
    expect(looksLikePersonalMailbox('carers@x.org', 'Carers Team')).toBe(false);
  });
  test('webmail is personal whatever the name', () => {
    expect(personalMailbox('leedsgroup@gmail.com')).toBe('webmail');
    expect(personalMailbox('info@x.org')).toBeUndefined();
  });
  test('one contact, both findings', () => {
    expect(personalDataInContact({ name: 'Jane Smith, MSW', email: 'jsmith@x.org' })).toEqual({
      name: '"Jane Smith, MSW" looks like a person\'s name',
      email: "jsmith@x.org looks like a person's own mailbox",
    });
    expect(personalDataInContact({ name: 'Referrals team', email: 'referrals@x.org' })).toEqual({});
  });
});
