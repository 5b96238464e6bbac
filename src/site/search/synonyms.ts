/**
 * Search synonyms (data/synonyms.yaml): "GP" ~ "doctor", "low mood" ~ "depression". Pagefind matches the words in
 * a page, so synonyms are applied when indexing: a listing whose text says any phrase of a group is indexed with
 * the whole group, and a search for any of them finds it. Phrases are matched as whole words, so "GP" does not
 * match inside "GPS" and "UC" does not match "Duck"; plurals and possessives count ("the doctor's" is "doctor").
 */
import { words } from './text.ts';

/**
 * Plural and possessive forms meet their singular ("doctors" and "doctor's" match "doctor"), on
 * both sides, so a group need not list every form. Deliberately crude: it only has to agree with itself.
 */
export function singular(word: string): string {
  return word.length > 3 && word.endsWith('s') && !word.endsWith('ss') ? word.slice(0, -1) : word;
}

function keyOf(text: string): string[] {
  return words(text).map(singular);
}

export class SynonymExpander {
  private readonly groups: string[][];
  /** normalised phrase -> indexes of the groups it belongs to */
  private readonly phrases = new Map<string, number[]>();
  /** The first word of every phrase: most words of a text start none, and are passed over without building phrases. */
  private readonly firstWords = new Set<string>();
  private readonly longest: number;

  constructor(groups: readonly (readonly string[])[]) {
    this.groups = groups.map((g) => [...g]);
    let longest = 1;
    groups.forEach((group, i) => {
      for (const phrase of group) {
        const tokens = keyOf(phrase);
        if (!tokens.length) continue;
        const key = tokens.join(' ');
        this.firstWords.add(tokens[0]!);
        longest = Math.max(longest, tokens.length);
        const list = this.phrases.get(key);
        if (list) {
          if (!list.includes(i)) list.push(i);
        } else this.phrases.set(key, [i]);
      }
    });
    this.longest = longest;
  }

  /** Indexes of the groups with a phrase in the text. Linear in the text's length. */
  groupsIn(text: string): Set<number> {
    const found = new Set<number>();
    const tokens = keyOf(text);
    for (let i = 0; i < tokens.length; i++) {
      if (!this.firstWords.has(tokens[i]!)) continue;
      let phrase = '';
      for (let n = 0; n < this.longest && i + n < tokens.length; n++) {
        phrase = n === 0 ? tokens[i]! : `${phrase} ${tokens[i + n]}`;
        const hit = this.phrases.get(phrase);
        if (hit) for (const g of hit) found.add(g);
      }
    }
    return found;
  }

  /** Every phrase of every group found in the text (the text's own phrases included; duplicates removed). */
  expand(text: string): string[] {
    const out = new Set<string>();
    for (const g of this.groupsIn(text)) for (const phrase of this.groups[g]!) out.add(phrase);
    return [...out];
  }
}
