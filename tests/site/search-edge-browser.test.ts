/**
 * Issue #19: the search page of a region with the edge layer on, in Chromium. The built site (the example data: one
 * index part, edge off, so its form has no `data-edge`) is served behind a small server that gives the search form
 * the `data-edge` a region's build gives it and answers the ORUK `services` list with the real edge core
 * (answerQuery over the example data's published API), or with a 503 to show the fallback. The first results come
 * from the edge, best first, in one request, and Pagefind is not started; a filter, and any edge failure, start
 * Pagefind.
 */
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { axe, chromiumAvailable, describeViolations } from '../support/browser.ts';
import { resultNames, searchStatus, startSearchFront, type SearchFront } from '../support/search-page.ts';
import { answerQuery } from '../../src/edge/respond.ts';
import { published } from '../edge/support.ts';

const BASE = '/loop/';
const EDGE = '/loop/oruk/v3/services';

describe.runIf(chromiumAvailable('search through the edge'))('the search page asking the edge first', () => {
  let front: SearchFront;
  const api = published(20);
  /** What the edge does now: answer as the edge core does, or fail as a host mid-deploy does. */
  let edgeFails = false;

  /** The edge core's answer for a request under the site's base, as the host's function would give it. */
  async function edgeAnswer(path: string, search: string): Promise<Response | undefined> {
    return answerQuery(new Request(`https://host.test${path.slice(BASE.length - 1)}${search}`), api.read);
  }

  async function handle(request: IncomingMessage, response: ServerResponse, { origin, siteUrl }: { origin: string; siteUrl: string }): Promise<void> {
    const url = new URL(request.url ?? '/', origin);
    let answer: Response;
    if (url.pathname.startsWith(EDGE) && (url.search || url.pathname.endsWith('.json'))) {
      const path = url.pathname.slice(BASE.length - 1);
      const file = url.search ? undefined : await api.read(path);
      answer = edgeFails
        ? new Response('{"status":503}', { status: 503, headers: { 'Content-Type': 'application/problem+json' } })
        : url.search
          ? ((await edgeAnswer(url.pathname, url.search)) ?? new Response('', { status: 404 }))
          : new Response(file ?? '', { status: file === undefined ? 404 : 200, headers: { 'Content-Type': 'application/json' } });
    } else {
      const upstream = await fetch(`${siteUrl}${url.pathname}${url.search}`);
      const bytes = await upstream.arrayBuffer();
      // The form a region's build with the edge layer on writes (src/pages/search.astro).
      const body = url.pathname === `${BASE}search/` ? new TextDecoder().decode(bytes).replace('<form id="search-form"', `<form id="search-form" data-edge="${EDGE}"`) : bytes;
      const headers = new Headers(upstream.headers);
      headers.delete('content-encoding');
      headers.delete('content-length');
      answer = new Response(body, { status: upstream.status, headers });
    }
    response.writeHead(answer.status, Object.fromEntries(answer.headers));
    response.end(Buffer.from(await answer.arrayBuffer()));
  }

  beforeAll(async () => {
    front = await startSearchFront(BASE, handle);
  }, 900_000);
  afterAll(() => front?.close());

  const open = (path: string, width?: number) => front.open(path, width);
  const status = searchStatus;
  const names = resultNames;
  const edgeNames = async (query: string, pageNumber: number) => {
    const answer = await edgeAnswer(EDGE, `?search=${encodeURIComponent(query)}&per_page=10&page=${pageNumber}`);
    return ((await answer!.json()) as { total_items: number; contents: { name: string }[] });
  };

  test("a one-part build (Leeds) has no data-edge: its search page is Pagefind's alone", () => {
    const html = readFileSync(join(front.outDir, 'search', 'index.html'), 'utf8');
    expect(html).toContain('<form id="search-form"');
    expect(html).not.toContain('data-edge');
  });

  test('plain words: the first ten from the edge, best first, from one request, without fetching any of Pagefind', async () => {
    edgeFails = false;
    const { page, requests, errors } = await open('search/?q=support');
    const expected = await edgeNames('support', 1);
    expect(expected.total_items).toBeGreaterThan(10);
    expect(await status(page)).toBe(`${expected.total_items} results for “support”.`);
    expect(await names(page)).toEqual(expected.contents.map((i) => i.name));
    // Best matches first: the word in the name before the word elsewhere.
    expect((await names(page))[0]).toMatch(/support/i);
    expect(await page.isHidden('#suggestion')).toBe(true);
    // One request for the ten cards: no service's own file, nothing of Pagefind.
    expect(requests.filter((r) => r.startsWith(EDGE))).toEqual([`${EDGE}?search=support&per_page=10`]);
    expect(requests.filter((r) => r.includes('/pagefind/'))).toEqual([]);
    expect(describeViolations(await axe(page))).toBe('');
    // A card links to the listing's page on this site, as Pagefind's do.
    const href = await page.getAttribute('#results li:first-child h3 a', 'href');
    expect(href).toMatch(/^\/loop\/(services|resources)\/.+\/$/);
    expect((await fetch(`${front.origin}${href}`)).status).toBe(200);

    // "Show more results" is the edge's next page, appended; Pagefind is still not started.
    await page.click('#more');
    await page.waitForFunction(() => document.querySelectorAll('#results li').length > 10 && document.querySelector('#results')?.getAttribute('aria-busy') === 'false');
    const second = await edgeNames('support', 2);
    expect((await names(page)).slice(10)).toEqual(second.contents.map((i) => i.name));
    expect(requests.filter((r) => r.startsWith(EDGE))).toEqual([`${EDGE}?search=support&per_page=10`, `${EDGE}?search=support&per_page=10&page=2`]);
    expect(requests.filter((r) => r.includes('/pagefind/'))).toEqual([]);
    expect(errors).toEqual([]);
  });

  test('a filter goes to Pagefind', async () => {
    edgeFails = false;
    const { page, requests } = await open('search/?q=support&delivery=phone');
    expect(await status(page)).toMatch(/results? for “support” with 1 filter|No results for “support” with 1 filter/);
    expect(requests.some((r) => r.startsWith(`${EDGE}?`))).toBe(false);
    expect(requests.some((r) => r.includes('/pagefind/'))).toBe(true);
  });

  test('the edge failing (a 503): Pagefind answers, as on a page without the edge', async () => {
    edgeFails = true;
    const { page, requests, errors } = await open('search/?q=support');
    expect(await status(page)).toMatch(/^\d+ results? for “support”\.$/);
    expect(requests).toContain(`${EDGE}?search=support&per_page=10`);
    expect(requests.some((r) => r.includes('/pagefind/pagefind-entry.json'))).toBe(true);
    expect((await names(page)).length).toBeGreaterThan(0);
    expect(await page.isHidden('#suggestion')).toBe(true);
    expect(errors).toEqual([]);
  });
});
