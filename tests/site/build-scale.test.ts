/**
 * One build of a synthetic dataset bigger than the examples (700 services, 210 organisations), for what only shows
 * at scale: browse lists split into pages, the organisation filter without a 200-option drop-down, and links and
 * the sitemap still whole across some 1,500 pages.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { DomUtils } from 'htmlparser2';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { generate } from '../../scripts/synthetic/generate.ts';
import { loadDatasetSync } from '../../src/checks/load.ts';
import type { Dataset } from '../../src/dataset/dataset.ts';
import { catalogueOf } from '../../src/dataset/catalogue.ts';
import { BROWSE_PAGE_SIZE, pageCount } from '../../src/site/pagination.ts';
import { termPath } from '../../src/urls/site.ts';
import { AS_OF } from '../support/data.ts';
import { buildSite, type BuildResult } from '../support/astro-build.ts';
import { checkLinks, elements, readPages, text, type Page } from './support/html.ts';

const SITE = 'https://loop-leeds.github.io/loop/';
let dir: string;
let build: BuildResult;
let pages: Map<string, Page>;
let dataset: Dataset;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'loop-scale-'));
  generate({ services: 700, seed: 7, out: dir });
  const loaded = loadDatasetSync({ dataDir: join(dir, 'data'), asOf: AS_OF });
  if (!loaded.ok) throw new Error('the synthetic data does not validate');
  dataset = loaded.dataset;
  build = await buildSite({ LOOP_DATA: join(dir, 'data') });
  if (build.code !== 0) throw new Error(`the site did not build:\n${build.output}`);
  pages = readPages(build.outDir);
});
afterAll(() => {
  for (const d of [dir, build?.outDir]) if (d) rmSync(d, { recursive: true, force: true });
});

const page = (path: string) => {
  const found = pages.get(`${path.slice(1)}index.html`);
  if (!found) throw new Error(`no page ${path}`);
  return found;
};

test('long browse lists are split into pages of 50, linked in order, each page whole', () => {
  const catalogue = catalogueOf(dataset);
  const big = catalogue.termsInUse('category').find((e) => e.listings.length > 2 * BROWSE_PAGE_SIZE)!;
  expect(big).toBeDefined();
  const count = pageCount(big.listings.length);
  const seen: string[] = [];
  for (let n = 1; n <= count; n++) {
    const p = page(termPath('category', big.term, n));
    const names = DomUtils.findAll((e) => e.name === 'h3', elements(p.doc, 'main')[0]!.children).map((h) => text(elements(h, 'a')[0]!));
    expect(names.length).toBe(n < count ? BROWSE_PAGE_SIZE : big.listings.length - (count - 1) * BROWSE_PAGE_SIZE);
    seen.push(...names);
    const nav = DomUtils.findOne((e) => e.name === 'nav' && e.attribs['aria-label'] === 'Pages', p.doc.children)!;
    expect(text(DomUtils.findOne((e) => e.attribs['aria-current'] === 'page', nav.children)!)).toBe(`Page ${n}`);
    if (n > 1) expect(p.html).toContain('rel="prev"');
    if (n < count) expect(p.html).toContain('rel="next"');
    expect(text(elements(p.doc, 'h1')[0]!)).toContain(count > 1 ? `(page ${n} of ${count})` : '');
  }
  expect(seen.map((s, i) => [s, big.listings[i]?.name]).filter(([a, b]) => a !== b)).toEqual([]);
  expect(pages.has(`${termPath('category', big.term, count + 1).slice(1)}index.html`)).toBe(false);
});

test('with more than 200 organisations, the organisation filter is not a drop-down', () => {
  const search = page('/search/');
  expect(DomUtils.findOne((e) => e.name === 'select' && e.attribs.name === 'organisation', search.doc.children)).toBeNull();
  expect(DomUtils.findOne((e) => e.name === 'input' && e.attribs.name === 'organisation' && e.attribs.type === 'hidden', search.doc.children)).not.toBeNull();
  expect(page('/organisations/page/2/').html).toContain('Organisations (page 2 of 2)');
});

test('every link resolves and the sitemap lists every page', () => {
  const report = checkLinks(build.outDir, pages, SITE);
  expect(report.problems).toEqual([]);
  const sitemap = readFileSync(join(build.outDir, 'sitemap.xml'), 'utf8');
  const locs = [...sitemap.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => new URL(m[1]!).pathname.slice('/loop'.length)).sort();
  expect(locs).toEqual([...pages.values()].filter((p) => p.file !== '404.html').map((p) => p.path).sort());
});

test('no page grows with the dataset', () => {
  // The dashboard's front page is bounded by the vocabularies instead (two heat maps of types of help and audiences
  // by ward, with their tables: some 1,800 cells), so it has a budget of its own, compressed as it is served.
  const front = 'dashboard/index.html';
  const sizes = [...pages.values()].filter((p) => p.file !== front).map((p) => [p.file, p.html.length] as const).sort((a, b) => b[1] - a[1]);
  expect(sizes[0]![1], sizes[0]![0]).toBeLessThan(120_000);
  const dashboard = pages.get(front)!.html;
  expect(dashboard.length).toBeLessThan(250_000);
  expect(gzipSync(dashboard).length).toBeLessThan(40_000);
});
