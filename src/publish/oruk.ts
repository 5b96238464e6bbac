/**
 * The authoring model mapped to Open Referral UK 3.0 / HSDS 3.0 objects. This is the one place that decides what
 * a LOOP listing looks like in the standard; the ORUK API, the NDJSON and the HSDS CSVs all use it, and the ORUK
 * importer inverts it (importing LOOP's own output gives back the same listings). docs/feeds/oruk-mapping.md
 * documents every field.
 *
 * Rules:
 * - HSDS names and nesting; a full HSDS 3.0 object is a superset of the ORUK profile, so it validates against both.
 * - Optional fields with no value are omitted, never null or "" (ORUK compliance rule).
 * - Every id is a UUID: records carry their own; nested objects get `nestedId(parent, kind, key)` (UUIDv5), keyed
 *   by something stable (a location's id, a term's id) where there is one, else by position.
 * - `assured_date` is `reviewed`, `assurer_email` is `reviewed_by`, `last_modified` comes from git (the newest
 *   change to the listing, its organisation or its venues), with its UTC offset; omitted when git cannot tell.
 * - Vocabulary references (categories, needs, areas, delivery, tags...) are `attributes` with a `taxonomy_term`.
 * - What HSDS has no place for (summary, kind, referral details, information sections, social links, resource
 *   details, provenance...) goes in one extension object, `loop`, holding the authored values exactly.
 */
import type { Dataset, ListingRecord, LocationRecord, OrganisationRecord, ResourceRecord, ServiceRecord } from '../dataset/dataset.ts';
import { TERM_FIELDS, type TermField } from '../model/vocabularies.ts';
import type { History } from '../history/history.ts';
import type { contact, costOption, phone } from '../model/fields.ts';
import { nestedId } from '../model/ids.ts';
import type { ServiceLocation } from '../model/service.ts';
import { historyJsonPath, listingPath, locationPath, organisationPath, orukItemPath, recordJsonPath } from '../urls/site.ts';
import { clean, makeContext, utc, type PublishContext } from './context.ts';
import type { Schedule } from './opening.ts';
import { ACCESSIBILITY_FEATURES, REFERRAL_ROUTE_TEXT, TAGS_KEY, type Vocabulary, type VocabularyTerm } from './vocabularies.ts';
import type { z } from 'zod';

/** A JSON object as published. */
export type OrukObject = Record<string, unknown>;

type Phone = z.output<typeof phone>;
type Contact = z.output<typeof contact>;
type CostOption = z.output<typeof costOption>;

/**
 * Objects embedded many times over (a term in thousands of attributes, an organisation in each of its services, a
 * venue in each service held there) are built once per build and shared: they are never modified after creation.
 */
const memos = new WeakMap<object, Map<string, OrukObject>>();
function memo(owner: object, key: string, make: () => OrukObject): OrukObject {
  let map = memos.get(owner);
  if (!map) memos.set(owner, (map = new Map()));
  let value = map.get(key);
  if (!value) map.set(key, (value = make()));
  return value;
}

export const ORUK_VERSION = 'HSDS-UK-3.0';
/** Where ORUK publishes the profile and its OpenAPI document. */
export const ORUK_PROFILE_URL = 'https://openreferraluk.org/developers/';

/** HSDS taxonomy_term as embedded in an attribute, and as served by /taxonomy_terms. */
export function orukTaxonomyTerm(term: VocabularyTerm): OrukObject {
  return memo(term, 'term', () => makeTaxonomyTerm(term));
}

function makeTaxonomyTerm(term: VocabularyTerm): OrukObject {
  return clean({
    id: term.id,
    code: term.code,
    name: term.name,
    // HSDS requires a description; a term without one is described by its name rather than left invalid.
    description: term.description ?? term.name,
    parent_id: term.parentId,
    taxonomy: term.vocabulary.name,
    taxonomy_id: term.vocabulary.id,
    term_uri: term.uri,
  });
}

/** HSDS taxonomy; with `terms`, its taxonomy_terms nested (ORUK's /taxonomies/{id}). */
export function orukTaxonomy(vocabulary: Vocabulary, options: { terms?: boolean } = {}): OrukObject {
  return clean({
    id: vocabulary.id,
    name: vocabulary.name,
    description: vocabulary.description,
    uri: vocabulary.uri,
    version: vocabulary.version,
    taxonomy_terms: options.terms ? vocabulary.terms.map(orukTaxonomyTerm) : undefined,
  });
}

function attribute(linkId: string, linkEntity: string, linkType: string, term: VocabularyTerm, value?: string): OrukObject {
  return clean({
    id: nestedId(linkId, 'attribute', term.id),
    link_id: linkId,
    taxonomy_term_id: term.id,
    link_type: linkType,
    link_entity: linkEntity,
    value,
    taxonomy_term: orukTaxonomyTerm(term),
  });
}

function builtInAttribute(ctx: PublishContext, linkId: string, entity: string, key: string, slug: string, linkType: string, value?: string): OrukObject | undefined {
  const term = ctx.vocabularies.builtInTerm(key, slug);
  return term ? attribute(linkId, entity, linkType, term, value) : undefined;
}

function phoneLanguages(ctx: PublishContext, phoneId: string, codes: readonly string[] | undefined): OrukObject[] {
  return [...new Set(codes ?? [])].map((code) => {
    const term = ctx.vocabularies.dataTerm('language', code);
    return clean({ id: nestedId(phoneId, 'language', code), phone_id: phoneId, name: term?.name, code: term?.code ?? code });
  });
}

/** HSDS phone; `owner` names the parent's id field (service_id, location_id...). */
function orukPhone(ctx: PublishContext, p: Phone, id: string, owner: Record<string, string>): OrukObject {
  return clean({
    id,
    ...owner,
    number: p.number,
    extension: p.extension,
    type: p.type,
    description: p.description,
    languages: phoneLanguages(ctx, id, p.languages),
  });
}

function orukPhones(ctx: PublishContext, phones: readonly Phone[] | undefined, parentId: string, owner: Record<string, string>): OrukObject[] {
  return (phones ?? []).map((p, i) => orukPhone(ctx, p, nestedId(parentId, 'phone', i), owner));
}

function orukContacts(ctx: PublishContext, contacts: readonly Contact[] | undefined, parentId: string, owner: Record<string, string>): OrukObject[] {
  return (contacts ?? []).map((c, i) => {
    const id = nestedId(parentId, 'contact', i);
    return clean({
      id,
      ...owner,
      name: c.name,
      title: c.title,
      department: c.department,
      email: c.email,
      phones: orukPhones(ctx, c.phones, id, { contact_id: id }),
    });
  });
}

const FREQ = { weekly: 'WEEKLY', monthly: 'MONTHLY' } as const;

/** iCalendar BYDAY: "MO,WE"; for monthly schedules with weeks, "1TU,3TU" (first and third Tuesday), "-1FR" (last). */
export function byday(s: Schedule): string | undefined {
  if (!s.days?.length) return undefined;
  if (s.freq === 'monthly' && s.weeks_of_month?.length) return s.weeks_of_month.flatMap((w) => s.days!.map((d) => `${w}${d}`)).join(',');
  return s.days.join(',');
}

export function orukSchedule(s: Schedule, id: string, owner: Record<string, string>): OrukObject {
  return clean({
    id,
    ...owner,
    valid_from: s.valid_from,
    valid_to: s.valid_to,
    dtstart: s.dtstart,
    freq: FREQ[s.freq],
    interval: s.interval,
    byday: byday(s),
    bymonthday: s.month_days?.length ? s.month_days.join(',') : undefined,
    description: s.description,
    // HH:MM as HSDS asks, in UK local time (Europe/London): no fixed UTC offset is right all year, so none is given.
    opens_at: s.opens,
    closes_at: s.closes,
    schedule_link: s.schedule_link,
    attending_type: s.attending_type,
    notes: s.notes,
  });
}

function orukSchedules(schedules: readonly Schedule[] | undefined, parentId: string, owner: Record<string, string>): OrukObject[] {
  return (schedules ?? []).map((s, i) => orukSchedule(s, nestedId(parentId, 'schedule', i), owner));
}

function orukAccessibility(ctx: PublishContext, location: LocationRecord): OrukObject[] {
  const a = location.accessibility;
  if (!a) return [];
  const id = nestedId(location.id, 'accessibility', 0);
  // Each feature the venue states, true or false, is an attribute whose value says which: "no hearing loop" is
  // information too, and must survive a round trip.
  const attributes = ACCESSIBILITY_FEATURES.filter((f) => a[f] !== undefined)
    .map((f) => builtInAttribute(ctx, id, 'accessibility', 'loop-accessibility', f, 'accessibility', String(a[f])))
    .filter((x): x is OrukObject => x !== undefined);
  return [clean({ id, location_id: location.id, description: a.description, details: a.details, url: a.url, attributes })];
}

/** HSDS location, fully nested (addresses, accessibility, phones, attributes). */
export function orukLocation(dataset: Dataset, location: LocationRecord, ctxIn?: PublishContext): OrukObject {
  const ctx = ctxIn ?? makeContext(dataset);
  return memo(ctx, `location:${location.id}`, () => makeLocation(ctx, location));
}

function makeLocation(ctx: PublishContext, location: LocationRecord): OrukObject {
  const dataset = ctx.dataset;
  const organisation = location.organisation ? dataset.organisation(location.organisation) : undefined;
  const address = location.address;
  const ward = location.ward ? ctx.vocabularies.dataTerm('area', location.ward) : undefined;
  return clean({
    id: location.id,
    location_type: location.location_type,
    url: location.url,
    organization_id: organisation?.id,
    name: location.name,
    alternate_name: location.alternate_name,
    description: location.description,
    transportation: location.transportation,
    latitude: location.latitude,
    longitude: location.longitude,
    external_identifier: location.uprn,
    external_identifier_type: location.uprn ? 'UPRN' : undefined,
    addresses: address
      ? [
          clean({
            id: nestedId(location.id, 'address', 0),
            location_id: location.id,
            address_1: address.address_1,
            address_2: address.address_2,
            city: address.city,
            region: address.region,
            state_province: address.state_province,
            postal_code: address.postal_code,
            country: address.country,
            address_type: location.location_type === 'postal' ? 'postal' : 'physical',
          }),
        ]
      : [],
    accessibility: orukAccessibility(ctx, location),
    phones: orukPhones(ctx, location.phones, location.id, { location_id: location.id }),
    attributes: ward ? [attribute(location.id, 'location', 'area', ward)] : [],
    loop: clean({ slug: location.slug, page_url: ctx.url(locationPath(location)), ward: location.ward, provenance: location.provenance }),
  });
}

function identifiers(organisation: OrganisationRecord): OrukObject[] {
  const list: { scheme: string; type: string; identifier: string }[] = [];
  if (organisation.charity_number) {
    const scottish = /^SC/i.test(organisation.charity_number);
    list.push({ scheme: scottish ? 'GB-SC' : 'GB-CHC', type: scottish ? 'Scottish charity number' : 'Charity number', identifier: organisation.charity_number });
  }
  if (organisation.company_number) list.push({ scheme: 'GB-COH', type: 'Company number', identifier: organisation.company_number });
  for (const other of organisation.other_identifiers ?? []) list.push({ scheme: other.scheme, type: other.type ?? other.scheme, identifier: other.identifier });
  return list.map((x, i) =>
    clean({ id: nestedId(organisation.id, 'identifier', i), organization_id: organisation.id, identifier_scheme: x.scheme, identifier_type: x.type, identifier: x.identifier }),
  );
}

/** HSDS organization: the one-to-one fields and identifiers (what a service embeds and /organizations lists). */
export function orukOrganizationSummary(dataset: Dataset, organisation: OrganisationRecord, ctxIn?: PublishContext): OrukObject {
  const ctx = ctxIn ?? makeContext(dataset);
  return memo(ctx, `organization:${organisation.id}`, () => makeOrganizationSummary(ctx, organisation));
}

function makeOrganizationSummary(ctx: PublishContext, organisation: OrganisationRecord): OrukObject {
  const dataset = ctx.dataset;
  const parent = organisation.parent_organisation ? dataset.organisation(organisation.parent_organisation) : undefined;
  return clean({
    id: organisation.id,
    name: organisation.name,
    alternate_name: organisation.alternate_name,
    description: organisation.description,
    email: organisation.email,
    website: organisation.website,
    year_incorporated: organisation.year_incorporated,
    legal_status: organisation.legal_status,
    logo: organisation.logo,
    uri: ctx.url(organisationPath(organisation)),
    parent_organization_id: parent?.id,
    organization_identifiers: identifiers(organisation),
  });
}

/** HSDS organization, fully nested: phones, contacts, funding, and its services (list form). */
export function orukOrganization(dataset: Dataset, organisation: OrganisationRecord, ctxIn?: PublishContext): OrukObject {
  const ctx = ctxIn ?? makeContext(dataset);
  return clean({
    ...orukOrganizationSummary(dataset, organisation, ctx),
    funding: (organisation.funding ?? []).map((source, i) => ({ id: nestedId(organisation.id, 'funding', i), organization_id: organisation.id, source })),
    contacts: orukContacts(ctx, organisation.contacts, organisation.id, { organization_id: organisation.id }),
    phones: orukPhones(ctx, organisation.phones, organisation.id, { organization_id: organisation.id }),
    services: dataset.listingsOf(organisation.slug).map((l) => orukServiceListItem(dataset, l, ctx)),
    loop: clean({ slug: organisation.slug, page_url: ctx.url(organisationPath(organisation)), social: organisation.social, provenance: organisation.provenance }),
  });
}

function costOf(listing: ListingRecord, serviceId: string): { fees?: string; options: OrukObject[] } {
  const cost = listing.cost;
  if (cost === undefined) return { options: [] };
  const option = (o: CostOption, i: number): OrukObject =>
    clean({
      id: nestedId(serviceId, 'cost_option', i),
      service_id: serviceId,
      valid_from: o.valid_from,
      valid_to: o.valid_to,
      option: o.option,
      currency: o.currency,
      amount: o.amount,
      amount_description: o.amount_description,
    });
  // "Free" is a price like any other: a zero-amount option, so consumers filtering on cost see it.
  const free = (i: number) => ({ id: nestedId(serviceId, 'cost_option', i), service_id: serviceId, option: 'Free', currency: 'GBP', amount: 0 });
  if (cost === 'free') return { fees: 'Free', options: [free(0)] };
  const options: OrukObject[] = [];
  if (cost.free) options.push(free(0));
  (cost.options ?? []).forEach((o, i) => options.push(option(o, i + (cost.free ? 1 : 0))));
  return { ...(cost.description ? { fees: cost.description } : cost.free ? { fees: 'Free' } : {}), options };
}

/** The files a service's published data depends on, for last_modified. */
export function dependencyFiles(dataset: Dataset, listing: ListingRecord): string[] {
  const files = [listing.file];
  const organisation = dataset.organisation(listing.organisation);
  if (organisation) files.push(organisation.file);
  if (listing.listing === 'service') {
    for (const at of listing.locations ?? []) {
      const location = dataset.location(at.location);
      if (location) files.push(location.file);
    }
  }
  return files;
}

function description(listing: ListingRecord): string {
  // HSDS has no summary: consumers show `description`, so it starts with the summary. The authored description
  // and summary are both in the `loop` extension.
  return listing.description ? `${listing.summary}\n\n${listing.description}` : listing.summary;
}

function listingAttributes(ctx: PublishContext, listing: ListingRecord): OrukObject[] {
  const out: OrukObject[] = [];
  const add = (a: OrukObject | undefined) => {
    if (a) out.push(a);
  };
  add(builtInAttribute(ctx, listing.id, 'service', 'loop-listing-types', listing.listing, 'listing_type'));
  for (const [field, kind] of Object.entries(TERM_FIELDS) as [TermField, (typeof TERM_FIELDS)[TermField]][]) {
    const refs = (listing as Partial<Record<TermField, string[]>>)[field];
    for (const slug of new Set(refs ?? [])) {
      const term = ctx.vocabularies.dataTerm(kind, slug);
      if (term) out.push(attribute(listing.id, 'service', kind, term));
    }
  }
  if (listing.listing === 'service') {
    add(builtInAttribute(ctx, listing.id, 'service', 'loop-service-kinds', listing.kind, 'kind'));
    for (const d of new Set(listing.delivery ?? [])) add(builtInAttribute(ctx, listing.id, 'service', 'loop-delivery', d, 'delivery'));
    if (listing.referral) add(builtInAttribute(ctx, listing.id, 'service', 'loop-referral-routes', listing.referral.route, 'referral_route'));
  } else {
    add(builtInAttribute(ctx, listing.id, 'service', 'loop-resource-formats', listing.format, 'resource_format'));
    for (const p of new Set(listing.platforms ?? [])) add(builtInAttribute(ctx, listing.id, 'service', 'loop-resource-platforms', p, 'resource_platform'));
  }
  for (const tag of new Set(listing.tags ?? [])) add(builtInAttribute(ctx, listing.id, 'service', TAGS_KEY, tag, 'tag'));
  return out;
}

function serviceAreas(ctx: PublishContext, listing: ListingRecord): OrukObject[] {
  if (listing.listing !== 'service') return [];
  return [...new Set(listing.service_areas ?? [])].map((slug) => {
    const term = ctx.vocabularies.dataTerm('area', slug);
    return clean({ id: nestedId(listing.id, 'service_area', slug), service_id: listing.id, name: term?.name ?? slug, description: term?.description, uri: term?.uri });
  });
}

function languages(ctx: PublishContext, listing: ListingRecord): OrukObject[] {
  return [...new Set(listing.languages ?? [])].map((code) => {
    const term = ctx.vocabularies.dataTerm('language', code);
    return clean({ id: nestedId(listing.id, 'language', code), service_id: listing.id, name: term?.name, code: term?.code ?? code });
  });
}

/**
 * The id of a service's service_at_location for its n-th venue entry, keyed by the venue's UUID (so reordering the
 * venues or renaming the venue's file keeps the id); a venue listed twice gets "#1", "#2"... for the repeats.
 */
export function serviceAtLocationId(dataset: Dataset, service: ServiceRecord, index: number): string {
  const at = service.locations![index]!;
  const key = dataset.location(at.location)?.id ?? at.location;
  const earlier = service.locations!.slice(0, index).filter((l) => l.location === at.location).length;
  return nestedId(service.id, 'service_at_location', earlier ? `${key}#${earlier}` : key);
}

function serviceAtLocationCore(ctx: PublishContext, service: ServiceRecord, at: ServiceLocation, index: number): OrukObject {
  const id = serviceAtLocationId(ctx.dataset, service, index);
  const location = ctx.dataset.location(at.location);
  return clean({
    id,
    service_id: service.id,
    location_id: location?.id,
    description: at.description,
    phones: orukPhones(ctx, at.phones, id, { service_at_location_id: id }),
    schedules: orukSchedules(at.schedules, id, { service_at_location_id: id }),
    location: location ? orukLocation(ctx.dataset, location, ctx) : undefined,
  });
}

function serviceAtLocations(ctx: PublishContext, listing: ListingRecord): OrukObject[] {
  if (listing.listing !== 'service') return [];
  return (listing.locations ?? []).map((at, i) => serviceAtLocationCore(ctx, listing, at, i));
}

function extension(ctx: PublishContext, listing: ListingRecord): OrukObject {
  const dataset = ctx.dataset;
  const effective = dataset.statusOf(listing);
  const common = {
    type: listing.listing,
    slug: listing.slug,
    organisation: listing.organisation,
    summary: listing.summary,
    description: listing.description,
    // Only when the published status differs (an end date has passed): the authored value, for round trips.
    status: effective !== listing.status ? listing.status : undefined,
    end_date: listing.end_date,
    accessibility: listing.accessibility,
    social: listing.social,
    tags: listing.tags,
    review: clean({ reviewed: listing.reviewed, reviewed_by: listing.reviewed_by, ...dataset.freshnessOf(listing) }),
    provenance: listing.provenance,
    page_url: ctx.url(listingPath(listing)),
    json_url: ctx.url(recordJsonPath(listing.id)),
    history_url: ctx.url(historyJsonPath(listing.id)),
  };
  if (listing.listing === 'service') {
    return clean({
      ...common,
      kind: listing.kind,
      delivery: listing.delivery,
      confidential_location: listing.confidential_location,
      referral: listing.referral,
      information: listing.information,
      cost: listing.cost,
    });
  }
  const r: ResourceRecord = listing;
  return clean({
    ...common,
    cost: r.cost,
    format: r.format,
    platforms: r.platforms,
    publisher: r.publisher,
    published: r.published,
    duration: r.duration,
    clinically_reviewed: r.clinically_reviewed,
  });
}

/** The one-to-one fields of a service, shared by the list and the full forms. */
function serviceCore(ctx: PublishContext, listing: ListingRecord): OrukObject {
  const dataset = ctx.dataset;
  const organisation = dataset.organisationOf(listing);
  const service = listing.listing === 'service' ? listing : undefined;
  const { fees } = costOf(listing, listing.id);
  return clean({
    id: listing.id,
    organization_id: organisation?.id,
    name: listing.name,
    alternate_name: listing.alternate_name,
    description: description(listing),
    url: listing.url,
    email: listing.email,
    status: dataset.statusOf(listing),
    interpretation_services: service?.interpretation_services,
    application_process: service?.referral ? (service.referral.description ?? REFERRAL_ROUTE_TEXT[service.referral.route]) : undefined,
    fees_description: fees,
    wait_time: service?.wait_time,
    // ORUK's profile still uses HSDS 3.0's deprecated `fees`; both carry the same words.
    fees,
    accreditations: service?.accreditations,
    eligibility_description: listing.eligibility_description,
    minimum_age: listing.minimum_age,
    maximum_age: listing.maximum_age,
    assured_date: listing.reviewed,
    assurer_email: listing.reviewed_by,
    alert: listing.alert,
    last_modified: utc(ctx.history.lastModifiedOf(dependencyFiles(dataset, listing))),
  });
}

/** A service in list form: one-to-one fields and the organisation (ORUK service_list), as organisations embed it. */
export function orukServiceListItem(dataset: Dataset, listing: ListingRecord, ctxIn?: PublishContext): OrukObject {
  const ctx = ctxIn ?? makeContext(dataset);
  const organisation = dataset.organisationOf(listing);
  return clean({ ...serviceCore(ctx, listing), organization: organisation ? orukOrganizationSummary(dataset, organisation, ctx) : undefined });
}

/**
 * A service as /services lists it: the list form, and the part of the `loop` extension a result list draws from (its
 * `type`, `page_url`, and `kind` or `format`), so a consumer showing a list (the site's own search page through the
 * edge, issue #19) links each item to its page without reading every item's own file. ORUK's service_list schema
 * allows further properties, as the full service does its `loop`; `description` already begins with the summary
 * line (`description` above), so the summary is not repeated.
 */
export function orukServicesListItem(dataset: Dataset, listing: ListingRecord, ctxIn?: PublishContext): OrukObject {
  const ctx = ctxIn ?? makeContext(dataset);
  const loop = listing.listing === 'service' ? { type: listing.listing, page_url: ctx.url(listingPath(listing)), kind: listing.kind } : { type: listing.listing, page_url: ctx.url(listingPath(listing)), format: listing.format };
  return { ...orukServiceListItem(dataset, listing, ctx), loop: clean(loop) };
}

/**
 * A listing (service or resource) as a fully nested HSDS/ORUK service: /services/{id}, and each line of the
 * NDJSON download. Resources are services too (with a `loop-listing-types` attribute saying "resource").
 */
export function orukService(dataset: Dataset, listing: ListingRecord, options: { history?: History; context?: PublishContext } = {}): OrukObject {
  const ctx = options.context ?? makeContext(dataset, options.history ? { history: options.history } : {});
  const organisation = dataset.organisationOf(listing);
  const service = listing.listing === 'service' ? listing : undefined;
  const { options: costOptions } = costOf(listing, listing.id);
  return clean({
    ...serviceCore(ctx, listing),
    phones: orukPhones(ctx, service?.phones, listing.id, { service_id: listing.id }),
    schedules: orukSchedules(service?.schedules, listing.id, { service_id: listing.id }),
    service_areas: serviceAreas(ctx, listing),
    service_at_locations: serviceAtLocations(ctx, listing),
    languages: languages(ctx, listing),
    organization: organisation ? orukOrganizationSummary(dataset, organisation, ctx) : undefined,
    funding: (service?.funding ?? []).map((source, i) => ({ id: nestedId(listing.id, 'funding', i), service_id: listing.id, source })),
    cost_options: costOptions,
    required_documents: (service?.required_documents ?? []).map((document, i) => ({ id: nestedId(listing.id, 'required_document', i), service_id: listing.id, document })),
    contacts: orukContacts(ctx, service?.contacts, listing.id, { service_id: listing.id }),
    attributes: listingAttributes(ctx, listing),
    loop: extension(ctx, listing),
  });
}

/**
 * A service_at_location as /service_at_locations/{id} serves it: the venue and times, the location, and the service
 * (list form). ORUK's OpenAPI points this endpoint at the *service* schema (which requires name and status), so the
 * object also carries `name` ("<service> at <venue>") and the service's `status`, and validates against both.
 */
export function orukServiceAtLocation(dataset: Dataset, service: ServiceRecord, index: number, ctxIn?: PublishContext): OrukObject {
  const ctx = ctxIn ?? makeContext(dataset);
  const core = serviceAtLocationCore(ctx, service, service.locations![index]!, index);
  const location = dataset.location(service.locations![index]!.location);
  return clean({
    id: core.id,
    name: location ? `${service.name} at ${location.name}` : service.name,
    status: dataset.statusOf(service),
    ...core,
    service: orukServiceListItem(dataset, service, ctx),
  });
}

/** A service_at_location as /service_at_locations lists it. */
export function orukServiceAtLocationListItem(dataset: Dataset, service: ServiceRecord, index: number): OrukObject {
  const at = service.locations![index]!;
  const location = dataset.location(at.location);
  return clean({
    id: serviceAtLocationId(dataset, service, index),
    service_id: service.id,
    location_id: location?.id,
    description: at.description,
  });
}

/** Every (service, venue index) pair, in service order: the service_at_location records. */
export function serviceAtLocationPairs(dataset: Dataset): [ServiceRecord, number][] {
  const pairs: [ServiceRecord, number][] = [];
  for (const service of dataset.services) (service.locations ?? []).forEach((_, i) => pairs.push([service, i]));
  return pairs;
}

/** The ORUK API's own address for a service, used in links between the feeds. */
export function orukServiceUrl(ctx: PublishContext, id: string): string {
  return ctx.url(orukItemPath('services', id));
}
