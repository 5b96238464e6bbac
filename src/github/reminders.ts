/**
 * Review reminders: one issue per organisation listing what is due or overdue for review, mentioning its
 * maintainers, closed when everything is current. The freshness policy comes from the Dataset (one definition).
 */
import type { Dataset, ListingRecord, OrganisationRecord } from '../dataset/dataset.ts';
import type { FreshnessInfo } from '../model/freshness.ts';
import { absoluteUrl, listingPath } from '../urls/site.ts';

export const REMINDER_LABEL = 'review-reminder';

export interface ReminderItem {
  listing: ListingRecord;
  info: FreshnessInfo;
}

export interface Reminder {
  organisation: OrganisationRecord;
  /** Stable marker that finds this organisation's issue again. */
  key: string;
  overdue: ReminderItem[];
  due: ReminderItem[];
}

export function reminderKey(organisationSlug: string): string {
  return `<!-- loop-review-reminder:${organisationSlug} -->`;
}

/** Every organisation, with its due and overdue active listings (an empty reminder means "close the issue"). */
export function reminders(dataset: Dataset): Reminder[] {
  return dataset.organisations.map((organisation) => {
    const items = dataset
      .listingsOf(organisation.slug)
      .filter((l) => dataset.isActive(l))
      .map((listing) => ({ listing, info: dataset.freshnessOf(listing) }));
    const byDate = (a: ReminderItem, b: ReminderItem) => a.listing.reviewed.localeCompare(b.listing.reviewed) || a.listing.slug.localeCompare(b.listing.slug);
    return {
      organisation,
      key: reminderKey(organisation.slug),
      overdue: items.filter((i) => i.info.freshness === 'overdue').sort(byDate),
      due: items.filter((i) => i.info.freshness === 'due').sort(byDate),
    };
  });
}

export interface IssueContent {
  title: string;
  body: string;
}

function mention(handle: string): string {
  return handle.startsWith('@') ? handle : `@${handle}`;
}

/** Markdown-safe text: listing names come from data and must not inject markup or mentions into the issue. */
function plain(text: string): string {
  return text.replace(/[\\`*_[\]<>#|@!]/g, (c) => `\\${c}`);
}

export function reminderIssue(dataset: Dataset, reminder: Reminder): IssueContent {
  const { organisation, overdue, due } = reminder;
  const total = overdue.length + due.length;
  const config = dataset.config;
  const row = ({ listing, info }: ReminderItem) =>
    `| [${plain(listing.name)}](${absoluteUrl(config, listingPath(listing))}) | ${listing.reviewed} | ${info.freshness === 'overdue' ? `overdue since ${info.overdue}` : `due since ${info.due}`} | \`${listing.file}\` |`;
  const who = (organisation.maintainers ?? []).map(mention);
  const body = [
    reminder.key,
    `${who.length ? `${who.join(' ')}: ` : ''}${total} of ${plain(organisation.name)}'s listings ${total === 1 ? 'is' : 'are'} due for review.`,
    '',
    `LOOP asks for every listing to be checked at least every ${config.review.due_after_months} months; after ${config.review.overdue_after_months} months the site tells people it may be out of date.`,
    '',
    '| Listing | Last reviewed | Status | File |',
    '|---|---|---|---|',
    ...[...overdue, ...due].map(row),
    '',
    '**How to confirm a listing is still right:** check every detail with the service, fix anything that changed, then either',
    '- use "Still accurate" in the web form at /admin, or',
    '- run `npx loop review <file> --by <your-role-mailbox>` and open a pull request.',
    '',
    'This issue updates itself every week and closes when all listings are current.',
  ].join('\n');
  return { title: `Review due: ${total} listing${total === 1 ? '' : 's'} for ${organisation.name}`.slice(0, 250), body };
}
