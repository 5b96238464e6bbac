import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { findRedirect, matchPattern, parseHeaders, parseRedirects } from '../../src/serve/rules.ts';
import { startStaticServer, type StaticServer } from '../../src/serve/server.ts';

describe('hosting rules', () => {
  test('patterns with placeholders and splats', () => {
    expect(matchPattern('/oruk/v3/services/:id', '/oruk/v3/services/abc')).toEqual({ id: 'abc' });
    expect(matchPattern('/feeds/*', '/feeds/v1/listings.json')).toEqual({ splat: 'v1/listings.json' });
    expect(matchPattern('/a/*/b/:x', '/a/one/two/b/three')).toEqual({ splat: 'one/two', x: 'three' });
    expect(matchPattern('/oruk/v3/services/:id', '/oruk/v3/services/a/b')).toBeNull();
    expect(matchPattern('/x.json', '/xxjson')).toBeNull();
  });
  test('parses _headers and _redirects', () => {
    expect(parseHeaders('# c\n/oruk/*\n  Access-Control-Allow-Origin: *\n  Content-Type: application/json\n/x\n  A: b\n')).toEqual([
      { pattern: '/oruk/*', headers: [['Access-Control-Allow-Origin', '*'], ['Content-Type', 'application/json']] },
      { pattern: '/x', headers: [['A', 'b']] },
    ]);
    const rules = parseRedirects('/s page=:page /s/page/:page.json 200\n/s /s.json 200\n/old /new 301!\n');
    expect(rules).toHaveLength(3);
    expect(findRedirect(rules, '/s', new URLSearchParams('page=3'), () => false)).toEqual({ to: '/s/page/3.json', status: 200 });
    expect(findRedirect(rules, '/s', new URLSearchParams(''), () => false)).toEqual({ to: '/s.json', status: 200 });
    expect(findRedirect(rules, '/old', new URLSearchParams(''), () => true)).toEqual({ to: '/new', status: 301 });
  });
});

describe('static server', () => {
  let server: StaticServer;
  beforeAll(async () => {
    const root = mkdtempSync(join(tmpdir(), 'loop-serve-'));
    mkdirSync(join(root, 'oruk/v3/services/page'), { recursive: true });
    mkdirSync(join(root, 'about'), { recursive: true });
    writeFileSync(join(root, 'index.html'), '<h1>home</h1>');
    writeFileSync(join(root, 'about/index.html'), '<h1>about</h1>');
    writeFileSync(join(root, '404.html'), '<h1>not found</h1>');
    writeFileSync(join(root, 'oruk/v3/services.json'), '{"page":1}');
    writeFileSync(join(root, 'oruk/v3/services/page/2.json'), '{"page":2}');
    writeFileSync(join(root, '_headers'), '/oruk/*\n  Access-Control-Allow-Origin: *\n  Content-Type: application/json; charset=utf-8\n');
    writeFileSync(join(root, '_redirects'), '/oruk/v3/services page=:page /oruk/v3/services/page/:page.json 200\n/oruk/v3/services /oruk/v3/services.json 200\n');
    writeFileSync(join(tmpdir(), 'secret.txt'), 'secret');
    server = await startStaticServer({ root, port: 0 });
  });
  afterAll(() => server.close());

  test('serves files, folders and a 404 page', async () => {
    expect(await (await fetch(`${server.url}/`)).text()).toBe('<h1>home</h1>');
    expect(await (await fetch(`${server.url}/about/`)).text()).toBe('<h1>about</h1>');
    const redirect = await fetch(`${server.url}/about`, { redirect: 'manual' });
    expect(redirect.status).toBe(301);
    expect(redirect.headers.get('location')).toBe('/about/');
    const missing = await fetch(`${server.url}/nope`);
    expect(missing.status).toBe(404);
    expect(await missing.text()).toBe('<h1>not found</h1>');
  });
  test('honours _headers and _redirects, including ?page=N', async () => {
    const all = await fetch(`${server.url}/oruk/v3/services`);
    expect(all.status).toBe(200);
    expect(all.headers.get('access-control-allow-origin')).toBe('*');
    expect(all.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await all.json()).toEqual({ page: 1 });
    expect(await (await fetch(`${server.url}/oruk/v3/services?page=2`)).json()).toEqual({ page: 2 });
  });
  test('never serves files outside its folder', async () => {
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt', '/%00']) {
      const res = await fetch(`${server.url}${path}`);
      expect(res.status, path).toBe(404);
    }
  });
  test('rejects methods other than GET, HEAD and OPTIONS', async () => {
    expect((await fetch(`${server.url}/`, { method: 'POST' })).status).toBe(405);
    const options = await fetch(`${server.url}/oruk/v3/services.json`, { method: 'OPTIONS' });
    expect(options.status).toBe(204);
    expect(options.headers.get('access-control-allow-origin')).toBe('*');
  });
});
