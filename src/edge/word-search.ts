/**
 * A search over the word index (word-index.ts): which items hold every search word, and how well each matches
 * (query.ts, `relevance`). Shared by the edge function (respond.ts, reading the query index's word files through the
 * host) and the search page of a region without an edge host (src/site/client/search/words.ts, fetching the same
 * kind of files from the CDN), so both find the same items in the same order. Pure but for the reads `files` does.
 */
import { IN_NAME } from './query.ts';
import { decodePositions, postingsFileOf, suffixFilesOf, wordsBeginning, type PostingsFile, type SuffixFile, type WordsInfo } from './word-index.ts';

/** The published files are missing, unreadable or of two builds: the caller answers 503, or the page falls back. */
export class Unavailable extends Error {}

/** Reads one endpoint's word files by number (each checked against its build by the reader). */
export interface WordFiles {
  suffixes(n: number): Promise<SuffixFile>;
  postings(n: number): Promise<PostingsFile>;
  /** The file's name, for the error when a file does not hold what the head says it does. */
  name(kind: 'suffixes' | 'postings', n: number): string;
}

/**
 * The positions holding every one of `words` (ascending; words of at least MIN_INDEXED_WORD characters, query.ts
 * `rankedWords`), with each one's relevance (`score[position]`): each word's suffix files name the vocabulary words
 * it occurs in and how it lies in each, their postings the items holding those, their name postings the items
 * holding them in their name.
 */
export async function positionsOfWords(files: WordFiles, info: WordsInfo, count: number, words: readonly string[]): Promise<{ positions: number[]; score: Uint8Array }> {
  const vocabulary = await Promise.all(
    words.map(async (word) => {
      const found = new Map<number, number>();
      for (const file of await Promise.all(suffixFilesOf(info, word).map((n) => files.suffixes(n)))) wordsBeginning(file, word, found);
      return found;
    }),
  );
  const score = new Uint8Array(count);
  if (vocabulary.some((found) => found.size === 0)) return { positions: [], score };
  // hits[p] counts the words found at p so far; each word's rounds only lift positions every earlier word hit, and
  // once each, however many of its vocabulary words an item holds. best[p] is the word's best match at p so far.
  const hits = new Uint8Array(count);
  const best = new Uint8Array(count);
  for (const [k, found] of vocabulary.entries()) {
    const byFile = new Map<number, number[]>();
    for (const n of found.keys()) {
      const file = postingsFileOf(info, n);
      const list = byFile.get(file) ?? [];
      list.push(n);
      byFile.set(file, list);
    }
    let place = 0;
    const mark = (p: number) => {
      if (hits[p] === k && best[p]! < place) best[p] = place;
    };
    // Fetched together (each is at most about WORD_SHARD_BYTES), so a host's file reads overlap; read in turn.
    const loaded = await Promise.all([...byFile.keys()].map((n) => files.postings(n)));
    for (const [i, [n, numbers]] of [...byFile].entries()) {
      const file = loaded[i]!;
      for (const number of numbers) {
        const list = file.p[number - file.first];
        const named = file.t?.[number - file.first];
        if (list === undefined || named === undefined) throw new Unavailable(`${files.name('postings', n)} does not hold word ${number} (another build's files)`);
        place = found.get(number)!;
        decodePositions(list, mark);
        place += IN_NAME;
        decodePositions(named, mark);
      }
    }
    for (let p = 0; p < count; p++) {
      const wordScore = best[p]!;
      if (wordScore === 0) continue;
      hits[p] = k + 1;
      score[p] = score[p]! + wordScore;
      best[p] = 0;
    }
  }
  const positions: number[] = [];
  for (let p = 0; p < count; p++) if (hits[p] === words.length) positions.push(p);
  return { positions, score };
}
