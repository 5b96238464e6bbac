/**
 * What Pagefind indexes for a listing: a small HTML document written for search, not the page itself. Indexing a
 * purpose-made document keeps the public page lean (no hidden keyword blocks, no filter markup), lets each part
 * carry its own weight (name, then topics, then summary, then the rest), and adds what people search with but the
 * page does not say: the synonyms of its topics and of phrases in its text.
 */
import type { Dataset, ListingRecord } from '../../dataset/dataset.ts';
import type { TermField } from '../../model/vocabularies.ts';
import type { Catalogue } from '../../dataset/catalogue.ts';
import { markdownToText, escapeHtml } from '../format/markdown.ts';
import { FORMAT_WORDS, KIND_WORDS, STATUS_WORDS } from '../format/words.ts';
import { listingPath } from '../../urls/site.ts';
import { formatMonth } from '../format/dates.ts';
import { filterValues } from './filters.ts';
import { cardKeyOf } from '../cards.ts';
import { telHref } from '../format/phone.ts';
import type { SynonymExpander } from './synonyms.ts';
import { PART_FILTER, SINK_FILTER, SINK_VALUE } from './query.ts';

/**
 * What a listing is and what it is for (its categories and needs, with their broader terms: "Befriending" is also
 * "Social groups and loneliness") weigh most; the situations and conditions it helps with next; who it is for
 * least, so a group for one audience (veterans, young people) does not outrank help for everyone on a general
 * search such as "lonely", while a search naming the audience still finds it (its name and summary say so too).
 */
const TOPIC_FIELDS: TermField[] = ['categories', 'needs'];
const SITUATION_FIELDS: TermField[] = ['circumstances', 'conditions'];
const AUDIENCE_FIELDS: TermField[] = ['audiences'];

export interface SearchDocument {
  /** The page's path under the site's base, e.g. /services/org/name/. */
  path: string;
  html: string;
  /** Plain text of everything searchable, for the spelling vocabulary. */
  text: string;
}

/** Search results show these; they come back with each result. */
export interface SearchMeta {
  title: string;
  summary: string;
  organisation: string;
  /** "Group", "Leaflet"... */
  label: string;
  /**
   * Why the listing is shown after the others, when it is: "Temporarily closed", or "Not checked since March 2025"
   * for a listing overdue for review. The results show it beside the name.
   */
  status?: string;
  /** Its short key, for "Save to shortlist" (src/site/cards.ts). */
  key: string;
  /** The first phone line, as written and as a link: result cards show it (issue #18). */
  phone?: string;
  tel?: string;
}

/** Why a listing goes to the end of search results, in words, or undefined when it does not. */
export function sinkReason(dataset: Dataset, listing: ListingRecord): string | undefined {
  const status = dataset.statusOf(listing);
  if (status !== 'active') return STATUS_WORDS[status];
  if (dataset.freshnessOf(listing).freshness === 'overdue') return `Not checked since ${formatMonth(listing.reviewed)}`;
  return undefined;
}

/** What a search result shows of a listing: Pagefind's result data, and the search page's word index's cards (word-files.ts). */
export function searchMeta(dataset: Dataset, listing: ListingRecord): SearchMeta {
  const sink = sinkReason(dataset, listing);
  const phone = listing.listing === 'service' ? (listing.phones?.find((p) => p.type !== 'fax') ?? listing.locations?.flatMap((at) => at.phones ?? [])[0]) : undefined;
  return {
    title: listing.name,
    summary: listing.summary,
    organisation: dataset.organisationOf(listing).name,
    label: listing.listing === 'service' ? KIND_WORDS[listing.kind] : FORMAT_WORDS[listing.format],
    ...(sink ? { status: sink } : {}),
    key: cardKeyOf(dataset, listing),
    ...(phone ? { phone: phone.number, tel: telHref(phone.number, { type: phone.type, extension: phone.extension }) } : {}),
  };
}

function section(weight: number, text: string): string {
  return text ? `<p data-pagefind-weight="${weight}">${escapeHtml(text)}</p>` : '';
}

/** `part`: the index part, when the index has several (left out otherwise, so one index is as it always was). */
export function searchDocument(dataset: Dataset, catalogue: Catalogue, expander: SynonymExpander, listing: ListingRecord, part?: number): SearchDocument {
  const organisation = dataset.organisationOf(listing);
  const wordsOf = (fields: TermField[], broader: boolean) => [
    ...new Set(
      fields
        .flatMap((field) => dataset.termsOf(listing, field))
        .flatMap((t) => (broader ? [t, ...catalogue.ancestors(t)] : [t]))
        .flatMap((t) => [t.name, ...(t.synonyms ?? [])]),
    ),
  ];
  const topicWords = wordsOf(TOPIC_FIELDS, true);
  const situationWords = wordsOf(SITUATION_FIELDS, false);
  const audienceWords = wordsOf(AUDIENCE_FIELDS, false);
  const topics = [...topicWords, ...situationWords, ...audienceWords];
  const description = [listing.description, listing.eligibility_description, listing.accessibility]
    .filter((t): t is string => Boolean(t))
    .map(markdownToText)
    .join(' ');
  const places =
    listing.listing === 'service'
      ? (listing.locations ?? []).flatMap((at) => {
          const location = dataset.location(at.location);
          if (!location) return [];
          const ward = location.ward ? dataset.term('area', location.ward)?.name : undefined;
          return [location.name, location.address?.address_1, location.address?.postal_code, ward].filter((p): p is string => Boolean(p));
        })
      : [];
  const areas = dataset.termsOf(listing, 'service_areas').map((t) => t.name);
  // Not the site's own language: nearly every listing is in English, so "English" would match them all and
  // "learn English" would find any listing that says "learn" (the Language filter still has it).
  const siteLanguage = dataset.config.site.language.split('-')[0]!.toLowerCase();
  const languages = dataset
    .termsOf(listing, 'languages')
    .filter((t) => t.slug !== siteLanguage)
    .flatMap((t) => [t.name, ...(t.synonyms ?? [])]);
  const label = listing.listing === 'service' ? KIND_WORDS[listing.kind] : FORMAT_WORDS[listing.format];
  const own = [listing.name, listing.alternate_name ?? '', listing.summary, description, topics.join(' ')].join(' ');
  const synonyms = expander.expand(own);
  const meta = searchMeta(dataset, listing);
  const sink = meta.status;
  const filters = filterValues(dataset, catalogue, listing);
  const tags = [
    ...Object.entries(meta).map(([key, value]) => `<span data-pagefind-meta="${key}">${escapeHtml(value)}</span>`),
    ...Object.entries(filters).flatMap(([key, values]) => values.map((v) => `<span data-pagefind-filter="${key}">${escapeHtml(v)}</span>`)),
    ...(sink ? [`<span data-pagefind-filter="${SINK_FILTER}">${SINK_VALUE}</span>`] : []),
    ...(part === undefined ? [] : [`<span data-pagefind-filter="${PART_FILTER}">${part}</span>`]),
    `<span data-pagefind-sort="name">${escapeHtml(listing.name.toLowerCase())}</span>`,
    `<span data-pagefind-sort="reviewed">${escapeHtml(listing.reviewed)}</span>`,
  ];
  const html = [
    '<!doctype html><html lang="en"><head><meta charset="utf-8"></head><body>',
    `<h1>${escapeHtml(listing.name)}</h1>`,
    section(5, listing.alternate_name ?? ''),
    section(audienceWords.length ? 2.5 : 3, topicWords.join(', ')),
    section(2, situationWords.join(', ')),
    section(1, audienceWords.join(', ')),
    section(2, listing.summary),
    section(1.5, synonyms.join(', ')),
    section(1.5, [organisation.name, label, ...places, ...areas].join(', ')),
    section(1, description),
    section(1, languages.join(', ')),
    `<div data-pagefind-ignore>${tags.join('')}</div>`,
    '</body></html>',
  ].join('');
  const text = [own, synonyms.join(' '), organisation.name, places.join(' '), areas.join(' '), languages.join(' ')].join(' ');
  return { path: listingPath(listing), html, text };
}
