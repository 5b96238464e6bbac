/**
 * A shortlist handed on: its address (the cards' short keys in ?ids=, so it opens the same list on any device), and
 * the email and text message a link worker sends, with each listing's name, phone and link in the body. Pure, so
 * the words are unit-tested; the shortlist page runs it in the browser.
 */
import type { ListingCard } from './cards.ts';

/** The keys in a shared address, joined by dots (never escaped in a query, unlike commas). */
export const IDS_PARAM = 'ids';
const SEPARATOR = '.';

export function shareUrl(pageUrl: string, keys: readonly string[]): string {
  const url = new URL(pageUrl);
  url.search = keys.length ? `?${IDS_PARAM}=${keys.join(SEPARATOR)}` : '';
  url.hash = '';
  return url.toString();
}

/** The keys a shared address carries, in order, without repeats or anything that is not a key. */
export function keysFromUrl(search: string): string[] | null {
  const value = new URLSearchParams(search).get(IDS_PARAM);
  if (value === null) return null;
  return [...new Set(value.split(/[.,\s]+/).map((k) => k.toLowerCase()).filter((k) => /^[0-9a-f]{6,32}$/.test(k)))];
}

type Card = Pick<ListingCard, 'name' | 'phone' | 'link' | 'address'>;

function lines(card: Card, withAddress: boolean): string[] {
  return [card.name, ...(card.phone ? [`Phone: ${card.phone.number}`] : []), ...(withAddress && card.address ? [card.address] : []), `https://${card.link}`];
}

/** mailto: with the list in the body, CRLF line ends as RFC 6068 asks. */
export function emailHref(siteName: string, cards: readonly Card[], listUrl: string): string {
  const body = [
    `Here is some help you might find useful, from ${siteName}:`,
    '',
    ...cards.flatMap((c) => [...lines(c, true), '']),
    `The whole list: ${listUrl}`,
  ].join('\r\n');
  return `mailto:?subject=${encodeURIComponent(`Help from ${siteName}`)}&body=${encodeURIComponent(body)}`;
}

/** sms: with the list in the body ("?&body=" is read by both iOS and Android messaging apps). */
export function textHref(siteName: string, cards: readonly Card[], listUrl: string): string {
  const body = [`Help from ${siteName}:`, ...cards.flatMap((c) => [...lines(c, false), '']), `All: ${listUrl}`].join('\n');
  return `sms:?&body=${encodeURIComponent(body)}`;
}
