/**
 * The ORUK validator's HTTP walk (OpenReferralUK/oruk-validator), step by step, against one host: GET the API root
 * and read its version and profile, every list endpoint, each page (by `?page=N`, by path and by file), and every
 * item by id. Each step is one row of the host table in docs/feeds/README.md; a row passes on a host when every
 * request of the step answers 200 (following redirects, as the validator does) with a body that validates against
 * the official schemas and is the right page or item. Paging is checked as ORUK 3.0's `Page` says: `page_number`,
 * `total_pages` (ceil(total_items / size)), `first_page`, `last_page`, `empty`, and the page's own items.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { ORUK_ENDPOINTS } from '../../src/urls/site.ts';
import type { Endpoint, OrukValidators } from './oruk.ts';

export const WALK_STEPS = ['root', 'root-slash', 'list', 'list-slash', 'page-query', 'page-path', 'page-json', 'by-id', 'by-id-json', 'not-found'] as const;
export type WalkStep = (typeof WALK_STEPS)[number];

export interface StepResult {
  ok: boolean;
  /** The first thing that went wrong, for the failure message. */
  problem?: string;
  requests: number;
}

export type WalkResult = Record<WalkStep, StepResult>;

// The walk is a client of its own, as the ORUK validator is: it reads the page fields the spec names (and checks
// every body against the ORUK schemas), not LOOP's type for them.
interface Page {
  total_items: number;
  total_pages: number;
  page_number: number;
  size: number;
  first_page: boolean;
  last_page: boolean;
  empty: boolean;
  contents: { id: string }[];
}

/** Problems with a page body as ORUK 3.0's `Page` defines it, for page `n` of `expected` (the published file). */
export function pageProblems(body: Page, n: number, expected: Page): string[] {
  const problems: string[] = [];
  const pages = Math.max(1, Math.ceil(body.total_items / body.size));
  if (body.page_number !== n) problems.push(`page_number ${body.page_number}, asked for ${n}`);
  if (body.total_pages !== pages) problems.push(`total_pages ${body.total_pages}, ceil(total_items / size) is ${pages}`);
  if (body.first_page !== (n === 1)) problems.push(`first_page ${body.first_page} on page ${n}`);
  if (body.last_page !== (n === body.total_pages)) problems.push(`last_page ${body.last_page} on page ${n} of ${body.total_pages}`);
  if (body.empty !== (body.contents.length === 0)) problems.push(`empty ${body.empty} with ${body.contents.length} items`);
  if (body.contents.length > body.size) problems.push(`${body.contents.length} items on a page of ${body.size}`);
  if (!isDeepStrictEqual(body, expected)) problems.push(`not the published page ${n}`);
  return problems;
}

/**
 * fetch, tried again once when the connection itself fails: on a busy machine a kept-alive socket the local server
 * has just closed resets the next request, which says nothing about the host's answer.
 */
async function fetchOnce(url: string): Promise<Response> {
  try {
    return await fetch(url);
  } catch {
    return fetch(url);
  }
}

const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

/**
 * Walks `api` (the URL of `…/oruk/v3`, no trailing slash) and reports each step. `published` is the folder the
 * host serves, read for what each page and item should be. Validation results are cached by body text, so the same
 * body served by five hosts is validated once.
 */
export async function walkOruk(api: string, published: string, v: OrukValidators, cache = new Map<string, string[]>()): Promise<WalkResult> {
  const read = (path: string) => JSON.parse(readFileSync(join(published, 'oruk/v3', path), 'utf8')) as Page;
  const result = Object.fromEntries(WALK_STEPS.map((s) => [s, { ok: true, requests: 0 }])) as WalkResult;
  const fail = (step: WalkStep, problem: string) => {
    if (result[step].ok) result[step] = { ...result[step], ok: false, problem };
  };
  const validated = (kind: string, text: string, check: () => string[]) => {
    const key = `${kind}\n${text}`;
    let errors = cache.get(key);
    if (!errors) cache.set(key, (errors = check()));
    return errors;
  };
  /** GET url as the validator does; the parsed body, or a problem. */
  const get = async (step: WalkStep, url: string): Promise<unknown> => {
    result[step].requests++;
    let res: Response;
    try {
      res = await fetchOnce(url);
    } catch (error) {
      fail(step, `${url}: ${(error as Error).message}`);
      return undefined;
    }
    const text = await res.text();
    if (res.status !== 200) {
      fail(step, `${url}: ${res.status}`);
      return undefined;
    }
    try {
      return { text, body: JSON.parse(text) as unknown };
    } catch {
      fail(step, `${url}: the body is not JSON (${text.slice(0, 60)})`);
      return undefined;
    }
  };
  const page = async (step: WalkStep, endpoint: Endpoint, url: string, n: number) => {
    const got = (await get(step, url)) as { text: string; body: Page } | undefined;
    if (!got) return;
    const errors = validated(`page ${endpoint}`, got.text, () => v.page(endpoint, got.body));
    if (errors.length) return fail(step, `${url}: ${errors[0]}`);
    const problems = pageProblems(got.body, n, read(`${endpoint}/page/${n}.json`));
    if (problems.length) fail(step, `${url}: ${problems.join('; ')}`);
  };
  const item = async (step: WalkStep, endpoint: Endpoint, url: string, id: string) => {
    const got = (await get(step, url)) as { text: string; body: { id?: string } } | undefined;
    if (!got) return;
    const errors = validated(`item ${endpoint}`, got.text, () => v.item(endpoint, got.body));
    if (errors.length) return fail(step, `${url}: ${errors[0]}`);
    if (got.body.id !== id) fail(step, `${url}: the item is ${got.body.id}`);
  };

  for (const [step, url] of [['root', api], ['root-slash', `${api}/`]] as const) {
    const got = (await get(step, url)) as { text: string; body: { version?: string; profile?: string } } | undefined;
    if (!got) continue;
    const errors = validated('index', got.text, () => v.index(got.body));
    if (errors.length) fail(step, `${url}: ${errors[0]}`);
    // The validator picks its profile from these two: anything else and it falls back to ORUK 1.0.
    else if (got.body.version !== 'HSDS-UK-3.0' || got.body.profile !== 'https://openreferraluk.org/developers/') fail(step, `${url}: version ${got.body.version}, profile ${got.body.profile}`);
  }
  for (const endpoint of ORUK_ENDPOINTS) {
    const first = read(`${endpoint}/page/1.json`);
    await page('list', endpoint, `${api}/${endpoint}`, 1);
    await page('list-slash', endpoint, `${api}/${endpoint}/`, 1);
    for (let n = 1; n <= first.total_pages; n++) {
      // ?page=1 is what every host answers anyway: the step is about reaching the others.
      if (n > 1) await page('page-query', endpoint, `${api}/${endpoint}?page=${n}`, n);
      await page('page-path', endpoint, `${api}/${endpoint}/page/${n}`, n);
      await page('page-json', endpoint, `${api}/${endpoint}/page/${n}.json`, n);
      for (const { id } of read(`${endpoint}/page/${n}.json`).contents) {
        await item('by-id', endpoint, `${api}/${endpoint}/${id}`, id);
        await item('by-id-json', endpoint, `${api}/${endpoint}/${id}.json`, id);
      }
    }
  }
  result['not-found'].requests++;
  const missing = await fetchOnce(`${api}/services/${UNKNOWN_ID}`);
  await missing.arrayBuffer();
  if (missing.status !== 404) fail('not-found', `/services/${UNKNOWN_ID}: ${missing.status}`);
  return result;
}
