/**
 * "Exit this page" (the GOV.UK pattern, https://design-system.service.gov.uk/components/exit-this-page/) on the
 * pages of listings about subjects someone may need to hide they are reading about. Which subjects: the terms
 * marked `sensitive: true` in data/taxonomies/, and every narrower term under them, so editors decide in the data
 * rather than in code.
 */
import type { Dataset, ListingRecord, TermRecord } from '../dataset/dataset.ts';
import { TERM_FIELDS, type TermField } from '../model/vocabularies.ts';

/** An everyday page that gives nothing away, as GOV.UK services use. */
export const NEUTRAL_PAGE = 'https://www.bbc.co.uk/weather';

function sensitiveOrUnder(dataset: Dataset, term: TermRecord): boolean {
  const seen = new Set<string>();
  for (let t: TermRecord | undefined = term; t && !seen.has(t.slug); t = t.parent ? dataset.term(t.kind, t.parent) : undefined) {
    if (t.sensitive) return true;
    seen.add(t.slug);
  }
  return false;
}

/** True when any of the listing's terms, or a broader term above one, is marked sensitive. */
export function needsQuickExit(dataset: Dataset, listing: ListingRecord): boolean {
  return (Object.keys(TERM_FIELDS) as TermField[]).some((field) => dataset.termsOf(listing, field).some((term) => sensitiveOrUnder(dataset, term)));
}
