/**
 * "Open now" and "open on <day>": options made from the reader's clock (UK dates), and results kept when a
 * listing's schedules say so (src/site/open-now.ts over the schedules in /site/cards.json). Pagefind cannot filter
 * on a moment it did not know at build time, so this runs after the search, on every result's address.
 */
import { isOpenAt, isOpenOn, nextDays } from '../../open-now.ts';
import { cardsByPath, loadCards } from '../cards.ts';
import { readerNow } from '../browser-clock.ts';
import type { PagefindResult } from './pagefind.ts';

const DAY_WORDS = new Intl.DateTimeFormat('en-GB', { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'UTC' });

/** Fills the "when" drop-down: any time, open now, today, then the next six days by name. */
export function fillTimeOptions(select: HTMLSelectElement): void {
  const [today, ...later] = nextDays(readerNow());
  const option = (value: string, text: string) => new Option(text, value);
  select.replaceChildren(
    option('', 'Any time'),
    option('now', 'Open now'),
    option(today!, 'Open today'),
    ...later.map((date) => option(date, `Open on ${DAY_WORDS.format(new Date(`${date}T00:00:00Z`))}`)),
  );
}

/** The results whose listing is open at the reader's moment ("now") or has a session on the date. */
export async function keepOpen(results: PagefindResult[], when: string, cardsUrl: string, base: string): Promise<PagefindResult[]> {
  const [cards, data] = await Promise.all([cardsByPath(cardsUrl, base), Promise.all(results.map((r) => r.data()))]);
  const now = readerNow();
  return results.filter((_, i) => {
    const card = cards.get(data[i]!.url);
    if (!card) return false;
    return when === 'now' ? isOpenAt(card.schedules, now) : isOpenOn(card.schedules, when);
  });
}

/** A check by short key, for near me: open at the reader's moment ("now") or with a session on the date. */
export async function openCheck(when: string, cardsUrl: string): Promise<(key: string) => boolean> {
  const cards = await loadCards(cardsUrl);
  const now = readerNow();
  return (key) => {
    const card = cards.get(key);
    return card !== undefined && (when === 'now' ? isOpenAt(card.schedules, now) : isOpenOn(card.schedules, when));
  };
}

/** "open now", "open today", "open on Tuesday 8 December", for the results count. */
export function timeInWords(select: HTMLSelectElement): string {
  return select.selectedIndex > 0 ? select.options[select.selectedIndex]!.text.replace(/^Open/, 'open') : '';
}
