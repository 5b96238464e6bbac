import type { PathSegment } from '../../dataset/source.ts';
import { mailboxProblem, personalDataInContact, personalMailbox } from '../../model/personal-data.ts';
import type { Rule, RuleContext } from '../rule.ts';

export const PERSONAL_DATA_POLICY = 'LOOP publishes roles and role mailboxes only (info@, referrals@), never a private person: see "Data policy" in CONTRIBUTING.md';

function checkEmail(ctx: RuleContext, file: string, path: PathSegment[], email: string | undefined): void {
  const kind = email ? personalMailbox(email) : undefined;
  if (email && kind) ctx.report(file, path, mailboxProblem(email, kind), { severity: 'warning', hint: PERSONAL_DATA_POLICY });
}

interface WithContacts {
  file: string;
  email?: string | undefined;
  contacts?: { name?: string | undefined; email?: string | undefined }[] | undefined;
}

function checkContacts(ctx: RuleContext, record: WithContacts): void {
  checkEmail(ctx, record.file, ['email'], record.email);
  record.contacts?.forEach((contact, i) => {
    // The same test the importers leave contacts' names and mailboxes out by.
    const found = personalDataInContact(contact);
    if (found.name) {
      ctx.report(record.file, ['contacts', i, 'name'], found.name, {
        severity: 'warning',
        hint: `name the role instead (e.g. "Volunteer coordinator"). ${PERSONAL_DATA_POLICY}`,
      });
    }
    if (found.email) ctx.report(record.file, ['contacts', i, 'email'], found.email, { severity: 'warning', hint: PERSONAL_DATA_POLICY });
  });
}

export const personalDataRule: Rule = {
  id: 'personal-data',
  description: "Contacts are roles and role mailboxes: a person's name (with or without title or credentials), a person's own mailbox or a webmail address gets a warning.",
  check(ctx) {
    for (const org of ctx.dataset.organisations) checkContacts(ctx, org);
    for (const listing of ctx.dataset.listings) {
      checkContacts(ctx, listing);
      checkEmail(ctx, listing.file, ['reviewed_by'], listing.reviewed_by);
      if (listing.listing === 'service') checkEmail(ctx, listing.file, ['referral', 'email'], listing.referral?.email);
    }
  },
};
