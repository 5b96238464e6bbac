/**
 * The LOOP feeds (/feeds/v1/) and download metadata, defined once in zod: the writers build values of these types,
 * the published JSON Schemas under /schemas/v1/ are generated from them, and the tests validate every generated
 * feed against its published schema. Change a feed here, and the schema, the writer's types and the tests follow.
 *
 * Versioning (docs/feeds/VERSIONING.md): the major version is in the URL (/feeds/v1/); `schema_version` is
 * "1.<minor>", and a minor version only ever adds optional fields.
 */
import { z } from 'zod';
import { resourceSchema } from '../model/resource.ts';
import { serviceSchema } from '../model/service.ts';

export const FEED_SCHEMA_VERSION = '1.0';

const isoDateTime = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/).meta({ format: 'date-time', description: 'ISO 8601 date and time with a UTC offset.' });
const isoDate = z.iso.date();
const url = z.url().meta({ format: 'uri' });
const uuid = z.uuid();
const sha = z.string().regex(/^[0-9a-f]{40}$/).meta({ description: 'A full git commit SHA.' });

export const licenceModel = z
  .strictObject({ id: z.string().optional(), name: z.string(), url })
  .meta({ description: 'The licence the data is published under.' });

/** The fields every LOOP feed document starts with. */
export const envelopeFields = {
  schema_version: z.string().regex(/^1\.\d+$/).meta({ description: 'The feed format version, "1.<minor>". Minor versions only add optional fields.' }),
  dataset_version: z.string().min(1).meta({ description: 'The data this was built from: "<UTC date>-<commit>" (e.g. 2026-11-24-a1b2c3d), or a release version.' }),
  generated_at: isoDateTime.meta({ description: 'When the content was generated: the date of the commit it was built from.' }),
  licence: licenceModel,
  attribution: z.string().meta({ description: 'The attribution statement the licence asks re-users to show.' }),
};

function listDocument<T extends z.ZodType, E extends z.ZodRawShape = {}>(item: T, title: string, description: string, extra?: E) {
  return z.strictObject({ ...envelopeFields, ...(extra ?? ({} as E)), count: z.number().int().min(0), items: z.array(item) }).meta({ title, description });
}

export const termRefModel = z.strictObject({ slug: z.string(), name: z.string() }).meta({ description: 'A taxonomy term: its slug and name.' });

const phoneItem = z.strictObject({ number: z.string(), description: z.string().optional() });

const locationItem = z
  .strictObject({
    id: uuid,
    slug: z.string(),
    name: z.string(),
    postcode: z.string().optional(),
    latitude: z.number().optional(),
    longitude: z.number().optional(),
    ward: termRefModel.optional(),
    opening: z.array(z.string()).optional().meta({ description: 'Opening times at this venue in words, e.g. "Wednesday 10:00–12:00".' }),
  })
  .meta({ description: 'A venue where the service happens.' });

export const listingItemModel = z
  .strictObject({
    id: uuid,
    type: z.enum(['service', 'resource']),
    slug: z.string().meta({ description: 'Readable reference: <organisation>/<file name>. Can change; the id never does.' }),
    name: z.string(),
    alternate_name: z.string().optional(),
    organisation: z.strictObject({ id: uuid, slug: z.string(), name: z.string() }),
    summary: z.string(),
    status: z.enum(['active', 'inactive', 'defunct', 'temporarily closed']).meta({ description: 'As the public should see it: a listing past its end date is inactive.' }),
    kind: z.enum(['service', 'activity', 'club', 'group']).optional(),
    format: z.string().optional().meta({ description: 'For resources: leaflet, app, video, course, website, audio, book or toolkit.' }),
    categories: z.array(termRefModel),
    needs: z.array(termRefModel).optional(),
    circumstances: z.array(termRefModel).optional(),
    conditions: z.array(termRefModel).optional(),
    audiences: z.array(termRefModel).optional(),
    areas: z.array(termRefModel).optional().meta({ description: 'Service areas: where people must live to use it.' }),
    languages: z.array(termRefModel).optional(),
    tags: z.array(z.string()).optional(),
    also_under: z
      .strictObject({
        category: z.array(z.string()).optional(),
        need: z.array(z.string()).optional(),
        circumstance: z.array(z.string()).optional(),
        condition: z.array(z.string()).optional(),
        audience: z.array(z.string()).optional(),
        area: z.array(z.string()).optional(),
        language: z.array(z.string()).optional(),
      })
      .optional()
      .meta({
        description:
          'Slugs the listing is also listed under, beyond its own terms: the broader terms of its terms ("food-and-essentials" for "emergency-food"), and the wards and postcode districts of its venues ("leeds" when it is open to the whole city). The slices and the LOOP website list it under these too. Omitted when there are none.',
      }),
    delivery: z.array(z.enum(['in-person', 'online', 'phone', 'home-visit'])).optional(),
    confidential_location: z.boolean().optional().meta({ description: 'True when people meet at a venue given only after referral (a refuge, some support groups): no venue is published.' }),
    free: z.boolean().optional().meta({ description: 'True when it costs nothing (or the core offer is free).' }),
    cost: z.string().optional().meta({ description: 'Charges in words.' }),
    minimum_age: z.number().optional(),
    maximum_age: z.number().optional(),
    referral: z.enum(['self-referral', 'professional-referral', 'self-or-professional-referral', 'none']).optional(),
    phones: z.array(phoneItem).optional(),
    email: z.string().optional(),
    website: url.optional(),
    opening: z.array(z.string()).optional().meta({ description: 'Times not tied to a venue, in words (e.g. a phone line\'s hours).' }),
    locations: z.array(locationItem).optional(),
    alert: z.string().optional(),
    reviewed: isoDate.meta({ description: 'When the details were last checked.' }),
    freshness: z.enum(['current', 'due', 'overdue']).meta({ description: 'Against the review policy: due for review, or overdue (may be out of date).' }),
    last_modified: isoDateTime.optional().meta({ description: 'When the listing, its organisation or its venues last changed (from git). Omitted when unknown.' }),
    page_url: url.meta({ description: 'The listing on the LOOP website. Its other forms: see the document\'s links.' }),
  })
  .meta({ description: 'A service or resource, compact: what a list, widget or app shows.' });

export type ListingItem = z.output<typeof listingItemModel>;

const listingLinks = z
    .strictObject({
      record: z.string().meta({ description: 'URL template of an item\'s full LOOP record: replace {id} with the item\'s id.' }),
      oruk: z.string().meta({ description: 'URL template of an item as an Open Referral UK service.' }),
      history: z.string().meta({ description: 'URL template of an item\'s change history.' }),
    })
    .meta({ description: 'Where each item\'s other forms are.' });

export const listingsModel = listDocument(listingItemModel, 'LOOP listings feed', 'Services and self-help resources, compact. /feeds/v1/listings.json and every slice (categories/, needs/, audiences/, areas/, tags/, organisations/).', {
  links: listingLinks,
  slice: z
    .strictObject({ type: z.string(), slug: z.string(), name: z.string() })
    .optional()
    .meta({ description: 'For a slice, what it is a slice of (e.g. category carers-support).' }),
});

/** Listings per part of the listings feed (/feeds/v1/listings/part/<n>.json). */
export const LISTINGS_PART_SIZE = 1000;

export const listingsPartModel = listDocument(
  listingItemModel,
  'LOOP listings feed, one part',
  `The listings feed in parts of ${LISTINGS_PART_SIZE.toLocaleString('en-GB')} items, in the order of listings.json: /feeds/v1/listings/part/<n>.json, n from 1. The parts together hold exactly the items of /feeds/v1/listings.json; /feeds/v1/listings/index.json lists them. At region scale (tens of thousands of listings) read the parts rather than the one large file.`,
  {
    links: listingLinks,
    part: z
      .strictObject({
        number: z.number().int().min(1).meta({ description: 'This part\'s number, from 1.' }),
        of: z.number().int().min(1).meta({ description: 'How many parts there are.' }),
        index_url: url.meta({ description: 'The index of the parts (/feeds/v1/listings/index.json).' }),
      })
      .meta({ description: 'Where this part lies among the parts.' }),
  },
);

const listingsPartEntry = z.strictObject({
  number: z.number().int().min(1),
  url,
  count: z.number().int().min(0).meta({ description: 'Items in the part.' }),
  bytes: z.number().int().min(0).meta({ description: 'The part\'s size in bytes.' }),
  sha256: z.string().regex(/^[0-9a-f]{64}$/).meta({ description: 'SHA-256 of the part\'s bytes.' }),
});

export const listingsPartsModel = listDocument(
  listingsPartEntry,
  'LOOP listings feed: index of the parts',
  `Every part of the listings feed, in order, with its size and SHA-256. /feeds/v1/listings/index.json; count is the number of parts.`,
  {
    listing_count: z.number().int().min(0).meta({ description: 'Items in all the parts together: the count of listings.json.' }),
    part_size: z.number().int().min(1).meta({ description: 'Items per part; the last part may hold fewer.' }),
    whole_url: url.meta({ description: 'The same items in one file (/feeds/v1/listings.json).' }),
  },
);

const derivedRecordFields = {
  slug: z.string(),
  file: z.string().meta({ description: 'The YAML file in the LOOP repository.' }),
  published_status: z.enum(['active', 'inactive', 'defunct', 'temporarily closed']).meta({ description: 'Status as published: inactive once an end date has passed.' }),
  freshness: z.strictObject({ freshness: z.enum(['current', 'due', 'overdue']), due: isoDate, overdue: isoDate }),
  last_modified: isoDateTime.optional(),
  organisation_name: z.string(),
  page_url: url,
  oruk_url: url,
  history_url: url,
  source_url: url.meta({ description: 'The YAML file on GitHub: where to suggest a change.' }),
};

export const recordItemModel = z.union([
  serviceSchema.safeExtend({ type: z.literal('service'), ...derivedRecordFields }),
  resourceSchema.safeExtend({ type: z.literal('resource'), ...derivedRecordFields }),
]);

export const recordModel = z
  .strictObject({ ...envelopeFields, item: recordItemModel })
  .meta({ title: 'LOOP listing record', description: 'One listing in LOOP\'s own format (the YAML file as JSON, defaults filled in) with derived fields. /feeds/v1/listings/<uuid>.json' });

export const organisationItemModel = z
  .strictObject({
    id: uuid,
    slug: z.string(),
    name: z.string(),
    alternate_name: z.string().optional(),
    description: z.string(),
    website: url.optional(),
    email: z.string().optional(),
    phones: z.array(phoneItem).optional(),
    logo: url.optional(),
    charity_number: z.string().optional(),
    company_number: z.string().optional(),
    listing_count: z.number().int().min(0),
    page_url: url,
    listings_url: url.meta({ description: 'This organisation\'s listings (a slice of listings.json).' }),
    oruk_url: url,
  })
  .meta({ description: 'An organisation that runs services or publishes resources.' });

export const organisationsModel = listDocument(organisationItemModel, 'LOOP organisations feed', 'Every organisation. /feeds/v1/organisations.json');

const vocabularyTermItem = z.strictObject({
  id: uuid,
  slug: z.string(),
  name: z.string(),
  description: z.string().optional(),
  code: z.string(),
  parent: z.string().optional().meta({ description: 'The slug of the broader term.' }),
  uri: url.optional().meta({ description: 'The term in an external scheme (LGA/esd, ONS, SNOMED CT).' }),
  esd: z.array(url).optional().meta({ description: 'Every LGA/esd URI the term maps to.' }),
  listing_count: z.number().int().min(0),
  listings_url: url.optional(),
});

export const vocabularyItemModel = z
  .strictObject({
    id: uuid,
    key: z.string().meta({ description: 'The kind for data vocabularies (category, need, area...), loop-… for built-in ones.' }),
    name: z.string(),
    description: z.string(),
    uri: url.optional(),
    version: z.string().optional(),
    terms: z.array(vocabularyTermItem),
  })
  .meta({ description: 'A vocabulary with its terms.' });

export const taxonomiesModel = listDocument(vocabularyItemModel, 'LOOP taxonomies feed', 'Every vocabulary: categories (mapped to LGA/esd), needs, circumstances, conditions, audiences, areas, languages, and LOOP\'s built-in lists. /feeds/v1/taxonomies.json');

const changedRecordItem = z.strictObject({
  kind: z.enum(['organisation', 'service', 'resource', 'location', 'taxonomy']),
  id: uuid.optional(),
  name: z.string().optional(),
  slug: z.string().optional(),
  current: z.boolean().meta({ description: 'True when the record is in the current data.' }),
  page_url: url.optional(),
  json_url: url.optional(),
});

export const changeSetModel = z
  .strictObject({
    version: z.string(),
    commit: sha,
    commit_url: url.optional(),
    date: isoDateTime,
    summary: z.string(),
    added: z.array(changedRecordItem),
    changed: z.array(changedRecordItem),
    removed: z.array(changedRecordItem),
  })
  .meta({ description: 'What one dataset version (a commit to the data) added, changed and removed.' });

const historyStatus = z
  .strictObject({ available: z.boolean(), shallow: z.boolean(), reason: z.string().optional() })
  .meta({ description: 'Whether git history was available to the build; without it the change feeds are empty.' });

export const changesModel = listDocument(changeSetModel, 'LOOP changes feed', 'Records added, changed and removed per dataset version, newest first. /feeds/v1/changes.json', { history: historyStatus });

export const historyEntryModel = z.strictObject({
  date: isoDateTime,
  summary: z.string(),
  commit: sha,
  commit_url: url.optional(),
  change: z.enum(['added', 'changed', 'renamed']),
});

export const historyModel = listDocument(historyEntryModel, 'LOOP listing history', 'Every change to one listing\'s file, newest first. /feeds/v1/history/<uuid>.json', {
  id: uuid,
  name: z.string(),
  file: z.string(),
  truncated: z.boolean().meta({ description: 'True when older history is unknown (a shallow clone built it).' }),
});

const feedEntry = z.strictObject({
  name: z.string(),
  description: z.string(),
  url: z.string().meta({ description: 'The feed\'s URL, or a URL template where {id} stands for a listing\'s id.' }),
  schema_url: url.optional(),
});
export const feedIndexModel = listDocument(feedEntry, 'LOOP feeds index', 'Every LOOP feed and download, with its schema. /feeds/v1/index.json');

const fileEntry = z.strictObject({
  path: z.string().meta({ description: 'Path under the site, e.g. /downloads/loop.zip.' }),
  url,
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  size: z.number().int().min(0).meta({ description: 'Bytes.' }),
});

export const manifestModel = listDocument(fileEntry, 'LOOP downloads manifest', 'The SHA-256 and size of every published feed and download file. /downloads/manifest.json', {
  commit: sha.optional(),
  as_of: isoDate.meta({ description: 'The date statuses and freshness were judged on.' }),
});

const versionItem = z.strictObject({
  version: z.string(),
  tag: z.string(),
  commit: sha,
  date: isoDateTime,
  url: url.meta({ description: 'The folder holding the snapshot.' }),
  files: z.array(fileEntry),
});

export const versionsModel = listDocument(versionItem, 'LOOP dataset versions', 'Released dataset versions, newest first; each is an immutable snapshot under /downloads/archive/<version>/. /downloads/versions.json', {
  current: z.strictObject({ version: z.string(), commit: sha.optional(), date: isoDateTime, downloads_url: url }).meta({ description: 'The data this build publishes.' }),
});

/** Every feed schema, by the name it is published under (/schemas/v1/<name>.schema.json). */
export const FEED_SCHEMAS = {
  listings: listingsModel,
  'listings-part': listingsPartModel,
  'listings-parts': listingsPartsModel,
  record: recordModel,
  organisations: organisationsModel,
  taxonomies: taxonomiesModel,
  changes: changesModel,
  history: historyModel,
  'feed-index': feedIndexModel,
  manifest: manifestModel,
  versions: versionsModel,
} as const;
export type FeedSchemaName = keyof typeof FEED_SCHEMAS;
