/**
 * Issue #19: the search page of a region without an edge host, in Chromium. The built site (the example data: one
 * index part, so its form has no `data-words`) is served behind a small server that gives the search form the
 * `data-words` a region's build gives it and serves the word index the publish step writes for a region
 * (searchWordFiles over the example data, in small files). The first results come from those static files, best
 * first, drawn as Pagefind's cards are (phone, Save), and nothing of Pagefind is fetched; a filter, a search with no
 * results and missing files go to Pagefind.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { axe, chromiumAvailable, describeViolations } from '../support/browser.ts';
import { resultNames, searchStatus, startSearchFront, type SearchFront } from '../support/search-page.ts';
import { searchWordFiles } from '../../src/site/search/word-files.ts';
import { wordSearcher } from '../../src/site/client/search/words.ts';
import { SEARCH_WORDS_BASE, SEARCH_WORDS_HEAD } from '../../src/site/search/words.ts';
import { exampleDataset, testContext } from '../support/publish.ts';

const BASE = '/loop/';
const WORDS = `/loop${SEARCH_WORDS_BASE}/`;
const HEAD = `/loop${SEARCH_WORDS_HEAD}`;

describe.runIf(chromiumAvailable('search through the static word index'))('the search page of a region on a static host', () => {
  let front: SearchFront;
  // Small word files and cards three to a file, so a search reads several, as at region scale.
  const files = new Map([...searchWordFiles(testContext(exampleDataset()), undefined, { wordShardBytes: 4_000, cardsPerFile: 3 })].map(([path, text]) => [`/loop/${path}`, text]));
  /** What the static host does now: serve the files, lose them (a deploy without them), or serve a hostile card. */
  let mode: 'serve' | 'missing' | 'hostile' = 'serve';
  const HOSTILE = '<img src=x onerror="window.pwned=1">Hostile';

  async function handle(request: IncomingMessage, response: ServerResponse, { origin, siteUrl }: { origin: string; siteUrl: string }): Promise<void> {
    const url = new URL(request.url ?? '/', origin);
    if (url.pathname.startsWith(WORDS)) {
      let text = mode === 'missing' ? undefined : files.get(url.pathname);
      if (text !== undefined && mode === 'hostile' && url.pathname.includes('/cards/')) text = text.replace(/"title":"[^"]*"/g, `"title":${JSON.stringify(HOSTILE)}`);
      response.writeHead(text === undefined ? 404 : 200, { 'Content-Type': 'application/json' });
      response.end(text ?? 'not found');
      return;
    }
    const upstream = await fetch(`${siteUrl}${url.pathname}${url.search}`);
    const bytes = await upstream.arrayBuffer();
    // The form a region's build without the edge layer writes (src/pages/search.astro).
    const body = url.pathname === `${BASE}search/` ? new TextDecoder().decode(bytes).replace('<form id="search-form"', `<form id="search-form" data-words="${HEAD}"`) : Buffer.from(bytes);
    const headers = Object.fromEntries(upstream.headers);
    delete headers['content-encoding'];
    delete headers['content-length'];
    response.writeHead(upstream.status, headers);
    response.end(body);
  }

  beforeAll(async () => {
    front = await startSearchFront(BASE, handle);
  }, 900_000);
  afterAll(() => front?.close());

  const open = (path: string, width?: number) => front.open(path, width);
  const status = searchStatus;
  const names = resultNames;
  /** What the word index gives in Node, through the same code, from the same files. */
  const expected = async (query: string, pageNumber: number) => {
    const serve: typeof fetch = async (input) => new Response(files.get(String(input)) ?? '', { status: files.has(String(input)) ? 200 : 404 });
    const answer = await wordSearcher(HEAD, 10, serve)(query, pageNumber);
    return { total: answer!.total, names: await Promise.all(answer!.results.map(async (r) => (await r.data()).meta.title ?? '')) };
  };

  test('plain words: the first ten from the word index, best first, drawn as Pagefind draws them, without fetching any of Pagefind', async () => {
    mode = 'serve';
    const { page, requests, errors } = await open('search/?q=support');
    const first = await expected('support', 1);
    expect(first.total).toBeGreaterThan(10);
    expect(await status(page)).toBe(`${first.total} results for “support”.`);
    expect(await names(page)).toEqual(first.names);
    expect((await names(page))[0]).toMatch(/support/i);
    expect(requests.filter((r) => r.includes('/pagefind/'))).toEqual([]);
    expect(requests.filter((r) => r.startsWith(WORDS))[0]).toBe(HEAD);
    // The cards are Pagefind's: a Save button on each, and a phone link where the listing has a phone.
    expect(await page.$$eval('#results li', (items) => items.filter((li) => li.querySelector('button')).length)).toBe(10);
    expect(await page.$$eval('#results .card-phone a[href^="tel:"]', (links) => links.length)).toBeGreaterThan(0);
    expect(describeViolations(await axe(page))).toBe('');
    const href = await page.getAttribute('#results li:first-child h3 a', 'href');
    expect(href).toMatch(/^\/loop\/(services|resources)\/.+\/$/);
    expect((await fetch(`${front.origin}${href}`)).status).toBe(200);

    // "Show more results": the next ten, from cards files only; Pagefind is still not started.
    const before = requests.length;
    await page.click('#more');
    await page.waitForFunction(() => document.querySelectorAll('#results li').length > 10 && document.querySelector('#results')?.getAttribute('aria-busy') === 'false');
    expect((await names(page)).slice(10)).toEqual((await expected('support', 2)).names);
    expect(requests.slice(before).every((r) => r.startsWith(`${WORDS}cards/`))).toBe(true);
    expect(requests.filter((r) => r.includes('/pagefind/'))).toEqual([]);
    expect(errors).toEqual([]);
  });

  test('on a 320 px phone the results fit the screen', async () => {
    mode = 'serve';
    const { page, errors } = await open('search/?q=carers', 320);
    expect(await status(page)).toMatch(/^\d+ results? for “carers”\.$/);
    expect((await names(page)).length).toBeGreaterThan(0);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    expect(describeViolations(await axe(page))).toBe('');
    expect(errors).toEqual([]);
  });

  test('a card\'s text is drawn as text: a title holding HTML makes no element and runs nothing', async () => {
    mode = 'hostile';
    const { page, errors } = await open('search/?q=support');
    await status(page);
    expect((await names(page))[0]).toBe(HOSTILE);
    expect(await page.$$eval('#results img', (images) => images.length)).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
    expect(errors).toEqual([]);
  });

  test('a filter, a search with no results, and missing files go to Pagefind', async () => {
    mode = 'serve';
    const filtered = await open('search/?q=support&delivery=phone');
    expect(await status(filtered.page)).toMatch(/“support” with 1 filter/);
    // The head is read as the page loads (a few hundred bytes); nothing of the words or cards is.
    expect(filtered.requests.filter((r) => r.startsWith(WORDS))).toEqual([HEAD]);
    expect(filtered.requests.some((r) => r.includes('/pagefind/'))).toBe(true);

    // A misspelling finds nothing in the word index: Pagefind corrects it.
    const misspelt = await open('search/?q=carres');
    expect(await status(misspelt.page)).toMatch(/results? for “carers”/);
    expect(misspelt.requests.some((r) => r.startsWith(WORDS))).toBe(true);
    expect(await misspelt.page.isVisible('#suggestion')).toBe(true);

    mode = 'missing';
    const missing = await open('search/?q=support');
    expect(await status(missing.page)).toMatch(/^\d+ results? for “support”\.$/);
    expect(missing.requests).toContain(HEAD);
    expect(missing.requests.some((r) => r.includes('/pagefind/pagefind-entry.json'))).toBe(true);
    expect((await names(missing.page)).length).toBeGreaterThan(0);
    expect(missing.errors).toEqual([]);
  });
});
