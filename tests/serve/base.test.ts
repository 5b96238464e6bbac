import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startStaticServer, type StaticServer } from '../../src/serve/server.ts';

// The site is built for https://loop-leeds.github.io/loop/, so `npm start` serves it under /loop/ too.
let server: StaticServer;
beforeAll(async () => {
  const root = mkdtempSync(join(tmpdir(), 'loop-serve-base-'));
  mkdirSync(join(root, 'about'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<h1>home</h1>');
  writeFileSync(join(root, 'about/index.html'), '<h1>about</h1>');
  writeFileSync(join(root, '404.html'), '<h1>not found</h1>');
  writeFileSync(join(root, '_redirects'), '/old /about/ 301\n');
  server = await startStaticServer({ root, port: 0, base: '/loop' });
});
afterAll(() => server.close());

test('serves the site under its base path', async () => {
  expect(await (await fetch(`${server.url}/loop/`)).text()).toBe('<h1>home</h1>');
  expect(await (await fetch(`${server.url}/loop/about/`)).text()).toBe('<h1>about</h1>');
});
test('"/" and the bare base lead to the home page; folders get their slash under the base', async () => {
  for (const path of ['/', '/loop']) {
    const response = await fetch(`${server.url}${path}`, { redirect: 'manual' });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/loop/');
  }
  const folder = await fetch(`${server.url}/loop/about?x=1`, { redirect: 'manual' });
  expect(folder.status).toBe(301);
  expect(folder.headers.get('location')).toBe('/loop/about/?x=1');
  const moved = await fetch(`${server.url}/loop/old`, { redirect: 'manual' });
  expect(moved.headers.get('location')).toBe('/loop/about/');
});
test('nothing outside the base, and missing pages get the 404 page', async () => {
  const outside = await fetch(`${server.url}/about/`);
  expect(outside.status).toBe(404);
  expect(await outside.text()).toBe('<h1>not found</h1>');
  const missing = await fetch(`${server.url}/loop/nope/`);
  expect(missing.status).toBe(404);
  expect(await missing.text()).toBe('<h1>not found</h1>');
});
