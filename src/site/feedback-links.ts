/**
 * "Suggest a change", "Report this is out of date" and "Edit in the web form" links for a listing page. The first
 * two open LOOP's GitHub issue forms (.github/ISSUE_TEMPLATE/) prefilled with the listing: GitHub fills an issue
 * form's fields from query parameters named by the fields' ids, plus `template` and `title`
 * (https://docs.github.com/en/issues/tracking-your-work-with-issues/using-issues/creating-an-issue#creating-an-issue-from-a-url-query).
 * `labels` is deliberately not passed: GitHub answers 404 to people who may not set labels, and the templates set
 * their own.
 */
import type { ListingRecord } from '../dataset/dataset.ts';
import type { LoopConfig } from '../model/config.ts';
import { absoluteUrl, listingPath } from '../urls/site.ts';

/** The issue forms, their title prefixes (as in each template's `title:`) and the field that names the listing. */
export const ISSUE_FORMS = {
  suggestChange: { template: 'suggest-a-change.yml', title: 'Change: ', listingField: 'listing' },
  reportOutOfDate: { template: 'report-out-of-date.yml', title: 'Out of date: ', listingField: 'listing' },
} as const;

export type FeedbackListing = Pick<ListingRecord, 'listing' | 'slug' | 'name'>;

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
