/**
 * One row per listing, for people with a spreadsheet: readable column names, lists joined with "; ", opening times
 * and venues in words. UTF-8 without a byte order mark (a Frictionless header must match its schema), CRLF, and
 * guarded against formula injection (csv.ts). Its Table Schema is in /downloads/datapackage.json.
 */
import type { ListingItem } from '../feed-model.ts';
import type { PublishContext } from '../context.ts';
import { listingItem } from '../feeds.ts';
import { csvChunks, type Cell } from './csv.ts';
import type { FieldType } from './hsds-tables.ts';

export interface FlatColumn {
  name: string;
  type: FieldType;
  format?: 'uuid' | 'email' | 'uri';
  required?: boolean;
  description: string;
  value: (item: ListingItem) => Cell;
}

const names = (terms: { name: string }[] | undefined) => (terms?.length ? terms.map((t) => t.name).join('; ') : undefined);
const joined = (values: readonly string[] | undefined) => (values?.length ? values.join('; ') : undefined);

export const FLAT_COLUMNS: FlatColumn[] = [
  { name: 'id', type: 'string', format: 'uuid', required: true, description: 'The listing\'s UUID.', value: (i) => i.id },
  { name: 'type', type: 'string', required: true, description: 'service or resource.', value: (i) => i.type },
  { name: 'name', type: 'string', required: true, description: 'Name.', value: (i) => i.name },
  { name: 'organisation', type: 'string', required: true, description: 'The organisation that runs it.', value: (i) => i.organisation.name },
  { name: 'organisation_id', type: 'string', format: 'uuid', required: true, description: 'The organisation\'s UUID.', value: (i) => i.organisation.id },
  { name: 'status', type: 'string', required: true, description: 'active, inactive, defunct or temporarily closed.', value: (i) => i.status },
  { name: 'summary', type: 'string', required: true, description: 'One or two sentences.', value: (i) => i.summary },
  { name: 'kind', type: 'string', description: 'For services: service, activity, club or group.', value: (i) => i.kind },
  { name: 'format', type: 'string', description: 'For resources: leaflet, app, video...', value: (i) => i.format },
  { name: 'categories', type: 'string', required: true, description: 'Categories, separated by "; ".', value: (i) => names(i.categories) },
  { name: 'needs', type: 'string', description: 'Needs it helps with.', value: (i) => names(i.needs) },
  { name: 'circumstances', type: 'string', description: 'Life events and circumstances.', value: (i) => names(i.circumstances) },
  { name: 'conditions', type: 'string', description: 'Health conditions.', value: (i) => names(i.conditions) },
  { name: 'audiences', type: 'string', description: 'Who it is for.', value: (i) => names(i.audiences) },
  { name: 'areas', type: 'string', description: 'Where people must live to use it.', value: (i) => names(i.areas) },
  { name: 'languages', type: 'string', description: 'Languages it is offered in.', value: (i) => names(i.languages) },
  { name: 'delivery', type: 'string', description: 'in-person, online, phone, home-visit.', value: (i) => joined(i.delivery) },
  { name: 'free', type: 'boolean', description: 'true when it costs nothing.', value: (i) => i.free },
  { name: 'cost', type: 'string', description: 'Charges in words.', value: (i) => i.cost },
  { name: 'minimum_age', type: 'integer', description: 'Youngest age it is for.', value: (i) => i.minimum_age },
  { name: 'maximum_age', type: 'integer', description: 'Oldest age it is for.', value: (i) => i.maximum_age },
  { name: 'referral', type: 'string', description: 'How to get it: self-referral, professional-referral...', value: (i) => i.referral },
  { name: 'phones', type: 'string', description: 'Phone numbers, separated by "; ".', value: (i) => joined(i.phones?.map((p) => (p.description ? `${p.number} (${p.description})` : p.number))) },
  { name: 'email', type: 'string', format: 'email', description: 'Email address.', value: (i) => i.email },
  { name: 'website', type: 'string', format: 'uri', description: 'Website.', value: (i) => i.website },
  { name: 'opening', type: 'string', description: 'Opening times in words, venue by venue.', value: (i) => joined([...(i.opening ?? []), ...(i.locations ?? []).flatMap((l) => (l.opening ?? []).map((o) => `${o} at ${l.name}`))]) },
  { name: 'venues', type: 'string', description: 'Venues, separated by "; ".', value: (i) => joined(i.locations?.map((l) => (l.postcode ? `${l.name}, ${l.postcode}` : l.name))) },
  { name: 'latitude', type: 'number', description: 'Latitude of the first venue (WGS84).', value: (i) => i.locations?.find((l) => l.latitude !== undefined)?.latitude },
  { name: 'longitude', type: 'number', description: 'Longitude of the first venue (WGS84).', value: (i) => i.locations?.find((l) => l.longitude !== undefined)?.longitude },
  { name: 'tags', type: 'string', description: 'Tags.', value: (i) => joined(i.tags) },
  { name: 'alert', type: 'string', description: 'A temporary notice.', value: (i) => i.alert },
  { name: 'reviewed', type: 'date', required: true, description: 'When the details were last checked.', value: (i) => i.reviewed },
  { name: 'review_status', type: 'string', required: true, description: 'current, due or overdue for review.', value: (i) => i.freshness },
  { name: 'last_modified', type: 'datetime', description: 'When it last changed.', value: (i) => i.last_modified },
  { name: 'page_url', type: 'string', format: 'uri', required: true, description: 'The listing on the website.', value: (i) => i.page_url },
];

export const FLAT_CSV_NAME = 'listings.csv';

/** listings.csv, row by row (issue #19: never one string at region scale). */
export function* flatCsvChunks(ctx: PublishContext): Generator<string> {
  const rows = (function* () {
    for (const l of ctx.dataset.listings) {
      const item = listingItem(ctx, l);
      yield Object.fromEntries(FLAT_COLUMNS.map((c) => [c.name, c.value(item)]));
    }
  })();
  yield* csvChunks(FLAT_COLUMNS.map((c) => c.name), rows, { spreadsheet: true });
}

export function flatCsv(ctx: PublishContext): string {
  return [...flatCsvChunks(ctx)].join('');
}
