/**
 * schema.org JSON-LD for listing, organisation and venue pages, so search engines and assistants can read a
 * listing's phone, address, opening hours and cost. Built from the Dataset; `jsonForScript` makes any value safe
 * inside <script type="application/ld+json"> (contributor text can contain "</script>").
 */
import type { Dataset, ListingRecord, LocationRecord, OrganisationRecord, ResourceRecord, ServiceRecord } from '../dataset/dataset.ts';
import { WEEKDAY_NAMES } from '../model/fields.ts';
import { isFree } from './format/cost.ts';
import { markdownToText } from './format/markdown.ts';
import { isCurrentSchedule, type Schedule } from './format/schedule.ts';
import { absoluteUrl, listingPath, locationPath, organisationPath } from '../urls/site.ts';

type Json = Record<string, unknown>;

/**
 * The JSON-LD without empty values: undefined, null, "", [] and objects left with nothing but their `@type` are
 * dropped, at every depth. `"areaServed": []` says "serves nowhere" to a reader that takes it literally, and
 * structured-data validators flag empty values.
 */
export function pruned<T>(value: T): T {
  return prune(value) as T;
}

function prune(value: unknown): unknown {
  if (value === undefined || value === null || value === '') return undefined;
  if (Array.isArray(value)) {
    const items = value.map(prune).filter((v) => v !== undefined);
    return items.length ? items : undefined;
  }
  if (typeof value === 'object') {
    const out: Json = {};
    for (const [k, v] of Object.entries(value)) {
      const p = prune(v);
      if (p !== undefined) out[k] = p;
    }
    const keys = Object.keys(out);
    return keys.length === 0 || (keys.length === 1 && keys[0] === '@type') ? undefined : out;
  }
  return value;
}

/**
 * JSON that cannot end the script element it sits in: "<", ">" and "&" become \u escapes (still the same JSON
 * value), as do U+2028/U+2029, which older JavaScript parsers treat as line ends.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function postalAddress(location: LocationRecord): Json | undefined {
  const a = location.address;
  if (!a) return undefined;
  return {
    '@type': 'PostalAddress',
    streetAddress: [a.address_1, a.address_2].filter(Boolean).join(', '),
    addressLocality: a.city,
    addressRegion: a.state_province,
    postalCode: a.postal_code,
    addressCountry: a.country,
  };
}

function openingHours(schedules: readonly Schedule[] | undefined, asOf: string): Json[] | undefined {
  // schema.org opening hours can say "every Monday" but not "first Monday of the month": only weekly,
  // every-week schedules are published here; the page itself words every pattern.
  const specs = (schedules ?? [])
    .filter((s) => s.freq === 'weekly' && (s.interval ?? 1) === 1 && s.days?.length && s.opens && s.closes && isCurrentSchedule(s, asOf))
    .map((s) => ({
      '@type': 'OpeningHoursSpecification',
      dayOfWeek: s.days!.map((d) => `https://schema.org/${WEEKDAY_NAMES[d]}`),
      opens: s.opens,
      closes: s.closes,
      validFrom: s.valid_from,
      validThrough: s.valid_to,
    }));
  return specs.length ? specs : undefined;
}

export function placeJsonLd(dataset: Dataset, location: LocationRecord, schedules?: readonly Schedule[]): Json {
  return {
    '@type': 'Place',
    name: location.name,
    url: absoluteUrl(dataset.config, locationPath(location)),
    address: postalAddress(location),
    geo: location.latitude !== undefined ? { '@type': 'GeoCoordinates', latitude: location.latitude, longitude: location.longitude } : undefined,
    openingHoursSpecification: openingHours(schedules, dataset.asOf),
  };
}

function organisationRef(dataset: Dataset, organisation: OrganisationRecord): Json {
  return { '@type': 'Organization', name: organisation.name, url: absoluteUrl(dataset.config, organisationPath(organisation)), sameAs: organisation.website };
}

export function organisationJsonLd(dataset: Dataset, organisation: OrganisationRecord): Json {
  return pruned({
    '@context': 'https://schema.org',
    '@type': 'Organization',
    name: organisation.name,
    alternateName: organisation.alternate_name,
    description: markdownToText(organisation.description),
    url: absoluteUrl(dataset.config, organisationPath(organisation)),
    sameAs: [organisation.website, ...(organisation.social ?? []).map((s) => s.url)].filter(Boolean),
    email: organisation.email,
    telephone: organisation.phones?.[0]?.number,
    logo: organisation.logo,
    identifier: organisation.charity_number ? { '@type': 'PropertyValue', propertyID: 'Charity number', value: organisation.charity_number } : undefined,
  });
}

function audience(dataset: Dataset, listing: ListingRecord): Json | undefined {
  const names = dataset.termsOf(listing, 'audiences').map((t) => t.name);
  if (!names.length && listing.minimum_age === undefined && listing.maximum_age === undefined) return undefined;
  return {
    '@type': 'PeopleAudience',
    audienceType: names.length ? names.join(', ') : undefined,
    suggestedMinAge: listing.minimum_age,
    suggestedMaxAge: listing.maximum_age,
  };
}

function offers(listing: ListingRecord): Json[] | undefined {
  const cost = listing.cost;
  if (cost === undefined) return undefined;
  if (cost === 'free') return [{ '@type': 'Offer', price: 0, priceCurrency: 'GBP' }];
  const options = cost.options ?? [];
  if (!options.length) return cost.free ? [{ '@type': 'Offer', price: 0, priceCurrency: 'GBP', description: cost.description }] : undefined;
  return options.map((o) => ({
    '@type': 'Offer',
    price: o.amount,
    priceCurrency: o.currency,
    description: [o.option, o.amount_description].filter(Boolean).join(', ') || undefined,
    validFrom: o.valid_from,
    validThrough: o.valid_to,
  }));
}

function webPage(dataset: Dataset, listing: ListingRecord, entity: Json): Json {
  return pruned({
    '@context': 'https://schema.org',
    '@type': 'WebPage',
    url: absoluteUrl(dataset.config, listingPath(listing)),
    name: listing.name,
    lastReviewed: listing.reviewed,
    mainEntity: entity,
  });
}

export function serviceJsonLd(dataset: Dataset, service: ServiceRecord): Json {
  const organisation = dataset.organisationOf(service);
  const places = (service.locations ?? [])
    .map((at) => {
      const location = dataset.location(at.location);
      return location ? placeJsonLd(dataset, location, at.schedules) : undefined;
    })
    .filter((p): p is Json => p !== undefined);
  const channels: Json[] = [];
  const phone = service.phones?.[0]?.number;
  if (phone || service.url || places.length) {
    channels.push({
      '@type': 'ServiceChannel',
      servicePhone: phone ? { '@type': 'ContactPoint', telephone: phone } : undefined,
      serviceUrl: service.url,
      serviceLocation: places.length ? places : undefined,
      availableLanguage: dataset.termsOf(service, 'languages').map((t) => t.name),
    });
  }
  return webPage(dataset, service, {
    '@type': 'Service',
    name: service.name,
    alternateName: service.alternate_name,
    description: service.summary,
    url: absoluteUrl(dataset.config, listingPath(service)),
    provider: organisationRef(dataset, organisation),
    category: dataset.termsOf(service, 'categories').map((t) => t.name),
    serviceType: dataset.termsOf(service, 'categories')[0]?.name,
    areaServed: dataset.termsOf(service, 'service_areas').map((t) => ({ '@type': 'AdministrativeArea', name: t.name })),
    audience: audience(dataset, service),
    availableChannel: channels.length ? channels : undefined,
    // Free is said with a zero-price Offer: schema.org defines isAccessibleForFree on CreativeWork, Event and Place,
    // not on Service.
    offers: offers(service),
    email: service.email,
  });
}

const RESOURCE_TYPES: Record<ResourceRecord['format'], string> = {
  leaflet: 'DigitalDocument',
  app: 'SoftwareApplication',
  video: 'VideoObject',
  course: 'Course',
  website: 'WebSite',
  audio: 'AudioObject',
  book: 'Book',
  toolkit: 'CreativeWork',
};

export function resourceJsonLd(dataset: Dataset, resource: ResourceRecord): Json {
  const organisation = dataset.organisationOf(resource);
  return webPage(dataset, resource, {
    '@type': RESOURCE_TYPES[resource.format],
    name: resource.name,
    alternateName: resource.alternate_name,
    description: resource.summary,
    url: resource.url,
    publisher: resource.publisher ? { '@type': 'Organization', name: resource.publisher } : organisationRef(dataset, organisation),
    provider: resource.format === 'course' ? organisationRef(dataset, organisation) : undefined,
    datePublished: resource.published,
    inLanguage: dataset.termsOf(resource, 'languages').map((t) => t.code ?? t.slug),
    about: dataset.termsOf(resource, 'categories').map((t) => t.name),
    audience: audience(dataset, resource),
    isAccessibleForFree: resource.cost === undefined ? undefined : isFree(resource.cost),
    offers: offers(resource),
    operatingSystem: resource.format === 'app' && resource.platforms ? resource.platforms.filter((p) => p !== 'print').join(', ') : undefined,
    applicationCategory: resource.format === 'app' ? 'HealthApplication' : undefined,
  });
}

export function locationJsonLd(dataset: Dataset, location: LocationRecord): Json {
  return pruned({ '@context': 'https://schema.org', ...placeJsonLd(dataset, location) });
}
