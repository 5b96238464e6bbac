/** /site/cards.json, fetched once per page when something needs it (the shortlist, the time filters). */
import type { CardsFile, ListingCard } from '../cards.ts';

let cards: Promise<Map<string, ListingCard>> | undefined;

/** Cards by short key. */
export function loadCards(url: string): Promise<Map<string, ListingCard>> {
  cards ??= fetch(url)
    .then((r) => {
      if (!r.ok) throw new Error(`cards file: HTTP ${r.status}`);
      return r.json() as Promise<CardsFile>;
    })
    .then((file) => new Map(file.cards.map((c) => [c.key, c])));
  return cards;
}

/** Cards by page path (search results come back with their URL). */
export async function cardsByPath(url: string, base: string): Promise<Map<string, ListingCard>> {
  const byKey = await loadCards(url);
  return new Map([...byKey.values()].map((c) => [`${base}${c.path}`, c]));
}
