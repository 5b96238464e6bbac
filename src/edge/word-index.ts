/**
 * The word index of the edge's text search (issue #19): which items hold a search word, without reading every
 * item's search text. A search word matches an item when it occurs inside one of the item's indexed words
 * (`text.includes(word)` over `indexedText`, query.ts), so the index answers exactly that question:
 *
 * - the **vocabulary**: every distinct indexed word of an endpoint's rows, sorted; a word's number is its place;
 * - the **suffixes**: every suffix of every vocabulary word, sorted, each with the numbers of the words it ends. A
 *   search word occurs inside a vocabulary word exactly when it begins one of that word's suffixes, and the
 *   suffixes beginning with it are one run of the sorted list, so a lookup reads one or two suffix files;
 * - the **postings**: for each vocabulary word, the items holding it (positions in the static list), ascending,
 *   delta-encoded in a compact string; and beside them, the items holding it *in their name* (`t`), for the
 *   search's relevance order (query.ts, `relevance`).
 *
 * In a suffix's list of words, the word that *is* the suffix (the suffix at offset 0) is written as `-(n + 1)`, so a
 * lookup also learns, without reading the vocabulary, whether the search word is a whole indexed word (the suffix
 * equals it), begins one (a whole-word suffix beginning with it) or lies further inside: what the relevance order
 * weighs.
 *
 * Both are published in files of about WORD_SHARD_BYTES (suffixes cut by sorted ranges, postings by word number;
 * one word's postings are never split), listed in the head (`words`) and stamped with the build like the shards.
 * A search reads the suffix files of its words, then the postings files of the words they name, and intersects:
 * the same items, in the same order, as scanning every row's text (tests/edge/word-index.test.ts).
 *
 * Pure functions, no I/O: the publish step builds the files with them, the edge (respond.ts) reads them.
 */

import { decodeNumbers, encodeNumbers } from './compact-numbers.ts';

/** The size suffix and postings files are cut at, in characters of JSON (one word's postings may exceed it). */
export const WORD_SHARD_BYTES = 64 * 1024;

/**
 * Search words shorter than this are not looked up in the index (a one-letter word begins a large share of all
 * suffixes, so its lookup would read most of the index): they are checked on the rows' text, as before, over the
 * items the other words selected, or over every row when no word is long enough.
 */
export const MIN_INDEXED_WORD = 2;

/** Where the head lists an endpoint's word files: the first suffix of each suffix file, the first word number of each postings file. */
export interface WordsInfo {
  suffixes: string[];
  postings: number[];
}

/**
 * A suffix file: sorted suffixes `s`, and for each the numbers of the vocabulary words it ends (`w`); the word that
 * is the whole suffix, if there is one, as `-(n + 1)` (`wordsBeginning` reads it).
 */
export interface SuffixFile {
  build: string;
  from: number;
  s: string[];
  w: number[][];
}

/**
 * A postings file: the postings of words `first`, `first + 1`, …, each `encodePositions` (`p`), and of each word the
 * items holding it in their name (`t`, a subset of its `p`; "" for none).
 */
export interface PostingsFile {
  build: string;
  from: number;
  first: number;
  p: string[];
  t: string[];
}

/**
 * How a search word lies in an indexed word it occurs in, for the relevance order: the whole word, its beginning, or
 * further inside. Higher is the better match.
 */
export const WHOLE_WORD = 3;
export const WORD_START = 2;
export const INSIDE_WORD = 1;

/** How `word` lies in `indexed` (which holds it), as `wordsBeginning` tells it from the suffixes. */
export function placeIn(indexed: string, word: string): number {
  return indexed === word ? WHOLE_WORD : indexed.startsWith(word) ? WORD_START : INSIDE_WORD;
}

/** Ascending positions as a string: each gap (to the previous position, from -1) less one (compact-numbers.ts). */
export function encodePositions(positions: readonly number[]): string {
  let previous = -1;
  return encodeNumbers(
    positions.map((p) => {
      const gap = p - previous - 1;
      previous = p;
      return gap;
    }),
  );
}

/** Calls `each` with every position `encodePositions` wrote, in order. */
export function decodePositions(text: string, each: (position: number) => void): void {
  let previous = -1;
  decodeNumbers(text, (gap) => each((previous += gap + 1)));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Adds `value` to `key`'s ascending list unless it is already its last item (values arrive in order). */
function addOnce(map: Map<string, number[]>, key: string, value: number): void {
  const list = map.get(key);
  if (!list) map.set(key, [value]);
  else if (list[list.length - 1] !== value) list.push(value);
}

/**
 * An endpoint's word files, from its rows' search texts (`indexedText`, in list order) and their names' words
 * (`names`, the same way; a name word counts only where the row's text holds it too, as the name is part of the
 * text): `info` for the head, and the suffix and postings files' JSON bodies (without the build stamp, which
 * `stamped` adds).
 */
export function buildWordIndex(texts: readonly string[], names: readonly (string | undefined)[] = [], shardBytes = WORD_SHARD_BYTES): { info: WordsInfo; suffixes: string[]; postings: string[] } {
  const byWord = new Map<string, number[]>();
  const inNames = new Map<string, number[]>();
  texts.forEach((text, position) => {
    const words = text.split(' ');
    for (const word of words) {
      if (word === '') continue;
      // indexedText holds each word once, but a row's text is not bound to come from it.
      addOnce(byWord, word, position);
    }
    const name = names[position];
    if (!name) return;
    const own = new Set(words);
    for (const word of name.split(' ')) if (word !== '' && own.has(word)) addOnce(inNames, word, position);
  });
  const vocabulary = [...byWord.keys()].sort(compare);

  const postings: string[] = [];
  const postingsFirst: number[] = [];
  let batch: string[] = [];
  let named: string[] = [];
  let size = 0;
  const closePostings = () => {
    if (!batch.length) return;
    postings.push(`"from":${postings.length},"first":${postingsFirst[postingsFirst.length - 1]!},"p":[${batch.join(',')}],"t":[${named.join(',')}]`);
    batch = [];
    named = [];
    size = 0;
  };
  vocabulary.forEach((word, n) => {
    const entry = JSON.stringify(encodePositions(byWord.get(word)!));
    const inName = JSON.stringify(encodePositions(inNames.get(word) ?? []));
    if (batch.length && size + entry.length + inName.length > shardBytes) closePostings();
    if (!batch.length) postingsFirst.push(n);
    batch.push(entry);
    named.push(inName);
    size += entry.length + inName.length + 2;
  });
  closePostings();

  const bySuffix = new Map<string, number[]>();
  vocabulary.forEach((word, n) => {
    // Suffixes by code point, so a search word (whole code points) is matched as String.includes matches it.
    const points = [...word];
    let offset = 0;
    for (let i = 0; i < points.length; i++) {
      // The whole word (offset 0) as -(n + 1): its suffixes are added in turn, so this is the list's only entry for n.
      addOnce(bySuffix, word.slice(offset), i === 0 ? -n - 1 : n);
      offset += points[i]!.length;
    }
  });
  const sorted = [...bySuffix.keys()].sort(compare);
  const suffixes: string[] = [];
  const suffixFirst: string[] = [];
  let keys: string[] = [];
  let words: string[] = [];
  size = 0;
  const closeSuffixes = () => {
    if (!keys.length) return;
    suffixes.push(`"from":${suffixes.length},"s":[${keys.join(',')}],"w":[${words.join(',')}]`);
    keys = [];
    words = [];
    size = 0;
  };
  for (const suffix of sorted) {
    const key = JSON.stringify(suffix);
    const list = JSON.stringify(bySuffix.get(suffix)!);
    if (keys.length && size + key.length + list.length > shardBytes) closeSuffixes();
    if (!keys.length) suffixFirst.push(suffix);
    keys.push(key);
    words.push(list);
    size += key.length + list.length + 2;
  }
  closeSuffixes();
  return { info: { suffixes: suffixFirst, postings: postingsFirst }, suffixes, postings };
}

/** A word file's JSON, stamped with its build. */
export function stamped(build: string, body: string): string {
  return `{"build":${JSON.stringify(build)},${body}}`;
}

/** Which suffix files may hold suffixes beginning with `word`: one run of them, from the last whose first suffix is not after it. */
export function suffixFilesOf(info: WordsInfo, word: string): number[] {
  const firsts = info.suffixes;
  if (!firsts.length) return [];
  const low = lastNotAfter(firsts, word);
  const out = [low];
  // The suffixes beginning with `word` are one sorted run; it goes on into the next file only if that file's first does.
  for (let n = low + 1; n < firsts.length && firsts[n]!.startsWith(word); n++) out.push(n);
  return out;
}

/**
 * The vocabulary words (numbers) whose suffixes in `file` begin with `word`, added to `into` with how `word` lies in
 * each (WHOLE_WORD, WORD_START, INSIDE_WORD: the best, when it lies in a word more than once).
 */
export function wordsBeginning(file: SuffixFile, word: string, into: Map<number, number>): void {
  let low = 0;
  let high = file.s.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (file.s[mid]! < word) low = mid + 1;
    else high = mid;
  }
  for (let i = low; i < file.s.length && file.s[i]!.startsWith(word); i++) {
    const whole = file.s[i] === word ? WHOLE_WORD : WORD_START;
    for (const entry of file.w[i]!) {
      const [n, place] = entry < 0 ? [-entry - 1, whole] : [entry, INSIDE_WORD];
      if ((into.get(n) ?? 0) < place) into.set(n, place);
    }
  }
}

/** The postings file holding a word number. */
export function postingsFileOf(info: WordsInfo, word: number): number {
  return lastNotAfter(info.postings, word);
}

/** The last file whose first key is not after `key` (0 when every first is after it), by binary search of the sorted firsts. */
function lastNotAfter<T extends string | number>(firsts: readonly T[], key: T): number {
  let low = 0;
  let high = firsts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (firsts[mid]! <= key) low = mid;
    else high = mid - 1;
  }
  return low;
}
