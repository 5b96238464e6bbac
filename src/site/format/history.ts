/**
 * A listing's history in words ("Opening times changed and phone number added") from which fields each change
 * touched (src/history/fields.ts), never from commit messages, which are written for developers ("Merge branch
 * 'example-data'").
 */
import type { FieldChange } from '../../history/fields.ts';
import type { History } from '../../history/history.ts';
import { listInWords } from './dates.ts';

/** Each listing field as a person would name it, lower case (the first word of a sentence is capitalised). */
const FIELD_WORDS: Record<string, string> = {
  name: 'name',
  alternate_name: 'other name',
  organisation: 'organisation',
  status: 'status',
  summary: 'summary',
  description: 'description',
  url: 'website',
  email: 'email address',
  categories: 'types of help',
  needs: 'needs it helps with',
  circumstances: 'situations it helps with',
  conditions: 'health conditions',
  audiences: 'who it is for',
  minimum_age: 'minimum age',
  maximum_age: 'maximum age',
  eligibility_description: 'who can use it',
  cost: 'cost',
  languages: 'languages',
  accessibility: 'accessibility',
  social: 'social media links',
  alert: 'important notice',
  end_date: 'end date',
  tags: 'tags',
  provenance: 'import details',
  kind: 'kind of service',
  phones: 'phone number',
  delivery: 'how it is offered',
  locations: 'places',
  confidential_location: 'address privacy',
  schedules: 'opening times',
  service_areas: 'areas served',
  referral: 'how to be referred',
  wait_time: 'waiting time',
  information: 'good to know',
  contacts: 'contacts',
  funding: 'funding',
  interpretation_services: 'interpreting',
  required_documents: 'what to bring',
  accreditations: 'accreditations',
  format: 'format',
  platforms: 'platforms',
  publisher: 'publisher',
  published: 'publication date',
  duration: 'length',
  clinically_reviewed: 'clinical review',
};

/** Fields that record the check itself rather than the help on offer. */
const CHECK_FIELDS = new Set(['reviewed', 'reviewed_by']);
/** More than this many changed fields reads as a list nobody finishes. */
const MAX_NAMED = 4;

function words(field: string): string {
  return FIELD_WORDS[field] ?? field.replace(/[_-]+/g, ' ').trim();
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/**
 * One history entry in words. `fields` is undefined when git could not tell what changed (a shallow clone's oldest
 * version): the entry then says only that the listing changed.
 */
export function describeHistoryChange(change: 'added' | 'changed' | 'renamed', fields: readonly FieldChange[] | undefined): string {
  if (change === 'added') return 'Listing added';
  if (!fields) return 'Listing changed';
  const checked = fields.some((f) => CHECK_FIELDS.has(f.field));
  const rest = fields.filter((f) => !CHECK_FIELDS.has(f.field));
  if (!rest.length) {
    if (checked) return 'Checked: no other changes';
    return change === 'renamed' ? 'Page address changed' : 'No change to the details';
  }
  const named = rest.slice(0, MAX_NAMED).map((f) => `${words(f.field)} ${f.change}`);
  const more = rest.length - named.length;
  if (more > 0) named.push(`${more} other detail${more === 1 ? '' : 's'} changed`);
  if (checked) named.push('checked');
  return capitalise(listInWords(named));
}

/** A listing page's history (see ListingHistory.astro): newest first, dated by day, each change in words. */
export function historyInWords(history: Pick<History, 'historyOf' | 'fieldChangesOf'>, file: string): { date: string; summary: string; commit: string }[] {
  return history.historyOf(file).map((entry) => ({
    date: entry.date.slice(0, 10),
    summary: describeHistoryChange(entry.change, history.fieldChangesOf(file, entry.commit)),
    commit: entry.commit,
  }));
}
