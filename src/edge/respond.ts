/**
 * The edge query layer's one entry point: `answerQuery(request, files)` answers a GET of an ORUK list endpoint
 * that carries query parameters, from the published static files, and returns undefined for anything else (the
 * host then serves the static file, so a request without parameters gets exactly what the static API gives).
 *
 * `files` reads a published file by its site path; each host's function supplies it (Cloudflare's ASSETS binding,
 * a same-site fetch on Netlify). The items of an answer are always taken from the static page files, and their
 * order and page shape are the static API's, so a filtered answer is a subset of what the static files say.
 * Items are copied from the page files' text where the index says they lie (page-layout.ts), never parsed: a page
 * file can hold 10,000 items, more than an edge function's CPU allows parsing per request.
 */
import { MEDIA_TYPES } from '../urls/media-types.ts';
import { DATA_POLICY, REFERRER_POLICY } from '../urls/security-policy.ts';
import { ORUK_BASE, ORUK_ENDPOINTS, orukPagePath, orukQueryIndexPath, type OrukEndpoint } from '../urls/site.ts';
import { isProblem, parseListQuery, type ListQuery } from './parameters.ts';
import { pageOf, select } from './query.ts';
import { QUERY_INDEX_FORMAT, type QueryIndex } from './query-index.ts';

/** Reads a published file by its site path ("/oruk/v3/services/page/2.json"); undefined when there is none. */
export type StaticFiles = (path: string) => Promise<string | undefined>;

/** The URL paths the layer answers: each list endpoint, with and without a trailing slash. */
export const QUERY_PATHS: readonly string[] = ORUK_ENDPOINTS.flatMap((e) => [`${ORUK_BASE}/${e}`, `${ORUK_BASE}/${e}/`]);

const COMMON_HEADERS: Readonly<Record<string, string>> = {
  'Access-Control-Allow-Origin': '*',
  'Cache-Control': 'public, max-age=300',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': REFERRER_POLICY,
  'Content-Security-Policy': DATA_POLICY,
};

/** The endpoint a path names, when it is one of the list endpoints. */
export function endpointOf(pathname: string): OrukEndpoint | undefined {
  const m = /^\/oruk\/v3\/([a-z_]+)\/?$/.exec(pathname);
  return m && (ORUK_ENDPOINTS as readonly string[]).includes(m[1]!) ? (m[1] as OrukEndpoint) : undefined;
}

function reply(request: Request, status: number, body: string, type: string): Response {
  return new Response(request.method === 'HEAD' ? null : body, { status, headers: { ...COMMON_HEADERS, 'Content-Type': type } });
}

/**
 * An error as RFC 9457 problem details (`application/problem+json`), which ORUK 3.0 leaves open: `status`, `title`,
 * `detail`, plus the parameter at fault. Never cached for long: a fixed deploy should answer at once.
 */
export function problem(request: Request, status: number, detail: string, parameter?: string): Response {
  const titles: Record<number, string> = { 400: 'Bad Request', 405: 'Method Not Allowed', 501: 'Not Implemented', 503: 'Service Unavailable' };
  const body = JSON.stringify({ type: 'about:blank', title: titles[status] ?? 'Error', status, detail, ...(parameter !== undefined ? { parameter } : {}) });
  const response = reply(request, status, body, 'application/problem+json; charset=utf-8');
  response.headers.set('Cache-Control', 'no-store');
  return response;
}

class Unavailable extends Error {}

async function readJson(files: StaticFiles, path: string): Promise<unknown> {
  const text = await files(path);
  if (text === undefined) throw new Unavailable(`${path} is missing from the published files`);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new Unavailable(`${path} is not JSON`);
  }
}

/** Reads and checks the query index. */
export async function loadIndex(files: StaticFiles): Promise<QueryIndex> {
  const index = (await readJson(files, orukQueryIndexPath())) as Partial<QueryIndex> | null;
  if (!index || index.format !== QUERY_INDEX_FORMAT || !Number.isInteger(index.page_size) || !index.endpoints || !index.pages) {
    throw new Unavailable(`${orukQueryIndexPath()} is not a ${QUERY_INDEX_FORMAT} index`);
  }
  return index as QueryIndex;
}

/**
 * The query index, read once per isolate (a deploy starts new isolates, so it never outlives its files); a failed
 * read is forgotten, so the next request tries again.
 */
export function indexCache(): (files: StaticFiles) => Promise<QueryIndex> {
  let index: Promise<QueryIndex> | undefined;
  return (files) =>
    (index ??= loadIndex(files).catch((error: unknown) => {
      index = undefined;
      throw error;
    }));
}

/** The JSON text of a list page answering `query`: the static files' bytes when the query changes nothing. */
export async function listPage(index: QueryIndex, endpoint: OrukEndpoint, query: ListQuery, files: StaticFiles): Promise<string> {
  const rows = index.endpoints[endpoint];
  const page = pageOf(select(index, endpoint, query), query, index.page_size);
  // Each static page file the answer draws on, read once; its items are copied as they are, never parsed.
  const wanted = [...new Set(page.positions.map((p) => Math.floor(p / index.page_size) + 1))];
  const read = new Map<number, string>();
  await Promise.all(
    wanted.map(async (n) => {
      const path = orukPagePath(endpoint, n);
      const text = await files(path);
      if (text === undefined) throw new Unavailable(`${path} is missing from the published files`);
      const layout = index.pages[endpoint]?.[n - 1];
      const total = /"total_items":(\d+)[,}]/.exec(text.slice(0, 400))?.[1];
      if (!layout || text.length !== layout.length || Number(total) !== rows.length) {
        // Files from two different builds (a deploy under way, a stale cache): refuse rather than mix them.
        throw new Unavailable(`${path} does not match ${orukQueryIndexPath()} (another build's files)`);
      }
      read.set(n, text);
    }),
  );
  const contents = page.positions.map((p) => {
    const n = Math.floor(p / index.page_size) + 1;
    const layout = index.pages[endpoint][n - 1]!;
    const i = p % index.page_size;
    return read.get(n)!.slice(layout.starts[i], layout.ends[i]);
  });
  const { positions: _positions, ...shape } = page;
  // The wrapper as JSON.stringify writes it, then the items as the static file holds them.
  return `${JSON.stringify(shape).slice(0, -1)},"contents":[${contents.join(',')}]}`;
}

/**
 * The answer to a request, or undefined when the layer has nothing to add (not a list endpoint, not a GET, or no
 * query string: the static file is the answer). `index` may be given already loaded (a function keeps it between
 * requests); otherwise it is read from `files`.
 */
export async function answerQuery(request: Request, files: StaticFiles, index?: () => Promise<QueryIndex>): Promise<Response | undefined> {
  const url = new URL(request.url);
  const endpoint = endpointOf(url.pathname);
  if (!endpoint || url.search === '' || url.search === '?') return undefined;
  if (request.method !== 'GET' && request.method !== 'HEAD') return undefined;
  try {
    const loaded = await (index ?? (() => loadIndex(files)))();
    const query = parseListQuery(endpoint, url.searchParams, loaded.page_size);
    if (isProblem(query)) return problem(request, query.status, query.message, query.parameter);
    return reply(request, 200, await listPage(loaded, endpoint, query, files), MEDIA_TYPES['.json']!);
  } catch (error) {
    if (error instanceof Unavailable) return problem(request, 503, error.message);
    throw error;
  }
}
