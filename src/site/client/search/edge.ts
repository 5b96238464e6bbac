/**
 * A region's first search results from the edge query layer (issue #19; docs/scale.md, "The search page at region
 * scale"). Starting Pagefind over a region's index parts costs over a megabyte before the first search; the edge
 * answers `GET /oruk/v3/services?search=…&per_page=10` from its word index in a few kilobytes. The page asks it
 * first for plain words (no filter, no chosen order) and draws the answer as the usual result cards; anything else,
 * and any failure (not a 200, no network, no answer within a second, an answer that is not an ORUK page), goes to
 * Pagefind as before. The form carries `data-edge` only when the build has several index parts and the edge layer
 * is on (src/site/search/files.ts), so without it nothing here runs.
 *
 * The edge answers best matches first (src/edge/query.ts, `relevance`), and each item of LOOP's ORUK `services` list
 * carries what a card shows (src/publish/oruk.ts, `orukServicesListItem`: the name, the description beginning with
 * the summary line, the organisation, the status, and `loop.page_url` with the kind or format), so the first
 * results are one request.
 */
import { FORMAT_WORDS, KIND_WORDS, STATUS_WORDS } from '../../format/words.ts';
import type { PagefindResult, PagefindResultData } from './pagefind.ts';

/** Results per edge page: the page's own PAGE_SIZE, so "Show more" asks for the next page. */
export const EDGE_PAGE_SIZE = 10;
/** Longer than this and Pagefind is started instead: a second is already slower than Pagefind in a city. */
export const EDGE_TIMEOUT_MS = 1000;
/** What the edge refuses (docs/feeds/edge.md: at most 200 characters, 20 words): not worth a request. */
const MAX_CHARACTERS = 200;
const MAX_WORDS = 20;

/** Whether a search goes to the edge first: plain words only; filters, "when" and a chosen order are Pagefind's. */
export function asksEdge(edge: string | undefined, state: { query: string; active: number; sort?: Record<string, string> }): boolean {
  if (!edge || !state.query || state.active > 0 || state.sort !== undefined) return false;
  return state.query.length <= MAX_CHARACTERS && state.query.split(/\s+/).filter(Boolean).length <= MAX_WORDS;
}

export function edgeListUrl(edge: string, query: string, page: number): string {
  return `${edge}?search=${encodeURIComponent(query)}&per_page=${EDGE_PAGE_SIZE}${page > 1 ? `&page=${page}` : ''}`;
}

export interface EdgePage {
  total: number;
  /** The list items as the answer holds them, each with its id. */
  items: Record<string, unknown>[];
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The edge's answer when it is one to show; null sends the search to Pagefind: not a 200, not an ORUK page, or no
 * results at all (Pagefind then corrects a misspelling, which the edge cannot).
 */
export function edgePageOf(status: number, body: unknown): EdgePage | null {
  if (status !== 200 || !isRecord(body)) return null;
  const { total_items: total, contents } = body;
  if (typeof total !== 'number' || !Number.isInteger(total) || total < 1 || !Array.isArray(contents) || !contents.length) return null;
  if (contents.some((item) => !isRecord(item) || typeof item['id'] !== 'string') || contents.length > total) return null;
  return { total, items: contents as Record<string, unknown>[] };
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value ? value : undefined);

/**
 * An item of the ORUK `services` list (or a service's own file: both carry `loop.page_url` and the kind or format)
 * as the card Pagefind's result would draw: name, what it is, organisation, summary, and a status when it is not
 * simply open; null when it lacks a name or a page. The summary is the first line of `description` (LOOP writes the
 * summary, one line, then a blank line and the description: docs/feeds/oruk-mapping.md), or `loop.summary` where
 * the full object has it. The link is the page's path, as Pagefind's are, so it stays on the site the reader is on.
 * No phone (its link needs the phone-number library) and no Save button (the saved list's short keys are the whole
 * dataset's).
 */
export function cardOf(item: unknown): PagefindResultData | null {
  if (!isRecord(item) || !isRecord(item['loop'])) return null;
  const loop = item['loop'];
  const title = text(item['name']);
  const pageUrl = text(loop['page_url']);
  if (!title || !pageUrl) return null;
  let url: string;
  try {
    url = new URL(pageUrl).pathname;
  } catch {
    return null;
  }
  const kind = text(loop['kind']);
  const format = text(loop['format']);
  const label = kind ? KIND_WORDS[kind as keyof typeof KIND_WORDS] : format ? FORMAT_WORDS[format as keyof typeof FORMAT_WORDS] : undefined;
  const status = text(item['status']);
  const organisation = isRecord(item['organization']) ? text(item['organization']['name']) : undefined;
  const meta: Record<string, string | undefined> = { title };
  const summary = text(loop['summary']) ?? text(text(item['description'])?.split('\n', 1)[0]?.trim());
  if (summary) meta['summary'] = summary;
  if (organisation) meta['organisation'] = organisation;
  if (label) meta['label'] = label;
  if (status && status !== 'active' && status in STATUS_WORDS) meta['status'] = STATUS_WORDS[status as keyof typeof STATUS_WORDS];
  return { url, meta };
}

export interface EdgeResults {
  total: number;
  results: PagefindResult[];
}

/**
 * One page of the edge's answer as results, best matches first: one request. Null for Pagefind on any failure (see
 * edgePageOf; an item that makes no card, as an older build's list without `loop` would; no answer within
 * EDGE_TIMEOUT_MS; no network).
 */
export async function askEdge(edge: string, query: string, page: number, fetchJson: typeof fetch = fetch): Promise<EdgeResults | null> {
  try {
    const response = await fetchJson(edgeListUrl(edge, query, page), { signal: AbortSignal.timeout(EDGE_TIMEOUT_MS), headers: { Accept: 'application/json' } });
    const answer = edgePageOf(response.status, response.ok ? await response.json() : null);
    if (!answer) return null;
    const cards = answer.items.map(cardOf);
    if (cards.some((card) => card === null)) return null;
    return { total: answer.total, results: (cards as PagefindResultData[]).map((data, i) => ({ id: answer.items[i]!['id'] as string, data: () => Promise.resolve(data) })) };
  } catch {
    return null;
  }
}
