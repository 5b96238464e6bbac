/**
 * A region's search without an edge host (issue #19; src/site/search/words.ts): the same word index the edge
 * searches, fetched as static files from wherever the site is served, searched here with the edge's own code
 * (src/edge/word-search.ts), best matches first (src/edge/query.ts, `relevance`), and drawn from the cards files of
 * the results on screen. Plain words only, as the edge: a filter, another order, a word of one letter (the index
 * holds words of two or more), no results (Pagefind corrects a misspelling) or any failure (a missing file, no
 * network, files of two builds) go to Pagefind.
 */
import { byRelevance, rankedWords } from '../../../edge/query.ts';
import { searchText } from '../../../edge/query-index.ts';
import { suffixFilesOf, type PostingsFile, type SuffixFile } from '../../../edge/word-index.ts';
import { positionsOfWords, Unavailable, type WordFiles } from '../../../edge/word-search.ts';
import { SEARCH_WORDS_FORMAT, searchCardsFile, searchWordsFile, type SearchCardsFile, type SearchWordsHead } from '../../search/words.ts';
import type { EdgeResults } from './edge.ts';
import type { PagefindResultData } from './pagefind.ts';

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A card as the page may draw it: a path on this site (never another scheme or host) and a title. */
function isCard(value: unknown): value is PagefindResultData {
  if (!isRecord(value) || typeof value['url'] !== 'string' || !isRecord(value['meta'])) return false;
  const url = value['url'];
  return url.startsWith('/') && !url.startsWith('//') && !url.includes('\\') && typeof value['meta']['title'] === 'string' && Object.values(value['meta']).every((v) => typeof v === 'string');
}

export interface WordSearcher {
  (query: string, page: number): Promise<EdgeResults | null>;
  /**
   * Starts reading what a search for `query` will read first (the head, then its words' suffix files), so the search
   * itself waits on fewer round trips: called as the page loads and as words are typed. Failures are left to the search.
   */
  preload(query: string): void;
}

/**
 * The searcher for the word index whose head is at `headUrl`: `(query, page)` gives that page of results (`size` a
 * page) or null for Pagefind. Files are fetched once and kept for the page's life (a search's words cost a few
 * of them; the head is read first, and every file must carry its stamp).
 */
export function wordSearcher(headUrl: string, size: number, fetchJson: typeof fetch = fetch): WordSearcher {
  const folder = headUrl.slice(0, headUrl.lastIndexOf('/') + 1);
  const files = new Map<string, Promise<unknown>>();
  const read = (path: string): Promise<unknown> => {
    let file = files.get(path);
    if (!file) {
      file = fetchJson(path, { headers: { Accept: 'application/json' } }).then((r) => {
        if (!r.ok) throw new Unavailable(`${path}: ${r.status}`);
        return r.json() as Promise<unknown>;
      });
      // A failed read is forgotten, so a later search tries again.
      file.catch(() => files.delete(path));
      files.set(path, file);
    }
    return file;
  };
  let head: Promise<SearchWordsHead> | undefined;
  const loadHead = () =>
    (head ??= read(headUrl).then((value) => {
      const h = value as Partial<SearchWordsHead> | null;
      if (!h || h.format !== SEARCH_WORDS_FORMAT || typeof h.build !== 'string' || !Number.isInteger(h.count) || !Number.isInteger(h.cardsPerFile) || !h.words) throw new Unavailable(`${headUrl} is not a ${SEARCH_WORDS_FORMAT} index`);
      return h as SearchWordsHead;
    }));
  const loadHeadOnce = () => {
    const loading = loadHead();
    // A failed head is forgotten too, so a later search tries again.
    loading.catch(() => {
      if (head === loading) head = undefined;
    });
    return loading;
  };
  const part = async <T>(name: string, n: number): Promise<T> => {
    const { build } = await loadHeadOnce();
    const value = (await read(folder + name)) as { build?: unknown; from?: unknown } | null;
    // Files of two builds (a deploy under way, a stale cache): refuse rather than mix them.
    if (!isRecord(value) || value.build !== build || value.from !== n) throw new Unavailable(`${name} is not of this build's index`);
    return value as T;
  };
  const wordFiles: WordFiles = {
    suffixes: (n) => part<SuffixFile>(searchWordsFile('suffixes', n), n),
    postings: (n) => part<PostingsFile>(searchWordsFile('postings', n), n),
    name: searchWordsFile,
  };
  // The latest search's ranked positions, so "Show more" only fetches cards.
  let ranked: { query: string; positions: Promise<number[]> } | undefined;

  const indexedWords = (query: string): string[] | null => {
    const words = searchText(query).split(' ').filter(Boolean);
    const indexed = rankedWords(words);
    return indexed.length && indexed.length === new Set(words).size ? indexed : null;
  };
  const preload = (query: string): void => {
    void loadHeadOnce()
      .then(({ words: info }) => Promise.all((indexedWords(query) ?? []).flatMap((word) => suffixFilesOf(info, word).map((n) => wordFiles.suffixes(n)))))
      .catch(() => {});
  };
  const search = async (query: string, page: number): Promise<EdgeResults | null> => {
    try {
      const indexed = indexedWords(query);
      if (!indexed) return null;
      if (ranked?.query !== query) {
        const positions = loadHeadOnce().then(async ({ words: info, count }) => {
          const { positions: found, score } = await positionsOfWords(wordFiles, info, count, indexed);
          return byRelevance(found, (p) => score[p]!);
        });
        positions.catch(() => (ranked = undefined));
        ranked = { query, positions };
      }
      const positions = await ranked.positions;
      if (!positions.length) return null;
      const { cardsPerFile } = await loadHeadOnce();
      const shown = positions.slice((page - 1) * size, page * size);
      const numbers = [...new Set(shown.map((p) => Math.floor(p / cardsPerFile)))];
      const loaded = new Map(await Promise.all(numbers.map(async (n) => [n, await part<SearchCardsFile>(searchCardsFile(n), n)] as const)));
      const cards: unknown[] = shown.map((p) => loaded.get(Math.floor(p / cardsPerFile))!.cards?.[p % cardsPerFile]);
      if (!cards.every(isCard)) return null;
      return { total: positions.length, results: cards.map((card, i) => ({ id: `words:${shown[i]!}`, data: () => Promise.resolve(card) })) };
    } catch {
      return null;
    }
  };
  return Object.assign(search, { preload });
}
