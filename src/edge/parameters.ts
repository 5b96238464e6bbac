/**
 * The query parameters of the ORUK 3.0 / HSDS 3.0 list endpoints, read from a URL. Every parameter either takes
 * effect, or gets a plain 400 (not a parameter of this endpoint, or a bad value) or 501 (a parameter of the
 * specification this static site cannot answer): a consumer is never given every item with a 200 for a filter it
 * asked for.
 *
 * Which endpoint takes what is the union of ORUK 3.0's and HSDS 3.0's OpenAPI documents
 * (/work/shared/reference/oruk-3.0/openapi.json, hsds-3.0/schema/openapi.json); `text` is ORUK 1.0's name for
 * `search`, still sent by older clients.
 */
import type { OrukEndpoint } from '../urls/site.ts';
import { searchPostcode, searchText } from './query-index.ts';

/** What a list request asks for, every field checked. */
export interface ListQuery {
  page?: number;
  per_page?: number;
  /** Normalised search words, every one of which must occur. */
  search?: string[];
  taxonomy_term_id?: string;
  taxonomy_id?: string;
  organization_id?: string;
  /** Milliseconds since the epoch. */
  modified_after?: number;
  minimum_age?: number;
  maximum_age?: number;
  /** A UK postcode or postcode district, normalised (`searchPostcode`). */
  postcode?: string;
  /** Metres from the postcode's point. */
  proximity?: number;
  /** The postcode's point, [latitude, longitude]: filled in by the edge from the index's postcodes (respond.ts). */
  near?: [number, number];
}

export interface ParameterProblem {
  status: 400 | 422 | 501;
  /** The parameter at fault. */
  parameter: string;
  message: string;
}

type Answered = 'page' | 'per_page' | 'search' | 'text' | 'taxonomy_term_id' | 'taxonomy_id' | 'organization_id' | 'modified_after' | 'minimum_age' | 'maximum_age' | 'format' | 'postcode' | 'proximity';

const FILTERS: readonly Answered[] = ['search', 'text', 'taxonomy_term_id', 'taxonomy_id', 'organization_id', 'modified_after', 'minimum_age', 'maximum_age'];
const PAGING: readonly Answered[] = ['page', 'per_page', 'format'];

/** The parameters each endpoint answers. */
export const ANSWERED: Readonly<Record<OrukEndpoint, readonly Answered[]>> = {
  services: [...PAGING, ...FILTERS],
  service_at_locations: [...PAGING, ...FILTERS, 'postcode', 'proximity'],
  taxonomies: [...PAGING, 'search', 'text'],
  taxonomy_terms: [...PAGING, 'search', 'text', 'taxonomy_id'],
  organizations: [...PAGING, 'search', 'text'],
};

/** Parameters of the specification for an endpoint that this layer does not answer, and why. */
export const NOT_ANSWERED: Readonly<Record<OrukEndpoint, Readonly<Record<string, string>>>> = (() => {
  const schedule = 'filtering by opening times (start_time, end_time, day) is not available from this static API';
  const shape = 'only the list form of each item is served; read each item at its own URL for the full record';
  const timesAndShapes = { start_time: schedule, end_time: schedule, day: schedule, minimal: shape, full: shape };
  return {
    services: timesAndShapes,
    service_at_locations: timesAndShapes,
    taxonomies: {},
    taxonomy_terms: { top_only: 'top_only is not available from this static API', parent_id: 'parent_id is not available from this static API' },
    organizations: { full: shape, full_service: shape },
  };
})();

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const WHOLE = /^[1-9][0-9]{0,8}$/;
const AGE = /^[0-9]{1,3}(\.[0-9]{1,2})?$/;
const METRES = /^[0-9]{1,7}(\.[0-9]{1,3})?$/;
/** The farthest `proximity` taken, in metres: the length of Great Britain, and more. */
export const PROXIMITY_MAX = 1_500_000;
// RFC 3339 date-time with a zone, or a date (taken as midnight UTC).
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2}))?$/;
/** Longest search accepted, in characters, and most words. */
export const SEARCH_MAX = 200;
const SEARCH_WORDS_MAX = 20;
/** Most parameters in one request: more is not a query anyone means. */
const PARAMETERS_MAX = 20;

/** A value quoted in an error message: short, and only printable characters. */
function quoted(value: string): string {
  const shown = value.length > 40 ? `${value.slice(0, 40)}…` : value;
  return JSON.stringify(shown.replace(/[\p{C}]/gu, '?'));
}

/**
 * The list query a URL asks for, or the problem with it. `maxPerPage` is the static page size (the largest page the
 * static files hold). An empty result means no parameter was sent: the static file is the answer.
 */
export function parseListQuery(endpoint: OrukEndpoint, params: URLSearchParams, maxPerPage: number): ListQuery | ParameterProblem {
  const seen = new Map<string, string>();
  let count = 0;
  for (const [name, value] of params) {
    if (++count > PARAMETERS_MAX) return { status: 400, parameter: name, message: `at most ${PARAMETERS_MAX} query parameters are accepted` };
    if (seen.has(name)) return { status: 400, parameter: name, message: `${name} is given more than once; give it once` };
    seen.set(name, value);
  }
  const answered = ANSWERED[endpoint] as readonly string[];
  const notAnswered = NOT_ANSWERED[endpoint];
  for (const name of seen.keys()) {
    if (answered.includes(name)) continue;
    if (Object.hasOwn(notAnswered, name)) return { status: 501, parameter: name, message: `${name}: ${notAnswered[name]}` };
    return { status: 400, parameter: name, message: `${quoted(name)} is not a parameter of /${endpoint}; it takes ${answered.join(', ')}` };
  }
  const query: ListQuery = {};
  for (const [name, value] of seen) {
    switch (name) {
      case 'page':
      case 'per_page': {
        if (!WHOLE.test(value)) return { status: 400, parameter: name, message: `${name} must be a whole number from 1, not ${quoted(value)}` };
        const n = Number(value);
        if (name === 'per_page' && n > maxPerPage) return { status: 400, parameter: name, message: `per_page must be at most ${maxPerPage} (the size of the static pages), not ${n}` };
        query[name] = n;
        break;
      }
      case 'format':
        if (value !== 'json') return { status: 501, parameter: name, message: `format=${quoted(value)} is not available: this API answers in JSON (format=json); the NDJSON download holds every service` };
        break;
      case 'search':
      case 'text': {
        if (seen.has('search') && seen.has('text')) return { status: 400, parameter: 'text', message: 'text is the old name of search: give one of them, not both' };
        if (value.length > SEARCH_MAX) return { status: 400, parameter: name, message: `${name} must be at most ${SEARCH_MAX} characters` };
        const words = searchText(value).split(' ').filter(Boolean);
        if (words.length > SEARCH_WORDS_MAX) return { status: 400, parameter: name, message: `${name} must have at most ${SEARCH_WORDS_MAX} words` };
        // An empty search (or one of punctuation only) matches everything, like an empty search box.
        if (words.length) query.search = words;
        break;
      }
      case 'taxonomy_term_id':
      case 'taxonomy_id':
      case 'organization_id':
        if (!UUID.test(value)) return { status: 400, parameter: name, message: `${name} must be a UUID (every id in this API is one), not ${quoted(value)}` };
        query[name] = value.toLowerCase();
        break;
      case 'modified_after': {
        const instant = dateTime(value);
        if (instant === undefined) return { status: 400, parameter: name, message: `modified_after must be a date-time with a time zone (2026-01-31T09:00:00Z) or a date (2026-01-31), not ${quoted(value)}` };
        query.modified_after = instant;
        break;
      }
      case 'postcode': {
        const postcode = searchPostcode(value);
        if (!postcode) return { status: 400, parameter: name, message: `postcode must be a UK postcode (LS7 3HB) or postcode district (LS7), not ${quoted(value)}` };
        query.postcode = postcode;
        break;
      }
      case 'proximity': {
        if (!seen.has('postcode')) return { status: 400, parameter: name, message: 'proximity is a distance from a postcode: give postcode too' };
        if (!METRES.test(value) || Number(value) > PROXIMITY_MAX) return { status: 400, parameter: name, message: `proximity must be a distance in metres from 0 to ${PROXIMITY_MAX}, not ${quoted(value)}` };
        query.proximity = Number(value);
        break;
      }
      case 'minimum_age':
      case 'maximum_age':
        if (!AGE.test(value) || Number(value) > 150) return { status: 400, parameter: name, message: `${name} must be an age in years from 0 to 150, not ${quoted(value)}` };
        query[name] = Number(value);
        break;
    }
  }
  return query;
}

/** Milliseconds since the epoch of an RFC 3339 date-time or date, or undefined when it is not a real one. */
export function dateTime(value: string): number | undefined {
  const m = DATE_TIME.exec(value);
  if (!m) return undefined;
  const [, y, mo, d, h = '00', mi = '00', s = '00', fraction = '', zone = 'Z'] = m;
  if (Number(mo) < 1 || Number(mo) > 12 || Number(d) < 1 || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return undefined;
  // The calendar check: 2026-02-30 becomes March 2nd in Date, so the day must survive the round trip.
  const day = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
  if (day.getUTCDate() !== Number(d) || day.getUTCMonth() !== Number(mo) - 1) return undefined;
  if (zone !== 'Z' && zone !== 'z' && (Number(zone.slice(1, 3)) > 23 || Number(zone.slice(4, 6)) > 59)) return undefined;
  const instant = Date.parse(`${y}-${mo}-${d}T${h}:${mi}:${s}${fraction.slice(0, 4)}${zone.toUpperCase()}`);
  return Number.isNaN(instant) ? undefined : instant;
}

export function isProblem(value: ListQuery | ParameterProblem): value is ParameterProblem {
  return 'status' in value;
}

/** What each answered parameter does, for openapi.json when the layer is on (docs/feeds/edge.md says the same). */
const PARAMETER_DOCS: Record<string, { description: string; schema: Record<string, unknown>; deprecated?: true }> = {
  per_page: { description: 'Items per page, from 1 to the static page size (the default).', schema: { type: 'integer', minimum: 1 } },
  format: { description: 'json only (the default); other formats are answered 501.', schema: { type: 'string', enum: ['json'] } },
  search: { description: 'Words that must all appear (in any case, accents ignored) in the name, other name, description, organisation or terms. Best matches first (without postcode): a word in the name before a word elsewhere, a whole word before the start of a word before a word inside another; ties in list order.', schema: { type: 'string', maxLength: 200 } },
  text: { description: 'ORUK 1.0\'s name for search.', schema: { type: 'string', maxLength: 200 }, deprecated: true },
  taxonomy_term_id: { description: 'Only items carrying this taxonomy term (exactly this term, not narrower ones).', schema: { type: 'string', format: 'uuid' } },
  taxonomy_id: { description: 'Only items carrying any term of this taxonomy.', schema: { type: 'string', format: 'uuid' } },
  organization_id: { description: 'Only services of this organisation.', schema: { type: 'string', format: 'uuid' } },
  modified_after: { description: 'Only items whose last_modified is on or after this date-time (with a time zone) or date (midnight UTC). Items without a known last_modified are left out.', schema: { type: 'string', format: 'date-time' } },
  minimum_age: { description: 'ORUK 3.0: services whose minimum_age is at least this (no minimum_age counts as 0).', schema: { type: 'number', minimum: 0, maximum: 150 } },
  maximum_age: { description: 'ORUK 3.0: services whose maximum_age is at most this (no maximum_age is no limit, so never matches).', schema: { type: 'number', minimum: 0, maximum: 150 } },
  postcode: { description: 'A UK postcode (or postcode district) known to this directory: one of its own venues\' postcodes, or the district of some (its venues\' centroid); no postcode lookup service is used. Items come nearest first. Not applied to service_area. An unknown postcode is a 422.', schema: { type: 'string' } },
  proximity: { description: 'Only items whose venue is within this many metres (great-circle) of the postcode\'s point; needs postcode.', schema: { type: 'number', minimum: 0, maximum: PROXIMITY_MAX } },
};

/** The query parameters a list endpoint answers with the layer on, as OpenAPI parameter objects (page is shared). */
export function openApiQueryParameters(endpoint: OrukEndpoint): Record<string, unknown>[] {
  return ANSWERED[endpoint]
    .filter((name) => name !== 'page')
    .map((name) => ({ name, in: 'query', required: false, ...PARAMETER_DOCS[name]! }));
}

/** The sentence openapi.json and GET / use for what parameters do, with the layer on or off. */
export function parametersSentence(edge: 'cloudflare' | 'netlify' | undefined): string {
  return edge
    ? `The list endpoints answer search, taxonomy_term_id, taxonomy_id, organization_id, modified_after, minimum_age, maximum_age, page and per_page at the host's edge (${edge === 'cloudflare' ? 'Cloudflare Pages' : 'Netlify'}), and service_at_locations postcode and proximity from the postcodes of this directory's own venues; opening-time filters are refused (501), unknown parameters are a 400, never ignored.`
    : 'Search and filter parameters (text, taxonomy_term_id, postcode, modified_after...) are not applied: this API is static files, and every list returns all its items, a page at a time.';
}
