/**
 * The core end to end over the example data's real published files (pages of 7, so paging crosses files): with no
 * parameter it gives the static files' bytes, and each filter's answer is checked against the full records each
 * item's own URL serves, not against the index it was computed from.
 */
import { describe, expect, test } from 'vitest';
import { answerQuery, endpointOf, indexCache, QUERY_PATHS } from '../../src/edge/respond.ts';
import type { OrukPageInfo } from '../../src/edge/query.ts';
import type { QueryIndexHead } from '../../src/edge/query-index.ts';
import { ORUK_ENDPOINTS, type OrukEndpoint } from '../../src/urls/site.ts';
import { published } from './support.ts';

const SIZE = 7;
const site = published(SIZE);

interface Page extends OrukPageInfo {
  contents: { id: string }[];
}

async function get(path: string, init?: RequestInit, read = site.read): Promise<Response | undefined> {
  return answerQuery(new Request(`https://loop.example.org${path}`, init), read);
}

async function page(path: string): Promise<Page> {
  const response = (await get(path))!;
  expect(response.status, path).toBe(200);
  return (await response.json()) as Page;
}

/** Every item a query selects, walking its pages. */
async function all(endpoint: OrukEndpoint, query: string, perPage = 4): Promise<string[]> {
  const ids: string[] = [];
  for (let n = 1; ; n++) {
    const p = await page(`/oruk/v3/${endpoint}?${query}&per_page=${perPage}&page=${n}`);
    ids.push(...p.contents.map((c) => c.id));
    if (p.last_page) return ids;
  }
}

type Full = Record<string, unknown> & { id: string };
const services = (): Full[] => {
  const first = site.json<Page>('/oruk/v3/services.json');
  const ids: string[] = [];
  for (let n = 1; n <= first.total_pages; n++) ids.push(...site.json<Page>(`/oruk/v3/services/page/${n}.json`).contents.map((c) => c.id));
  return ids.map((id) => site.json<Full>(`/oruk/v3/services/${id}.json`));
};

describe('the same as the static files', () => {
  test('no query string: nothing to add, the host serves the static file', async () => {
    for (const path of QUERY_PATHS) expect(await get(path)).toBeUndefined();
    expect(await get('/oruk/v3/services?')).toBeUndefined();
  });

  test.each(ORUK_ENDPOINTS)('/%s: the default page, each page by number, and a page past the end', async (endpoint) => {
    const list = site.files.get(`oruk/v3/${endpoint}.json`) as string;
    expect(await (await get(`/oruk/v3/${endpoint}?format=json`))!.text()).toBe(list);
    expect(await (await get(`/oruk/v3/${endpoint}/?per_page=${SIZE}`))!.text()).toBe(list);
    const { total_pages, total_items } = JSON.parse(list) as Page;
    for (let n = 1; n <= total_pages; n++) expect(await (await get(`/oruk/v3/${endpoint}?page=${n}`))!.text()).toBe(site.files.get(`oruk/v3/${endpoint}/page/${n}.json`));
    expect(await page(`/oruk/v3/${endpoint}?page=${total_pages + 1}`)).toEqual({ total_items, total_pages, page_number: total_pages + 1, size: SIZE, first_page: false, last_page: true, empty: true, contents: [] });
    expect(site.index.endpoints[endpoint].length).toBe(total_items);
  });

  test('a smaller page size pages the same list', async () => {
    const everything = site.json<Page>('/oruk/v3/services.json');
    const ids: string[] = [];
    for (let n = 1; n <= everything.total_pages; n++) ids.push(...site.json<Page>(`/oruk/v3/services/page/${n}.json`).contents.map((c) => c.id));
    expect(await all('services', 'format=json', 3)).toEqual(ids);
    expect(await all('services', 'format=json', 1)).toEqual(ids);
  });
});

describe('filters, checked against the full records', () => {
  const full = services();
  const termsOf = (s: Full) => ((s.attributes as { taxonomy_term: { id: string; taxonomy_id: string } }[] | undefined) ?? []).map((a) => a.taxonomy_term);

  test('taxonomy_term_id: each term in use', async () => {
    const used = [...new Set(full.flatMap((s) => termsOf(s).map((t) => t.id)))];
    expect(used.length).toBeGreaterThan(10);
    for (const term of used.slice(0, 12)) {
      expect(await all('services', `taxonomy_term_id=${term}`)).toEqual(full.filter((s) => termsOf(s).some((t) => t.id === term)).map((s) => s.id));
    }
  });

  test('taxonomy_id: each taxonomy in use', async () => {
    for (const taxonomy of new Set(full.flatMap((s) => termsOf(s).map((t) => t.taxonomy_id)))) {
      expect(await all('services', `taxonomy_id=${taxonomy}`)).toEqual(full.filter((s) => termsOf(s).some((t) => t.taxonomy_id === taxonomy)).map((s) => s.id));
    }
  });

  test('organization_id: each organisation', async () => {
    for (const organisation of new Set(full.map((s) => s.organization_id as string))) {
      expect(await all('services', `organization_id=${organisation}`)).toEqual(full.filter((s) => s.organization_id === organisation).map((s) => s.id));
    }
  });

  test('minimum_age and maximum_age, as ORUK 3.0 words them', async () => {
    for (const age of [0, 5, 16, 18, 65]) {
      expect(await all('services', `minimum_age=${age}`)).toEqual(full.filter((s) => ((s.minimum_age as number | undefined) ?? 0) >= age).map((s) => s.id));
      expect(await all('services', `maximum_age=${age}`)).toEqual(full.filter((s) => s.maximum_age !== undefined && (s.maximum_age as number) <= age).map((s) => s.id));
    }
  });

  test('search finds a service by a word of its name, any case', async () => {
    for (const service of full.slice(0, 10)) {
      const word = (service.name as string).split(/\s+/).find((w) => /^[A-Za-z]{5,}$/.test(w));
      if (!word) continue;
      const found = await all('services', `search=${encodeURIComponent(word.toUpperCase())}`);
      expect(found).toContain(service.id);
      // Every match has the word somewhere a reader can see it.
      for (const id of found) expect(JSON.stringify(full.find((s) => s.id === id)).toLowerCase()).toContain(word.toLowerCase());
    }
    expect(await all('services', 'search=zzqxj')).toEqual([]);
  });

  test('modified_after without git history: nothing is known to be modified, so nothing matches', async () => {
    expect(full.every((s) => s.last_modified === undefined)).toBe(true);
    expect(await page('/oruk/v3/services?modified_after=2000-01-01')).toMatchObject({ total_items: 0, empty: true });
  });

  test('modified_after: on or after the instant, against each record\'s last_modified', async () => {
    const dated = published(SIZE, { dated: true });
    const first = dated.json<Page>('/oruk/v3/services.json');
    const ids: string[] = [];
    for (let n = 1; n <= first.total_pages; n++) ids.push(...dated.json<Page>(`/oruk/v3/services/page/${n}.json`).contents.map((c) => c.id));
    const records = ids.map((id) => dated.json<Full>(`/oruk/v3/services/${id}.json`));
    const dates = [...new Set(records.map((r) => r.last_modified as string))].sort();
    expect(dates.length).toBeGreaterThan(10);
    for (const after of [dates[0]!, dates[5]!, dates[dates.length - 1]!, '2026-02-01', '2099-01-01T00:00:00+01:00']) {
      const expected = records.filter((r) => Date.parse(r.last_modified as string) >= Date.parse(after)).map((r) => r.id);
      const got: string[] = [];
      for (let n = 1; ; n++) {
        const response = (await answerQuery(new Request(`https://loop.example.org/oruk/v3/services?modified_after=${encodeURIComponent(after)}&per_page=5&page=${n}`), dated.read))!;
        const p = (await response.json()) as Page;
        got.push(...p.contents.map((c) => c.id));
        if (p.last_page) break;
      }
      expect(got, after).toEqual(expected);
    }
  });

  test('service_at_locations by the venue, taxonomy_terms by taxonomy', async () => {
    const pairs = await all('service_at_locations', 'search=leeds');
    expect(pairs.length).toBeGreaterThan(0);
    const vocabulary = site.ctx.vocabularies.all[0]!;
    expect(await all('taxonomy_terms', `taxonomy_id=${vocabulary.id}`)).toEqual(vocabulary.terms.map((t) => t.id));
  });
});

describe('the index in shards (bounded files, a bounded cache)', () => {
  const QUERIES = ['search=carers', 'taxonomy_id=', 'minimum_age=18', 'search=leeds&per_page=3&page=2', 'page=2'];
  test('every shard of more than one page is within the bound (4,000 bytes here), and the answers do not depend on it', async () => {
    const shards = [...site.files.keys()].filter((k) => /^oruk\/v3\/query-index\/[a-z_]+\/\d+\.json$/.test(k));
    expect(shards.length).toBeGreaterThan(10);
    const head = site.json<QueryIndexHead>('/oruk/v3/query-index.json');
    for (const path of shards) {
      const fields = site.files.get(path) as string;
      const text = site.files.get(path.replace(/\.json$/, '.text.json')) as string;
      const [, endpoint, n] = /query-index\/([a-z_]+)\/(\d+)\.json$/.exec(path)!;
      const { from, to } = head.endpoints[endpoint as OrukEndpoint].shards[Number(n)]!;
      if (to - from > SIZE) expect(fields.length + text.length, path).toBeLessThanOrEqual(4_000 + 200);
    }
    const whole = published(SIZE, { shardBytes: 1e9 });
    const term = site.index.terms[0]![1];
    for (const endpoint of ['services', 'service_at_locations'] as const) {
      for (const q of QUERIES.map((q) => q.replace('taxonomy_id=', `taxonomy_id=${term}`))) {
        const path = `/oruk/v3/${endpoint}?${q}`;
        const one = await (await get(path, undefined, whole.read))!.text();
        expect(await (await get(path))!.text(), path).toBe(one);
        // A cache too small to keep any shard reads them again for each query, and answers the same.
        expect(await (await answerQuery(new Request(`https://loop.example.org${path}`), site.read, indexCache(1)))!.text(), path).toBe(one);
      }
    }
  });
});

describe('the shard cache of an isolate', () => {
  const counting = () => {
    const reads: string[] = [];
    return { reads, read: async (path: string) => (reads.push(path), site.read(path)) };
  };
  const shardReads = (reads: string[]) => reads.filter((p) => p.startsWith('/oruk/v3/query-index/')).length;

  test('kept between requests while they fit: a repeated search reads no shard again', async () => {
    const { reads, read } = counting();
    const cache = indexCache();
    await answerQuery(new Request('https://loop.example.org/oruk/v3/services?search=carers'), read, cache);
    const first = shardReads(reads);
    expect(first).toBeGreaterThan(4);
    await answerQuery(new Request('https://loop.example.org/oruk/v3/services?search=carers'), read, cache);
    expect(shardReads(reads)).toBe(first);
  });

  test('bounded: with room for about one shard, the oldest go and are read again when needed', async () => {
    const { reads, read } = counting();
    const cache = indexCache(5_000);
    await answerQuery(new Request('https://loop.example.org/oruk/v3/services?search=carers'), read, cache);
    const first = shardReads(reads);
    await answerQuery(new Request('https://loop.example.org/oruk/v3/services?search=carers'), read, cache);
    expect(shardReads(reads) - first).toBeGreaterThanOrEqual(first - 2);
  });

  test('a query with only page and per_page reads no shard\'s rows, only its page\'s layout', async () => {
    const { reads, read } = counting();
    await answerQuery(new Request('https://loop.example.org/oruk/v3/services?page=2'), read, indexCache());
    expect(reads.filter((p) => p.startsWith('/oruk/v3/query-index/'))).toEqual(['/oruk/v3/query-index/services/layout/2.json']);
  });
});

describe('postcode and proximity, from the directory\'s own venues', () => {
  type Venue = { id: string; location?: { latitude?: number; longitude?: number; addresses?: { postal_code?: string }[] } };
  const pairs = (): Venue[] => {
    const first = site.json<Page>('/oruk/v3/service_at_locations.json');
    const ids: string[] = [];
    for (let n = 1; n <= first.total_pages; n++) ids.push(...site.json<Page>(`/oruk/v3/service_at_locations/page/${n}.json`).contents.map((c) => c.id));
    return ids.map((id) => site.json<Venue>(`/oruk/v3/service_at_locations/${id}.json`));
  };
  // An independent great-circle distance (spherical law of cosines), not the one under test.
  const metres = (a: [number, number], b: [number, number]) => {
    const r = Math.PI / 180;
    return 6_371_008.8 * Math.acos(Math.min(1, Math.sin(a[0] * r) * Math.sin(b[0] * r) + Math.cos(a[0] * r) * Math.cos(b[0] * r) * Math.cos((b[1] - a[1]) * r)));
  };
  const point = (v: Venue): [number, number] | undefined => (v.location?.latitude !== undefined && v.location.longitude !== undefined ? [v.location.latitude, v.location.longitude] : undefined);
  const postcodeOf = (v: Venue) => v.location?.addresses?.[0]?.postal_code;
  const all_ = pairs();
  const some = all_.find((v) => point(v) && postcodeOf(v))!;
  const origin = point(some)!;
  const code = postcodeOf(some)!;

  test('a postcode a venue has: nearest first, every venue, those without coordinates last', async () => {
    const ids = await all('service_at_locations', `postcode=${encodeURIComponent(code.toLowerCase().replace(' ', ''))}`);
    expect(ids.length).toBe(all_.length);
    const distances = ids.map((id) => { const p = point(all_.find((v) => v.id === id)!); return p ? metres(origin, p) : Infinity; });
    expect(distances[0]).toBeLessThan(1);
    expect(distances).toEqual([...distances].sort((a, b) => a - b));
  });

  test('proximity: exactly the venues within that many metres, by great-circle distance', async () => {
    const within = all_.filter((v) => point(v) && metres(origin, point(v)!) <= 3000);
    expect(within.length).toBeGreaterThan(1);
    expect(within.length).toBeLessThan(all_.length);
    const ids = await all('service_at_locations', `postcode=${encodeURIComponent(code)}&proximity=3000`);
    expect(new Set(ids)).toEqual(new Set(within.map((v) => v.id)));
    expect(await all('service_at_locations', `postcode=${encodeURIComponent(code)}&proximity=0`)).toEqual(all_.filter((v) => point(v) && metres(origin, point(v)!) < 1).map((v) => v.id));
  });

  test('a postcode no venue has, in a district some are in: the centroid of the district\'s venues', async () => {
    const district = code.split(' ')[0]!;
    const inDistrict = all_.filter((v) => postcodeOf(v)?.split(' ')[0] === district && point(v));
    const centroid: [number, number] = [inDistrict.reduce((n, v) => n + point(v)![0], 0) / inDistrict.length, inDistrict.reduce((n, v) => n + point(v)![1], 0) / inDistrict.length];
    const ids = await all('service_at_locations', `postcode=${district}%209ZZ`);
    const distances = ids.map((id) => { const p = point(all_.find((v) => v.id === id)!); return p ? metres(centroid, p) : Infinity; });
    expect(distances).toEqual([...distances].sort((a, b) => a - b));
    expect(await all('service_at_locations', `postcode=${district}`)).toEqual(ids);
  });

  test('a postcode in a district none of the venues is in: 422, saying it is not known to this directory', async () => {
    const response = (await get('/oruk/v3/service_at_locations?postcode=ZZ99%209ZZ&proximity=1000'))!;
    expect(response.status).toBe(422);
    expect(response.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    expect(await response.json()).toMatchObject({ status: 422, parameter: 'postcode', detail: expect.stringMatching(/ZZ99 9ZZ is not known to this directory/) });
  });
});

describe('errors', () => {
  test('400 and 501 are problem details with CORS, never cached', async () => {
    const bad = (await get('/oruk/v3/services?colour=blue'))!;
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    expect(bad.headers.get('access-control-allow-origin')).toBe('*');
    expect(bad.headers.get('cache-control')).toBe('no-store');
    expect(await bad.json()).toMatchObject({ status: 400, title: 'Bad Request', parameter: 'colour' });
    const unsupported = (await get('/oruk/v3/service_at_locations?start_time=09:00'))!;
    expect(unsupported.status).toBe(501);
    expect(await unsupported.json()).toMatchObject({ status: 501, parameter: 'start_time' });
  });

  test('a missing or foreign index, or page files from another build: 503, never a mixed answer', async () => {
    const without = async (path: string) => (path === '/oruk/v3/query-index.json' ? undefined : site.read(path));
    expect((await get('/oruk/v3/services?page=2', undefined, without))!.status).toBe(503);
    const foreign = async (path: string) => (path === '/oruk/v3/query-index.json' ? '{"format":"something-else"}' : site.read(path));
    expect((await get('/oruk/v3/services?page=2', undefined, foreign))!.status).toBe(503);
    const stale = async (path: string) => (path === '/oruk/v3/services/page/2.json' ? JSON.stringify({ total_items: 3, contents: [] }) : site.read(path));
    const response = (await get('/oruk/v3/services?page=2', undefined, stale))!;
    expect(response.status).toBe(503);
    expect((await response.json()).detail).toMatch(/another build/);
  });

  test('HEAD gets the headers without a body; other methods and other paths are left to the host', async () => {
    const head = (await get('/oruk/v3/services?page=2', { method: 'HEAD' }))!;
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    expect(await get('/oruk/v3/services?page=2', { method: 'POST', body: 'x' })).toBeUndefined();
    expect(await get('/oruk/v3/services/0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d?page=2')).toBeUndefined();
    expect(await get('/oruk/v3/?page=2')).toBeUndefined();
    expect(await get('/feeds/v1/listings.json?page=2')).toBeUndefined();
  });

  test('endpointOf knows the five list endpoints only', () => {
    expect(ORUK_ENDPOINTS.map((e) => endpointOf(`/oruk/v3/${e}/`))).toEqual([...ORUK_ENDPOINTS]);
    expect(endpointOf('/oruk/v3/constructor')).toBeUndefined();
    expect(endpointOf('/oruk/v3/services/page')).toBeUndefined();
  });
});
