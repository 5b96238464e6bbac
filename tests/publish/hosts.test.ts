/**
 * The ORUK validator's walk (tests/support/oruk-walk.ts) against every host LOOP documents, each serving one
 * published folder its own way: Netlify (Netlify's parser and matcher), Cloudflare Pages (`wrangler pages dev`),
 * GitHub Pages and plain static hosting (tests/support/github-pages.ts), and `npx loop serve`. Pages hold two items,
 * so every list has several pages. The host table in docs/feeds/README.md must say what the walk finds: a cell
 * that disagrees with a host fails the test.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { History } from '../../src/history/history.ts';
import { publish } from '../../src/publish/publish.ts';
import { startStaticServer } from '../../src/serve/server.ts';
import { FIXTURE } from '../support/data.ts';
import { startGitHubPagesServer, startPlainStaticServer } from '../support/github-pages.ts';
import { netlifyRedirects, startNetlify, startWrangler, type RunningHost, type Wrangler } from '../support/hosts.ts';
import { orukValidators, type OrukValidators } from '../support/oruk.ts';
import { WALK_STEPS, walkOruk, type WalkResult, type WalkStep } from '../support/oruk-walk.ts';
import { fixtureDataset, TEST_BUILD } from '../support/publish.ts';
import { repoRoot, requireShared } from '../support/shared.ts';

const shared = requireShared('ORUK walk against every host');
/** Compiling the official schemas and starting wrangler take a while on a busy two-core machine. */
const SLOW = 300_000;

/** The hosts, in the docs table's column order, with the column heading each has there. */
const HOSTS = ['github-pages', 'static', 'netlify', 'cloudflare', 'loop-serve'] as const;
type Host = (typeof HOSTS)[number];
const HEADINGS: Record<Host, string> = {
  'github-pages': 'GitHub Pages',
  static: 'plain static (nginx, S3…)',
  netlify: 'Netlify',
  cloudflare: 'Cloudflare Pages',
  'loop-serve': '`npx loop serve`',
};
/** Each walk step's row in the docs table, by the text of its first cell. */
const ROWS: Record<WalkStep, string> = {
  root: '`GET /oruk/v3` (root discovery, no slash)',
  'root-slash': '`GET /oruk/v3/`',
  list: '`GET /services` and the other lists',
  'list-slash': '`GET /services/`',
  'page-query': '`GET /services?page=N`, N > 1',
  'page-path': '`GET /services/page/N`',
  'page-json': '`GET /services/page/N.json`',
  'by-id': '`GET /services/{id}` and the other items',
  'by-id-json': '`GET /services/{id}.json`',
  'not-found': 'unknown id: 404',
};

/** The host table in docs/feeds/README.md: step -> host -> passes. */
function documentedTable(): Record<WalkStep, Record<Host, boolean>> {
  const text = readFileSync(join(repoRoot, 'docs/feeds/README.md'), 'utf8');
  const start = text.indexOf('<!-- host-table: checked by tests/publish/hosts.test.ts -->');
  if (start < 0) throw new Error('docs/feeds/README.md has no host table marker');
  const lines = text.slice(start).split('\n').slice(1);
  const rows = lines.slice(0, lines.findIndex((l, i) => i > 0 && !l.startsWith('|'))).map((l) => l.split('|').slice(1, -1).map((c) => c.trim()));
  const [heading, , ...body] = rows;
  const columns = HOSTS.map((h) => heading!.indexOf(HEADINGS[h]));
  expect(columns, 'every host has its column').not.toContain(-1);
  const table = {} as Record<WalkStep, Record<Host, boolean>>;
  for (const step of WALK_STEPS) {
    const row = body.find((r) => r[0] === ROWS[step]);
    if (!row) throw new Error(`the host table has no row "${ROWS[step]}"`);
    table[step] = Object.fromEntries(HOSTS.map((h, i) => [h, row[columns[i]!]!.startsWith('✅')])) as Record<Host, boolean>;
  }
  return table;
}

/** Compiled once for both builds (the official schemas are large), with validation results cached by body. */
let compiled: OrukValidators | undefined;
const validators = (): OrukValidators => (compiled ??= orukValidators(shared!.reference));
const cache = new Map<string, string[]>();

interface Build {
  /** `orukHtmlCopies`: off for a site only Netlify or Cloudflare serves, where the rules alone must answer. */
  copies: boolean;
  /** `netlifyRules`: the build ran on Netlify (NETLIFY=true), so its `_redirects` is for Netlify alone. */
  netlify: boolean;
}

/**
 * One published folder served by `hosts` and walked on each. `unlike` lists the table cells this build is expected
 * to differ from (a Netlify site built elsewhere has no `?page=N` rules).
 */
function walkHosts(title: string, build: Build, hosts: readonly Host[], unlike: Partial<Record<WalkStep, Partial<Record<Host, boolean>>>> = {}): void {
  describe.runIf(shared)(title, () => {
    let out: string;
    let wrangler: Wrangler | undefined;
    const running: RunningHost[] = [];
    const apis = {} as Record<Host, string>;
    const results = {} as Record<Host, WalkResult>;

    beforeAll(async () => {
      out = mkdtempSync(join(tmpdir(), 'loop-hosts-'));
      await publish(fixtureDataset(), out, {
        history: History.unavailable('test'),
        build: TEST_BUILD,
        orukPageSize: 2,
        orukHtmlCopies: build.copies,
        netlifyRules: build.netlify,
        dataDir: join(FIXTURE, 'data'),
        lockPath: join(out, 'no-lock.json'),
      });
      for (const host of hosts) {
        if (host === 'github-pages' || host === 'static') {
          const server = await (host === 'static' ? startPlainStaticServer : startGitHubPagesServer)({ root: out, base: '/loop/' });
          running.push({ site: server.url, close: server.close });
          apis[host] = `${server.url}/loop/oruk/v3`;
        } else if (host === 'loop-serve') {
          const serve = await startStaticServer({ root: out, port: 0, base: '/loop/' });
          running.push({ site: serve.url, close: serve.close });
          apis[host] = `${serve.url}/loop/oruk/v3`;
        } else {
          const server = host === 'netlify' ? await startNetlify(out) : (wrangler = await startWrangler(out));
          running.push(server);
          apis[host] = `${server.site}/oruk/v3`;
        }
      }
    }, SLOW);
    afterAll(async () => {
      for (const host of running) await host.close();
      if (out) rmSync(out, { recursive: true, force: true });
    });

    test('paging is real: the lists have several pages of two', () => {
      const services = JSON.parse(readFileSync(join(out, 'oruk/v3/services.json'), 'utf8')) as { total_pages: number; size: number };
      expect(services.size).toBe(2);
      expect(services.total_pages).toBeGreaterThan(1);
    });

    test(`Netlify's parser accepts every _redirects rule${hosts.includes('cloudflare') ? ', and wrangler every _redirects and _headers rule' : ''}`, async () => {
      const lines = readFileSync(join(out, '_redirects'), 'utf8').split('\n').filter((l) => l.trim() && !l.startsWith('#'));
      const netlify = await netlifyRedirects(out);
      expect(netlify.errors).toEqual([]);
      expect(netlify.redirects).toHaveLength(lines.length);
      if (!hosts.includes('cloudflare')) return;
      const said = wrangler!.output();
      expect(said).toContain(`Parsed ${lines.length} valid redirect rules.`);
      expect(said).not.toMatch(/invalid (redirect|header) rule/i);
      expect(said).toMatch(/Parsed \d+ valid header rules\./);
    });

    for (const host of hosts) {
      test(`${host}: the walk (root, every list, every page, every item) passes`, async () => {
        const result = await walkOruk(apis[host], out, validators(), cache);
        results[host] = result;
        // What the validator needs on every host: the 3.0 profile at the root, the lists, each item by id, and
        // every page by some URL the host serves.
        for (const step of ['root', 'list', 'by-id', 'page-json', 'not-found'] as const) expect(result[step], `${host} ${step}`).toMatchObject({ ok: true });
        expect(result.list.requests).toBe(5);
      }, SLOW);
    }

    test('the host table in docs/feeds/README.md says what each host does', () => {
      const documented = documentedTable();
      const table = Object.fromEntries(WALK_STEPS.map((step) => [step, Object.fromEntries(hosts.map((h) => [h, unlike[step]?.[h] ?? documented[step][h]]))]));
      const found = Object.fromEntries(WALK_STEPS.map((step) => [step, Object.fromEntries(hosts.map((h) => [h, results[h]?.[step].ok]))]));
      const problems = Object.fromEntries(hosts.flatMap((h) => WALK_STEPS.filter((s) => results[h] && !results[h][s].ok).map((s) => [`${h} ${s}`, results[h]![s].problem])));
      expect(found, `what the walk found (problems: ${JSON.stringify(problems, null, 1)})`).toEqual(table);
    });
  });
}

// The table's Netlify column is a site built on Netlify, as the README says to deploy there.
walkHosts('the ORUK validator walk on every host', { copies: true, netlify: false }, ['github-pages', 'static', 'cloudflare', 'loop-serve']);
walkHosts('the ORUK validator walk on Netlify, built there', { copies: true, netlify: true }, ['netlify']);
walkHosts('the ORUK validator walk on Netlify, built elsewhere', { copies: true, netlify: false }, ['netlify'], { 'page-query': { netlify: false } });
walkHosts('the ORUK validator walk on Netlify and Cloudflare, without the .html copies', { copies: false, netlify: false }, ['cloudflare', 'loop-serve', 'netlify'], { 'page-query': { netlify: false } });
walkHosts('the ORUK validator walk on Netlify, built there, without the .html copies', { copies: false, netlify: true }, ['netlify']);
