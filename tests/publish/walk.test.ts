/**
 * The ORUK API walked over HTTP the way the ORUK validator does, through the static server that `npm start` uses
 * (src/serve/), with the published site's base path and the generated _headers and _redirects: GET /, /services,
 * pages 1, middle and last via /page/N (no static host reads ?page=N: tests/publish/hosts.test.ts), and
 * /services/{id} for every id found; every response is validated against the official schemas and must carry
 * Access-Control-Allow-Origin: *.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { History } from '../../src/history/history.ts';
import { publish } from '../../src/publish/publish.ts';
import { startStaticServer, type StaticServer } from '../../src/serve/server.ts';
import { parseHeaders, parseRedirects } from '../../src/serve/rules.ts';
import { FIXTURE } from '../support/data.ts';
import { orukValidators, type Endpoint, type OrukValidators } from '../support/oruk.ts';
import { fixtureDataset, TEST_BUILD } from '../support/publish.ts';
import { requireShared } from '../support/shared.ts';
import { githubPagesAnswer, startGitHubPagesServer, type GitHubPagesServer } from '../support/github-pages.ts';
import { readdirSync, readFileSync } from 'node:fs';

const shared = requireShared('ORUK API walk over HTTP');
/** Compiling the official schemas (over 100 kB each) takes a while on a busy two-core machine. */
const SLOW = 240_000;

describe.runIf(shared)('walking the published ORUK API like the ORUK validator', () => {
  let server: StaticServer;
  let out: string;
  let v: OrukValidators;
  let api: string;
  beforeAll(async () => {
    v = orukValidators(shared!.reference);
    out = mkdtempSync(join(tmpdir(), 'loop-walk-'));
    const dataset = fixtureDataset();
    // Two items per page, so there is a first, a middle and a last page to walk.
    await publish(dataset, out, { history: History.unavailable('test'), build: TEST_BUILD, orukPageSize: 2, dataDir: join(FIXTURE, 'data'), lockPath: join(out, 'no-lock.json') });
    server = await startStaticServer({ root: out, port: 0, base: '/loop/' });
    api = `${server.url}/loop/oruk/v3`;
  });
  afterAll(async () => {
    await server?.close();
    if (out) rmSync(out, { recursive: true, force: true });
  });

  async function get(url: string): Promise<{ status: number; body: unknown; headers: Headers }> {
    const res = await fetch(url);
    const raw = await res.text();
    let body: unknown = raw;
    try {
      body = JSON.parse(raw);
    } catch {
      // not JSON: left as text for the assertion to show
    }
    return { status: res.status, body, headers: res.headers };
  }

  function okJson(r: { status: number; headers: Headers }, url: string): void {
    expect(r.status, url).toBe(200);
    expect(r.headers.get('access-control-allow-origin'), url).toBe('*');
    expect(r.headers.get('content-type'), url).toBe('application/json; charset=utf-8');
  }

  test('GET / says HSDS-UK-3.0 and names the OpenAPI document', async () => {
    for (const url of [`${api}/`, api]) {
      const r = await get(url);
      okJson(r, url);
      expect(v.index(r.body)).toEqual([]);
      expect(r.body).toMatchObject({ version: 'HSDS-UK-3.0', profile: 'https://openreferraluk.org/developers/', openapi_url: 'https://loop-leeds.github.io/loop/openapi.json' });
    }
  });

  test('/services, its first, middle and last pages, and /services/{id} for every id found', async () => {
    const first = await get(`${api}/services`);
    okJson(first, '/services');
    expect(v.page('services', first.body)).toEqual([]);
    const page = first.body as { total_pages: number; total_items: number; size: number; contents: { id: string }[] };
    expect(page).toMatchObject({ total_items: 4, total_pages: 2, size: 2, page_number: 1, first_page: true, last_page: false, empty: false });
    const ids = new Set<string>();
    const wanted = [...new Set([1, Math.ceil(page.total_pages / 2), page.total_pages])];
    for (let n = 1; n <= page.total_pages; n++) {
      const url = `${api}/services/page/${n}`;
      const r = await get(url);
      okJson(r, url);
      expect(v.page('services', r.body), url).toEqual([]);
      const body = r.body as { page_number: number; last_page: boolean; contents: { id: string }[] };
      expect(body.page_number).toBe(n);
      expect(body.last_page).toBe(n === page.total_pages);
      if (wanted.includes(n)) for (const item of body.contents) ids.add(item.id);
    }
    expect(ids.size).toBe(4);
    for (const id of ids) {
      const url = `${api}/services/${id}`;
      const r = await get(url);
      okJson(r, url);
      expect(v.item('services', r.body), url).toEqual([]);
      expect((r.body as { id: string }).id).toBe(id);
    }
  }, SLOW);

  test('the other endpoints: list, pages and every item', async () => {
    const endpoints: Endpoint[] = ['service_at_locations', 'taxonomies', 'taxonomy_terms', 'organizations'];
    for (const endpoint of endpoints) {
      const first = await get(`${api}/${endpoint}`);
      okJson(first, endpoint);
      expect(v.page(endpoint, first.body), endpoint).toEqual([]);
      const { total_pages } = first.body as { total_pages: number };
      for (let n = 1; n <= total_pages; n++) {
        const r = await get(`${api}/${endpoint}/page/${n}`);
        okJson(r, `${endpoint}/page/${n}`);
        for (const item of (r.body as { contents: { id: string }[] }).contents) {
          const url = `${api}/${endpoint}/${item.id}`;
          const one = await get(url);
          okJson(one, url);
          expect(v.item(endpoint, one.body), url).toEqual([]);
        }
      }
    }
  }, SLOW);

  test('the .json files work directly too (what GitHub Pages serves), and unknown ids are 404', async () => {
    const direct = await get(`${api}/services.json`);
    okJson(direct, 'services.json');
    const id = (direct.body as { contents: { id: string }[] }).contents[0]!.id;
    okJson(await get(`${api}/services/${id}.json`), 'services/{id}.json');
    okJson(await get(`${api}/services/page/2.json`), 'services/page/2.json');
    expect((await get(`${api}/services/00000000-0000-4000-8000-000000000000`)).status).toBe(404);
  });

  test('CORS preflight, and CORS on the feeds, schemas and downloads', async () => {
    const preflight = await fetch(`${api}/services`, { method: 'OPTIONS' });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    for (const [path, type] of [
      ['/loop/feeds/v1/listings.json', 'application/json; charset=utf-8'],
      ['/loop/feeds/v1/changes.atom', 'application/atom+xml; charset=utf-8'],
      ['/loop/schemas/v1/listings.schema.json', 'application/json; charset=utf-8'],
      ['/loop/openapi.json', 'application/json; charset=utf-8'],
      ['/loop/downloads/services.ndjson', 'application/x-ndjson; charset=utf-8'],
      ['/loop/downloads/hsds/services.csv', 'text/csv; charset=utf-8'],
      ['/loop/downloads/loop-data.zip', 'application/zip'],
    ] as const) {
      const res = await fetch(`${server.url}${path}`);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('access-control-allow-origin'), path).toBe('*');
      expect(res.headers.get('content-type'), path).toBe(type);
      expect(res.headers.get('cache-control'), path).toBe('public, max-age=300');
    }
  });

  test('no header is set twice by overlapping rules (Cloudflare would join the values)', () => {
    const rules = parseHeaders(readFileSync(join(out, '_headers'), 'utf8'));
    const probe = ['/oruk/v3/services.json', '/feeds/v1/changes.atom', '/downloads/loop-data.zip', '/downloads/archive/2026.1.1/loop-data.zip', '/openapi.json', '/schemas/v1/x.schema.json'];
    for (const path of probe) {
      const names = rules.filter((r) => new RegExp(`^${r.pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`).test(path)).flatMap((r) => r.headers.map(([k]) => k.toLowerCase()));
      expect(names.length, path).toBe(new Set(names).size);
    }
    expect(parseRedirects(readFileSync(join(out, '_redirects'), 'utf8')).length).toBe(2 + 5 * 5);
  });
});

/**
 * The same walk against a GitHub-Pages-like server (tests/support/github-pages.ts): no rewrite rules, `/dir` -> 301
 * `/dir/` -> `dir/index.html`, `/x` -> `x.html`. The validator follows redirects and reads any body as JSON.
 */
describe.runIf(shared)('walking the ORUK API as GitHub Pages serves it', () => {
  let server: GitHubPagesServer;
  let out: string;
  let v: OrukValidators;
  let api: string;
  beforeAll(async () => {
    v = orukValidators(shared!.reference);
    out = mkdtempSync(join(tmpdir(), 'loop-walk-ghp-'));
    // The default page size: one page holds every item, because GitHub Pages cannot answer ?page=N.
    await publish(fixtureDataset(), out, { history: History.unavailable('test'), build: TEST_BUILD, dataDir: join(FIXTURE, 'data'), lockPath: join(out, 'no-lock.json') });
    server = await startGitHubPagesServer({ root: out, base: '/loop/' });
    api = `${server.url}/loop/oruk/v3`;
  });
  afterAll(async () => {
    await server?.close();
    if (out) rmSync(out, { recursive: true, force: true });
  });

  /** What the validator does with a response: follow redirects, parse the body as JSON whatever its type. */
  async function json(url: string): Promise<{ status: number; body: unknown; cors: string | null }> {
    const res = await fetch(url);
    const raw = await res.text();
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      body = undefined;
    }
    return { status: res.status, body, cors: res.headers.get('access-control-allow-origin') };
  }

  test('root discovery: GET {base} (redirected to {base}/) answers HSDS-UK-3.0, so the validator keeps the 3.0 profile', async () => {
    const res = await fetch(api, { redirect: 'manual' });
    expect(res.status).toBe(301);
    expect(res.headers.get('location')).toBe('/loop/oruk/v3/');
    for (const url of [api, `${api}/`]) {
      const r = await json(url);
      expect(r.status, url).toBe(200);
      expect(r.cors, url).toBe('*');
      expect((r.body as { version?: string } | undefined)?.version, url).toBe('HSDS-UK-3.0');
      expect(v.index(r.body), url).toEqual([]);
    }
  });

  test('all nine ORUK 3.0 GET endpoints (and HSDS /organizations), by id for every item, and ?page=1', async () => {
    const endpoints: Endpoint[] = ['services', 'service_at_locations', 'taxonomies', 'taxonomy_terms', 'organizations'];
    let items = 0;
    for (const endpoint of endpoints) {
      for (const url of [`${api}/${endpoint}`, `${api}/${endpoint}/`, `${api}/${endpoint}?page=1`]) {
        const r = await json(url);
        expect(r.status, url).toBe(200);
        expect(v.page(endpoint, r.body), url).toEqual([]);
        expect(r.body, url).toMatchObject({ page_number: 1, total_pages: 1, first_page: true, last_page: true });
      }
      const { contents } = (await json(`${api}/${endpoint}`)).body as { contents: { id: string }[] };
      expect(contents.length, endpoint).toBeGreaterThan(0);
      for (const { id } of contents) {
        const url = `${api}/${endpoint}/${id}`;
        const r = await json(url);
        expect(r.status, url).toBe(200);
        expect(r.cors, url).toBe('*');
        expect(v.item(endpoint, r.body), url).toEqual([]);
        expect((r.body as { id: string }).id).toBe(id);
        items++;
      }
    }
    expect(items).toBeGreaterThan(10);
    expect((await json(`${api}/services/00000000-0000-4000-8000-000000000000`)).status).toBe(404);
  }, SLOW);

  test('every path openapi.json declares answers at its server address, as GitHub Pages serves it', async () => {
    const doc = JSON.parse(readFileSync(join(out, 'openapi.json'), 'utf8')) as { servers: { url: string }[]; paths: Record<string, unknown> };
    expect(doc.servers[0]!.url).toBe('https://loop-leeds.github.io/loop');
    const local = `${server.url}/loop`;
    const firstIn = (dir: string, pick: (name: string) => boolean): string => {
      const found = readdirSync(join(out, dir), { withFileTypes: true }).find((e) => pick(e.name) && (e.isFile() || e.isDirectory()));
      if (!found) throw new Error(`nothing in ${dir} to try the path with`);
      return found.name;
    };
    let checked = 0;
    // Grouped slugs ({group}/{slug}) exist in the fixture for areas only (ward/...).
    const noInstance: string[] = [];
    for (const template of Object.keys(doc.paths)) {
      const folder = template.replace(/\/\{.*$/, '').replace(/^\//, '');
      let path = template;
      if (template.includes('{group}')) {
        if (!readdirSync(join(out, folder), { withFileTypes: true }).some((e) => e.isDirectory() && e.name !== 'page')) {
          noInstance.push(template);
          continue;
        }
        const group = firstIn(folder, (n) => !n.includes('.'));
        path = path.replace('{group}', group).replace('{slug}', firstIn(`${folder}/${group}`, (n) => n.endsWith('.json')).replace(/\.json$/, ''));
      } else if (template.includes('{id}') || template.includes('{slug}')) {
        const one = firstIn(folder, (n) => n.endsWith('.json') && n !== 'index.json').replace(/\.json$/, '');
        path = path.replace(/\{(id|slug)\}/, one);
      }
      const r = await json(`${local}${path}`);
      expect(r.status, `${template} -> ${path}`).toBe(200);
      if (!path.endsWith('.atom')) expect(r.body, `${template} -> ${path}`).toBeDefined();
      checked++;
    }
    expect(checked).toBeGreaterThan(20);
    expect(noInstance).not.toContain('/feeds/v1/areas/{group}/{slug}.json');
  }, SLOW);

  test('the server maps paths as GitHub Pages does', () => {
    expect(githubPagesAnswer(out, '/oruk/v3')).toEqual({ status: 301, location: '/oruk/v3/' });
    expect(githubPagesAnswer(out, '/oruk/v3/')).toEqual({ status: 200, file: join(out, 'oruk/v3/index.html') });
    expect(githubPagesAnswer(out, '/oruk/v3/services')).toEqual({ status: 301, location: '/oruk/v3/services/' });
    expect(githubPagesAnswer(out, '/oruk/v3/nothing')).toEqual({ status: 404 });
    expect(githubPagesAnswer(out, '/oruk/v3/../../../etc/passwd')).toEqual({ status: 404 });
  });
});
