/**
 * The ORUK importer over HTTP, against a local server (tests never touch the network): HSDS paging, legacy Spring
 * paging (zero-based), LOOP's static API layout, full records from /services/{id}, retries, timeouts, and the
 * plain errors people get when an address is not an ORUK API.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { fetchJson } from '../../src/importers/formats/http.ts';
import { readOruk } from '../../src/importers/formats/oruk.ts';
import { errorsOf, exampleCopy, importJson, read, validate } from './support.ts';

type Json = Record<string, unknown>;

function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => [relative(dir, join(e.parentPath, e.name)), readFileSync(join(e.parentPath, e.name), 'utf8')]));
}

const ORG = { id: '6c1b2a3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d', name: 'Otley Walking Friends', description: 'Walks around Otley.' };
const ids = [1, 2, 3, 4, 5].map((n) => `1a2b3c4d-0000-4000-8000-00000000000${n}`);
const full = (i: number): Json => ({
  id: ids[i],
  name: `Otley Walk ${i + 1}`,
  description: `<p>Walk number ${i + 1}, about an hour.</p>`,
  status: 'active',
  organization: ORG,
  phones: [{ number: `0113 496 08${i}0` }],
});
const listEntry = (i: number): Json => ({ id: ids[i], name: `Otley Walk ${i + 1}`, status: 'active', organization: ORG });

const hits: string[] = [];
let flaky = 0;
let resets = 0;
let server: Server;
let other: Server;
let base = '';
/** The same server at another address: another host, as a redirect sees it. */
let otherBase = '';

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

function handle(req: IncomingMessage, res: ServerResponse) {
  const url = new URL(req.url ?? '/', 'http://localhost');
  hits.push(`${url.pathname}${url.search}`);
  const page = Number(url.searchParams.get('page') ?? '1');
  const path = url.pathname;
  if (path === '/api/' || path === '/api') return json(res, 200, { version: 'HSDS-UK-3.0', profile: 'https://openreferraluk.org' });
  if (path === '/api/services') {
    const size = 2;
    const items = ids.slice((page - 1) * size, page * size).map((_, k) => listEntry((page - 1) * size + k));
    return json(res, 200, { total_items: 5, total_pages: 3, page_number: page, size, first_page: page === 1, last_page: page === 3, empty: !items.length, contents: items });
  }
  const detail = /^\/(api|static)\/services\/([^/]+?)(\.json)?$/.exec(path);
  if (detail && detail[2] !== 'page') {
    const i = ids.indexOf(detail[2]!);
    if (i === 3) return json(res, 404, { error: 'gone' });
    return i < 0 ? json(res, 404, {}) : json(res, 200, full(i));
  }
  if (path === '/spring/services') {
    // Zero-based, Spring Data style: "page=1" is the second page.
    const items = ids.slice(page * 2, page * 2 + 2).map((_, k) => full(page * 2 + k));
    return json(res, 200, { totalElements: 5, totalPages: 3, number: page, size: 2, first: page === 0, last: page === 2, empty: !items.length, content: items });
  }
  if (path === '/static/services.json') return json(res, 200, { total_items: 5, total_pages: 2, page_number: 1, size: 3, first_page: true, last_page: false, contents: ids.slice(0, 3).map((_, i) => listEntry(i)) });
  if (path === '/static/services/page/2.json') return json(res, 200, { total_items: 5, total_pages: 2, page_number: 2, size: 3, first_page: false, last_page: true, contents: ids.slice(3).map((_, i) => listEntry(i + 3)) });
  if (path === '/flaky/services') {
    flaky++;
    if (flaky === 1) return json(res, 503, { error: 'busy' }, { 'retry-after': '0' });
    return json(res, 200, { total_items: 1, total_pages: 1, page_number: 1, contents: [full(0)] });
  }
  if (path === '/html/services') {
    res.writeHead(200, { 'content-type': 'text/html' });
    return res.end('<!doctype html><html><body>Please log in</body></html>');
  }
  if (path === '/ignores-page/services') return json(res, 200, { total_items: 6, total_pages: 3, page_number: 1, contents: [full(0), full(1)] });
  if (path === '/slow/services') return; // never answers
  if (path === '/resets-once/services') {
    // The idle keep-alive race: the connection dies before any answer, once.
    resets++;
    if (resets === 1) return req.socket.destroy();
    return json(res, 200, { total_items: 1, total_pages: 1, page_number: 1, contents: [full(0)] });
  }
  if (path === '/always-resets/services') return req.socket.destroy();
  if (path === '/endless/services') {
    // Always another page of new services, and never a last one.
    const id = (k: number) => `2b3c4d5e-0000-4000-8000-${String(page * 10 + k).padStart(12, '0')}`;
    return json(res, 200, { page_number: page, first_page: page === 1, last_page: false, contents: [0, 1].map((k) => ({ ...listEntry(0), id: id(k), name: `Walk ${page}.${k}` })) });
  }
  if (path === '/elsewhere/services') {
    res.writeHead(302, { location: `${otherBase}/api/services${url.search}` });
    return res.end();
  }
  if (path === '/moved/services') {
    res.writeHead(301, { location: `/api/services${url.search}` });
    return res.end();
  }
  if (path === '/round/services') {
    res.writeHead(302, { location: '/round/services' });
    return res.end();
  }
  if (path === '/huge/services') {
    // Chunked, so no Content-Length gives the size away.
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write('{"contents": [');
    for (let i = 0; i < 100; i++) res.write(`${i ? ',' : ''}${JSON.stringify({ ...full(0), description: 'x'.repeat(1000) })}`);
    return res.end(']}');
  }
  if (path === '/declared-huge/services') {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': '5000000' });
    return res.end('{}'.padEnd(5_000_000));
  }
  res.writeHead(404).end();
}

beforeAll(async () => {
  server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  other = createServer(handle);
  await new Promise<void>((resolve) => other.listen(0, '127.0.0.2', resolve));
  otherBase = `http://127.0.0.2:${(other.address() as AddressInfo).port}`;
});
afterAll(async () => {
  for (const s of [server, other]) {
    s.closeAllConnections();
    await new Promise((resolve) => s.close(resolve));
  }
});

describe('walking an ORUK API', () => {
  test('follows total_pages, then fetches each full record; a missing one falls back to its list entry', async () => {
    hits.length = 0;
    const batch = await readOruk(`${base}/api/`, { fetch: { retries: 0 } });
    expect(hits.filter((h) => h.startsWith('/api/services?'))).toEqual(['/api/services?page=1&per_page=100', '/api/services?page=2&per_page=100', '/api/services?page=3&per_page=100']);
    expect(hits.filter((h) => /^\/api\/services\/./.test(h))).toHaveLength(5);
    const services = batch.records.filter((r) => r.kind === 'service');
    expect(services.map((s) => s.fields.name)).toEqual(['Otley Walk 1', 'Otley Walk 2', 'Otley Walk 3', 'Otley Walk 4', 'Otley Walk 5']);
    expect(services[0]!.fields.phones).toEqual([{ number: '0113 496 0800' }]);
    expect(services[3]!.fields.phones).toBeUndefined();
    expect(services[0]!.url).toBe(`${base}/api/services/${ids[0]}`);
    expect(batch.complete).toBe(true);
    expect(batch.problems.some((p) => /could not fetch the full record \(the server answered 404/.test(p.message))).toBe(true);
  });

  test('legacy Spring paging, zero-based, is walked to the end', async () => {
    hits.length = 0;
    const batch = await readOruk(`${base}/spring/services`, { details: false, fetch: { retries: 0 } });
    expect(batch.records.filter((r) => r.kind === 'service')).toHaveLength(5);
    expect(hits).toEqual(expect.arrayContaining(['/spring/services?page=0&per_page=100', '/spring/services?page=1&per_page=100', '/spring/services?page=2&per_page=100']));
  });

  test("LOOP's static layout: services.json, then services/page/<n>.json and services/<id>.json", async () => {
    hits.length = 0;
    const batch = await readOruk(`${base}/static/services.json`, { fetch: { retries: 0 } });
    expect(batch.records.filter((r) => r.kind === 'service')).toHaveLength(5);
    expect(hits).toEqual(expect.arrayContaining(['/static/services.json', '/static/services/page/2.json', `/static/services/${ids[0]}.json`]));
  });

  test('a static API on a host without rewrites (GitHub Pages) is found at its .json names from the API root', async () => {
    hits.length = 0;
    const batch = await readOruk(`${base}/static/`, { fetch: { retries: 0 } });
    expect(batch.records.filter((r) => r.kind === 'service')).toHaveLength(5);
    expect(hits).toEqual(expect.arrayContaining(['/static/services', '/static/services.json', '/static/services/page/2.json']));
    expect(batch.problems.some((p) => /read as a static ORUK API/.test(p.message))).toBe(true);
  });

  test('--max-pages with --partial makes a partial walk: nothing may be called missing', async () => {
    const batch = await readOruk(`${base}/api/services`, { maxPages: 1, partial: true, details: false, fetch: { retries: 0 } });
    expect(batch.complete).toBe(false);
    expect(batch.records.filter((r) => r.kind === 'service')).toHaveLength(2);
  });

  test('a server that ignores "page" is an error naming the page, not a loop and not a short read called complete', async () => {
    await expect(readOruk(`${base}/ignores-page/services`, { details: false, fetch: { retries: 0 } })).rejects.toThrow(
      new RegExp(`^${base}/ignores-page/services\\?page=2&per_page=100 holds only services already read on earlier pages: the API seems to ignore "page", or its pages repeat; nothing was imported`),
    );
    const partial = await readOruk(`${base}/ignores-page/services`, { partial: true, details: false, fetch: { retries: 0 } });
    expect(partial.complete).toBe(false);
    expect(partial.records.filter((r) => r.kind === 'service')).toHaveLength(2);
  });
});

describe('limits on walking an API', () => {
  test('an API with endless pages stops at the page cap with an error naming the address and the cap', async () => {
    hits.length = 0;
    await expect(readOruk(`${base}/endless/services`, { maxPages: 4, details: false, fetch: { retries: 0 } })).rejects.toThrow(
      `${base}/endless/services has more than 4 pages of services (the --max-pages cap): nothing was imported, because a partial read could later mark records missing. Raise --max-pages, or add --partial to import only the first 4`,
    );
    expect(hits).toHaveLength(4);
  });

  test('there is a page cap by default', async () => {
    const { DEFAULT_MAX_PAGES } = await import('../../src/importers/formats/oruk.ts');
    expect(DEFAULT_MAX_PAGES).toBe(2_000);
    await expect(readOruk(`${base}/endless/services`, { details: false, fetch: { retries: 0 } })).rejects.toThrow(/has more than 2,000 pages of services \(the --max-pages cap\)/);
  });

  test('the record cap is an error too', async () => {
    await expect(readOruk(`${base}/api/services`, { maxRecords: 3, details: false, fetch: { retries: 0 } })).rejects.toThrow(
      new RegExp(`^${base}/api/services has more than 3 services \\(the --max-records cap\\), reached at ${base}/api/services\\?page=2&per_page=100: nothing was imported`),
    );
    const partial = await readOruk(`${base}/api/services`, { maxRecords: 3, partial: true, details: false, fetch: { retries: 0 } });
    expect(partial.complete).toBe(false);
  });

  test('a response over the size cap is an error naming the address, whether or not it says its size', async () => {
    await expect(fetchJson(`${base}/huge/services`, { retries: 0, maxBytes: 10_000 })).rejects.toThrow(`${base}/huge/services answered with more than the 0.01 MB limit for one response`);
    await expect(fetchJson(`${base}/declared-huge/services`, { retries: 0, maxBytes: 1_000_000 })).rejects.toThrow(`${base}/declared-huge/services answered with 5 MB, more than the 1 MB limit for one response`);
    await expect(readOruk(`${base}/huge/services`, { details: false, fetch: { retries: 0, maxBytes: 10_000 } })).rejects.toThrow(/limit for one response/);
  });

  test('a redirect on the same host is followed; one to another host is an error unless allowed, and then reported', async () => {
    const moved = await readOruk(`${base}/moved/services`, { details: false, fetch: { retries: 0 } });
    expect(moved.records.filter((r) => r.kind === 'service')).toHaveLength(5);
    expect(moved.problems.filter((p) => /another host/.test(p.message))).toEqual([]);

    await expect(readOruk(`${base}/elsewhere/services`, { details: false, fetch: { retries: 0 } })).rejects.toThrow(
      `${base}/elsewhere/services?page=1&per_page=100 redirects to another host, 127.0.0.2 (${otherBase}/api/services?page=1&per_page=100); not followed`,
    );
    const allowed = await readOruk(`${base}/elsewhere/services`, { details: false, fetch: { retries: 0, allowRedirectHost: true } });
    expect(allowed.records.filter((r) => r.kind === 'service')).toHaveLength(5);
    const warnings = allowed.problems.filter((p) => p.severity === 'warning' && /redirected to another host/.test(p.message));
    // Said once, not once per page.
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.message).toContain(`${otherBase}/api/services`);
  });

  test('a redirect loop stops after a few hops', async () => {
    hits.length = 0;
    await expect(fetchJson(`${base}/round/services`, { retries: 0 })).rejects.toThrow(`${base}/round/services redirected more than 5 times`);
    expect(hits).toHaveLength(6);
  });

  test('the CLI: a walk that hits a cap exits 1, names the address and the cap, and writes nothing', async () => {
    const dir = exampleCopy();
    const before = snapshot(join(dir, 'data'));
    const { runLoop } = await import('../support/cli.ts');
    const capped = await runLoop(['import', 'oruk', `${base}/endless/services`, '--data', join(dir, 'data'), '--retries', '0', '--list-only', '--max-pages', '3', '--write'], { cwd: dir });
    expect(capped.code).toBe(1);
    expect(capped.stderr).toContain(`loop import: ${base}/endless/services has more than 3 pages of services (the --max-pages cap)`);
    const elsewhere = await runLoop(['import', 'oruk', `${base}/elsewhere/services`, '--data', join(dir, 'data'), '--retries', '0', '--write'], { cwd: dir });
    expect(elsewhere.code).toBe(1);
    expect(elsewhere.stderr).toMatch(/redirects to another host, 127\.0\.0\.2 .*--allow-redirect-host/);
    expect(snapshot(join(dir, 'data'))).toEqual(before);
    const allowed = await importJson(dir, 'oruk', `${base}/elsewhere/services`, '--system', 'Otley walks', '--retries', '0', '--list-only', '--allow-redirect-host');
    expect(JSON.stringify(allowed.report)).toMatch(/redirected to another host/);
  });
});

describe('when the server misbehaves', () => {
  test('a 503 with Retry-After is retried', async () => {
    flaky = 0;
    expect(await fetchJson(`${base}/flaky/services`, { retries: 2, backoffMs: 10 })).toMatchObject({ total_items: 1 });
    expect(flaky).toBe(2);
  });
  test('an HTML page is a clear error, not a crash', async () => {
    await expect(fetchJson(`${base}/html/services`, { retries: 0 })).rejects.toThrow(/answered with text\/html, not JSON \(it starts "<!doctype html><html><body>Please log in/);
  });
  test('a 404 is not retried', async () => {
    hits.length = 0;
    await expect(fetchJson(`${base}/nowhere`, { retries: 3, backoffMs: 10 })).rejects.toThrow(/answered 404/);
    expect(hits).toEqual(['/nowhere']);
  });
  test('a connection closed before any answer is sent again once, even with no retries; a server that always does so is an error', async () => {
    resets = 0;
    await expect(fetchJson(`${base}/resets-once/services`, { retries: 0 })).resolves.toMatchObject({ total_items: 1 });
    expect(resets).toBe(2);
    await expect(fetchJson(`${base}/always-resets/services`, { retries: 0 })).rejects.toThrow(/gave up after 2 tries: (ECONNRESET|UND_ERR_SOCKET|EPIPE|other side closed)/);
  });
  test('a server that never answers times out', async () => {
    await expect(fetchJson(`${base}/slow/services`, { timeoutMs: 300, retries: 1, backoffMs: 10 })).rejects.toThrow(/gave up after 2 tries: no answer within 0 s|gave up after 2 tries/);
  });
  test('the CLI reports a failed walk with exit 1 and writes nothing', async () => {
    const dir = exampleCopy();
    const { code, stderr } = await import('../support/cli.ts').then(({ runLoop }) => runLoop(['import', 'oruk', `${base}/html/services`, '--data', join(dir, 'data'), '--retries', '0', '--write'], { cwd: dir }));
    expect(code).toBe(1);
    expect(stderr).toMatch(/loop import: the server answered with text\/html, not JSON/);
  });
});

test('end to end over HTTP: import, validate, import again with no changes', async () => {
  const dir = exampleCopy();
  const first = await importJson(dir, 'oruk', `${base}/api/services`, '--system', 'Otley walks', '--write', '--retries', '0');
  expect(first.report.created.filter((c) => c.kind === 'service')).toHaveLength(5);
  expect(errorsOf(validate(dir))).toEqual([]);
  // The test server's addresses are loopback, which no published listing may link to: the provenance entry stays,
  // its address is left out, and the report says so.
  const provenance = parse(read(dir, 'services/otley-walking-friends/otley-walk-1.yaml')).provenance[0];
  expect(provenance).toMatchObject({ system: 'Otley walks', id: ids[0] });
  expect(provenance.url).toBeUndefined();
  expect(first.report.problems.filter((p) => /^provenance\.0\.url: .*that value was left out/.test(p.message))).toHaveLength(5);
  const second = await importJson(dir, 'oruk', `${base}/api/services`, '--system', 'Otley walks', '--write', '--retries', '0');
  expect(second.report.created).toEqual([]);
  expect(second.report.updated).toEqual([]);
});
