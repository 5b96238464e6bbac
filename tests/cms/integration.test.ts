/** The Astro integration puts the form's scripts into the build and serves them in `astro dev`. */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, expect, test } from 'vitest';
import { ADMIN_SCRIPT, DECAP_DIST } from '../../src/cms/assets.ts';
import { cms } from '../../src/integrations/cms.ts';
import { repoRoot } from '../support/shared.ts';

type Middleware = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;
type Hook = (options: unknown) => unknown;
const hooks = cms().hooks as Record<string, Hook>;
const out = mkdtempSync(join(tmpdir(), 'loop-cms-build-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

test('the build gets Decap from the npm package and LOOP\'s admin script, next to the generated page and config', async () => {
  const messages: string[] = [];
  await hooks['astro:build:done']!({ dir: pathToFileURL(`${out}/`), logger: { info: (m: string) => messages.push(m) } });
  expect(readFileSync(join(out, 'admin', 'decap-cms.js'))).toEqual(readFileSync(join(DECAP_DIST, 'decap-cms.js')));
  expect(readFileSync(join(out, 'admin', ADMIN_SCRIPT), 'utf8')).toContain('CMS_MANUAL_INIT');
  expect(existsSync(join(out, 'admin', 'decap-cms.js.map'))).toBe(false);
  expect(messages.join()).toMatch(/web form: \d+ scripts/);
});

test('`astro dev` serves the page, the scripts and nothing else under /admin/', async () => {
  hooks['astro:config:done']!({ config: { base: '/loop', root: pathToFileURL(`${repoRoot}/`) } });
  let middleware: Middleware | undefined;
  hooks['astro:server:setup']!({ server: { middlewares: { use: (fn: Middleware) => (middleware = fn) } } });
  const server = createServer((req, res) => middleware!(req, res, () => res.writeHead(404).end('next')));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  const get = (path: string) => fetch(`http://127.0.0.1:${port}${path}`, { redirect: 'manual' });
  try {
    const page = await get('/loop/admin/');
    expect(page.status).toBe(200);
    expect(await page.text()).toBe(readFileSync(join(repoRoot, 'public', 'admin', 'index.html'), 'utf8'));
    expect((await get('/loop/admin')).headers.get('location')).toBe('/loop/admin/');
    const decap = await get('/loop/admin/decap-cms.js');
    expect([decap.status, decap.headers.get('content-type')]).toEqual([200, 'text/javascript; charset=utf-8']);
    expect((await decap.arrayBuffer()).byteLength).toBe(readFileSync(join(DECAP_DIST, 'decap-cms.js')).length);
    const admin = await get('/admin/loop-cms.js');
    expect([admin.status, (await admin.text()).includes('CMS_MANUAL_INIT')]).toEqual([200, true]);
    for (const path of ['/loop/admin/decap-cms.js.map', '/loop/admin/../package.json', '/loop/admin/%2e%2e/package.json', '/loop/other.js']) {
      expect(await (await get(path)).text(), path).toBe('next');
    }
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});
