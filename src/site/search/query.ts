/**
 * What happens between the words typed and the results shown, as one function the search page runs in the browser
 * and the relevance harness (tests/support/relevance.ts) runs in Node over the same Pagefind index: search, and when
 * nothing is found, search again with misspellings corrected. Kept apart from the page script so the judged queries
 * measure exactly what people get.
 */
import { correctQuery, type Vocabulary } from './spelling.ts';

/** The part of Pagefind's search API this uses. */
export interface PagefindSearch<R> {
  search(query: string | null, options: PagefindSearchOptions): Promise<{ results: R[] }>;
}

export interface PagefindSearchOptions {
  filters?: Record<string, unknown>;
  sort?: Record<string, string>;
}

/** Pagefind's options for LOOP's index, the same in the browser and in the harness. */
export const PAGEFIND_OPTIONS = { baseUrl: '/', excerptLength: 0, noWorker: true } as const;

export interface SearchOutcome<R> {
  results: R[];
  /** The query the results are for: the one typed, or its correction. */
  searched: string;
  /** The corrected query, when the typed one found nothing and the correction did. */
  corrected: string | null;
}

/**
 * Searches for `query` (or lists everything matching the filters when it is empty), retrying with misspellings
 * corrected when the query finds nothing. `vocabulary` is asked for only when a correction is needed.
 */
export async function searchListings<R>(
  pagefind: PagefindSearch<R>,
  query: string,
  options: PagefindSearchOptions,
  vocabulary: () => Promise<Vocabulary>,
): Promise<SearchOutcome<R>> {
  const response = await pagefind.search(query || null, options);
  if (response.results.length || !query) return { results: response.results, searched: query, corrected: null };
  const correction = correctQuery(query, await vocabulary());
  if (correction.query) {
    const retry = await pagefind.search(correction.query, options);
    if (retry.results.length) return { results: retry.results, searched: correction.query, corrected: correction.query };
  }
  return { results: response.results, searched: query, corrected: null };
}
