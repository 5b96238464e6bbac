/**
 * A misspelt search still finds the obvious listing. Pagefind matches whole words and their prefixes, with no
 * typo tolerance, so when a search finds nothing the browser asks this module for the nearest words that are in
 * the index (the vocabulary the build writes) and searches for those instead, saying so. Pure functions: used by
 * the build (vocabulary) and the browser (suggestions).
 */
import { words } from './text.ts';

/** Optimal string alignment distance (Levenshtein plus swapped neighbours: "dementai" -> "dementia" is 1). */
export function editDistance(a: string, b: string, limit = Infinity): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) rows.push([i]);
  for (let j = 1; j <= b.length; j++) rows[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    let best = Infinity;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = d;
      best = Math.min(best, d);
    }
    if (best > limit) return limit + 1;
  }
  return rows[a.length]![b.length]!;
}

/** How many edits a word of this length may be away: none for short words ("GP" is not a typo of "go"). */
export function allowedEdits(word: string): number {
  if (word.length <= 3) return 0;
  if (word.length <= 5) return 1;
  return 2;
}

/** Small words that carry no meaning in a search for help; dropped when a search finds nothing. */
export const STOP_WORDS = new Set(['a', 'an', 'and', 'are', 'as', 'at', 'be', 'can', 'do', 'for', 'from', 'get', 'help', 'how', 'i', 'in', 'is', 'it', 'me', 'my', 'near', 'need', 'of', 'on', 'or', 'some', 'someone', 'the', 'to', 'want', 'where', 'who', 'with']);

export interface Vocabulary {
  /** Indexed words, most common first. */
  words: readonly string[];
  /**
   * The search synonym groups (data/synonyms.yaml), so a search for one phrase of a group can look for the others
   * too ("UC" also searches "universal credit"). Absent from vocabulary files written before they were added.
   */
  synonyms?: readonly (readonly string[])[];
}

/** True when Pagefind would match the word: it is in the index, or starts an indexed word. */
export function isKnown(word: string, vocabulary: Vocabulary): boolean {
  return vocabulary.words.some((w) => w.startsWith(word));
}

/** The nearest indexed word within the allowed edits (the more common one on a tie), or null. */
export function nearestWord(word: string, vocabulary: Vocabulary): string | null {
  const limit = allowedEdits(word);
  if (limit === 0) return null;
  let best: string | null = null;
  let bestDistance = limit + 1;
  for (const candidate of vocabulary.words) {
    if (Math.abs(candidate.length - word.length) > limit) continue;
    const d = editDistance(word, candidate, bestDistance - 1);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
      if (d === 1) break; // vocabulary is most common first: the first one-edit match is the best we will find
    }
  }
  return best;
}

export interface Correction {
  /** The query to search instead, or null when nothing could be corrected. */
  query: string | null;
  /** Each changed word: [what was typed, what is searched]. */
  changes: [string, string][];
}

/**
 * A query that may find something when the typed one found nothing: misspelt words replaced with their nearest
 * indexed word, and words that are neither known nor correctable (including stop words) dropped.
 */
export function correctQuery(query: string, vocabulary: Vocabulary): Correction {
  const typed = words(query);
  const kept: string[] = [];
  const changes: [string, string][] = [];
  for (const word of typed) {
    if (STOP_WORDS.has(word)) continue;
    if (isKnown(word, vocabulary)) {
      kept.push(word);
      continue;
    }
    const nearest = nearestWord(word, vocabulary);
    if (nearest) {
      kept.push(nearest);
      changes.push([word, nearest]);
    }
  }
  const next = kept.join(' ');
  if (!next || next === typed.join(' ')) return { query: null, changes: [] };
  return { query: next, changes };
}

/** The vocabulary for a set of documents: words of three or more letters, most common first, at most `max`. */
export function buildVocabulary(texts: Iterable<string>, max = 20_000): Vocabulary {
  const counter = new VocabularyCounter();
  for (const text of texts) counter.add(text);
  return counter.vocabulary(max);
}

/** Counts the words of texts given one at a time (the build's search documents, never all held at once). */
export class VocabularyCounter {
  private readonly counts = new Map<string, number>();

  add(text: string): void {
    for (const word of new Set(words(text))) {
      if (word.length < 3 || /^\d+$/.test(word)) continue;
      this.counts.set(word, (this.counts.get(word) ?? 0) + 1);
    }
  }

  /** The `max` most used words, most used first. */
  vocabulary(max = 20_000): Vocabulary {
    const sorted = [...this.counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, max);
    return { words: sorted.map(([w]) => w) };
  }
}
