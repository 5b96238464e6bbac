/** The static server mounts dist/ at the site's base path, as GitHub Pages does for a project site. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startStaticServer, type StaticServer } from '../../src/serve/server.ts';

describe('static server under a base path', () => {
  let server: StaticServer;
  beforeAll(async () => {
    const root = mkdtempSync(join(tmpdir(), 'loop-serve-base-'));
    mkdirSync(join(root, 'oruk/v3/services'), { recursive: true });
    writeFileSync(join(root, 'index.html'), '<h1>home</h1>');
    writeFileSync(join(root, '404.html'), '<h1>not found</h1>');
    writeFileSync(join(root, 'oruk/v3/services.json'), '{"page":1}');
    writeFileSync(join(root, 'oruk/v3/services/abc.json'), '{"id":"abc"}');
    writeFileSync(join(root, '_headers'), '/loop/oruk/*\n  Access-Control-Allow-Origin: *\n');
    writeFileSync(join(root, '_redirects'), '/loop/oruk/v3/services /loop/oruk/v3/services.json 200\n/loop/oruk/v3/services/:id /loop/oruk/v3/services/:id.json 200\n');
    server = await startStaticServer({ root, port: 0, base: '/loop/' });
  });
  afterAll(() => server.close());

  test('serves files under the base, rewritten by the rules written with the base', async () => {
    expect(await (await fetch(`${server.url}/loop/`)).text()).toBe('<h1>home</h1>');
    const list = await fetch(`${server.url}/loop/oruk/v3/services`);
    expect(list.headers.get('access-control-allow-origin')).toBe('*');
    expect(await list.json()).toEqual({ page: 1 });
    expect(await (await fetch(`${server.url}/loop/oruk/v3/services/abc`)).json()).toEqual({ id: 'abc' });
    expect(await (await fetch(`${server.url}/loop/oruk/v3/services/abc.json`)).json()).toEqual({ id: 'abc' });
  });

  test('the root and the bare base redirect to the base; paths outside it are 404', async () => {
    for (const path of ['/', '/loop']) {
      const res = await fetch(`${server.url}${path}`, { redirect: 'manual' });
      expect(res.status, path).toBe(301);
      expect(res.headers.get('location')).toBe('/loop/');
    }
    expect((await fetch(`${server.url}/oruk/v3/services.json`)).status).toBe(404);
    expect((await fetch(`${server.url}/loopy/index.html`)).status).toBe(404);
  });
});
