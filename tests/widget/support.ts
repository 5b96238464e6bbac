/**
 * A LOOP site and a stranger's website for the widget's browser tests: the valid fixture plus listings written to
 * attack (HTML and script in every text field) and enough carers' services to page through, published with the
 * real publisher (`loop publish`), the real widget build in /widget/v1/, served by the real static server
 * (honouring _headers, so CORS is as in production). Host pages are served by a second server: another origin.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Page } from 'playwright-core';
import { startStaticServer, type StaticServer } from '../../src/serve/server.ts';
import { buildWidget, writeWidget, type WidgetBuild } from '../../src/widget/build.ts';
import { runLoop } from '../support/cli.ts';
import { AS_OF, fixtureCopy } from '../support/data.ts';

export const HOSTILE_NAME = `<script>window.__pwned = 'name'</script>Hostile Carers' Café & "Friends"`;
export const HOSTILE_SUMMARY = `<img src=x onerror="window.__pwned = 'summary'"> Bold <b>claims</b> & “quotes”`;
export const HOSTILE_ORGANISATION = `<svg onload="window.__pwned = 'organisation'">Evil & Co`;
export const HOSTILE_ALERT = `</li><li>Injected item</li><iframe src="javascript:window.__pwned='alert'"></iframe>`;
export const HOSTILE_PHONE_NOTE = `<a href="javascript:window.__pwned='phone'">call us</a>`;

const groupIds = ['59ed7349-dc94-4893-8c0d-9c7e72ee95e9', '784ffbd9-5436-4c78-922b-54c571da5b5d', '5367388b-54ab-4fa8-83bc-f41584ce2da0', 'b7e96b75-c75e-477e-99bf-524e99e24bc3', '9044ffcb-4b8d-49a1-baf9-a6ec8dc8b0fa', '3889b946-84d4-48a3-86bf-8a4c27a4ceae', '0c7f00c3-da55-4ef8-b219-bc045e01c786'];
const days = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];
const wards = ['Armley', 'Beeston', 'Bramley', 'Chapel Allerton', 'Farnley', 'Gipton', 'Headingley'];

/** YAML in a single-quoted scalar: every character literal, quotes doubled. */
const quoted = (value: string): string => `'${value.replaceAll("'", "''")}'`;

/**
 * The extra listings, by path under data/: one hostile service from a hostile organisation, seven carers' groups
 * (one temporarily closed), one defunct and one past its end date (both must never show).
 */
export function widgetTestFiles(): Record<string, string> {
  const files: Record<string, string> = {
    'organisations/hostile-org.yaml': ['id: bdf4c3b5-2a4e-41d9-9ea0-c120b4e3c4ba', `name: ${quoted(HOSTILE_ORGANISATION)}`, 'description: An organisation whose name tries to run script.', ''].join('\n'),
    'services/hostile-org/hostile.yaml': [
      'id: 9f78c3f1-9081-4998-822c-93f4e588ac9c',
      `name: ${quoted(HOSTILE_NAME)}`,
      'organisation: hostile-org',
      `summary: ${quoted(HOSTILE_SUMMARY)}`,
      `alert: ${quoted(HOSTILE_ALERT)}`,
      'categories: [carers-support]',
      'phones:',
      '  - number: 0113 496 0999',
      `    description: ${quoted(HOSTILE_PHONE_NOTE)}`,
      'reviewed: 2025-06-01',
      'reviewed_by: listings@hostile.example.org',
      'tags: [coronavirus]',
      '',
    ].join('\n'),
  };
  groupIds.forEach((id, i) => {
    files[`services/chapeltown-carers/carers-group-${i + 1}.yaml`] = [
      `id: ${id}`,
      `name: ${wards[i]} Carers Group`,
      'organisation: chapeltown-carers',
      ...(i === 2 ? ['status: temporarily closed'] : []),
      `summary: A friendly weekly group for carers in ${wards[i]}, with tea and someone to talk to.`,
      'categories: [carers-support]',
      'audiences: [carers]',
      ...(i % 2 ? ['needs: [someone-to-talk-to]'] : []),
      'phones:',
      `  - number: 0113 496 05${String(10 + i)}`,
      'schedules:',
      `  - days: [${days[i]}]`,
      '    opens: "10:00"',
      '    closes: "12:00"',
      'reviewed: 2026-10-01',
      'reviewed_by: listings@chapeltown-carers.example.org',
      '',
    ].join('\n');
  });
  files['services/chapeltown-carers/old-carers-club.yaml'] = ['id: b671352a-75e6-43c6-90cd-f64801e4ebd3', 'name: Defunct Carers Club', 'organisation: chapeltown-carers', 'status: defunct', 'summary: Closed for good.', 'categories: [carers-support]', 'reviewed: 2026-10-01', 'reviewed_by: listings@chapeltown-carers.example.org', ''].join('\n');
  files['services/chapeltown-carers/ended-carers-course.yaml'] = ['id: 52c5ed74-df81-42f6-b1b3-e3ecd65e2827', 'name: Ended Carers Course', 'organisation: chapeltown-carers', 'summary: A course that has finished.', 'categories: [carers-support]', 'end_date: 2026-01-31', 'reviewed: 2026-10-01', 'reviewed_by: listings@chapeltown-carers.example.org', ''].join('\n');
  return files;
}

/** Names the carers-support slice shows, sorted as the widget sorts them. */
export const CARERS_SUPPORT_SHOWN = 11;

export interface PublishedSite {
  dir: string;
  build: WidgetBuild;
}

const made: string[] = [];
export function cleanUp(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Publishes the fixture plus `files` (default: widgetTestFiles()) with `loop publish`, and writes /widget/v1/ beside it. */
export async function publishedSite(files: Record<string, string | null> = widgetTestFiles()): Promise<PublishedSite> {
  const data = fixtureCopy(files);
  const dir = mkdtempSync(join(tmpdir(), 'loop-widget-site-'));
  made.push(dir);
  const result = await runLoop(['publish', '--data', 'data', '--out', dir, '--as-of', AS_OF, '--base-url', 'https://loop.example.org/'], { cwd: data });
  if (result.code !== 0) throw new Error(`loop publish failed:\n${result.stderr}`);
  const build = await buildWidget();
  writeWidget(dir, build, (path) => new URL(path.slice(1), 'https://loop.example.org/').href);
  return { dir, build };
}

export interface Servers {
  loop: StaticServer;
  host: StaticServer;
  hostDir: string;
  /** Writes a page on the host origin; returns its address. */
  page(name: string, html: string): string;
  close(): Promise<void>;
}

/** The LOOP site on one origin, a host website on another (a different port is a different origin). */
export async function servers(site: string): Promise<Servers> {
  const loop = await startStaticServer({ root: site });
  const hostDir = mkdtempSync(join(tmpdir(), 'loop-widget-host-'));
  made.push(hostDir);
  const host = await startStaticServer({ root: hostDir });
  return {
    loop,
    host,
    hostDir,
    page(name, html) {
      const path = join(hostDir, name);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, html);
      return `${host.url}/${name}`;
    },
    async close() {
      await Promise.all([loop.close(), host.close()]);
    },
  };
}

/** A plain host page around `body`, loading the classic script from the LOOP origin. */
export function hostPage(loopUrl: string, body: string, options: { head?: string; script?: string } = {}): string {
  const script = options.script ?? `<script src="${loopUrl}/widget/v1/loop-widget.js" defer></script>`;
  return `<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><title>A community website</title>${options.head ?? ''}</head><body><main><h1>Local help</h1>${body}</main>${script}</body></html>`;
}

/** Waits until the n-th <loop-listings> has rendered listings (or an error/empty state when `state` says so). */
export async function rendered(page: Page, index = 0, state: 'list' | 'error' | 'empty' = 'list'): Promise<void> {
  const selector = { list: '[part~="item"]', error: '[part~="error"]', empty: '[part~="empty"]' }[state];
  await page.locator('loop-listings').nth(index).locator(selector).first().waitFor({ state: 'attached', timeout: 60_000 });
}

/** Every request the page makes, as URLs. */
export function recordRequests(page: Page): string[] {
  const urls: string[] = [];
  page.on('request', (request) => urls.push(request.url()));
  return urls;
}
