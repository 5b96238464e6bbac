/**
 * What a personal contact looks like, as opposed to a role or a role mailbox: the predicates behind LOOP's data
 * policy (publish roles, never a private person). `personalDataInContact` and `personalMailbox` are the one test:
 * the personal-data rule warns with them and the importers leave out what they find.
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
  the and of for
  leeds city council nhs trust charity foundation society association club church school college university library mind age
  citizens hospital surgery practice pharmacy centre clinic hall house court road street lane park college academy partners
  women men girls boys kids children elderly older parents`.split(/\s+/),
);

const TITLES = /^(dr|mr|mrs|ms|miss|mx|prof|professor|rev|revd|cllr|sir|dame|lady|lord)\.?$/i;

/**
 * Credentials and suffixes that follow a person's name ("Jane Smith, MSW", "A. Khan PhD", "John Smith Jr."): they
 * say the words before them are a person, and are never part of a role.
 */
const CREDENTIALS = new Set(
  `phd md msw lcsw lmsw lpc lmft rn bsn msn np pa dds dmd do mba msc ma bsc ba beng meng llb llm frcp frcgp mrcgp mrcp mrcpsych
  rgn rmn dipsw cqsw hcpc bacp ukcp jr jnr sr snr ii iii iv esq obe mbe cbe qc kc`.split(/\s+/),
);

/** A word of a person's name in any alphabet's capitals: "Jane", "Smith-Jones", "O'Brien", "McDonald", "Fernández", or an initial ("J", "J."). */
const NAME_WORD = /^(?:\p{Lu}[\p{Ll}'’]+(?:\p{Lu}[\p{Ll}'’]+)?(?:-\p{Lu}[\p{Ll}'’]+(?:\p{Lu}[\p{Ll}'’]+)?)*|\p{Lu}\.?)$/u;

function isCredential(word: string): boolean {
  return CREDENTIALS.has(word.toLowerCase().replace(/[.,]/g, ''));
}

/** One comma- or bracket-separated part of a contact name: is it a private person? */
function personPart(part: string): boolean {
  let words = part.trim().split(/\s+/).filter(Boolean);
  let credentialed = false;
  while (words.length > 1 && isCredential(words[words.length - 1]!)) {
    words = words.slice(0, -1);
    credentialed = true;
  }
  if (!words.length || words.some((w) => ROLE_WORDS.has(w.toLowerCase().replace(/[^a-z-]/g, '')))) return false;
  const titled = TITLES.test(words[0]!) && words.length >= 2;
  const rest = titled ? words.slice(1) : words;
  if (!rest.every((w) => NAME_WORD.test(w))) return false;
  const full = rest.filter((w) => !/^\p{Lu}\.?$/u.test(w));
  if (!full.length || rest.length > 4) return false;
  // "Dr Patel" and "Patel PhD" are people; otherwise a person has at least two names ("Jane Smith", "J. Smith").
  return titled || credentialed || rest.length >= 2;
}

/**
 * Does a contact name read like a private person ("Jane Smith", "Dr A. Khan", "Jane Smith-Jones, MSW",
 * "Mary O'Brien PhD") rather than a role ("Referrals team", "Carers support worker")? A name followed by a role
 * ("Jane Smith, Team Leader") still names a person.
 */
export function looksLikePersonName(name: string): boolean {
  const trimmed = name.trim();
  const parts = trimmed.split(/\s*(?:,|;|\(|\)|\s[-–—/]\s|:)\s*/).filter(Boolean);
  // "Jane Smith, MSW": the credential after the comma belongs to the part before it.
  const joined: string[] = [];
  for (const part of parts) {
    if (joined.length && part.split(/\s+/).every(isCredential)) joined[joined.length - 1] += ` ${part}`;
    else joined.push(part);
  }
  return joined.some(personPart);
}

export function isFreeMail(email: string): boolean {
  return FREE_MAIL.has(email.split('@')[1]?.toLowerCase() ?? '');
}

/** General mailboxes that name no role but are never a person's own. */
const MAILBOX_WORDS = new Set([
  'hello', 'hi', 'listings', 'listing', 'mail', 'post', 'web', 'webmaster', 'editors', 'editor', 'ask', 'comms', 'groups',
  'events', 'sales', 'accounts', 'membership', 'members', 'training', 'jobs', 'careers', 'donations', 'donate', 'shop', 'cafe',
  'library', 'payroll', 'hr', 'press', 'news', 'newsletter', 'feedback', 'complaints', 'help', 'housing', 'tenancy', 'dropin',
  'youthwork', 'parents', 'schools', 'grants', 'volunteering', 'bookings', 'enquiry', 'queries', 'query', 'noreply', 'contactus',
]);

/** Two consonants English words start with: after an initial ("j" + "smith") they are missing. */
const ONSETS = new Set('bl br ch cl cr dr dw fl fr gh gl gn gr kl kn kr ph pl pr ps sc sh sk sl sm sn sp sq st sw th tr tw wh wr'.split(' '));
const VOWEL = /[aeiouy]/;

function wordLike(word: string): boolean {
  return word.length >= 4 && VOWEL.test(word) && (VOWEL.test(word[0]!) || VOWEL.test(word[1]!) || ONSETS.has(word.slice(0, 2)));
}

/**
 * A person's own work address rather than a role mailbox: jane.smith@, j.smith@, jane_smith@, jane.smith-jones@, or jsmith@ (an
 * initial and a surname: no English word starts "js", "mp", "kj"). When the contact's name is known, a mailbox made
 * from it ("Jane Smith", smithj@) is one too. Role words (info, referrals, team...) and words of the domain
 * (leeds@leedscarers.org) never are.
 */
export function looksLikePersonalMailbox(email: string, name?: string): boolean {
  const [localRaw = '', domain = ''] = email.toLowerCase().split('@');
  const local = localRaw.replace(/\d+$/, '').replace(/\+.*$/, '');
  const parts = local.split(/[._-]/);
  if (parts.some((p) => ROLE_WORDS.has(p) || MAILBOX_WORDS.has(p))) return false;
  if (parts.length === 2 && parts.every((p) => /^[a-z]+$/.test(p)) && parts[1]!.length >= 2 && !(parts[0]!.length === 1 && parts[1]!.length < 3)) return true;
  // A double-barrelled name on either side of one dot or underscore: keisha.williams-grant@, mary-ann.smith@.
  if (/^[a-z]{2,}(?:-[a-z]{2,})*[._][a-z]{2,}(?:-[a-z]{2,})*$/.test(local) && local.includes('-')) return true;
  if (parts.length !== 1 || !/^[a-z]+$/.test(local)) return false;
  if (name) {
    const words = name.toLowerCase().split(/[^a-z]+/).filter((w) => w.length >= 3 && !TITLES.test(w) && !CREDENTIALS.has(w));
    if (words.length && words.some((w) => local.includes(w)) && looksLikePersonName(name)) return true;
  }
  if (local.length < 5 || local.length > 14 || [...ROLE_WORDS, ...MAILBOX_WORDS].some((w) => w.length >= 4 && local.includes(w))) return false;
  const rest = local.slice(1);
  if (domain.includes(rest) || domain.split('.').some((label) => label.length >= 4 && local.includes(label))) return false;
  return !VOWEL.test(local[0]!) && !VOWEL.test(local[1]!) && !ONSETS.has(local.slice(0, 2)) && wordLike(rest);
}

/** info@, referrals@, carers.support@, hello@: a mailbox named for a role or team, which LOOP may publish. */
export function isRoleMailbox(email: string): boolean {
  const local = email.split('@')[0]?.toLowerCase() ?? '';
  return !isFreeMail(email) && local.split(/[._+-]/).some((p) => ROLE_WORDS.has(p) || MAILBOX_WORDS.has(p));
}

export type MailboxKind = 'webmail' | 'personal';

/** Is this address a private person's: a webmail account, or a person's own mailbox (optionally given their name)? */
export function personalMailbox(email: string, name?: string): MailboxKind | undefined {
  if (isFreeMail(email)) return 'webmail';
  return looksLikePersonalMailbox(email, name) ? 'personal' : undefined;
}

/** The words a report says about a personal address: the validator's warning and the importer's note alike. */
export function mailboxProblem(email: string, kind: MailboxKind): string {
  return kind === 'webmail' ? `${email} is a personal webmail address` : `${email} looks like a person's own mailbox`;
}

export interface ContactFindings {
  /** Set when the contact's name is a private person's, with the words to say so. */
  name?: string;
  /** Set when the contact's email is a private person's. */
  email?: string;
}

/** What in one contact is personal data: the importers leave it out and the validator warns on it. */
export function personalDataInContact(contact: { name?: string | undefined; email?: string | undefined }): ContactFindings {
  const out: ContactFindings = {};
  if (contact.name && looksLikePersonName(contact.name)) out.name = `"${contact.name}" looks like a person's name`;
  const kind = contact.email ? personalMailbox(contact.email, contact.name) : undefined;
  if (contact.email && kind) out.email = mailboxProblem(contact.email, kind);
  return out;
}
