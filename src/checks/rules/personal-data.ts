import type { PathSegment } from '../../dataset/source.ts';
import { isFreeMail, looksLikePersonalMailbox, looksLikePersonName } from '../../model/personal-data.ts';
import type { Rule, RuleContext } from '../rule.ts';

const POLICY = 'LOOP publishes roles and role mailboxes only (info@, referrals@), never a private person: see "Data policy" in CONTRIBUTING.md';

function checkEmail(ctx: RuleContext, file: string, path: PathSegment[], email: string | undefined, strict: boolean): void {
  if (!email) return;
  if (isFreeMail(email)) {
    ctx.report(file, path, `${email} is a personal webmail address`, { severity: 'warning', hint: POLICY });
  } else if (strict && looksLikePersonalMailbox(email)) {
    ctx.report(file, path, `${email} looks like a person's own mailbox`, { severity: 'warning', hint: POLICY });
  }
}

interface WithContacts {
  file: string;
  email?: string | undefined;
  contacts?: { name?: string | undefined; email?: string | undefined }[] | undefined;
}

function checkContacts(ctx: RuleContext, record: WithContacts): void {
  checkEmail(ctx, record.file, ['email'], record.email, false);
  record.contacts?.forEach((contact, i) => {
    if (contact.name && looksLikePersonName(contact.name)) {
      ctx.report(record.file, ['contacts', i, 'name'], `"${contact.name}" looks like a person's name`, {
        severity: 'warning',
        hint: `name the role instead (e.g. "Volunteer coordinator"). ${POLICY}`,
      });
    }
    checkEmail(ctx, record.file, ['contacts', i, 'email'], contact.email, true);
  });
}

export const personalDataRule: Rule = {
  id: 'personal-data',
  description: 'Contacts are roles and role mailboxes: a person\'s name or a webmail address gets a warning.',
  check(ctx) {
    for (const org of ctx.dataset.organisations) checkContacts(ctx, org);
    for (const listing of ctx.dataset.listings) {
      checkContacts(ctx, listing);
      checkEmail(ctx, listing.file, ['reviewed_by'], listing.reviewed_by, true);
      if (listing.listing === 'service') checkEmail(ctx, listing.file, ['referral', 'email'], listing.referral?.email, false);
    }
  },
};
