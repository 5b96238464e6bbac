/**
 * One real `astro build` of the hand-built dashboard fixture (in a throwaway git repository with known history),
 * at a base path other than the configured one, then:
 *
 * - the built HTML: every dashboard page, every chart a figure with a caption, a summary, an SVG image named by
 *   both, a table with a caption and row and column headers, and a CSV that parses back to the table's numbers;
 *   the hand-checked numbers on the page; hostile names as text; no JavaScript; links from the rest of the site;
 * - in Chromium: axe-core clean on every kind of dashboard page, every SVG well-formed, the tables reachable with
 *   the keyboard and JavaScript off, the CSVs served as UTF-8 text/csv.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { DomUtils } from 'htmlparser2';
import type { Element } from 'domhandler';
import type { Browser, Page as BrowserPage } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { axe, chromiumAvailable, describeViolations, launchChromium, screenshot } from '../support/browser.ts';
import { dashboardFixtureWithHistory } from '../support/dashboard.ts';
import { startStaticServer, type StaticServer } from '../../src/serve/server.ts';
import { unguard } from '../../src/publish/bulk/csv.ts';
import { buildSite, type BuildResult } from '../support/astro-build.ts';
import { checkLinks, elements, readPages, text, type Page } from './support/html.ts';

const SITE = 'https://example.org/dash/';
const BASE = '/dash/';
const ORGANISATIONS = ['armley-aid', 'city-helpline', 'hostile-trust', 'quiet-group'];
let dir: string;
let build: BuildResult;
let pages: Map<string, Page>;

beforeAll(async () => {
  dir = dashboardFixtureWithHistory();
  build = await buildSite({ LOOP_DATA: dir, LOOP_BASE_URL: SITE });
  if (build.code !== 0) throw new Error(`the site did not build:\n${build.output}`);
  pages = readPages(build.outDir);
});
afterAll(() => {
  if (build?.outDir) rmSync(build.outDir, { recursive: true, force: true });
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const page = (path: string): Page => {
  const found = pages.get(`${path.replace(/^\//, '')}index.html`);
  if (!found) throw new Error(`no page ${path}`);
  return found;
};
const byId = (p: Page, id: string) => DomUtils.findOne((e) => e.attribs.id === id, p.doc.children);
const dashboardPages = () => [...pages.values()].filter((p) => p.path.startsWith('/dashboard/'));
const csvFile = (href: string) => readFileSync(join(build.outDir, href.slice(BASE.length)), 'utf8');

function inside(ancestor: Element, node: Element): boolean {
  for (let n: Element | null = node; n; n = n.parent as Element | null) if (n === ancestor) return true;
  return false;
}
/** A table as text cells: header row, then each row (row header first). */
function cells(table: Element): string[][] {
  return elements(table, 'tr').map((tr) => DomUtils.findAll((e) => e.name === 'th' || e.name === 'td', tr.children).map((c) => text(c)));
}
/** "1,234" in a page and 1234 in a CSV are the same number. */
const plain = (cell: string) => (/^-?[\d,]+(\.\d+)?$/.test(cell) ? cell.replace(/,/g, '') : cell);

describe('the dashboard pages are built', () => {
  test('the dashboard, the organisations index and a page per organisation', () => {
    expect(build.output).toMatch(/dashboard: figures and charts for 6 active listings and 4 organisations in \d+ ms/);
    expect(text(elements(page('/dashboard/').doc, 'h1')[0]!)).toBe('Data dashboard');
    expect(text(elements(page('/dashboard/organisations/').doc, 'h1')[0]!)).toBe('Organisations on the data dashboard');
    for (const slug of ORGANISATIONS) expect(elements(page(`/dashboard/organisations/${slug}/`).doc, 'h1')).toHaveLength(1);
    expect(text(elements(page('/dashboard/organisations/hostile-trust/').doc, 'h1')[0]!)).toBe('<img src=x onerror=alert(1)> Trust & Co');
  });
  test('every link on every page resolves (the CSVs included), and the sitemap lists the dashboard pages', () => {
    expect(checkLinks(build.outDir, pages, SITE).problems).toEqual([]);
    const sitemap = readFileSync(join(build.outDir, 'sitemap.xml'), 'utf8');
    const locs = [...sitemap.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => new URL(m[1]!).pathname.slice(BASE.length - 1)).filter((p) => p.startsWith('/dashboard/'));
    expect(locs.sort()).toEqual(dashboardPages().map((p) => p.path).sort());
  });
  test('linked from every page footer, the open data page and each organisation public page', () => {
    for (const p of pages.values()) {
      const footer = elements(p.doc, 'footer').find((f) => f.attribs.class === 'site-footer')!;
      expect(elements(footer, 'a').some((a) => a.attribs.href === `${BASE}dashboard/`), p.file).toBe(true);
    }
    expect(elements(page('/open-data/').doc, 'a').some((a) => a.attribs.href === `${BASE}dashboard/`)).toBe(true);
    for (const slug of ORGANISATIONS) expect(elements(page(`/organisations/${slug}/`).doc, 'a').some((a) => a.attribs.href === `${BASE}dashboard/organisations/${slug}/`)).toBe(true);
  });
  test('readable without JavaScript: no scripts at all', () => {
    for (const p of dashboardPages()) expect(elements(p.doc, 'script'), p.file).toEqual([]);
  });
});

describe('every chart on every dashboard page', () => {
  const figures = () => dashboardPages().flatMap((p) => elements(p.doc, 'figure').map((figure) => ({ p, figure })));

  test('the dashboard has all its charts', () => {
    expect(elements(page('/dashboard/').doc, 'figure').map((f) => f.attribs.id)).toEqual(['freshness', 'categories', 'needs', 'audiences', 'formats', 'wards', 'category-gaps', 'audience-gaps', 'activity', 'rules']);
  });
  test('a text alternative: a caption with a title and a summary that name and describe the SVG image', () => {
    for (const { p, figure } of figures()) {
      const id = figure.attribs.id!;
      const caption = elements(figure, 'figcaption')[0]!;
      const title = byId(p, `${id}-title`)!;
      const summary = byId(p, `${id}-summary`)!;
      expect(inside(caption, title) && inside(caption, summary), `${p.file} #${id}`).toBe(true);
      expect(text(title).length).toBeGreaterThan(5);
      expect(text(summary)).toMatch(/\.$/);
      const svg = elements(figure, 'svg');
      expect(svg, `${p.file} #${id}`).toHaveLength(1);
      expect(svg[0]!.attribs.role).toBe('img');
      expect(svg[0]!.attribs['aria-labelledby']).toBe(`${id}-title ${id}-summary`);
    }
  });
  test('a data table with a caption, column headers and a header for every row', () => {
    for (const { p, figure } of figures()) {
      const [table] = elements(figure, 'table');
      expect(table, `${p.file} #${figure.attribs.id}`).toBeDefined();
      expect(text(elements(table!, 'caption')[0]!).length).toBeGreaterThan(5);
      for (const th of elements(elements(table!, 'thead')[0]!, 'th')) expect(th.attribs.scope).toBe('col');
      for (const tr of elements(elements(table!, 'tbody')[0]!, 'tr')) {
        const first = tr.children.find((c) => (c as Element).name) as Element;
        expect(first.name).toBe('th');
        expect(first.attribs.scope).toBe('row');
      }
    }
  });
  test('a CSV download that parses back to the numbers in the table', () => {
    let checked = 0;
    for (const { p, figure } of figures()) {
      const link = elements(figure, 'a').find((a) => a.attribs.download !== undefined)!;
      expect(link.attribs.href, `${p.file} #${figure.attribs.id}`).toMatch(new RegExp(`^${BASE}dashboard/data/.+\\.csv$`));
      const body = csvFile(link.attribs.href!);
      expect(body.charCodeAt(0)).toBe(0xfeff);
      const rows = (parse(body, { bom: true }) as string[][]).map((r) => r.map(unguard));
      const table = cells(elements(figure, 'table')[0]!).map((r) => r.map(plain));
      expect(rows, `${p.file} #${figure.attribs.id}`).toEqual(table);
      checked++;
    }
    expect(checked).toBe(10);
  });
});

describe('the numbers on the page, checked by hand', () => {
  const stat = (label: string) => {
    const dt = elements(page('/dashboard/').doc, 'dt').find((d) => text(d) === label)!;
    return text(DomUtils.nextElementSibling(dt)!);
  };
  test('at a glance', () => {
    expect(
      ['Active listings', 'Organisations contributing', 'Reviewed within policy', 'Due for review', 'Overdue for review', 'Likely duplicates', 'Validation warnings', 'Wards with no local listing'].map(stat),
    ).toEqual(['6', '3', '3', '2', '1', '1', '9', '1']);
  });
  test('the category x ward table, with the city-wide column apart', () => {
    const figure = byId(page('/dashboard/'), 'category-gaps')! as Element;
    expect(cells(elements(figure, 'table')[0]!)).toEqual([
      ['Type of help', 'Part of', 'City-wide', 'Armley', 'Chapel Allerton', 'Gipton & Harehills', 'Weetwood'],
      ['Food and essentials', '', '1', '1', '0', '1', '0'],
      ['Emergency food', 'Food and essentials', '0', '1', '0', '1', '0'],
      ['Mental health', '', '1', '0', '1', '0', '0'],
      ['Advice <script>alert("x")</script> & "rights"', '', '0', '0', '1', '0', '0'],
    ]);
    // Five gaps in the map, hatched (in four runs); six cells with local help, each shaded and numbered; the five
    // zeros covered city-wide are left blank.
    const svg = elements(figure, 'svg')[0]!;
    const group = (cls: string) => DomUtils.findOne((e) => e.name === 'g' && e.attribs.class === cls, svg.children)!;
    // Emergency food: Chapel Allerton, Weetwood; Advice: Armley, then Gipton & Harehills and Weetwood side by side.
    expect(elements(group('gaps'), 'rect').map((r) => r.attribs['data-cells'])).toEqual(['1', '1', '1', '2']);
    const shaded = elements(group('counts'), 'path').flatMap((p) => [...(p.attribs.d ?? '').matchAll(/M/g)]);
    expect(shaded).toHaveLength(6);
    expect(elements(group('numbers'), 'text').map(text)).toEqual(['1', '1', '1', '1', '1', '1']);
  });
  test('gaps in words', () => {
    const body = text(page('/dashboard/').doc);
    expect(body).toContain('One ward has no local listing of any kind: Weetwood.');
    expect(body).toContain('Emergency food: none in 2 wards (Chapel Allerton, Weetwood)');
  });
  test('listings added and changed per month, from the git history', () => {
    const figure = byId(page('/dashboard/'), 'activity')! as Element;
    expect(cells(elements(figure, 'table')[0]!)).toEqual([
      ['Month', 'Added', 'Changed'],
      ['2026-08', '5', '0'],
      ['2026-09', '0', '0'],
      ['2026-10', '2', '1'],
      ['2026-11', '0', '2'],
    ]);
  });
  test('every listing in one CSV, by organisation', () => {
    const rows = (parse(csvFile(`${BASE}dashboard/data/listings.csv`), { bom: true }) as string[][]).map((r) => r.map(unguard));
    expect(rows[0]).toEqual(['Listing', 'Organisation', 'Type', 'Status', 'Last reviewed', 'Freshness', 'Review due', 'Completeness (%)', 'Missing', 'Warnings']);
    expect(rows.slice(1).map((r) => [r[0], r[1], r[7]])).toEqual([
      ['Old Wellbeing Club', 'Armley Aid', '11'],
      ['Harehills Pantry', 'Armley Aid', '21'],
      ['Armley Food Bank', 'Armley Aid', '89'],
      ['Young Carers Club', 'City Helpline', '21'],
      ['Eating Well on a Budget', 'City Helpline', '30'],
      ['City Helpline', 'City Helpline', '47'],
      ['Advice "drop-in" <em>now</em>', '<img src=x onerror=alert(1)> Trust & Co', '26'],
    ]);
    expect(elements(page('/dashboard/organisations/armley-aid/').doc, 'a').some((a) => a.attribs.href === `${BASE}dashboard/data/listings.csv`)).toBe(true);
  });
  test("an organisation's page: what to do next, and each listing's freshness, completeness and warnings", () => {
    const p = page('/dashboard/organisations/city-helpline/');
    expect(elements(elements(p.doc, 'ol').find((o) => o.attribs.class === 'next-steps')!, 'li').map(text)).toEqual([
      'Review 1 overdue listing: City Helpline.',
      'Review 1 listing due soon: Eating Well on a Budget.',
      'Improve "Young Carers Club" (21% complete): Add a description: what happens, who runs it, what to expect.',
      'Add maintainers (GitHub accounts) so your organisation can approve changes to its own listings.',
    ]);
    const listing = elements(p.doc, 'li').find((li) => li.parent && (li.parent as Element).attribs?.class === 'dashboard-listings' && text(elements(li, 'h3')[0]!) === 'City Helpline')!;
    const body = text(listing);
    expect(body).toContain('1 October 2025: Overdue for review');
    expect(body).toContain('47%');
    expect(body).toContain('freshness (line 12): last reviewed 2025-10-01, more than 12 months ago');
    expect(elements(listing, 'a').map((a) => a.attribs.href)).toEqual(expect.arrayContaining([`${BASE}services/city-helpline/helpline/`]));
  });
});

describe('hostile names are text', () => {
  test('no markup from the data reaches any dashboard page, and the names read as written', () => {
    for (const p of dashboardPages()) {
      // (A "<" inside a quoted attribute value is text, so the parsed page is what counts.)
      for (const tag of ['script', 'img', 'em']) expect(elements(p.doc, tag), `${p.file}: <${tag}>`).toEqual([]);
    }
    expect(text(page('/dashboard/').doc)).toContain('Advice <script>alert("x")</script> & "rights"');
    expect(text(page('/dashboard/organisations/').doc)).toContain('<img src=x onerror=alert(1)> Trust & Co');
  });
  test('a formula in a name reaches the CSV as text', () => {
    const body = csvFile(`${BASE}dashboard/data/audience-gaps.csv`);
    expect(body).toContain(`"'=HYPERLINK(""https://evil.example.org"",""click"")"`);
  });
});

describe.runIf(chromiumAvailable('dashboard in the browser'))('the dashboard in Chromium', () => {
  let server: StaticServer;
  let browser: Browser;
  const offsite: string[] = [];
  beforeAll(async () => {
    server = await startStaticServer({ root: build.outDir, port: 0, base: BASE });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    expect(offsite).toEqual([]);
  });
  async function open(path: string, javaScriptEnabled = true): Promise<BrowserPage> {
    const context = await browser.newContext({ javaScriptEnabled, reducedMotion: 'reduce' });
    await context.route('**/*', (route) => {
      if (route.request().url().startsWith(server.url)) return route.continue();
      offsite.push(route.request().url());
      return route.abort('blockedbyclient');
    });
    const p = await context.newPage();
    const errors: string[] = [];
    p.on('pageerror', (e) => errors.push(e.message));
    p.on('console', (m) => (m.type() === 'error' ? errors.push(m.text()) : undefined));
    (p as BrowserPage & { errors: string[] }).errors = errors;
    await p.goto(`${server.url}${BASE}${path}`);
    return p;
  }

  test.each(['dashboard/', 'dashboard/organisations/', ...ORGANISATIONS.map((s) => `dashboard/organisations/${s}/`)])('axe-core finds no WCAG 2.2 A/AA violations on /dash/%s', async (path) => {
    const p = await open(path);
    // With every table open, so axe checks them too.
    await p.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));
    expect(describeViolations(await axe(p))).toBe('');
    expect((p as BrowserPage & { errors: string[] }).errors).toEqual([]);
    if (path === 'dashboard/') await screenshot(p, 'dashboard');
    await p.context().close();
  });
  test('every chart is a well-formed SVG image', async () => {
    const p = await open('dashboard/');
    const problems = await p.evaluate(() =>
      [...document.querySelectorAll('figure svg')].map((svg) => {
        const doc = new DOMParser().parseFromString(svg.outerHTML, 'image/svg+xml');
        return doc.querySelector('parsererror') ? `${svg.closest('figure')!.id}: ${doc.querySelector('parsererror')!.textContent}` : '';
      }).filter(Boolean),
    );
    expect(problems).toEqual([]);
    // Wide charts scroll inside their frame, which the keyboard can reach.
    expect(await p.locator('#category-gaps .chart-frame').getAttribute('tabindex')).toBe('0');
    await p.context().close();
  });
  test('with JavaScript off, the keyboard opens the numbers behind a chart', async () => {
    const p = await open('dashboard/', false);
    const table = p.locator('#freshness table');
    expect(await table.isVisible()).toBe(false);
    await p.locator('#freshness summary').focus();
    await p.keyboard.press('Enter');
    expect(await table.isVisible()).toBe(true);
    expect(await p.locator('#freshness table caption').textContent()).toBe('Listings by freshness');
    await p.context().close();
  });
  test('CSVs are served as UTF-8 text/csv', async () => {
    const response = await fetch(`${server.url}${BASE}dashboard/data/freshness.csv`);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const bytes = Buffer.from(await response.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.toString('utf8')).toBe('\uFEFFFreshness,Listings,Share (%)\r\nReviewed within policy,3,50\r\nDue for review,2,33\r\nOverdue for review,1,17\r\n');
  });
});
