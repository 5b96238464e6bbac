/**
 * Listing cards: the few facts a person needs to act on a listing (what it is, phone, address, times, cost, a
 * link), for every listed listing, in one compact file the browser fetches (/site/cards.json). The shortlist page
 * renders a saved list from it, its print view is a handout of them, and the search page's "open now" and
 * "open on" filters read the schedules in it. Each card has a short key (the shortest unique start of its id, at
 * least 8 characters), so a shared shortlist's address stays short enough to text.
 */
import type { Dataset, ListingRecord } from '../dataset/dataset.ts';
import type { Catalogue } from '../dataset/catalogue.ts';
import { absoluteUrl, listingPath, siteDataPath } from '../urls/site.ts';
import { FORMAT_WORDS, KIND_WORDS } from './format/words.ts';
import { describeCost } from './format/cost.ts';
import { scheduleLine, isCurrentSchedule, type Schedule } from './format/schedule.ts';
import { telHref } from './format/phone.ts';
import type { Recurrence } from './open-now.ts';

export interface ListingCard {
  /** Short key: the start of the listing's id. */
  key: string;
  name: string;
  /** The page's path under the site's base. */
  path: string;
  /** The page's address without "https://", for print and messages. */
  link: string;
  /** "Group from Chapeltown Carers' Network" */
  what: string;
  summary: string;
  phone?: { number: string; href: string };
  /** The first venue's address on one line. */
  address?: string;
  /** Opening times in words, one line each. */
  times: string[];
  cost?: string;
  /** The schedules of the listing and its venues, for "open now" (current seasons only). */
  schedules: Recurrence[];
}

export interface CardsFile {
  cards: ListingCard[];
}

const MIN_KEY = 8;

/** Where the cards are published (src/pages/site/cards.json.ts). */
export const CARDS_FILE_PATH = siteDataPath('cards.json');

/** The shortest start of each id (dashes dropped) that no other id shares, at least MIN_KEY characters. */
export function shortKeys(ids: readonly string[]): Map<string, string> {
  const compact = ids.map((id) => id.replace(/-/g, '').toLowerCase());
  const sorted = [...compact].sort();
  const need = new Map<string, number>();
  for (let i = 0; i < sorted.length; i++) {
    const here = sorted[i]!;
    let length = MIN_KEY;
    for (const other of [sorted[i - 1], sorted[i + 1]]) {
      if (other === undefined) continue;
      let common = 0;
      while (common < here.length && here[common] === other[common]) common++;
      length = Math.max(length, common + 1);
    }
    need.set(here, Math.min(length, here.length));
  }
  return new Map(ids.map((id, i) => [id, compact[i]!.slice(0, need.get(compact[i]!)!)]));
}

function compactSchedule(s: Schedule): Recurrence {
  const out: Recurrence = {};
  for (const key of ['freq', 'interval', 'days', 'weeks_of_month', 'month_days', 'opens', 'closes', 'dtstart', 'valid_from', 'valid_to'] as const) {
    if (s[key] !== undefined && !(key === 'freq' && s[key] === 'weekly')) (out as Record<string, unknown>)[key] = s[key];
  }
  return out;
}

export function listingCard(dataset: Dataset, listing: ListingRecord, key: string): ListingCard {
  const { config, asOf } = dataset;
  const organisation = dataset.organisationOf(listing);
  const label = listing.listing === 'service' ? KIND_WORDS[listing.kind] : FORMAT_WORDS[listing.format];
  const service = listing.listing === 'service' ? listing : undefined;
  const venues = (service?.locations ?? []).map((at) => ({ at, location: dataset.location(at.location) }));
  const phone = service?.phones?.find((p) => p.type !== 'fax') ?? venues.flatMap((v) => v.at.phones ?? [])[0];
  const address = venues.map((v) => v.location?.address).find((a) => a !== undefined);
  const schedules = [...(service?.schedules ?? []), ...venues.flatMap((v) => v.at.schedules ?? [])].filter((s) => isCurrentSchedule(s, asOf));
  const times = schedules.map((s) => scheduleLine(s, asOf)).flatMap((line) => (line ? [`${line.how ? `${line.how}: ` : ''}${line.when}${line.season ? `, ${line.season}` : ''}`] : []));
  const cost = describeCost(listing.cost, asOf);
  return {
    key,
    name: listing.name,
    path: listingPath(listing),
    link: absoluteUrl(config, listingPath(listing)).replace(/^https?:\/\//, ''),
    what: `${label} from ${organisation.name}`,
    summary: listing.summary,
    ...(phone ? { phone: { number: phone.number, href: telHref(phone.number, { type: phone.type, extension: phone.extension }) } } : {}),
    ...(address ? { address: [address.address_1, address.address_2, address.city, address.postal_code].filter(Boolean).join(', ') } : {}),
    times,
    ...(cost ? { cost: cost.description && cost.headline === 'Cost' ? cost.description : cost.headline } : {}),
    schedules: schedules.map(compactSchedule),
  };
}

const keysByDataset = new WeakMap<Dataset, Map<string, string>>();

/** A listing's short key, worked out once per build over every listing (listed or not, so keys never shift). */
export function cardKeyOf(dataset: Dataset, listing: ListingRecord): string {
  let keys = keysByDataset.get(dataset);
  if (!keys) {
    keys = shortKeys(dataset.listings.map((l) => l.id));
    keysByDataset.set(dataset, keys);
  }
  return keys.get(listing.id)!;
}

export function cardsFile(dataset: Dataset, catalogue: Catalogue): CardsFile {
  return { cards: dataset.listings.filter((l) => catalogue.isListed(l)).map((l) => listingCard(dataset, l, cardKeyOf(dataset, l))) };
}
