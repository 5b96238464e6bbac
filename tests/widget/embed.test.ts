/**
 * The adopters' side, from one real `astro build` of the fixture (plus the widget test listings) under a base
 * path: /widget/v1/ with integrity.json matching the served bytes, the embed builder (choices from the Dataset, a
 * live preview, a snippet that works when pasted into a page on another origin), the iframe page (with and
 * without JavaScript) and the guide.
 */
import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startStaticServer, type StaticServer } from '../../src/serve/server.ts';
import { WIDGET_ATTRIBUTES } from '../../src/widget/reference.ts';
import { scriptTag } from '../../src/widget/snippet.ts';
import { WIDGET_VERSION } from '../../src/widget/version.ts';
import { axe, chromiumAvailable, describeViolations, launchChromium, screenshot } from '../support/browser.ts';
import { fixtureCopy } from '../support/data.ts';
import { buildSite } from '../support/astro-build.ts';
import { CARERS_SUPPORT_SHOWN, cleanUp, recordRequests, rendered, servers, widgetTestFiles, type Servers } from './support.ts';

interface IntegrityFile {
  path: string;
  url: string;
  integrity: string;
  size: number;
}
interface Integrity {
  version: string;
  snippet: string;
  files: IntegrityFile[];
  latest: { files: IntegrityFile[] };
  releases: { version: string; files: IntegrityFile[] }[];
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

const sha384 = (bytes: ArrayBuffer) => `sha384-${createHash('sha384').update(new Uint8Array(bytes)).digest('base64')}`;

describe.runIf(chromiumAvailable('embed pages'))('embedding LOOP: the built site', () => {
  let out = '';
  let site: StaticServer;
  let root: string;
  let browser: Browser;
  let integrity: Integrity;
  let build = '';

  beforeAll(async () => {
    const data = fixtureCopy(widgetTestFiles());
    const port = await freePort();
    root = `http://127.0.0.1:${port}/loop/`;
    const run = await buildSite({ LOOP_DATA: join(data, 'data'), LOOP_BASE_URL: root });
    out = run.outDir;
    build = run.output;
    if (run.code !== 0) throw new Error(`astro build failed:\n${build}`);
    site = await startStaticServer({ root: out, port, base: '/loop/' });
    integrity = (await (await fetch(`${root}widget/v1/integrity.json`)).json()) as Integrity;
    browser = await launchChromium();
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await site?.close();
    if (out) rmSync(out, { recursive: true, force: true });
    cleanUp();
  });

  async function open(path: string, options: { javaScriptEnabled?: boolean } = {}): Promise<{ page: Page; requests: string[] }> {
    const context = await browser.newContext({ javaScriptEnabled: options.javaScriptEnabled ?? true });
    const page = await context.newPage();
    const requests = recordRequests(page);
    await page.goto(`${root}${path}`);
    return { page, requests };
  }

  describe('/widget/v1/', () => {
    test('the build writes the widget and says how big it is', () => {
      expect(build).toMatch(/\[loop-widget\] wrote \d+ widget files: loop-widget\.js \d+ bytes, \d+ gzipped/);
    });

    test('integrity.json: every hash is the sha384 of the bytes the site serves, pinned files under their version', async () => {
      expect(integrity.version).toBe(WIDGET_VERSION);
      const entries = [...integrity.files, ...integrity.latest.files, ...integrity.releases.flatMap((r) => r.files)];
      expect(entries.length).toBeGreaterThanOrEqual(4);
      for (const entry of entries) {
        expect(entry.url.startsWith(root), entry.url).toBe(true);
        const response = await fetch(entry.url);
        expect(response.status, entry.url).toBe(200);
        expect(response.headers.get('content-type')).toMatch(/^text\/javascript/);
        expect(response.headers.get('access-control-allow-origin'), 'SRI across origins needs CORS').toBe('*');
        const bytes = await response.arrayBuffer();
        expect(sha384(bytes), entry.url).toBe(entry.integrity);
        expect(bytes.byteLength).toBe(entry.size);
      }
      expect(integrity.files.map((f) => f.path)).toEqual([`/widget/v1/${WIDGET_VERSION}/loop-widget.js`, `/widget/v1/${WIDGET_VERSION}/loop-widget.mjs`]);
      expect(integrity.snippet).toBe(scriptTag(integrity.files[0]!));
    });
  });

  describe('the embed builder', () => {
    test('offers every vocabulary from the Dataset, with counts of listings shown', async () => {
      const { page } = await open('embed/builder/');
      const options = (name: string) => page.locator(`select[name="${name}"] option`).allTextContents();
      expect(await options('category')).toEqual(['Any', `Carers support (${CARERS_SUPPORT_SHOWN})`, 'Emergency food (1)']);
      // A ward's count is what the widget shows for it: its own listing, then the 10 open to everyone in Leeds (issue #18).
      expect(await options('area')).toEqual(expect.arrayContaining(['Leeds (10)', 'Chapel Allerton (11)']));
      expect(await options('organisation')).toEqual(expect.arrayContaining(['Chapeltown Carers Network (10)', 'Harehills Food Share (1)']));
      expect(await options('tag')).toEqual(['Any', 'coronavirus (2)', 'cost-of-living (1)']);
      await page.context().close();
    });

    test('the first snippet, before any choice (and without JavaScript), is the pinned script with its hash', async () => {
      const { page } = await open('embed/builder/', { javaScriptEnabled: false });
      const value = await page.locator('#snippet').inputValue();
      expect(value.split('\n')[0]).toBe(integrity.snippet);
      expect(value).toContain('<loop-listings>');
      expect(await page.locator('noscript').count()).toBe(1);
      await page.context().close();
    });

    test('choices update the live preview and the code; the code works pasted into a page on another origin', async () => {
      const { page, requests } = await open('embed/builder/');
      await rendered(page);
      await page.getByLabel('Type of help').selectOption('carers-support');
      await page.getByLabel('Need').selectOption('someone-to-talk-to');
      await page.getByLabel('Heading', { exact: true }).fill('Someone to talk to "now" <b>');
      await page.getByLabel('Heading level').selectOption('3');
      await page.getByLabel('Listings at a time').fill('3');
      await page.getByLabel('Add a search box').check();
      await page.getByLabel('Add previous and next page buttons').check();
      const preview = page.locator('#preview loop-listings');
      await expect.poll(() => preview.locator('[part~="count"]').textContent()).toBe('Showing 1 to 3 of 4 listings');
      expect(await preview.locator('h3[part~="heading"]').textContent()).toBe('Someone to talk to "now" <b>');
      expect(requests.filter((url) => url.includes('/feeds/v1/')).map((url) => url.slice(root.length))).toEqual(['feeds/v1/listings.json', 'feeds/v1/categories/carers-support.json', 'feeds/v1/needs/someone-to-talk-to.json']);
      const snippet = await page.locator('#snippet').inputValue();
      expect(snippet).toBe(
        `${integrity.snippet}\n<loop-listings category="carers-support" need="someone-to-talk-to" heading="Someone to talk to &quot;now&quot; &lt;b&gt;" heading-level="3" limit="3" search paging>\n  <a href="${root}">Find health and care help in Leeds on LOOP</a>\n</loop-listings>`,
      );
      const frame = await page.locator('#iframe-snippet').inputValue();
      expect(frame).toContain(`src="${root}embed/?category=carers-support&amp;need=someone-to-talk-to&amp;heading=Someone+to+talk+to+%22now%22+%3Cb%3E&amp;heading-level=3&amp;limit=3&amp;search&amp;paging"`);
      expect(describeViolations(await axe(page))).toBe('');
      await screenshot(page, 'embed-builder');

      // Paste it into someone else's page.
      const host: Servers = await servers(out);
      try {
        const hostPageUrl = host.page('pasted.html', `<!doctype html><html lang="en"><head><title>Pasted</title></head><body><main><h1>Our page</h1><h2>Support</h2>${snippet}</main></body></html>`);
        const pasted = await browser.newPage();
        const pastedRequests = recordRequests(pasted);
        await pasted.goto(hostPageUrl);
        await rendered(pasted);
        expect(await pasted.locator('loop-listings [part~="item"]').count()).toBe(3);
        expect(pastedRequests.filter((url) => !url.startsWith(host.host.url)).map((url) => url.slice(root.length))).toEqual([`widget/v1/${WIDGET_VERSION}/loop-widget.js`, 'feeds/v1/needs/someone-to-talk-to.json']);
        await pasted.close();
      } finally {
        await host.close();
      }
      await page.context().close();
    });

    test('Copy code puts the code on the clipboard and says so', async () => {
      const context = await browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'] });
      const page = await context.newPage();
      await page.goto(`${root}embed/builder/`);
      await page.getByLabel('Type of help').selectOption('emergency-food');
      await page.getByRole('button', { name: 'Copy code', exact: true }).click();
      await expect.poll(() => page.locator('#snippet-status').textContent()).toMatch(/^Copied/);
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(await page.locator('#snippet').inputValue());
      await context.close();
    });
  });

  describe('the iframe page', () => {
    test('builds the widget from its address, with links opening in the whole window', async () => {
      const { page, requests } = await open('embed/?category=carers-support&limit=2&search&heading=Carers%20near%20you&src=https://evil.example/&target=_self&colour=red');
      await rendered(page);
      const widget = page.locator('loop-listings');
      expect(await widget.evaluate((el) => el.getAttributeNames().sort())).toEqual(['category', 'heading', 'limit', 'search', 'target']);
      expect(await widget.getAttribute('target')).toBe('_top');
      expect(await widget.locator('[part~="item"]').count()).toBe(2);
      expect(await widget.locator('[part~="name-link"]').first().getAttribute('target')).toBe('_top');
      expect(await page.title()).toMatch(/^Carers near you: /);
      expect(requests.every((url) => url.startsWith(root)), requests.join('\n')).toBe(true);
      expect(describeViolations(await axe(page))).toBe('');
      await screenshot(page, 'embed-frame');
      await page.context().close();
    });

    test('without JavaScript it offers LOOP and its types of help, linking out of the frame', async () => {
      const { page } = await open('embed/?category=carers-support', { javaScriptEnabled: false });
      const links = page.locator('#loop-embed a');
      expect(await links.first().textContent()).toMatch(/Find health and care help in Leeds on LOOP/);
      expect(await links.first().getAttribute('href')).toBe('/loop/');
      expect(await page.locator('#loop-embed li').allTextContents()).toEqual([`Carers support (${CARERS_SUPPORT_SHOWN})`, 'Emergency food (1)']);
      for (const target of await links.evaluateAll((as) => as.map((a) => a.getAttribute('target')))) expect(target).toBe('_top');
      expect(await page.locator('meta[name="robots"]').getAttribute('content')).toBe('noindex');
      await page.context().close();
    });

    test('the same links are the widget\'s own content while it loads', async () => {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.route('**/feeds/v1/**', () => {
        // Never answers: the widget stays loading.
      });
      await page.goto(`${root}embed/?category=carers-support`);
      await page.locator('loop-listings [part~="loading"]').waitFor();
      expect(await page.locator('loop-listings > p a').first().isVisible()).toBe(true);
      expect(describeViolations(await axe(page))).toBe('');
      await context.close();
    });
  });

  describe('the guide', () => {
    test('shows the pinned snippet and documents every attribute, and is accessible', async () => {
      const { page } = await open('embed/guide/');
      expect(await page.locator('pre code').first().textContent()).toContain(integrity.snippet);
      const documented = await page.locator('table').first().locator('tbody th').allTextContents();
      expect(documented).toEqual(WIDGET_ATTRIBUTES.map((a) => a.name));
      expect(await page.locator('a[href="/loop/embed/builder/"]').count()).toBeGreaterThan(0);
      expect(describeViolations(await axe(page))).toBe('');
      await page.context().close();
    });
  });
});
