/**
 * `loop serve` faces whatever a browser, a crawler or an attacker sends. Requests go over raw TCP so each request
 * line is exactly as written (fetch would normalise it): every one gets a 4xx answer or a page, never a crash, and no
 * redirect sends the browser to another site.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { redirectLocation } from '../../src/serve/rules.ts';
import { requestUrl, startStaticServer, type StaticServer } from '../../src/serve/server.ts';

interface RawResponse {
  status: number;
  headers: Map<string, string>;
  raw: string;
}

/** Sends `requestLine` as it is and reads the whole answer (the server closes the connection after it). */
function raw(server: StaticServer, requestLine: string, extraHeaders = ''): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = connect(server.port, '127.0.0.1');
    let data = '';
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => (data += chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const [head = ''] = data.split('\r\n\r\n');
      const [statusLine = '', ...lines] = head.split('\r\n');
      const headers = new Map<string, string>();
      for (const line of lines) {
        const i = line.indexOf(':');
        if (i > 0) headers.set(line.slice(0, i).trim().toLowerCase(), line.slice(i + 1).trim());
      }
      resolve({ status: Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1] ?? 0), headers, raw: data });
    });
    socket.write(`${requestLine}\r\nHost: 127.0.0.1\r\nConnection: close\r\n${extraHeaders}\r\n`, 'latin1');
  });
}

/** A Location a browser would follow to another site: protocol-relative, backslashed or absolute elsewhere. */
function leavesSite(location: string | undefined): boolean {
  if (location === undefined) return false;
  if (/^\s*[/\\]{2}/.test(location)) return true;
  const resolved = new URL(location, 'http://127.0.0.1/');
  return resolved.host !== '127.0.0.1' && resolved.host !== 'docs.example.org';
}

const REDIRECTS = [
  '/go/:to /:to 301',
  '/old/* /:splat 301',
  '/q to=:to /:to 302',
  '/docs/* https://docs.example.org/:splat 301',
  '/host/:h https://:h/ 301',
  '/scheme/:s :s://evil.example/ 301',
  '/rewrite/* /:splat 200',
].join('\n');

const HOSTILE = [
  '//[',
  '/[',
  '//evil.example',
  '//evil.example/',
  '///evil.example/about',
  '/\\evil.example',
  '/\\\\evil.example',
  '/%2F%2Fevil.example',
  '/%5C%5Cevil.example',
  '/..',
  '/../../../../etc/passwd',
  '/%2e%2e/%2e%2e/etc/passwd',
  '/about/..%2f..%2f..%2fetc%2fpasswd',
  '/%00',
  '/a%00b',
  '/%',
  '/%zz',
  '/%E0%A4%A',
  '/?%',
  '/about?x=%0d%0aSet-Cookie:%20a=1',
  '/about//',
  '//about',
  '/@evil.example',
  '/:',
  '*',
  'http://evil.example/',
  'http://[/',
  'evil.example',
  `/${'a'.repeat(20_000)}`,
  '/go/%2F%2Fevil.example',
  '/go/%5Cevil.example',
  '/go/%0d%0aSet-Cookie:%20a=1',
  '/go/%E2%80%AE',
  '/old//evil.example',
  '/old/%2F%2Fevil.example',
  '/old/%2F%5Cevil.example',
  '/q?to=//evil.example',
  '/q?to=%2F%2Fevil.example',
  '/q?to=\\evil.example',
  '/q?to=%0d%0aSet-Cookie:%20a=1',
  '/q?to=http://evil.example/',
  '/host/evil.example',
  '/scheme/javascript',
  '/rewrite/%2e%2e/%2e%2e/etc/passwd',
  '/rewrite/..%2f..%2fetc%2fpasswd',
  '/docs/%2F%2Fevil.example',
];

/** Deterministic pseudo-random paths from the characters that parsers trip over. */
function* generated(count: number): Generator<string> {
  const alphabet = ['/', '/', '\\', '%', '%2', '%2f', '%5c', '%00', '%e0', '.', '..', ':', '@', '[', ']', '?', '#', '=', 'a', 'go', 'old', 'q', 'to', '~', ';', '&'];
  let seed = 20_261_124;
  const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648);
  for (let i = 0; i < count; i++) {
    let path = '/';
    const length = 1 + (next() % 12);
    for (let j = 0; j < length; j++) path += alphabet[next() % alphabet.length];
    yield path;
  }
}

let server: StaticServer;
let based: StaticServer;
beforeAll(async () => {
  const root = mkdtempSync(join(tmpdir(), 'loop-serve-hostile-'));
  mkdirSync(join(root, 'about'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<h1>home</h1>');
  writeFileSync(join(root, 'about/index.html'), '<h1>about</h1>');
  writeFileSync(join(root, '404.html'), '<h1>not found</h1>');
  writeFileSync(join(root, '_redirects'), `${REDIRECTS}\n`);
  writeFileSync(join(root, '_headers'), '/*\n  X-Content-Type-Options: nosniff\n');
  server = await startStaticServer({ root, port: 0 });
  based = await startStaticServer({ root, port: 0, base: '/loop/' });
});
afterAll(async () => {
  await server.close();
  await based.close();
});

describe('loop serve survives hostile requests', () => {
  test('GET //[ is an answer (a path that does not exist), and the server still serves the next request', async () => {
    const bad = await raw(server, 'GET //[ HTTP/1.1');
    expect(bad.status).toBe(404);
    const good = await raw(server, 'GET / HTTP/1.1');
    expect(good.status).toBe(200);
    expect(good.raw).toContain('<h1>home</h1>');
  });

  test.each([
    ['server at /', () => server, ''],
    ['server under /loop/', () => based, '/loop'],
  ])('every hostile path gets an answer below 500 and no off-site Location (%s)', async (_name, which, prefix) => {
    const target = which();
    const paths = [...HOSTILE, ...generated(300)];
    for (const path of paths) {
      for (const method of ['GET', 'HEAD']) {
        const line = path.startsWith('/') ? `${method} ${prefix}${path} HTTP/1.1` : `${method} ${path} HTTP/1.1`;
        const response = await raw(target, line);
        expect(response.status, line).toBeGreaterThanOrEqual(200);
        expect(response.status, line).toBeLessThan(500);
        expect(leavesSite(response.headers.get('location')), `${line} -> ${response.headers.get('location')}`).toBe(false);
        expect(response.headers.has('set-cookie'), line).toBe(false);
        expect(response.raw, line).not.toContain('root:');
      }
    }
    expect((await raw(target, `GET ${prefix}/about/ HTTP/1.1`)).status).toBe(200);
  });

  test('traversal and NUL bytes are 404s, malformed targets 400s', async () => {
    for (const path of ['//[', '/../../../../etc/passwd', '/%2e%2e/%2e%2e/etc/passwd', '/about/..%2f..%2fetc%2fpasswd', '/%00', '/%zz']) {
      expect((await raw(server, `GET ${path} HTTP/1.1`)).status, path).toBe(404);
    }
    for (const target of ['*', 'evil.example', 'http://[/']) {
      expect((await raw(server, `GET ${target} HTTP/1.1`)).status, target).toBe(400);
    }
    expect((await raw(server, `GET /${'a'.repeat(9000)} HTTP/1.1`)).status).toBe(414);
  });

  test('redirects stay on the site whatever the placeholders hold', async () => {
    const cases: [string, string][] = [
      ['/go/%2F%2Fevil.example', '/evil.example'],
      ['/old/%2F%2Fevil.example', '/evil.example'],
      ['/q?to=//evil.example', '/evil.example'],
      ['/q?to=%5Cevil.example', '/%5Cevil.example'],
      ['/q?to=%0d%0aSet-Cookie:%20a=1', '/%0D%0ASet-Cookie:%20a=1'],
      ['//about', '/about/'],
      ['/docs/guide', 'https://docs.example.org/guide'],
    ];
    for (const [path, location] of cases) {
      const response = await raw(server, `GET ${path} HTTP/1.1`);
      expect(response.status, path).toBeGreaterThanOrEqual(301);
      expect(response.headers.get('location'), path).toBe(location);
    }
    // A host or scheme that a placeholder would fill is never sent.
    expect((await raw(server, 'GET /host/evil.example HTTP/1.1')).status).toBe(400);
    expect((await raw(server, 'GET /scheme/javascript HTTP/1.1')).status).toBe(400);
    const folder = await raw(based, 'GET /loop//about HTTP/1.1');
    expect(folder.headers.get('location')).toBe('/loop/about/');
  });
});

describe('the pieces', () => {
  test('request targets are parsed as paths, never as hosts', () => {
    expect(requestUrl('//evil.example/x')?.host).toBe('localhost');
    expect(requestUrl('//evil.example/x')?.pathname).toBe('/evil.example/x');
    expect(requestUrl('//[')?.pathname).toBe('/[');
    expect(requestUrl('/\\\\evil.example')?.pathname).toBe('/evil.example');
    expect(requestUrl('*')).toBeNull();
    expect(requestUrl('http://[/')).toBeNull();
  });
  test('a Location is one-slash local, or the off-site address its rule names', () => {
    expect(redirectLocation('/', { to: '//evil.example', status: 301 })).toBe('/evil.example');
    expect(redirectLocation('/loop/', { to: '/\\evil.example', status: 301 })).toBe('/loop/evil.example');
    expect(redirectLocation('/', { to: 'https://evil.example/', status: 301, written: 'https://:h/' })).toBeNull();
    expect(redirectLocation('/', { to: 'https://docs.example.org/x', status: 301, written: 'https://docs.example.org/:splat' })).toBe('https://docs.example.org/x');
    expect(redirectLocation('/', { to: 'evil.example', status: 301 })).toBeNull();
  });
});
