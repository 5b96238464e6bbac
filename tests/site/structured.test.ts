import { describe, expect, test } from 'vitest';
import { catalogueOf, letterOf } from '../../src/dataset/catalogue.ts';
import { distanceMiles, formatMiles, nearestServices, postcodeQuery } from '../../src/site/geo/places.ts';
import { placesFile } from '../../src/site/geo/places-file.ts';
import { jsonForScript, locationJsonLd, organisationJsonLd, pruned, resourceJsonLd, serviceJsonLd } from '../../src/site/structured-data.ts';
import { sitemapEntries, urlset } from '../../src/site/sitemap.ts';
import { pageCount, pageNumbers, pageOf } from '../../src/site/pagination.ts';
import { aToZPath, listingPath, locationPath, searchPath, termIndexPath, termPath } from '../../src/urls/site.ts';
import { exampleDataset } from './example.ts';

const dataset = exampleDataset();
const catalogue = catalogueOf(dataset);

describe('JSON-LD', () => {
  test('cannot close its script element, and still parses to the same value', () => {
    const value = { name: '</script><script>alert(1)</script>', other: 'a & b > c \u2028 d' };
    const text = jsonForScript(value);
    expect(text).not.toMatch(/[<>&\u2028\u2029]/);
    expect(JSON.parse(text)).toEqual(value);
  });
  test('a service: provider, channel with phone and place, opening hours, offers, last reviewed', () => {
    const service = dataset.listing('chapeltown-carers-network/carers-advice');
    if (service?.listing !== 'service') throw new Error('expected a service');
    const ld = serviceJsonLd(dataset, service) as Record<string, any>;
    expect(ld['@type']).toBe('WebPage');
    expect(ld.lastReviewed).toBe('2026-09-14');
    const s = ld.mainEntity;
    expect(s['@type']).toBe('Service');
    expect(s.provider.name).toBe('Chapeltown Carers Network');
    expect(s.availableChannel[0].servicePhone.telephone).toBe('0113 496 0053');
    const place = s.availableChannel[0].serviceLocation[0];
    expect(place.address.postalCode).toBe('LS7 3EX');
    expect(place.openingHoursSpecification[0]).toMatchObject({ dayOfWeek: ['https://schema.org/Thursday'], opens: '13:00', closes: '16:00' });
    expect(s.isAccessibleForFree).toBeUndefined();
    expect(s.offers).toEqual([{ '@type': 'Offer', price: 0, priceCurrency: 'GBP' }]);
    expect(s.audience).toMatchObject({ '@type': 'PeopleAudience', suggestedMinAge: 16 });
  });
  test('a resource and an organisation', () => {
    const app = dataset.listing('leeds-young-minds-collective/calm-corner-app');
    if (app?.listing !== 'resource') throw new Error('expected a resource');
    const ld = resourceJsonLd(dataset, app) as Record<string, any>;
    expect(ld.mainEntity['@type']).toBe('SoftwareApplication');
    expect(ld.mainEntity.url).toBe(app.url);
    const org = organisationJsonLd(dataset, dataset.organisation('chapeltown-carers-network')!) as Record<string, any>;
    expect(org['@type']).toBe('Organization');
    expect(org.description).not.toMatch(/\*\*/);
  });
});

describe('JSON-LD of every page of the example data', () => {
  // schema.org's domain of isAccessibleForFree (https://schema.org/isAccessibleForFree): CreativeWork and its
  // subtypes, Event and Place. The CreativeWork subtypes LOOP writes are listed, so a new type must be added here.
  const FREE_DOMAIN = new Set(['CreativeWork', 'DigitalDocument', 'SoftwareApplication', 'VideoObject', 'Course', 'WebSite', 'AudioObject', 'Book', 'Event', 'Place']);
  const documents = [
    ...dataset.listings.map((l) => (l.listing === 'service' ? serviceJsonLd(dataset, l) : resourceJsonLd(dataset, l))),
    ...dataset.organisations.map((o) => organisationJsonLd(dataset, o)),
    ...dataset.locations.map((l) => locationJsonLd(dataset, l)),
  ];
  function* nodes(value: unknown, path = ''): Generator<[string, unknown]> {
    yield [path, value];
    if (Array.isArray(value)) for (const [i, v] of value.entries()) yield* nodes(v, `${path}/${i}`);
    else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) yield* nodes(v, `${path}/${k}`);
  }

  test('no empty values: no [], {}, "", null, and no object with only a @type', () => {
    const parsed = documents.map((d) => JSON.parse(jsonForScript(d)) as unknown);
    for (const doc of parsed) {
      for (const [path, v] of nodes(doc)) {
        const empty = v === null || v === '' || (Array.isArray(v) && v.length === 0) || (typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).filter((k) => k !== '@type').length === 0);
        expect(empty, `${path}: ${JSON.stringify(v)}`).toBe(false);
      }
    }
    // Not vacuous: some service serves no named area, and pruning is what keeps areaServed out.
    expect(dataset.listings.some((l) => l.listing === 'service' && !dataset.termsOf(l, 'service_areas').length)).toBe(true);
    expect(pruned({ a: [], b: { '@type': 'X' }, c: [{}, ''], d: 0, e: false })).toEqual({ d: 0, e: false });
  });

  test('isAccessibleForFree only on the types schema.org allows it on', () => {
    let seen = 0;
    for (const doc of documents) {
      for (const [path, v] of nodes(doc)) {
        if (!v || typeof v !== 'object' || !('isAccessibleForFree' in v)) continue;
        seen++;
        expect(FREE_DOMAIN.has(String((v as Record<string, unknown>)['@type'])), path).toBe(true);
      }
    }
    expect(seen).toBeGreaterThan(0);
  });
});

describe('near me', () => {
  const file = placesFile(dataset, catalogue, locationPath);
  test('the places file holds venues with coordinates and listed listings only (with their filter values, for near me)', () => {
    expect(file.places.length).toBeGreaterThan(10);
    const names = new Set(file.services.map((s) => s[0]));
    expect(names.has(dataset.listing('east-leeds-community-trust/gipton-job-club')!.name)).toBe(false);
    for (const [lat, lon, , path, services] of file.places) {
      expect(lat).toBeGreaterThan(53.6);
      expect(lon).toBeLessThan(-1.2);
      expect(path).toMatch(/^\/locations\/[a-z0-9-]+\/$/);
      for (const i of services) expect(file.services[i]).toBeDefined();
    }
    // Every listed listing now, with its filter values (issue #18): about 400 bytes each.
    expect(JSON.stringify(file).length).toBeLessThan(400 * file.services.length);
  });
  test('distances and sorting', () => {
    // Leeds station to Chapeltown Road: about 1.5 miles.
    expect(distanceMiles(53.7946, -1.5475, 53.8166, -1.5337)).toBeCloseTo(1.6, 1);
    expect(formatMiles(0.05)).toBe('less than 0.1 miles');
    expect(formatMiles(1)).toBe('1 mile');
    expect(formatMiles(1.26)).toBe('1.3 miles');
    expect(formatMiles(12.4)).toBe('12 miles');
    const near = nearestServices(file, 53.8166, -1.5337);
    expect(near[0]!.miles).toBeLessThan(0.01);
    expect(near[0]!.place[2]).toBe('Chapeltown Community Hub');
    for (let i = 1; i < near.length; i++) expect(near[i]!.miles).toBeGreaterThanOrEqual(near[i - 1]!.miles);
    expect(new Set(near.map((n) => n.service[1])).size).toBe(near.length);
  });
  test('postcodes and outward codes for postcodes.io', () => {
    expect(postcodeQuery(' ls7 3ex ')).toEqual({ postcode: 'LS7 3EX', path: 'postcodes/LS7%203EX' });
    expect(postcodeQuery('ls73ex')?.postcode).toBe('LS7 3EX');
    expect(postcodeQuery('ls7')).toEqual({ postcode: 'LS7', path: 'outcodes/LS7' });
    expect(postcodeQuery('not a postcode')).toBeNull();
    expect(postcodeQuery('../../etc')).toBeNull();
  });
});

describe('browse indexes', () => {
  test('listed means active or temporarily closed, by name', () => {
    expect(catalogue.listed.some((l) => l.slug === 'east-leeds-community-trust/gipton-job-club')).toBe(false);
    expect(catalogue.listed.some((l) => l.slug === 'bramley-befriending/friday-social')).toBe(true);
    const names = catalogue.listed.map((l) => l.name);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, 'en-GB', { sensitivity: 'base', numeric: true })));
  });
  test('a broader term holds its narrower terms\' listings', () => {
    const parent = catalogue.term('category', 'carers-support');
    const child = catalogue.term('category', 'young-carers');
    for (const l of child.listings) expect(parent.listings).toContain(l);
    expect(parent.children.map((c) => c.slug)).toContain('young-carers');
  });
  test('a ward lists services at its venues and those that name it, not the whole city', () => {
    const ward = catalogue.term('area', 'ward/chapel-allerton');
    expect(ward.listings.map((l) => l.slug)).toContain('chapeltown-carers-network/carers-cafe');
    expect(ward.listings.length).toBeLessThan(catalogue.listed.length / 2);
  });
  test('A to Z letters', () => {
    expect(letterOf('Éclair club')).toBe('e');
    expect(letterOf('2nd chance')).toBe('0-9');
    const total = [...catalogue.byLetter.values()].reduce((n, l) => n + l.length, 0);
    expect(total).toBe(catalogue.listed.length);
  });
  test('the sitemap lists each page once, with review dates on listings', () => {
    const entries = sitemapEntries(dataset, catalogue);
    expect(new Set(entries.map((e) => e.path)).size).toBe(entries.length);
    expect(entries).toContainEqual({ path: listingPath(dataset.listings[0]!), lastmod: dataset.listings[0]!.reviewed });
    expect(entries.map((e) => e.path)).toContain(termIndexPath('audience'));
    for (const folder of ['/downloads/', '/feeds/v1/', '/schemas/v1/']) expect(entries.map((e) => e.path)).toContain(folder);
    expect(urlset(dataset, entries.slice(0, 1))).toContain('<loc>https://loop-leeds.github.io/loop/</loc>');
  });
});

describe('pagination', () => {
  test('pages of a list', () => {
    expect(pageCount(0)).toBe(1);
    expect(pageCount(50)).toBe(1);
    expect(pageCount(51)).toBe(2);
    expect(pageNumbers(3)).toEqual([1, 2, 3]);
    const items = Array.from({ length: 120 }, (_, i) => i);
    expect(pageOf(items, 3)).toEqual(items.slice(100));
    expect(pageOf(items, 1, 10)).toEqual(items.slice(0, 10));
  });
});

describe('addresses', () => {
  test('search links keep to one scheme', () => {
    expect(searchPath()).toBe('/search/');
    expect(searchPath({ q: 'food & drink', category: 'emergency-food' })).toBe('/search/?q=food+%26+drink&category=emergency-food');
    expect(aToZPath('0-9')).toBe('/a-z/0-9/');
    expect(aToZPath('c', 2)).toBe('/a-z/c/page/2/');
    expect(termPath('area', 'ward/armley', 3)).toBe('/areas/ward/armley/page/3/');
    expect(termPath('area', 'ward/armley', 1)).toBe('/areas/ward/armley/');
  });
});
