/**
 * LOOP's own feeds under /feeds/v1/: listings.json (every service and resource, compact, for apps and widgets),
 * its slices by category, need, circumstance, condition, audience, area, language, tag and organisation,
 * organisations.json, taxonomies.json, one full record per listing (listings/<uuid>.json) and an index. Every
 * document is wrapped {schema_version, dataset_version, generated_at, licence, attribution, count, items} and has
 * a JSON Schema under /schemas/v1/ generated from feed-model.ts.
 */
import type { z } from 'zod';
import type { ListingRecord, OrganisationRecord } from '../dataset/dataset.ts';
import { TERM_FIELDS, type TaxonomyKind, type TermField } from '../model/vocabularies.ts';
import {
  CHANGES_ATOM_PATH,
  DOWNLOADS_BASE,
  FEED_SLICE_FOLDERS,
  PUBLISHED_FEED_SLICES,
  OPENAPI_PATH,
  downloadPath,
  feedPath,
  feedSlicePath,
  historyJsonPath,
  listingPath,
  listingsPartPath,
  listingsPartsIndexPath,
  organisationPath,
  orukIndexPath,
  orukItemPath,
  recordJsonPath,
  schemaPath,
  sourceFileUrl,
  type FeedSlice,
} from '../urls/site.ts';
import { clean, fileOf, measured, utc, json, wholeFiles, type OutputFiles, type PublishContext } from './context.ts';
import {
  FEED_SCHEMA_VERSION,
  LISTINGS_PART_SIZE,
  type feedIndexModel,
  type listingsPartsModel,
  type ListingItem,
  type organisationsModel,
  type recordModel,
  type taxonomiesModel,
} from './feed-model.ts';
import { dependencyFiles } from './oruk.ts';
import { openingText } from './opening.ts';
import { selectListings, selectionsOf } from '../dataset/selection.ts';

/** The header every feed document starts with. */
export function envelope(ctx: PublishContext) {
  const licence = ctx.config.licence.data;
  return {
    schema_version: FEED_SCHEMA_VERSION,
    dataset_version: ctx.build.datasetVersion,
    generated_at: ctx.build.generatedAt,
    licence: clean({ id: licence.id, name: licence.name, url: licence.url }),
    attribution: ctx.config.licence.attribution,
  };
}

/** The vocabularies listings.json is sliced by (PUBLISHED_FEED_SLICES, less tags and organisations). */
export const SLICED_KINDS = PUBLISHED_FEED_SLICES.filter((s): s is Extract<typeof s, TaxonomyKind> => s !== 'tag' && s !== 'organisation');

/** Which slice folder each vocabulary kind's listings go in. */
const SLICE_OF_KIND: Record<TaxonomyKind, FeedSlice> = {
  category: 'category',
  need: 'need',
  circumstance: 'circumstance',
  condition: 'condition',
  audience: 'audience',
  area: 'area',
  language: 'language',
};

function termRefs(ctx: PublishContext, listing: ListingRecord, field: TermField) {
  return ctx.dataset.termsOf(listing, field).map((t) => ({ slug: t.slug, name: t.name }));
}

function costWords(listing: ListingRecord): { free?: boolean; cost?: string } {
  const cost = listing.cost;
  if (cost === undefined) return {};
  if (cost === 'free') return { free: true };
  const priced = (cost.options ?? []).map((o) => {
    const amount = o.amount === undefined ? '' : o.amount === 0 ? 'free' : `£${o.amount.toFixed(2).replace(/\.00$/, '')}`;
    return [amount, o.option, o.amount_description].filter(Boolean).join(' ');
  });
  const words = cost.description ?? (priced.length ? priced.join('; ') : undefined);
  return clean({ free: cost.free, cost: words });
}

const itemCache = new WeakMap<PublishContext, Map<string, ListingItem>>();

/** Lets go of the compact items once the feeds and the spreadsheet are written. */
export function forgetListingItems(ctx: PublishContext): void {
  itemCache.delete(ctx);
}

/** One listing, compact: what a list, a widget or an app shows. Computed once per build and listing. */
export function listingItem(ctx: PublishContext, listing: ListingRecord): ListingItem {
  let cache = itemCache.get(ctx);
  if (!cache) itemCache.set(ctx, (cache = new Map()));
  let item = cache.get(listing.id);
  if (!item) cache.set(listing.id, (item = makeListingItem(ctx, listing)));
  return item;
}

function makeListingItem(ctx: PublishContext, listing: ListingRecord): ListingItem {
  const { dataset } = ctx;
  const organisation = dataset.organisationOf(listing);
  const service = listing.listing === 'service' ? listing : undefined;
  const locations = (service?.locations ?? []).flatMap((at) => {
    const location = dataset.location(at.location);
    if (!location) return [];
    const ward = location.ward ? dataset.term('area', location.ward) : undefined;
    return [
      clean({
        id: location.id,
        slug: location.slug,
        name: location.name,
        postcode: location.address?.postal_code,
        latitude: location.latitude,
        longitude: location.longitude,
        ward: ward ? { slug: ward.slug, name: ward.name } : undefined,
        opening: (at.schedules ?? []).map(openingText),
      }),
    ];
  });
  const item = clean({
    id: listing.id,
    type: listing.listing,
    slug: listing.slug,
    name: listing.name,
    alternate_name: listing.alternate_name,
    organisation: { id: organisation.id, slug: organisation.slug, name: organisation.name },
    summary: listing.summary,
    status: dataset.statusOf(listing),
    kind: service?.kind,
    format: listing.listing === 'resource' ? listing.format : undefined,
    categories: termRefs(ctx, listing, 'categories'),
    needs: termRefs(ctx, listing, 'needs'),
    circumstances: termRefs(ctx, listing, 'circumstances'),
    conditions: termRefs(ctx, listing, 'conditions'),
    audiences: termRefs(ctx, listing, 'audiences'),
    areas: termRefs(ctx, listing, 'service_areas'),
    languages: termRefs(ctx, listing, 'languages'),
    tags: listing.tags,
    also_under: alsoUnder(ctx, listing),
    delivery: service?.delivery,
    confidential_location: service?.confidential_location,
    ...costWords(listing),
    minimum_age: listing.minimum_age,
    maximum_age: listing.maximum_age,
    referral: service?.referral?.route,
    phones: (service?.phones ?? []).map((p) => clean({ number: p.number, description: p.description })),
    email: listing.email,
    website: listing.url,
    opening: (service?.schedules ?? []).map(openingText),
    locations,
    alert: listing.alert,
    reviewed: listing.reviewed,
    freshness: dataset.freshnessOf(listing).freshness,
    last_modified: utc(ctx.history.lastModifiedOf(dependencyFiles(dataset, listing))),
    page_url: ctx.url(listingPath(listing)),
  });
  // Categories are required in the model, so never empty here; keep the key even if a future model relaxes that.
  return { ...item, categories: item.categories ?? [] } as ListingItem;
}

/** Kinds whose selection can go beyond a listing's own terms, keyed as the slices are. */
const ALSO_UNDER_KINDS = ['category', 'need', 'circumstance', 'condition', 'audience', 'area', 'language'] as const;

/**
 * What the one selection (src/dataset/selection.ts) lists a listing under beyond its own terms, so a consumer
 * filtering the items (the widget, with a second filter) selects as the slices and the site do. Undefined when
 * nothing is added, as for most listings' needs and audiences.
 */
function alsoUnder(ctx: PublishContext, listing: ListingRecord): ListingItem['also_under'] {
  const selections = selectionsOf(ctx.dataset, listing);
  const own = (kind: TaxonomyKind) => {
    const field = (Object.entries(TERM_FIELDS) as [TermField, TaxonomyKind][]).find(([, k]) => k === kind)![0];
    return new Set(((listing as Partial<Record<TermField, string[]>>)[field] ?? []) as string[]);
  };
  const out: NonNullable<ListingItem['also_under']> = {};
  for (const kind of ALSO_UNDER_KINDS) {
    const mine = own(kind);
    const extra = (selections.get(kind) ?? []).filter((slug) => !mine.has(slug));
    if (extra.length) out[kind] = extra;
  }
  return Object.keys(out).length ? out : undefined;
}

/** One listing in LOOP's own format: the validated record as JSON, with derived fields. */
export function recordDocument(ctx: PublishContext, listing: ListingRecord): z.input<typeof recordModel> {
  const { dataset } = ctx;
  const { listing: type, slug, file, ...fields } = listing;
  return {
    ...envelope(ctx),
    item: clean({
      ...fields,
      type,
      slug,
      file,
      published_status: dataset.statusOf(listing),
      freshness: dataset.freshnessOf(listing),
      last_modified: utc(ctx.history.lastModifiedOf(dependencyFiles(dataset, listing))),
      organisation_name: dataset.organisationOf(listing).name,
      page_url: ctx.url(listingPath(listing)),
      oruk_url: ctx.url(orukItemPath('services', listing.id)),
      history_url: ctx.url(historyJsonPath(listing.id)),
      source_url: sourceFileUrl(ctx.config, file),
    }) as z.input<typeof recordModel>['item'],
  };
}

function organisationItem(ctx: PublishContext, organisation: OrganisationRecord) {
  return clean({
    id: organisation.id,
    slug: organisation.slug,
    name: organisation.name,
    alternate_name: organisation.alternate_name,
    description: organisation.description,
    website: organisation.website,
    email: organisation.email,
    phones: (organisation.phones ?? []).map((p) => clean({ number: p.number, description: p.description })),
    logo: organisation.logo,
    charity_number: organisation.charity_number,
    company_number: organisation.company_number,
    listing_count: ctx.dataset.listingsOf(organisation.slug).length,
    page_url: ctx.url(organisationPath(organisation)),
    listings_url: ctx.url(feedSlicePath('organisation', organisation.slug)),
    oruk_url: ctx.url(orukItemPath('organizations', organisation.id)),
  });
}

function taxonomiesDocument(ctx: PublishContext): z.input<typeof taxonomiesModel> {
  const { dataset } = ctx;
  const items = ctx.vocabularies.all.map((v) => {
    const slice: FeedSlice | undefined = v.kind && (SLICED_KINDS as readonly TaxonomyKind[]).includes(v.kind) ? SLICE_OF_KIND[v.kind] : v.key === 'loop-tags' ? 'tag' : undefined;
    return clean({
      id: v.id,
      key: v.key,
      name: v.name,
      description: v.description,
      uri: v.uri,
      version: v.version,
      terms: v.terms.map((t) => {
        const count = v.kind ? selectListings(dataset, v.kind, t.slug).length : v.key === 'loop-tags' ? selectListings(dataset, 'tag', t.slug).length : countBuiltIn(ctx, v.key, t.slug);
        const parent = t.parentId ? ctx.vocabularies.term(t.parentId) : undefined;
        return clean({
          id: t.id,
          slug: t.slug,
          name: t.name,
          description: t.description,
          code: t.code,
          parent: parent?.slug,
          uri: t.uri,
          esd: t.esd,
          listing_count: count,
          listings_url: slice ? ctx.url(feedSlicePath(slice, t.slug)) : undefined,
        });
      }),
    });
  });
  return { ...envelope(ctx), count: items.length, items };
}

function countBuiltIn(ctx: PublishContext, key: string, slug: string): number {
  const { dataset } = ctx;
  switch (key) {
    case 'loop-listing-types':
      return dataset.listings.filter((l) => l.listing === slug).length;
    case 'loop-service-kinds':
      return dataset.services.filter((s) => s.kind === slug).length;
    case 'loop-delivery':
      return dataset.services.filter((s) => s.delivery?.includes(slug as never)).length;
    case 'loop-referral-routes':
      return dataset.services.filter((s) => s.referral?.route === slug).length;
    case 'loop-resource-formats':
      return dataset.resources.filter((r) => r.format === slug).length;
    case 'loop-resource-platforms':
      return dataset.resources.filter((r) => r.platforms?.includes(slug as never)).length;
    default:
      return 0;
  }
}

/** The feeds consumers can discover from /feeds/v1/index.json. */
function feedIndex(ctx: PublishContext): z.input<typeof feedIndexModel> {
  const feeds = [
    { name: 'listings', description: 'Every service and resource, compact.', url: ctx.url(feedPath('listings')), schema_url: ctx.url(schemaPath('listings')) },
    { name: 'listings in parts', description: `The same items in parts of ${LISTINGS_PART_SIZE.toLocaleString('en-GB')} (listings/part/<n>.json), listed with their sizes and SHA-256 in this index: read these at region scale.`, url: ctx.url(listingsPartsIndexPath()), schema_url: ctx.url(schemaPath('listings-parts')) },
    { name: 'listing slices', description: `The same, sliced: ${[...SLICED_KINDS.map((k) => FEED_SLICE_FOLDERS[SLICE_OF_KIND[k]]), 'tags', 'organisations'].map((f) => `${f}/<slug>.json`).join(', ')}.`, url: ctx.url(feedPath('listings')), schema_url: ctx.url(schemaPath('listings')) },
    { name: 'listing records', description: 'One listing in LOOP\'s own format: listings/<uuid>.json.', url: ctx.template(recordJsonPath('{id}')), schema_url: ctx.url(schemaPath('record')) },
    { name: 'organisations', description: 'Every organisation.', url: ctx.url(feedPath('organisations')), schema_url: ctx.url(schemaPath('organisations')) },
    { name: 'taxonomies', description: 'Every vocabulary and term, with LGA/esd and ONS mappings.', url: ctx.url(feedPath('taxonomies')), schema_url: ctx.url(schemaPath('taxonomies')) },
    { name: 'changes', description: 'Records added, changed and removed per dataset version.', url: ctx.url(feedPath('changes')), schema_url: ctx.url(schemaPath('changes')) },
    { name: 'changes (Atom)', description: 'The same as an Atom feed for feed readers.', url: ctx.url(CHANGES_ATOM_PATH) },
    { name: 'listing history', description: 'Every change to one listing: history/<uuid>.json.', url: ctx.template(historyJsonPath('{id}')), schema_url: ctx.url(schemaPath('history')) },
    { name: 'Open Referral UK API', description: 'The same data as an Open Referral UK 3.0 API.', url: ctx.url(orukIndexPath()) },
    { name: 'OpenAPI', description: 'OpenAPI 3.1 description of the ORUK API and these feeds.', url: ctx.url(OPENAPI_PATH) },
    { name: 'downloads', description: 'Bulk downloads: HSDS CSVs, a spreadsheet, NDJSON, GeoJSON, one zip.', url: ctx.url(`${DOWNLOADS_BASE}/`) },
    { name: 'manifest', description: 'SHA-256 and size of every feed and download file.', url: ctx.url(downloadPath('manifest.json')), schema_url: ctx.url(schemaPath('manifest')) },
    { name: 'versions', description: 'Released dataset versions and their immutable snapshots.', url: ctx.url(downloadPath('versions.json')), schema_url: ctx.url(schemaPath('versions')) },
  ];
  return { ...envelope(ctx), count: feeds.length, items: feeds };
}

/**
 * listings.json again in parts of LISTINGS_PART_SIZE items (/feeds/v1/listings/part/<n>.json, n from 1; one empty
 * part when there are no listings), then their index with each part's size and SHA-256, made as the parts are
 * written: at region scale a consumer fetches bounded files, and checks each against the index (issue #19).
 */
function* listingsParts(ctx: PublishContext, head: string, itemText: (l: ListingRecord) => string): Generator<[string, Iterable<string>]> {
  const listings = ctx.dataset.listings;
  const size = LISTINGS_PART_SIZE;
  const count = Math.max(1, Math.ceil(listings.length / size));
  const indexUrl = ctx.url(listingsPartsIndexPath());
  const facts: z.input<typeof listingsPartsModel>['items'] = [];
  for (let n = 1; n <= count; n++) {
    const items = listings.slice((n - 1) * size, n * size);
    const part = (function* () {
      // The same bytes as json({...envelope, links, part, count, items}).
      yield `${head},"part":${json({ number: n, of: count, index_url: indexUrl })},"count":${items.length},"items":[`;
      for (let i = 0; i < items.length; i++) yield i ? `,${itemText(items[i]!)}` : itemText(items[i]!);
      yield ']}';
    })();
    yield [fileOf(listingsPartPath(n)), measured(part, (f) => facts.push({ number: n, url: ctx.url(listingsPartPath(n)), count: items.length, bytes: f.bytes, sha256: f.sha256 }))];
  }
  yield [
    fileOf(listingsPartsIndexPath()),
    (function* () {
      if (facts.length !== count) throw new Error(`${listingsPartsIndexPath()} was generated before its ${count} parts were written`);
      const index: z.input<typeof listingsPartsModel> = { ...envelope(ctx), listing_count: listings.length, part_size: size, whole_url: ctx.url(feedPath('listings')), count, items: facts };
      yield json(index);
    })(),
  ];
}

/** The feeds made whole (tests, the widget's test data). */
export function feedFiles(ctx: PublishContext): OutputFiles {
  return wholeFiles(feedEntries(ctx));
}

/** The same files, generated one at a time, the lists streamed item by item. */
export function* feedEntries(ctx: PublishContext): Generator<[string, string | Iterable<string>]> {
  const { dataset } = ctx;
  // Each item is serialised once and spliced into every document that holds it: a listing is in a dozen slices.
  const texts = new Map<string, string>();
  const itemText = (l: ListingRecord) => {
    let t = texts.get(l.id);
    if (t === undefined) texts.set(l.id, (t = json(listingItem(ctx, l))));
    return t;
  };
  // Links to each item's other forms are templates given once per document, not repeated in every item.
  const links = { record: ctx.template(recordJsonPath('{id}')), oruk: ctx.template(orukItemPath('services', '{id}')), history: ctx.template(historyJsonPath('{id}')) };
  const head = `${json(envelope(ctx)).slice(0, -1)},"links":${json(links)}`;
  // The same bytes as json({...envelope, slice?, count, items}), without re-serialising the items, streamed item
  // by item: listings.json is about 250 MB at 100,000 services (issue #19).
  function* list(listings: readonly ListingRecord[], slice?: { type: string; slug: string; name: string }): Generator<string> {
    yield `${head}${slice ? `,"slice":${json(slice)}` : ''},"count":${listings.length},"items":[`;
    for (let i = 0; i < listings.length; i++) yield i ? `,${itemText(listings[i]!)}` : itemText(listings[i]!);
    yield ']}';
  }

  yield [fileOf(feedPath('index')), json(feedIndex(ctx))];
  yield [fileOf(feedPath('listings')), list(dataset.listings)];
  yield* listingsParts(ctx, head, itemText);
  for (const kind of SLICED_KINDS) {
    for (const term of dataset.terms(kind)) {
      yield [fileOf(feedSlicePath(SLICE_OF_KIND[kind], term.slug)), list(selectListings(dataset, kind, term.slug), { type: kind, slug: term.slug, name: term.name })];
    }
  }
  for (const tag of dataset.tags()) yield [fileOf(feedSlicePath('tag', tag)), list(selectListings(dataset, 'tag', tag), { type: 'tag', slug: tag, name: tag })];
  for (const organisation of dataset.organisations) {
    yield [fileOf(feedSlicePath('organisation', organisation.slug)), list(selectListings(dataset, 'organisation', organisation.slug), { type: 'organisation', slug: organisation.slug, name: organisation.name })];
  }
  const organisations: z.input<typeof organisationsModel> = { ...envelope(ctx), count: dataset.organisations.length, items: dataset.organisations.map((o) => organisationItem(ctx, o)) };
  yield [fileOf(feedPath('organisations')), json(organisations)];
  yield [fileOf(feedPath('taxonomies')), json(taxonomiesDocument(ctx))];
  for (const listing of dataset.listings) yield [fileOf(recordJsonPath(listing.id)), json(recordDocument(ctx, listing))];
}
