/**
 * The search page's word index (issue #19; docs/scale.md, "Whole-region search on a static host"): the edge's word
 * index (src/edge/word-index.ts) over the listed listings, published as static files beside the site, with the
 * result cards it needs, so a region's search page finds plain words without an edge host and without starting
 * Pagefind (whose start-up alone is over a megabyte at 100,000 services). Written by src/site/search/word-files.ts,
 * read by src/site/client/search/words.ts. Only for a build whose Pagefind index is in several parts and whose edge
 * layer is off: a city's build (one part) is exactly what it was, and a build with the edge layer asks the edge.
 *
 * - `head.json`: the format, the build's stamp, the number of listings and the word files (WordsInfo);
 * - `s<n>.json`, `p<n>.json`: the suffix and postings files, as the edge's;
 * - `cards/<n>.json`: the result cards (the data Pagefind returns for a result) of positions n·CARDS_PER_FILE
 *   onwards, so the ten results on screen cost a few small files.
 *
 * A position is a listing's place in the listed listings' name order (the catalogue's), so ties in relevance come
 * in name order, as the edge's do.
 */
import { siteDataPath } from '../../urls/site.ts';
import type { WordsInfo } from '../../edge/word-index.ts';
import type { SearchMeta } from './document.ts';

export const SEARCH_WORDS_FORMAT = 'loop-search-words/1';
export const SEARCH_WORDS_BASE = siteDataPath('search-words');
export const SEARCH_WORDS_HEAD = `${SEARCH_WORDS_BASE}/head.json`;

/**
 * Cards per cards file. The ten best results are often near each other in name order (ties keep it) but may be
 * anywhere: smaller files make a scattered page cheaper, larger ones fewer files (125,000 listings: 6,250 files).
 */
export const CARDS_PER_FILE = 20;

export interface SearchWordsHead {
  format: typeof SEARCH_WORDS_FORMAT;
  /** Ties the files of one build together: a file with another stamp is refused (the page then uses Pagefind). */
  build: string;
  count: number;
  cardsPerFile: number;
  words: WordsInfo;
}

/** A result card, as Pagefind's result data: the page's path (with the site's base) and what the card shows. */
export interface SearchCard {
  url: string;
  meta: SearchMeta;
}

export interface SearchCardsFile {
  build: string;
  from: number;
  cards: SearchCard[];
}

/** A word file's path relative to the head's folder. */
export function searchWordsFile(kind: 'suffixes' | 'postings', n: number): string {
  return `${kind === 'suffixes' ? 's' : 'p'}${n}.json`;
}

export function searchCardsFile(n: number): string {
  return `cards/${n}.json`;
}

/**
 * Where the search page finds the word index: only for an index in several parts (a region) without the edge layer
 * (which answers the same searches itself: edgeSearchPath, files.ts).
 */
export function searchWordsPath(edge: string | undefined, parts: number): string | undefined {
  return !edge && parts > 1 ? SEARCH_WORDS_HEAD : undefined;
}
