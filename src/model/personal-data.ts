/**
 * What a personal contact looks like, as opposed to a role or a role mailbox: the predicates behind LOOP's data
 * policy (publish roles, never a private person). The personal-data rule warns with them and the importers use them
 * to keep people's names and mailboxes out of imported records.
 */
const FREE_MAIL = new Set([
  'gmail.com', 'googlemail.com', 'hotmail.com', 'hotmail.co.uk', 'outlook.com', 'outlook.co.uk', 'live.com', 'live.co.uk',
  'msn.com', 'yahoo.com', 'yahoo.co.uk', 'ymail.com', 'icloud.com', 'me.com', 'mac.com', 'aol.com', 'aol.co.uk',
  'btinternet.com', 'sky.com', 'virginmedia.com', 'talktalk.net', 'ntlworld.com', 'protonmail.com', 'proton.me',
  'gmx.com', 'gmx.co.uk', 'mail.com', 'zoho.com', 'tiscali.co.uk', 'blueyonder.co.uk', 'plus.net', 'fsmail.net',
]);

const ROLE_WORDS = new Set(
  `team service services line desk office officer officers coordinator co-ordinator manager management lead leads worker workers
  advisor adviser advisers advisors administrator admin reception referral referrals enquiries enquiry helpline support nurse nurses
  practitioner practitioners volunteer volunteers staff hub centre center group project duty triage navigator navigators connector
  connectors champion champions link social prescriber prescribers clinic director secretary chair treasurer trustee trustees
  facilitator facilitators leader leaders contact general main bookings booking info information advice unit department
  partnership network forum board committee coach coaches therapist therapists counsellor counsellors mentor mentors worker
  health care carers youth family families community administration finance fundraising communications media press safeguarding
  the and of for`.split(/\s+/),
);

const TITLES = /^(dr|mr|mrs|ms|miss|mx|prof|professor|rev|cllr|sir|dame)\.?\s+\S/i;

/** Does a contact name read like a private person ("Jane Smith", "Dr A. Khan") rather than a role? */
export function looksLikePersonName(name: string): boolean {
  const words = name.trim().split(/\s+/);
  if (words.some((w) => ROLE_WORDS.has(w.toLowerCase().replace(/[^a-z-]/g, '')))) return false;
  if (TITLES.test(name)) return true;
  return words.length >= 2 && words.length <= 4 && words.every((w) => /^[A-Z][a-z'’-]+$|^[A-Z]\.?$/.test(w));
}

export function isFreeMail(email: string): boolean {
  return FREE_MAIL.has(email.split('@')[1]?.toLowerCase() ?? '');
}

/** jane.smith@ or j.smith@: a person's own work address rather than a role mailbox. */
export function looksLikePersonalMailbox(email: string): boolean {
  const local = email.split('@')[0]?.toLowerCase() ?? '';
  const parts = local.split(/[._]/);
  return parts.length === 2 && parts.every((p) => /^[a-z]+$/.test(p)) && !parts.some((p) => ROLE_WORDS.has(p)) && parts[1]!.length >= 2;
}

/** General mailboxes that name no role but are never a person's own. */
const MAILBOX_WORDS = new Set(['hello', 'hi', 'listings', 'listing', 'mail', 'post', 'web', 'webmaster', 'editors', 'editor', 'ask', 'comms', 'groups']);

/** info@, referrals@, carers.support@, hello@: a mailbox named for a role or team, which LOOP may publish. */
export function isRoleMailbox(email: string): boolean {
  const local = email.split('@')[0]?.toLowerCase() ?? '';
  return !isFreeMail(email) && local.split(/[._+-]/).some((p) => ROLE_WORDS.has(p) || MAILBOX_WORDS.has(p));
}
