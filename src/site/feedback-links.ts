/**
 * "Suggest a change", "Report this is out of date" and "Edit in the web form" links for a listing page. The first
 * route needs no account: a `mailto:` link to the organisation's mailbox with LOOP's editors in copy (see
 * `feedbackMailto`). The second route, for people with a GitHub account, opens LOOP's GitHub issue forms (.github/ISSUE_TEMPLATE/) prefilled with the listing: GitHub fills an issue
 * form's fields from query parameters named by the fields' ids, plus `template` and `title`
 * (https://docs.github.com/en/issues/tracking-your-work-with-issues/using-issues/creating-an-issue#creating-an-issue-from-a-url-query).
 * `labels` is deliberately not passed: GitHub answers 404 to people who may not set labels, and the templates set
 * their own.
 */
import type { ListingRecord, OrganisationRecord } from '../dataset/dataset.ts';
import type { LoopConfig } from '../model/config.ts';
import { absoluteUrl, listingPath } from '../urls/site.ts';

/** The issue forms, their title prefixes (as in each template's `title:`) and the field that names the listing. */
export const ISSUE_FORMS = {
  suggestChange: { template: 'suggest-a-change.yml', title: 'Change: ', listingField: 'listing' },
  reportOutOfDate: { template: 'report-out-of-date.yml', title: 'Out of date: ', listingField: 'listing' },
} as const;

export type FeedbackListing = Pick<ListingRecord, 'listing' | 'slug' | 'name'>;
export type MailedListing = FeedbackListing & Pick<ListingRecord, 'id'>;
export type FeedbackKind = keyof typeof ISSUE_FORMS;

/** The email's subject prefix and the question its body asks, per kind of feedback. */
const EMAILS: Record<FeedbackKind, { subject: string; ask: string }> = {
  suggestChange: { subject: 'Suggested change: ', ask: 'What should change? (Please write below.)' },
  reportOutOfDate: { subject: 'Out of date: ', ask: 'What is out of date? (Please write below.)' },
};

/**
 * Percent-encodes a mailto header value (RFC 6068): `encodeURIComponent` leaves nothing that could end the value
 * (`&`, `#`, `?`, `%` are all encoded), and line breaks become CRLF, as RFC 6068 asks for in a body.
 */
function mailtoValue(text: string): string {
  return encodeURIComponent(text.replace(/\r\n|\r|\n/g, '\r\n'));
}
/** An address in a mailto link: `@` may stay as it is, anything else unusual is encoded. */
function mailtoAddress(address: string): string {
  return encodeURIComponent(address).replace(/%40/g, '@');
}

/**
 * A `mailto:` link that needs no account: to the organisation's enquiries mailbox (`email` in its record), with
 * LOOP's editors (`publisher.email` in loop.config.yaml) in copy so a change reaches the data even when the
 * organisation does not pass it on. Without an organisation mailbox, it goes to the editors alone. The subject and
 * body name the listing, its id and its page, so the editors can find the record whatever the person writes.
 */
export function feedbackMailto(config: LoopConfig, organisation: Pick<OrganisationRecord, 'name' | 'email'>, listing: MailedListing, kind: FeedbackKind): string {
  const editors = config.publisher.email;
  const to = organisation.email ?? editors;
  const { subject, ask } = EMAILS[kind];
  const body = [`Listing: ${listing.name}`, `Organisation: ${organisation.name}`, `LOOP id: ${listing.id}`, `Page: ${absoluteUrl(config, listingPath(listing))}`, '', ask, '', ''].join('\n');
  const headers: [string, string][] = [];
  if (to.toLowerCase() !== editors.toLowerCase()) headers.push(['cc', mailtoAddress(editors)]);
  // A subject is one line: a line break in it could start a header of its own in some mail programs.
  headers.push(['subject', mailtoValue(`${subject}${listing.name}`.replace(/\s+/g, ' '))], ['body', mailtoValue(body)]);
  return `mailto:${mailtoAddress(to)}?${headers.map(([name, value]) => `${name}=${value}`).join('&')}`;
}

/** The path of the web form (relative to the site's base, like every path in urls.ts). */
export const ADMIN_PATH = '/admin/';

function repository(config: LoopConfig): string {
  return config.repository.url.replace(/\/+$/, '').replace(/\.git$/, '');
}

function issueFormUrl(config: LoopConfig, form: (typeof ISSUE_FORMS)[keyof typeof ISSUE_FORMS], listing: FeedbackListing): string {
  const page = absoluteUrl(config, listingPath(listing));
  const url = new URL(`${repository(config)}/issues/new`);
  url.searchParams.set('template', form.template);
  url.searchParams.set('title', `${form.title}${listing.name}`);
  url.searchParams.set(form.listingField, `${listing.name} (${page})`);
  return url.toString();
}

/** Opens the "Suggest a change to a listing" issue form with the listing filled in. */
export function suggestChangeUrl(config: LoopConfig, listing: FeedbackListing): string {
  return issueFormUrl(config, ISSUE_FORMS.suggestChange, listing);
}

/** Opens the "Report a listing is out of date" issue form with the listing filled in. */
export function reportOutOfDateUrl(config: LoopConfig, listing: FeedbackListing): string {
  return issueFormUrl(config, ISSUE_FORMS.reportOutOfDate, listing);
}

/** Opens the listing in the web form, for the organisations that run it (sign-in needed). */
export function editListingUrl(config: LoopConfig, listing: FeedbackListing): string {
  return `${absoluteUrl(config, ADMIN_PATH)}#/collections/${listing.listing}s/entries/${listing.slug.split('/').map(encodeURIComponent).join('/')}`;
}
