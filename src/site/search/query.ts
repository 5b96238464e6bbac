/**
 * What happens between the words typed and the results shown, as one function the search page runs in the browser
 * and the relevance harness (tests/support/relevance.ts) runs in Node over the same Pagefind index: search, and when
 * nothing is found, search again with misspellings corrected; temporarily closed and overdue listings go last. Kept apart from the page script so the judged queries
 * measure exactly what people get.
 */
import { correctQuery, isKnown, STOP_WORDS, type Vocabulary } from './spelling.ts';
import { words } from './text.ts';
import { singular } from './synonyms.ts';

/** The part of Pagefind's search API this uses. */
export interface PagefindSearch<R> {
  search(query: string | null, options: PagefindSearchOptions): Promise<{ results: R[] }>;
}

export interface PagefindSearchOptions {
  filters?: Record<string, unknown>;
  sort?: Record<string, string>;
}

/**
 * The filter the index puts on listings that go last (temporarily closed, or overdue for review: see
 * `sinkReason` in document.ts), and its one value.
 */
export const SINK_FILTER = 'sink';
export const SINK_VALUE = 'yes';

/**
 * The filter saying which part of a search index made in parts (src/site/search/files.ts) a listing is in, when
 * there are several: the search page asks each part for its own results when it needs the parts' order.
 */
export const PART_FILTER = 'part';

/**
 * Pagefind's options for LOOP's index, the same in the browser and in the harness. A search document's length is
 * mostly how long its description is, not how relevant it is, so length counts for less than Pagefind's default
 * (0.75): measured with the judged queries (npm run bench -- --only relevance).
 */
export const PAGEFIND_OPTIONS = { baseUrl: '/', excerptLength: 0, noWorker: true, ranking: { pageLength: 0.5 } } as const;

interface Identified {
  id: string;
  /** Pagefind's relevance score. */
  score?: number;
  data(): Promise<{ meta: Record<string, string | undefined> }>;
}

/** How many of the first results are checked for a name that is the query (see `sinkMarked`). */
const NAME_CHECKED = 10;

/** True when the listing's name is what was searched for ("Friday Social"), or starts with it (two words or more). */
function isNamed(title: string | undefined, query: string): boolean {
  const name = words(title ?? '').join(' ');
  const typed = words(query).join(' ');
  return Boolean(typed) && (name === typed || (typed.includes(' ') && name.startsWith(`${typed} `)));
}

/**
 * Results in relevance order with the listings marked to sink moved, in their own order, after the rest: the same
 * searches again with the sink filter say which they are (ids only). A marked listing whose name is what was
 * searched for stays where it is (its label still says why): someone looking for it by name wants it first.
 */
async function sinkMarked<R extends Identified>(pagefind: PagefindSearch<R>, queries: readonly string[], options: PagefindSearchOptions, results: R[], typed: string): Promise<R[]> {
  if (options.sort || !results.length) return results;
  const filters = { ...options.filters, [SINK_FILTER]: SINK_VALUE };
  const marked = await Promise.all(queries.map((q) => pagefind.search(q, { ...options, filters })));
  const sunk = new Set(marked.flatMap((m) => m.results.map((r) => r.id)));
  if (!sunk.size) return results;
  const named = await Promise.all(results.slice(0, NAME_CHECKED).filter((r) => sunk.has(r.id)).map(async (r) => ((isNamed((await r.data()).meta['title'], typed)) ? r.id : '')));
  for (const id of named) sunk.delete(id);
  return [...results.filter((r) => !sunk.has(r.id)), ...results.filter((r) => sunk.has(r.id))];
}

/**
 * Listings matching any of the words, those matching more of them first, then by their best score: for a search
 * whose words are all known but never together ("controlling partner"), rather than nothing.
 */
async function anyOf<R extends Identified>(pagefind: PagefindSearch<R>, terms: readonly string[], options: PagefindSearchOptions): Promise<R[]> {
  const found = new Map<string, { result: R; matched: number; score: number }>();
  for (const response of await Promise.all(terms.map((t) => pagefind.search(t, options)))) {
    for (const result of response.results) {
      const seen = found.get(result.id);
      if (seen) {
        seen.matched++;
        seen.score = Math.max(seen.score, result.score ?? 0);
      } else found.set(result.id, { result, matched: 1, score: result.score ?? 0 });
    }
  }
  // Without a chosen order, by matches and score; with one (name, reviewed), Pagefind's order is kept per word.
  const all = [...found.values()];
  if (!options.sort) all.sort((a, b) => b.matched - a.matched || b.score - a.score);
  return all.map((f) => f.result);
}

/** The synonym group whose phrase the whole query is (small words aside), with that phrase first, or null. */
export function synonymGroupOf(query: string, vocabulary: Vocabulary): string[] | null {
  const key = (text: string) => words(text).filter((w) => !STOP_WORDS.has(w)).map(singular).join(' ');
  const typed = key(query);
  if (!typed) return null;
  for (const group of vocabulary.synonyms ?? []) {
    const match = group.find((phrase) => key(phrase) === typed);
    if (match) return [match, ...group.filter((p) => p !== match && key(p))];
  }
  return null;
}

export interface SearchOutcome<R> {
  results: R[];
  /** The query the results are for: the one typed, or what was searched instead. */
  searched: string;
  /** What was searched instead of the typed query (misspellings corrected, or "a or b"), or null. */
  corrected: string | null;
}

/**
 * Searches for `query` (or lists everything matching the filters when it is empty); temporarily closed and overdue
 * listings go last. In order: a query that is a phrase of a synonym group searches the whole group; a query whose
 * words are all in the index is searched as typed, then without its small words; otherwise (Pagefind would match an
 * unknown word loosely, any word sharing its first letters: "benifits" finds "bene..." and "ben..." alike) it is
 * corrected (misspellings replaced by the nearest indexed word, unknown and small words dropped: `correctQuery`).
 * When the words never occur together, listings with any of them are shown, those with more of them first.
 */
export async function searchListings<R extends Identified>(
  pagefind: PagefindSearch<R>,
  query: string,
  options: PagefindSearchOptions,
  vocabulary: () => Promise<Vocabulary>,
): Promise<SearchOutcome<R>> {
  if (!query) return { results: (await pagefind.search(null, options)).results, searched: query, corrected: null };
  const known = await vocabulary();
  // The vocabulary leaves out words under three letters ("GP", "UC"): Pagefind matches those as typed. Without a
  // vocabulary (the file could not be fetched), every word is taken as known rather than every search failing.
  const understood = (w: string) => w.length < 3 || !known.words.length || isKnown(w, known);
  const allKnown = words(query).every((w) => STOP_WORDS.has(w) || understood(w));
  // A search that is one phrase of a synonym group ("UC", "foodbank") looks for every phrase of the group; the
  // listings that say more of them ("Universal Credit", "benefits", "UC"...) come first. Not when another order
  // (name, reviewed) was chosen: the merged lists would not be in it, and the phrase as typed finds them anyway.
  const group = options.sort ? null : synonymGroupOf(query, known);
  if (group) {
    const results = await anyOf(pagefind, group, options);
    if (results.length) return { results: await sinkMarked(pagefind, group, options, results, query), searched: query, corrected: null };
  }
  if (allKnown) {
    // Pagefind wants every word: as typed first (need names and synonyms are phrases such as "someone to talk to"
    // and "on my own"), then without the small words ("cant pay my gas bill" must not need "my").
    const meaningful = words(query).filter((w) => !STOP_WORDS.has(w)).join(' ');
    for (const q of new Set([query, ...(meaningful ? [meaningful] : [])])) {
      const response = await pagefind.search(q, options);
      if (response.results.length) return { results: await sinkMarked(pagefind, [q], options, response.results, query), searched: query, corrected: null };
    }
  }
  const correction = correctQuery(query, known);
  if (correction.query) {
    const retry = await pagefind.search(correction.query, options);
    if (retry.results.length) return { results: await sinkMarked(pagefind, [correction.query], options, retry.results, correction.query), searched: correction.query, corrected: correction.query };
  }
  const terms = words(correction.query ?? query).filter((w) => !STOP_WORDS.has(w) && understood(w));
  if (terms.length > 1) {
    const results = await anyOf(pagefind, terms, options);
    const instead = terms.join(' or ');
    if (results.length) return { results: await sinkMarked(pagefind, terms, options, results, query), searched: instead, corrected: instead };
  }
  return { results: [], searched: query, corrected: null };
}
