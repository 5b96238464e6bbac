/**
 * Issue #19: a region's search page asks the edge query layer for its first results before starting Pagefind
 * (src/site/client/search/edge.ts). The edge's answers here are the real edge core's (answerQuery over the example
 * data's published API), so the cards are made from what a host would send; the failures go to Pagefind.
 */
import { describe, expect, test } from 'vitest';
import { answerQuery } from '../../src/edge/respond.ts';
import { askEdge, asksEdge, cardOf, edgeListUrl, edgePageOf } from '../../src/site/client/search/edge.ts';
import { edgeSearchPath } from '../../src/site/search/files.ts';
import { published } from '../edge/support.ts';

const EDGE = '/loop/oruk/v3/services';
const api = published(20);

/** The edge on a host: a path under the site's base answered by the edge core, or the static file itself. */
const host: typeof fetch = async (input) => {
  const url = new URL(String(input), 'https://loop-leeds.github.io');
  const path = url.pathname.replace(/^\/loop/, '');
  const answered = await answerQuery(new Request(new URL(`${path}${url.search}`, url.origin)), api.read);
  if (answered) return answered;
  const file = await api.read(path);
  return file === undefined ? new Response('not found', { status: 404 }) : new Response(file, { headers: { 'Content-Type': 'application/json' } });
};

describe('when the search form asks the edge', () => {
  test('only a build in several parts with the edge layer on', () => {
    expect(edgeSearchPath(undefined, 1)).toBeUndefined();
    expect(edgeSearchPath('cloudflare', 1)).toBeUndefined();
    expect(edgeSearchPath(undefined, 13)).toBeUndefined();
    expect(edgeSearchPath('netlify', 13)).toBe('/oruk/v3/services');
  });

  test('plain words only: filters, an order, "when", too many words and no edge go to Pagefind', () => {
    expect(asksEdge(EDGE, { query: 'carers', active: 0 })).toBe(true);
    expect(asksEdge(undefined, { query: 'carers', active: 0 })).toBe(false);
    expect(asksEdge(EDGE, { query: '', active: 0 })).toBe(false);
    expect(asksEdge(EDGE, { query: 'carers', active: 1 })).toBe(false);
    expect(asksEdge(EDGE, { query: 'carers', active: 0, sort: { name: 'asc' } })).toBe(false);
    expect(asksEdge(EDGE, { query: Array.from({ length: 21 }, () => 'word').join(' '), active: 0 })).toBe(false);
    expect(asksEdge(EDGE, { query: 'x'.repeat(201), active: 0 })).toBe(false);
  });

  test('the request: the ORUK search parameter, ten a page', () => {
    expect(edgeListUrl(EDGE, 'café & carers', 1)).toBe('/loop/oruk/v3/services?search=caf%C3%A9%20%26%20carers&per_page=10');
    expect(edgeListUrl(EDGE, 'carers', 3)).toBe('/loop/oruk/v3/services?search=carers&per_page=10&page=3');
  });
});

describe('the edge answer', () => {
  test('an ORUK page with results is shown; anything else goes to Pagefind', () => {
    expect(edgePageOf(200, { total_items: 2, contents: [{ id: 'a' }, { id: 'b' }] })).toEqual({ total: 2, items: [{ id: 'a' }, { id: 'b' }] });
    expect(edgePageOf(503, { total_items: 2, contents: [{ id: 'a' }] })).toBeNull();
    expect(edgePageOf(200, null)).toBeNull();
    expect(edgePageOf(200, [])).toBeNull();
    expect(edgePageOf(200, { total_items: '2', contents: [{ id: 'a' }] })).toBeNull();
    expect(edgePageOf(200, { total_items: 2, contents: [{ name: 'no id' }] })).toBeNull();
    expect(edgePageOf(200, { total_items: 1, contents: [{ id: 'a' }, { id: 'b' }] })).toBeNull();
    // No results: Pagefind corrects a misspelling, the edge cannot.
    expect(edgePageOf(200, { total_items: 0, contents: [] })).toBeNull();
  });

  test("an item of the services list makes the card Pagefind's result makes, the same as the service's own file", () => {
    const contents = api.json<{ contents: Record<string, unknown>[] }>('/oruk/v3/services/page/1.json').contents;
    expect(contents.length).toBeGreaterThan(3);
    for (const listed of contents) {
      const full = api.json(`/oruk/v3/services/${String(listed['id'])}.json`) as { name: string; organization: { name: string }; loop: { page_url: string; summary: string } };
      // The list item carries the page and what the card labels it, and its description begins with the summary.
      expect(listed['loop']).toEqual(expect.objectContaining({ page_url: full.loop.page_url }));
      expect(cardOf(listed)).toEqual(cardOf(full));
      expect(cardOf(listed)).toEqual({
        url: new URL(full.loop.page_url).pathname,
        meta: expect.objectContaining({ title: full.name, summary: full.loop.summary, organisation: full.organization.name, label: expect.any(String) }),
      });
    }
    const [item] = contents as { name: string; loop: { page_url: string } }[];
    expect(cardOf(item)!.url).toMatch(/^\/loop\/(services|resources)\/.+\/$/);
    expect(cardOf({ ...item, status: 'inactive' })!.meta['status']).toBe('No longer running');
    expect(cardOf({ ...item, loop: { ...item!.loop, page_url: undefined } })).toBeNull();
    expect(cardOf({ ...item, loop: { ...item!.loop, page_url: 'not a url' } })).toBeNull();
    expect(cardOf({ ...item, loop: undefined })).toBeNull();
    expect(cardOf({ ...item, name: '' })).toBeNull();
    expect(cardOf('text')).toBeNull();
  });

  test('through the edge core: the first ten results, as cards, in the edge order, from one request', async () => {
    const asked: string[] = [];
    const answer = await askEdge(EDGE, 'support', 1, async (input, init) => (asked.push(String(input)), host(input, init)));
    expect(asked).toEqual([edgeListUrl(EDGE, 'support', 1)]);
    const list = (await (await host(edgeListUrl(EDGE, 'support', 1))).json()) as { total_items: number; contents: { id: string; name: string }[] };
    expect(answer).not.toBeNull();
    expect(answer!.total).toBe(list.total_items);
    expect(answer!.results.map((r) => r.id)).toEqual(list.contents.map((i) => i.id));
    const cards = await Promise.all(answer!.results.map((r) => r.data()));
    expect(cards.map((c) => c.meta['title'])).toEqual(list.contents.map((i) => i.name));
    expect(cards.length).toBe(Math.min(10, list.total_items));
    const second = await askEdge(EDGE, 'support', 2, host);
    if (list.total_items > 10) expect(second!.results[0]!.id).not.toBe(answer!.results[0]!.id);
  });

  test('any failure is null (Pagefind): an error, no network, malformed JSON, an item without its page, no results', async () => {
    const status = (code: number): typeof fetch => async () => new Response('{}', { status: code });
    expect(await askEdge(EDGE, 'support', 1, status(503))).toBeNull();
    expect(await askEdge(EDGE, 'support', 1, status(404))).toBeNull();
    expect(await askEdge(EDGE, 'support', 1, async () => Promise.reject(new TypeError('Failed to fetch')))).toBeNull();
    expect(await askEdge(EDGE, 'support', 1, async () => new Response('{"total_items": 3, "contents": [', { status: 200 }))).toBeNull();
    // An older build's list: items without `loop`, so no page to link to.
    const older: typeof fetch = async (input) => {
      const page = (await (await host(input)).json()) as { contents: Record<string, unknown>[] };
      return new Response(JSON.stringify({ ...page, contents: page.contents.map(({ loop: _loop, ...rest }) => rest) }), { status: 200 });
    };
    expect(await askEdge(EDGE, 'support', 1, older)).toBeNull();
    expect(await askEdge(EDGE, 'zzqxjv', 1, host)).toBeNull();
  });
});
