/**
 * The search page in Chromium, as the region-scale search tests drive it (search-edge-browser, search-words-browser):
 * a fresh context that reaches only the local server, with every request and page error it saw; the announced
 * count; the result names.
 */
import { rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startStaticServer } from '../../src/serve/server.ts';
import { buildSite } from './astro-build.ts';
import { launchChromium } from './browser.ts';

export interface OpenedPage {
  page: Page;
  /** Path and query of every request, in order. */
  requests: string[];
  errors: string[];
}

/** Opens `url` in a new context (kept in `contexts`, for the caller to close) that may fetch only from `origin`. */
export async function openSearchPage(browser: Browser, contexts: BrowserContext[], origin: string, url: string, width = 1280): Promise<OpenedPage> {
  const context = await browser.newContext({ reducedMotion: 'reduce', viewport: { width, height: 800 } });
  contexts.push(context);
  await context.route('**/*', (route) => (route.request().url().startsWith(origin) ? route.continue() : route.abort('blockedbyclient')));
  const page = await context.newPage();
  const requests: string[] = [];
  const errors: string[] = [];
  page.on('request', (r) => requests.push(new URL(r.url()).pathname + new URL(r.url()).search));
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(url);
  return { page, requests, errors };
}

/** The count the page announces, once it has announced one. */
export async function searchStatus(page: Page): Promise<string> {
  await page.waitForFunction(() => /results? for|No results/.test(document.querySelector('#status')?.textContent ?? ''));
  return (await page.textContent('#status')) ?? '';
}

/** The names of the results shown, in order. */
export function resultNames(page: Page): Promise<string[]> {
  return page.$$eval('#results h3 a', (links) => links.map((a) => a.textContent ?? ''));
}

/**
 * The example site, built once, served behind a front server whose `handle` can change what the search page gets
 * (a form attribute a region's build writes, an edge's answers, files of its own); Chromium to open it.
 */
export interface SearchFront {
  /** The front server's origin: what the page is opened from. */
  origin: string;
  /** The built site's own server, for the front to pass requests on to. */
  siteUrl: string;
  outDir: string;
  /** Opens `path` under `base` at `width` px. */
  open(path: string, width?: number): Promise<OpenedPage>;
  close(): Promise<void>;
}

export async function startSearchFront(base: string, handle: (request: IncomingMessage, response: ServerResponse, at: { origin: string; siteUrl: string }) => Promise<void>): Promise<SearchFront> {
  const build = await buildSite();
  if (build.code !== 0) throw new Error(`the site did not build:\n${build.output}`);
  const site = await startStaticServer({ root: build.outDir, port: 0, base });
  const at = { origin: '', siteUrl: site.url };
  const front = createServer((req, res) => void handle(req, res, at).catch((e: unknown) => res.writeHead(500).end(String(e))));
  await new Promise<void>((resolve) => front.listen(0, '127.0.0.1', resolve));
  at.origin = `http://127.0.0.1:${(front.address() as AddressInfo).port}`;
  const browser = await launchChromium();
  const contexts: BrowserContext[] = [];
  return {
    ...at,
    outDir: build.outDir,
    open: (path, width) => openSearchPage(browser, contexts, at.origin, `${at.origin}${base}${path}`, width),
    async close() {
      for (const c of contexts) await c.close().catch(() => {});
      await browser.close();
      await new Promise((resolve) => front.close(resolve));
      await site.close();
      if (!build.reused) rmSync(build.outDir, { recursive: true, force: true });
    },
  };
}
