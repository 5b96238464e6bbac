/**
 * The ORUK mapping (src/publish/oruk.ts) field by field, and conformance of every generated ORUK file against the
 * official ORUK 3.0 and HSDS 3.0 schemas (../shared/reference), for the fixture, the example data and hostile input.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import type { Dataset } from '../../src/dataset/dataset.ts';
import { History } from '../../src/history/history.ts';
import { nestedId } from '../../src/model/ids.ts';
import { DEFAULT_ORUK_PAGE_SIZE, orukApiFiles, pages } from '../../src/publish/oruk-api.ts';
import { openApiDocument } from '../../src/publish/openapi.ts';
import { byday, orukService, orukServiceAtLocation, type OrukObject } from '../../src/publish/oruk.ts';
import { orukValidators, type Endpoint, type OrukValidators } from '../support/oruk.ts';
import { requireShared } from '../support/shared.ts';
import { exampleDataset, fixtureDataset, testContext, walkJson } from '../support/publish.ts';
import { readFixture } from '../support/data.ts';

const DROP_IN = '6f1c3b9e-2d4a-4c8e-9b7a-1e2f3a4b5c6d';
const FOOD = '4c5d6e7f-8a9b-4c0d-9e1f-2a3b4c5d6e7f';
const GUIDE = '8e9f0a1b-2c3d-4e5f-8a6b-7c8d9e0f1a2b';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function serviceOf(dataset: Dataset, id: string, history?: History): OrukObject {
  const listing = dataset.byUuid(id);
  if (!listing || !('listing' in listing)) throw new Error(`no listing ${id}`);
  return orukService(dataset, listing, { context: testContext(dataset, history ? { history } : {}) });
}

const list = (value: unknown) => value as OrukObject[];

/** A History that knows one date per file, for last_modified. */
function historyWith(dates: Record<string, string>): History {
  const entries = new Map(Object.entries(dates).map(([file, date]) => [file, [{ date, summary: 's', commit: 'c'.repeat(40), change: 'changed' as const }]]));
  return new History({ status: { available: true, shallow: false, uncommitted: [] }, entries });
}

describe('a service mapped to ORUK / HSDS 3.0', () => {
  const dataset = fixtureDataset();
  const s = serviceOf(dataset, DROP_IN);

  test('one-to-one fields, with reviewed -> assured_date and reviewed_by -> assurer_email', () => {
    expect(s).toMatchObject({
      id: DROP_IN,
      organization_id: '7d0e3c52-6a1b-4c4e-9a57-0c2b8f1e4a10',
      name: "Carers' Drop-in",
      status: 'active',
      minimum_age: 18,
      assured_date: '2026-09-14',
      assurer_email: 'listings@chapeltown-carers.example.org',
      fees_description: 'Free',
      fees: 'Free',
      application_process: 'You can contact the service yourself.',
    });
    expect(s.description).toBe("A weekly drop-in for unpaid carers with a cuppa, advice and time with people who understand.\n\nCome along for an hour or stay all morning.\n\n- Advice on carers' assessments\n- A quiet room if you need a break\n");
    // No git history in this context: last_modified is omitted, not guessed.
    expect('last_modified' in s).toBe(false);
  });

  test('optional fields with no value are omitted: never null, "" or []', () => {
    for (const [path, value] of walkJson(s)) {
      expect(value, path).not.toBeNull();
      expect(value, path).not.toBe('');
      if (Array.isArray(value)) expect(value.length, path).toBeGreaterThan(0);
    }
  });

  test('every id is a UUID, unique, and nested ids are deterministic', () => {
    const ids = [...walkJson(s)].filter(([p]) => /\/id$/.test(p)).map(([, v]) => v as string);
    for (const id of ids) expect(id).toMatch(UUID);
    // A nested object appears once per parent; the organisation and terms repeat by design, so compare per path.
    const phone = list(s.phones)[0]!;
    expect(phone.id).toBe(nestedId(DROP_IN, 'phone', 0));
    expect(serviceOf(fixtureDataset(), DROP_IN)).toEqual(s);
  });

  test('service_at_locations: the venue, its address (physical, GB), accessibility and the schedules', () => {
    const [sal] = list(s.service_at_locations);
    expect(sal).toMatchObject({ id: nestedId(DROP_IN, 'service_at_location', '0f7f2d1c-8e5a-4b6e-9c3d-1a2b3c4d5e6f'), service_id: DROP_IN, location_id: '0f7f2d1c-8e5a-4b6e-9c3d-1a2b3c4d5e6f' });
    const location = sal!.location as OrukObject;
    expect(location).toMatchObject({ id: '0f7f2d1c-8e5a-4b6e-9c3d-1a2b3c4d5e6f', location_type: 'physical', name: 'Chapeltown Community Hub', latitude: 53.8179, longitude: -1.5318 });
    expect(list(location.addresses)).toEqual([
      { id: nestedId('0f7f2d1c-8e5a-4b6e-9c3d-1a2b3c4d5e6f', 'address', 0), location_id: '0f7f2d1c-8e5a-4b6e-9c3d-1a2b3c4d5e6f', address_1: '231 Chapeltown Road', city: 'Leeds', state_province: 'West Yorkshire', postal_code: 'LS7 3DX', country: 'GB', address_type: 'physical' },
    ]);
    const [access] = list(location.accessibility);
    expect(list(access!.attributes).map((a) => [(a.taxonomy_term as OrukObject).code, a.value])).toEqual([
      ['step_free_access', 'true'],
      ['accessible_toilet', 'true'],
      ['hearing_loop', 'false'],
    ]);
    expect(list(sal!.schedules)).toEqual([{ id: nestedId(sal!.id as string, 'schedule', 0), service_at_location_id: sal!.id, freq: 'WEEKLY', byday: 'WE', opens_at: '10:00', closes_at: '12:00' }]);
  });

  test('vocabulary references are attributes with taxonomy terms; categories carry their LGA/esd URI', () => {
    const attributes = list(s.attributes);
    const byType = (type: string) => attributes.filter((a) => a.link_type === type).map((a) => a.taxonomy_term as OrukObject);
    expect(byType('category')).toEqual([
      expect.objectContaining({ code: 'carers-support', name: 'Carers support', description: 'Carers support', taxonomy: 'LOOP categories', taxonomy_id: '5a0c1e2d-3f4b-4a6c-8d7e-9f0a1b2c3d4e', term_uri: 'http://id.esd.org.uk/service/298' }),
    ]);
    expect(byType('need').map((t) => t.code)).toEqual(['someone-to-talk-to']);
    expect(byType('audience').map((t) => t.code)).toEqual(['carers']);
    expect(byType('area').map((t) => [t.code, t.term_uri])).toEqual([
      ['E05011390', 'http://statistics.data.gov.uk/id/statistical-geography/E05011390'],
      ['E05011394', 'http://statistics.data.gov.uk/id/statistical-geography/E05011394'],
    ]);
    expect(byType('language').map((t) => t.code)).toEqual(['en', 'ur']);
    expect(byType('delivery').map((t) => t.code)).toEqual(['in-person', 'phone']);
    expect(byType('kind').map((t) => t.code)).toEqual(['group']);
    expect(byType('referral_route').map((t) => t.code)).toEqual(['self-referral']);
    expect(byType('tag').map((t) => t.code)).toEqual(['coronavirus']);
    expect(byType('listing_type').map((t) => t.code)).toEqual(['service']);
    for (const a of attributes) expect(a).toMatchObject({ link_id: DROP_IN, link_entity: 'service', taxonomy_term_id: (a.taxonomy_term as OrukObject).id });
  });

  test('service areas name the area and give the ONS URI where there is a code', () => {
    expect(list(s.service_areas).map((a) => [a.name, a.uri])).toEqual([
      ['Chapel Allerton', 'http://statistics.data.gov.uk/id/statistical-geography/E05011390'],
      ['Gipton & Harehills', 'http://statistics.data.gov.uk/id/statistical-geography/E05011394'],
    ]);
    const food = serviceOf(dataset, FOOD);
    expect(list(food.service_areas)).toEqual([{ id: nestedId(FOOD, 'service_area', 'postcode/ls8'), service_id: FOOD, name: 'LS8' }]);
  });

  test('languages and cost options', () => {
    expect(list(s.languages).map((l) => [l.name, l.code])).toEqual([
      ['English', 'en'],
      ['Urdu', 'ur'],
    ]);
    expect(list(s.cost_options)).toEqual([{ id: nestedId(DROP_IN, 'cost_option', 0), service_id: DROP_IN, option: 'Free', currency: 'GBP', amount: 0 }]);
    const food = serviceOf(dataset, FOOD);
    expect(food.fees_description).toBe('Food parcels are free; the café asks for a donation if you can.');
    expect(list(food.cost_options).map((o) => [o.option, o.amount, o.amount_description])).toEqual([
      ['Free', 0, undefined],
      ['Hot meal', 1.5, 'suggested donation'],
    ]);
  });

  test('monthly schedules: byday "1FR,3FR" for the first and third Friday', () => {
    const food = serviceOf(dataset, FOOD);
    const [schedule] = list(list(food.service_at_locations)[0]!.schedules);
    expect(schedule).toMatchObject({ freq: 'MONTHLY', byday: '1FR,3FR', opens_at: '11:00', closes_at: '14:00' });
    expect(byday({ freq: 'monthly', weeks_of_month: [-1], days: ['TU', 'TH'] })).toBe('-1TU,-1TH');
    expect(byday({ freq: 'weekly', days: ['MO', 'WE'] })).toBe('MO,WE');
    expect(byday({ freq: 'monthly', month_days: [1] })).toBeUndefined();
  });

  test('service-level schedules and phones (a phone line with no venue)', () => {
    const line = serviceOf(dataset, '1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e');
    expect(list(line.schedules)).toEqual([{ id: nestedId('1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e', 'schedule', 0), service_id: '1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e', freq: 'WEEKLY', byday: 'MO,TU,WE,TH,FR', opens_at: '13:00', closes_at: '16:00' }]);
    expect(list(line.phones)).toEqual([{ id: nestedId('1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e', 'phone', 0), service_id: '1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e', number: '0113 496 0124' }]);
    expect('service_at_locations' in line).toBe(false);
  });

  test('the organisation, with its charity number as an organisation identifier', () => {
    expect(s.organization).toEqual({
      id: '7d0e3c52-6a1b-4c4e-9a57-0c2b8f1e4a10',
      name: 'Chapeltown Carers Network',
      description: 'A network run by and for unpaid carers in Chapeltown and Harehills.',
      email: 'hello@chapeltown-carers.example.org',
      website: 'https://chapeltown-carers.example.org/',
      uri: 'https://loop-leeds.github.io/loop/organisations/chapeltown-carers/',
      organization_identifiers: [{ id: nestedId('7d0e3c52-6a1b-4c4e-9a57-0c2b8f1e4a10', 'identifier', 0), organization_id: '7d0e3c52-6a1b-4c4e-9a57-0c2b8f1e4a10', identifier_scheme: 'GB-CHC', identifier_type: 'Charity number', identifier: '1190001' }],
    });
  });

  test('the loop extension holds what HSDS has no place for, exactly as authored', () => {
    expect(s.loop).toMatchObject({
      type: 'service',
      slug: 'chapeltown-carers/carers-drop-in',
      organisation: 'chapeltown-carers',
      summary: 'A weekly drop-in for unpaid carers with a cuppa, advice and time with people who understand.',
      kind: 'group',
      delivery: ['in-person', 'phone'],
      referral: { route: 'self-referral' },
      cost: 'free',
      tags: ['coronavirus'],
      page_url: 'https://loop-leeds.github.io/loop/services/chapeltown-carers/carers-drop-in/',
      json_url: `https://loop-leeds.github.io/loop/feeds/v1/listings/${DROP_IN}.json`,
    });
  });

  test('last_modified: the newest change to the listing, its organisation or its venues, with the offset', () => {
    const history = historyWith({
      'data/services/chapeltown-carers/carers-drop-in.yaml': '2026-06-15T10:00:00+01:00',
      'data/organisations/chapeltown-carers.yaml': '2026-06-15T09:30:00+00:00',
      'data/locations/chapeltown-community-hub.yaml': '2026-03-01T12:00:00+00:00',
    });
    expect(serviceOf(dataset, DROP_IN, history).last_modified).toBe('2026-06-15T09:30:00Z');
  });
});

describe('resources and statuses', () => {
  test('a resource is published as a service with a format attribute and its URL', () => {
    const dataset = fixtureDataset();
    const guide = serviceOf(dataset, GUIDE);
    expect(guide).toMatchObject({ name: 'A Guide for New Carers', url: 'https://chapeltown-carers.example.org/guide.pdf', status: 'active' });
    const codes = list(guide.attributes).map((a) => `${a.link_type}:${(a.taxonomy_term as OrukObject).code}`);
    expect(codes).toEqual(expect.arrayContaining(['listing_type:resource', 'resource_format:leaflet', 'category:carers-support']));
    expect(guide.loop).toMatchObject({ type: 'resource', format: 'leaflet', clinically_reviewed: { date: '2026-05-01', by: 'Carers clinical advisory group' } });
  });

  test('a listing past its end date is published inactive; the extension keeps the authored status', () => {
    const dataset = fixtureDataset({ 'services/chapeltown-carers/carers-phone-line.yaml': `${readFixture('services/chapeltown-carers/carers-phone-line.yaml')}end_date: 2026-10-31\n` });
    const line = serviceOf(dataset, '1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e');
    expect(line.status).toBe('inactive');
    expect(line.loop).toMatchObject({ status: 'active', end_date: '2026-10-31' });
  });
});

describe('the services list (#19)', () => {
  test('each item carries the loop fields a result list links and labels it by; services in list form elsewhere carry none', () => {
    const dataset = fixtureDataset();
    const ctx = testContext(dataset);
    const files = orukApiFiles(ctx, { htmlCopies: false });
    const items = list((JSON.parse(files.get('oruk/v3/services.json') as string) as { contents: unknown }).contents);
    expect(items.length).toBe(dataset.listings.length);
    for (const item of items) {
      const full = JSON.parse(files.get(`oruk/v3/services/${String(item.id)}.json`) as string) as OrukObject & { loop: Record<string, unknown> };
      const label = full.loop.type === 'service' ? { kind: full.loop.kind } : { format: full.loop.format };
      expect(item.loop).toEqual(JSON.parse(JSON.stringify({ type: full.loop.type, page_url: full.loop.page_url, ...label })));
      // The card's summary is the first line of the description.
      expect(String(item.description).split('\n')[0]).toBe(full.loop.summary);
    }
    expect(items.find((i) => i.id === GUIDE)!.loop).toMatchObject({ type: 'resource', format: expect.any(String) });
    const organisation = JSON.parse(files.get(`oruk/v3/organizations/${String(items[0]!.organization_id)}.json`) as string) as { services: OrukObject[] };
    expect(organisation.services.length).toBeGreaterThan(0);
    for (const service of organisation.services) expect(service.loop).toBeUndefined();
  });
});

describe('service_at_locations/{id}', () => {
  test('carries name and status as well, so it also satisfies the schema ORUK\'s OpenAPI points at (service.json)', () => {
    const dataset = fixtureDataset();
    const service = dataset.services.find((x) => x.id === DROP_IN)!;
    const sal = orukServiceAtLocation(dataset, service, 0, testContext(dataset));
    expect(sal).toMatchObject({ name: "Carers' Drop-in at Chapeltown Community Hub", status: 'active', service_id: DROP_IN });
    expect((sal.service as OrukObject).id).toBe(DROP_IN);
  });
});

describe('paging', () => {
  const items = Array.from({ length: 5 }, (_, i) => ({ id: String(i) }));
  test('every page declares the same size; the last holds the rest', () => {
    expect(pages(items, 2).map((p) => [p.page_number, p.size, p.contents.length, p.first_page, p.last_page, p.empty, p.total_pages, p.total_items])).toEqual([
      [1, 2, 2, true, false, false, 3, 5],
      [2, 2, 2, false, false, false, 3, 5],
      [3, 2, 1, false, true, false, 3, 5],
    ]);
  });
  test('no items: one empty page', () => {
    expect(pages([], 10)).toEqual([{ total_items: 0, total_pages: 1, page_number: 1, size: 10, first_page: true, last_page: true, empty: true, contents: [] }]);
  });
  test('a page size must be a positive whole number', () => {
    expect(() => pages(items, 0)).toThrow(/at least 1/);
    expect(() => pages(items, 1.5)).toThrow(/whole number/);
  });
});

const shared = requireShared('ORUK conformance');

function validateAll(v: OrukValidators, files: Map<string, string | Uint8Array>): string[] {
  const problems: string[] = [];
  let checked = 0;
  for (const [path, content] of files) {
    if (path.endsWith('.html')) {
      // Copies for hosts without rewrites: the same bytes as the .json they stand for (x.html, x/index.html -> x.json).
      const original = path === 'oruk/v3/index.html' ? 'oruk/v3/index.json' : path.replace(/(\/index)?\.html$/, '.json');
      if (files.get(original) !== content) problems.push(`${path}: not a copy of ${original}`);
      continue;
    }
    const value = JSON.parse(content as string) as unknown;
    const item = /^oruk\/v3\/(\w+)\/([0-9a-f-]{36})\.json$/.exec(path);
    const page = /^oruk\/v3\/(\w+)(?:\/page\/\d+)?\.json$/.exec(path);
    let errors: string[];
    if (path === 'oruk/v3/index.json') errors = v.index(value);
    else if (item) errors = v.item(item[1] as Endpoint, value);
    else if (page) errors = v.page(page[1] as Endpoint, value);
    else errors = [`unexpected file ${path}`];
    checked++;
    problems.push(...errors.map((e) => `${path}: ${e}`));
  }
  if (checked === 0) problems.push('nothing was checked');
  return problems;
}

describe.runIf(shared)('every generated ORUK file validates against ORUK 3.0 and HSDS 3.0', () => {
  let v: OrukValidators;
  beforeAll(() => {
    v = orukValidators(shared!.reference);
  });

  test('the validators are not vacuous: they reject what ORUK forbids', () => {
    const dataset = fixtureDataset();
    const good = serviceOf(dataset, DROP_IN);
    expect(v.item('services', good)).toEqual([]);
    expect(v.item('services', { ...good, alert: null }).join()).toMatch(/alert/);
    expect(v.item('services', { ...good, id: 'not-a-uuid' }).join()).toMatch(/uuid/);
    expect(v.item('services', { ...good, last_modified: '2025-09-02T12:06:15.654' }).join()).toMatch(/date-time/);
    const { status: _status, ...noStatus } = good;
    expect(v.item('services', noStatus).join()).toMatch(/status/);
    expect(v.page('services', { total_items: 'many', contents: [] }).join()).toMatch(/total_items/);
    expect(v.index({ version: 3 }).join()).toMatch(/version/);
  }, 240_000);

  test('GET / carries HSDS 3.1\'s description and publisher (with the feedback contact) and stays valid ORUK 3.0', () => {
    const ctx = testContext(fixtureDataset());
    const index = JSON.parse(orukApiFiles(ctx).get('oruk/v3/index.json') as string) as Record<string, unknown>;
    expect(index).toMatchObject({
      version: 'HSDS-UK-3.0',
      publisher: { name: ctx.config.publisher.name, url: ctx.config.publisher.url, email: ctx.config.publisher.email },
    });
    expect(index.description).toEqual(expect.stringContaining(ctx.config.licence.attribution));
    expect(index.description).toMatch(/not applied/);
    expect(v.index(index)).toEqual([]);
  }, 240_000);

  test('the fixture, with several pages', () => {
    const dataset = fixtureDataset();
    const files = orukApiFiles(testContext(dataset), { pageSize: 2 });
    expect(files.get('oruk/v3/services/page/2.json')).toBeDefined();
    expect(validateAll(v, files)).toEqual([]);
  }, 240_000);

  test('the example data (every service, resource, venue, organisation and term)', () => {
    const dataset = exampleDataset();
    const files = orukApiFiles(testContext(dataset), { pageSize: 25 });
    expect([...files.keys()].filter((k) => /^oruk\/v3\/services\/[0-9a-f-]{36}\.json$/.test(k)).length).toBe(dataset.listings.length);
    expect(validateAll(v, files)).toEqual([]);
  }, 240_000);

  test('hostile input stays data: markup, formulas, javascript: text and odd characters validate unchanged', () => {
    const hostile = readFixture('services/chapeltown-carers/carers-drop-in.yaml')
      .replace('id: 6f1c3b9e-2d4a-4c8e-9b7a-1e2f3a4b5c6d', 'id: 0a6b2c3d-4e5f-4a7b-8c9d-0e1f2a3b4c5d')
      .replace("name: Carers' Drop-in", 'name: "<script>alert(1)</script> & \\"friends\\""')
      .replace(/^summary: .*$/m, 'summary: "=HYPERLINK(\\"javascript:alert(1)\\") e\\u0301 اردو ünïcödé 👩\\u200d⚕️"');
    const dataset = fixtureDataset({ 'services/chapeltown-carers/hostile.yaml': hostile });
    const s = serviceOf(dataset, '0a6b2c3d-4e5f-4a7b-8c9d-0e1f2a3b4c5d');
    expect(s.name).toBe('<script>alert(1)</script> & "friends"');
    expect((s.loop as OrukObject).summary).toBe('=HYPERLINK("javascript:alert(1)") e\u0301 اردو ünïcödé 👩\u200d⚕️');
    expect(validateAll(v, orukApiFiles(testContext(dataset)))).toEqual([]);
  });
});

describe('every list is paged, and GET / and openapi.json say the page size truly (#17)', () => {
  test('each of the five lists: pages of the build\'s size, with the Page fields right; GET / and openapi.json name that size', () => {
    const dataset = exampleDataset();
    const ctx = testContext(dataset);
    const files = orukApiFiles(ctx, { pageSize: 3, htmlCopies: false });
    for (const endpoint of ['services', 'service_at_locations', 'taxonomies', 'taxonomy_terms', 'organizations']) {
      const first = JSON.parse(files.get(`oruk/v3/${endpoint}.json`) as string) as { total_items: number; total_pages: number; size: number };
      expect(first.total_items, endpoint).toBeGreaterThan(3);
      expect(first.size, endpoint).toBe(3);
      expect(first.total_pages, endpoint).toBe(Math.ceil(first.total_items / 3));
      const seen: unknown[] = [];
      for (let n = 1; n <= first.total_pages; n++) {
        const page = JSON.parse(files.get(`oruk/v3/${endpoint}/page/${n}.json`) as string) as { page_number: number; first_page: boolean; last_page: boolean; empty: boolean; contents: unknown[] };
        expect([page.page_number, page.first_page, page.last_page, page.empty], `${endpoint} ${n}`).toEqual([n, n === 1, n === first.total_pages, false]);
        expect(page.contents.length).toBeLessThanOrEqual(3);
        seen.push(...page.contents);
      }
      expect(seen.length, endpoint).toBe(first.total_items);
      expect(files.has(`oruk/v3/${endpoint}/page/${first.total_pages + 1}.json`)).toBe(false);
    }
    expect(JSON.parse(files.get('oruk/v3/index.json') as string).description).toMatch(/Every list is paged, 3 items a page/);
    const doc = openApiDocument(ctx, { orukPageSize: 3 }) as { paths: Record<string, { get: { description: string } }> };
    expect(doc.paths['/oruk/v3/services']!.get.description).toMatch(/^3 services a page/);
    expect(doc.paths['/oruk/v3/taxonomy_terms']!.get.description).toMatch(/^3 taxonomy terms a page/);
  });

  test('by default a city directory is one page (DfE\'s importer reads only the first), and the default is named', () => {
    const ctx = testContext(exampleDataset());
    const files = orukApiFiles(ctx, { htmlCopies: false });
    expect(JSON.parse(files.get('oruk/v3/services.json') as string)).toMatchObject({ size: DEFAULT_ORUK_PAGE_SIZE, total_pages: 1 });
    expect(DEFAULT_ORUK_PAGE_SIZE).toBeGreaterThanOrEqual(3_000);
    expect(JSON.parse(files.get('oruk/v3/index.json') as string).description).toContain(`${DEFAULT_ORUK_PAGE_SIZE.toLocaleString('en-GB')} items a page`);
    expect((openApiDocument(ctx) as { paths: Record<string, { get: { description: string } }> }).paths['/oruk/v3/services']!.get.description).toContain(`${DEFAULT_ORUK_PAGE_SIZE.toLocaleString('en-GB')} services a page`);
  });
});
