/**
 * One real build of the example data, at a base path other than the configured one (so nothing may hard-code
 * "/loop/"), checked page by page: every page type exists, every internal link resolves, the HTML is well formed
 * for assistive technology, JSON-LD parses, alternates are there and listing pages stay small.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { DomUtils } from 'htmlparser2';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { rmSync } from 'node:fs';
import { checkLinks, elements, readPages, text, type Page } from './support/html.ts';
import { buildSite, type BuildResult } from '../support/astro-build.ts';
import { exampleDataset } from './example.ts';
import { catalogueOf } from '../../src/dataset/catalogue.ts';
import { needsQuickExit } from '../../src/site/quick-exit.ts';
import { historyJsonPath, listingPath, orukServicePath, recordJsonPath } from '../../src/urls/site.ts';
import { execFileSync } from 'node:child_process';
import { repoRoot } from '../support/shared.ts';
import { SPELLING_FILE_PATH } from '../../src/site/search/files.ts';
import { PLACES_FILE_PATH } from '../../src/site/geo/files.ts';

const SITE = 'https://example.org/test-base/';
const BASE = '/test-base';
let build: BuildResult;
let pages: Map<string, Page>;
const dataset = exampleDataset();

beforeAll(async () => {
  build = await buildSite({ LOOP_BASE_URL: SITE });
  if (build.code !== 0) throw new Error(`the site did not build:\n${build.output}`);
  pages = readPages(build.outDir);
});
afterAll(() => {
  if (build?.outDir) rmSync(build.outDir, { recursive: true, force: true });
});

const page = (path: string): Page => {
  const file = `${path.replace(/^\//, '')}${path.endsWith('/') || path === '' ? 'index.html' : ''}`;
  const found = pages.get(file);
  if (!found) throw new Error(`no page ${path} (${file})`);
  return found;
};
const listingFile = (slug: string) => listingPath(dataset.listing(slug)!);

describe('every page type is built', () => {
  test.each([
    '/',
    '/search/',
    '/near-me/',
    listingFile('chapeltown-carers-network/carers-advice'),
    listingFile('leeds-young-minds-collective/calm-corner-app'),
    '/organisations/',
    '/organisations/chapeltown-carers-network/',
    '/locations/',
    '/locations/chapeltown-community-hub/',
    '/categories/',
    '/categories/carers-support/',
    '/needs/',
    '/circumstances/',
    '/conditions/',
    '/for/',
    '/for/carers/',
    '/for/young-people/',
    '/areas/',
    '/areas/ward/armley/',
    '/languages/',
    '/languages/ur/',
    '/a-z/',
    '/a-z/c/',
    '/open-data/',
    '/downloads/',
    '/feeds/v1/',
    '/schemas/v1/',
    '/accessibility/',
    '/404.html',
  ])('%s', (path) => {
    const p = page(path);
    expect(elements(p.doc, 'h1')).toHaveLength(1);
  });
  test('every listing, organisation, location and term has a page, whatever its status', () => {
    for (const listing of dataset.listings) page(listingPath(listing));
    for (const o of dataset.organisations) page(`/organisations/${o.slug}/`);
    for (const l of dataset.locations) page(`/locations/${l.slug}/`);
    expect(pages.size).toBeGreaterThan(dataset.listings.length + dataset.organisations.length + dataset.locations.length);
  });
  test('sitemap.xml lists exactly the pages built (404 aside); robots.txt points to it', () => {
    const sitemap = readFileSync(join(build.outDir, 'sitemap.xml'), 'utf8');
    const locs = [...sitemap.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => new URL(m[1]!).pathname.slice(BASE.length)).sort();
    const built = [...pages.values()].filter((p) => p.file !== '404.html').map((p) => p.path).sort();
    expect(locs).toEqual(built);
    expect(sitemap).toContain(`<lastmod>${dataset.listing('chapeltown-carers-network/carers-advice')!.reviewed}</lastmod>`);
    expect(readFileSync(join(build.outDir, 'robots.txt'), 'utf8')).toContain(`Sitemap: ${SITE}sitemap.xml`);
  });
  test('search bundle, spelling vocabulary and places file are published', () => {
    expect(readFileSync(join(build.outDir, 'pagefind', 'pagefind.js'), 'utf8').length).toBeGreaterThan(1000);
    const spelling = JSON.parse(readFileSync(join(build.outDir, SPELLING_FILE_PATH), 'utf8')) as { words: string[] };
    expect(spelling.words).toContain('counselling');
    const places = JSON.parse(readFileSync(join(build.outDir, PLACES_FILE_PATH), 'utf8')) as { places: unknown[] };
    expect(places.places.length).toBeGreaterThan(10);
    expect(build.output).toMatch(new RegExp(`indexed ${catalogueOf(dataset).listed.length} listings for search .* \\(in a worker thread\\)`));
  });
});

describe('open data you can click', () => {
  test('every page links the Atom feed for autodiscovery', () => {
    for (const p of pages.values()) {
      const atom = elements(p.doc, 'link').filter((l) => l.attribs.rel === 'alternate' && l.attribs.type === 'application/atom+xml');
      expect(atom.map((l) => l.attribs.href), p.file).toEqual([`${SITE}feeds/v1/changes.atom`]);
      expect(atom[0]!.attribs.title, p.file).toBeTruthy();
    }
    expect(readFileSync(join(build.outDir, 'feeds/v1/changes.atom'), 'utf8')).toContain('<feed xmlns="http://www.w3.org/2005/Atom">');
  });
  test('/downloads/, /feeds/v1/ and /schemas/v1/ list their files with format, size, licence and version; the open-data page and footer link them', () => {
    const manifest = JSON.parse(readFileSync(join(build.outDir, 'downloads/manifest.json'), 'utf8')) as { items: { path: string; size: number }[] };
    expect(manifest.items.length).toBeGreaterThan(10);
    for (const folder of ['/downloads/', '/feeds/v1/', '/schemas/v1/']) {
      const p = page(folder);
      const body = text(p.doc);
      for (const word of ['Format', 'Size', 'Licence', 'Version']) expect(body, folder).toContain(word);
      // The publish step filled in every size from what it wrote: none is left as the placeholder text.
      const sizes = DomUtils.findAll((e) => e.attribs['data-size-of'] !== undefined, p.doc.children);
      expect(sizes.length, folder).toBeGreaterThan(2);
      for (const s of sizes) expect(text(s), `${folder} ${s.attribs['data-size-of']}`).toMatch(/^\d+(\.\d)? (bytes|kB|MB|GB)$/);
      // Links to the files themselves (checked to resolve by the link test).
      expect(elements(p.doc, 'a').some((a) => a.attribs.href?.startsWith(`${BASE}${folder}`) && a.attribs.href !== `${BASE}${folder}`), folder).toBe(true);
      for (const link of [page('/open-data/'), page('/')]) {
        expect(elements(link.doc, 'a').map((a) => a.attribs.href), `${link.file} -> ${folder}`).toContain(`${BASE}${folder}`);
      }
    }
    const csv = DomUtils.findOne((e) => e.attribs['data-size-of'] === 'downloads/listings.csv', page('/downloads/').doc.children)!;
    expect(text(csv)).toMatch(/bytes|kB|MB/);
    // The open-data page's addresses are links now, not text to copy.
    const hrefs = elements(page('/open-data/').doc, 'a').map((a) => a.attribs.href);
    for (const href of [`${BASE}/oruk/v3/`, `${BASE}/oruk/v3/index.json`, `${BASE}/feeds/v1/changes.atom`, `${BASE}/openapi.json`]) expect(hrefs).toContain(href);
  });
});

describe('links', () => {
  test('every internal link, asset and fragment on every page resolves under the base path', () => {
    const report = checkLinks(build.outDir, pages, SITE);
    expect(report.problems).toEqual([]);
    expect(report.checked).toBeGreaterThan(2000);
  });
  test('nothing hard-codes the configured base (/loop/)', () => {
    for (const p of pages.values()) expect(p.html, p.file).not.toMatch(/(href|src|action)="\/loop\//);
  });
});

describe('every page is well formed for people using assistive technology', () => {
  test('language, title, landmarks, skip link, one h1, no skipped heading levels', () => {
    for (const p of pages.values()) {
      const html = elements(p.doc, 'html')[0]!;
      expect(html.attribs.lang, p.file).toBe('en-GB');
      expect(text(elements(p.doc, 'title')[0]!).length, p.file).toBeGreaterThan(3);
      expect(elements(p.doc, 'main'), p.file).toHaveLength(1);
      expect(elements(p.doc, 'main')[0]!.attribs.id, p.file).toBe('main');
      expect(DomUtils.findOne((e) => e.name === 'a' && e.attribs.href === '#main', p.doc.children), p.file).not.toBeNull();
      expect(elements(p.doc, 'header').length, p.file).toBeGreaterThan(0);
      expect(elements(p.doc, 'footer').length, p.file).toBeGreaterThan(0);
      expect(elements(p.doc, 'h1'), p.file).toHaveLength(1);
      const levels = DomUtils.findAll((e) => /^h[1-6]$/.test(e.name), p.doc.children).map((e) => Number(e.name[1]));
      levels.forEach((level, i) => {
        if (i > 0) expect(level, `${p.file}: heading ${i} jumps from h${levels[i - 1]} to h${level}`).toBeLessThanOrEqual(levels[i - 1]! + 1);
      });
      for (const input of DomUtils.findAll((e) => (e.name === 'input' && e.attribs.type !== 'hidden') || e.name === 'select', p.doc.children)) {
        const labelled = input.attribs.id && DomUtils.findOne((e) => e.name === 'label' && e.attribs.for === input.attribs.id, p.doc.children);
        expect(labelled, `${p.file}: ${input.attribs.name} has no label`).toBeTruthy();
      }
      expect(p.html, p.file).not.toMatch(/>[^<]*\b(undefined|NaN|\[object Object\])\b/);
    }
  });
  test('the example-data banner is on every page', () => {
    for (const p of pages.values()) expect(p.html, p.file).toContain('These listings are fictional examples');
  });
  test('reading a listing needs no JavaScript: JSON-LD, module scripts that only add (Save, Exit), and "Exit this page" where it is offered', () => {
    let exits = 0;
    for (const listing of dataset.listings) {
      const p = page(listingPath(listing));
      const scripts = elements(p.doc, 'script');
      // "Exit this page" works as a plain link; its script only adds location.replace and the Shift shortcut.
      const exit = needsQuickExit(dataset, listing);
      if (exit) exits++;
      const types = scripts.map((s) => s.attribs.type);
      expect(types.filter((t) => t === 'application/ld+json'), p.file).toHaveLength(1);
      expect(types.every((t) => t === 'application/ld+json' || t === 'module'), p.file).toBe(true);
      // "Save to shortlist" (issue #18) needs its script, so it is in the page hidden until the script shows it.
      for (const row of DomUtils.findAll((e) => (e.attribs.class ?? '').split(' ').includes('save-row'), p.doc.children)) expect(row.attribs.hidden, p.file).toBeDefined();
      expect(elements(p.doc, 'a').some((a) => a.attribs['data-quick-exit'] !== undefined), p.file).toBe(exit);
    }
    expect(exits).toBeGreaterThan(0);
  });
});

describe('listing pages', () => {
  const advice = () => page(listingFile('chapeltown-carers-network/carers-advice'));
  test('what it is, who it is for, how to get help, where and when, cost, languages, the organisation', () => {
    const p = advice();
    const body = text(p.doc);
    for (const heading of ['Who it is for', 'How to get help', 'Where and when', 'Cost', 'Languages', 'About Chapeltown Carers Network']) expect(body).toContain(heading);
    expect(body).toContain('Ages 16 and over');
    expect(body).toContain('Monday to Friday 09:30–16:30');
    expect(body).toContain('Thursday 13:00–16:00');
    expect(body).toContain('You can refer yourself, or a professional can refer you.');
    expect(body).toContain('Last reviewed on 14 September 2026');
    expect(p.html).toContain('href="tel:+441134960053"');
    expect(p.html).toContain('href="mailto:support@chapeltown-carers.example.org"');
    // The description's markdown list and bold, rendered.
    expect(p.html).toMatch(/<ul><li>understand and prepare for a <strong>carer&#39;s assessment<\/strong>/);
  });
  test('alternate links to LOOP JSON and ORUK JSON, and the same links in the page', () => {
    const listing = dataset.listing('chapeltown-carers-network/carers-advice')!;
    const alternates = elements(advice().doc, 'link').filter((l) => l.attribs.rel === 'alternate' && l.attribs.type === 'application/json');
    expect(alternates.map((l) => [l.attribs.type, l.attribs.href])).toEqual([
      ['application/json', `${BASE}${recordJsonPath(listing.id)}`],
      ['application/json', `${BASE}${orukServicePath(listing.id)}`],
    ]);
    const resource = dataset.listing('leeds-young-minds-collective/calm-corner-app')!;
    const resourceAlternates = elements(page(listingPath(resource)).doc, 'link').filter((l) => l.attribs.rel === 'alternate' && l.attribs.type === 'application/json');
    expect(resourceAlternates.map((l) => l.attribs.href)).toEqual([`${BASE}${recordJsonPath(resource.id)}`]);
  });
  test('JSON-LD parses on every page that has it, with the right type', () => {
    let count = 0;
    for (const p of pages.values()) {
      for (const script of elements(p.doc, 'script').filter((s) => s.attribs.type === 'application/ld+json')) {
        const value = JSON.parse(DomUtils.textContent(script)) as Record<string, unknown>;
        expect(value['@context'], p.file).toBe('https://schema.org');
        count++;
      }
    }
    expect(count).toBeGreaterThanOrEqual(dataset.listings.length + dataset.organisations.length + dataset.locations.length);
    const ld = JSON.parse(DomUtils.textContent(elements(advice().doc, 'script')[0]!)) as { mainEntity: { '@type': string; url: string } };
    expect(ld.mainEntity['@type']).toBe('Service');
    expect(ld.mainEntity.url).toBe(`${SITE}services/chapeltown-carers-network/carers-advice/`);
  });
  test('"suggest a change" and "report out of date" open prefilled GitHub issue forms; organisations can edit in the web form', () => {
    const href = (start: string) => new URL(DomUtils.findOne((e) => e.name === 'a' && text(e).startsWith(start), advice().doc.children)!.attribs.href!);
    const suggest = href('Suggest a change');
    expect(suggest.pathname).toBe('/loop-leeds/loop/issues/new');
    expect(suggest.searchParams.get('template')).toBe('suggest-a-change.yml');
    expect(suggest.searchParams.get('listing')).toBe(`Carers' rights and money advice (${SITE}services/chapeltown-carers-network/carers-advice/)`);
    expect(href('report that it is out of date').searchParams.get('template')).toBe('report-out-of-date.yml');
    expect(href('Update it in the web form').toString()).toBe(`${SITE}admin/#/collections/services/entries/chapeltown-carers-network/carers-advice`);
  });
  test('each listing page shows its history from git, newest first, linking each change and the history JSON', () => {
    const listing = dataset.listing('chapeltown-carers-network/carers-advice')!;
    // One entry per dataset version on the main line (first parent), as the history publisher defines them.
    const expected = execFileSync('git', ['log', '--first-parent', '--format=%H', 'HEAD', '--', listing.file], { cwd: repoRoot, encoding: 'utf8' }).trim().split('\n').filter(Boolean);
    const section = DomUtils.findOne((e) => e.name === 'section' && e.attribs['aria-labelledby'] === 'history', advice().doc.children);
    if (expected.length === 0) {
      expect(section).toBeNull(); // a checkout without history shows none, rather than an empty heading
      return;
    }
    expect(section).not.toBeNull();
    const commits = elements(section!, 'a').map((a) => a.attribs.href!).filter((h) => h.includes('/commit/')).map((h) => h.split('/commit/')[1]);
    expect(commits).toEqual(expected);
    const json = elements(section!, 'a').find((a) => a.attribs.type === 'application/json')!;
    expect(json.attribs.href).toBe(`${BASE}${historyJsonPath(listing.id)}`);
  });
  test('"may be out of date" past the review policy, and only then', () => {
    expect(text(page(listingFile('second-wind-recovery/families-affected-group')).doc)).toContain('This listing may be out of date');
    expect(text(page(listingFile('second-wind-recovery/families-affected-group')).doc)).toContain('more than 12 months ago');
    expect(text(page(listingFile('morley-workshop-circle/workshop-sessions')).doc)).toContain('more than 6 months ago');
    expect(text(advice().doc)).not.toContain('may be out of date');
  });
  test('a listing with an end date says how long it runs', () => {
    expect(text(page(listingFile('seacroft-money-matters/warm-homes-energy-advice')).doc)).toContain('Runs until 31 March 2027.');
  });
  test('inactive and temporarily closed listings are marked; inactive ones are left out of browse pages', () => {
    const closed = page(listingFile('east-leeds-community-trust/gipton-job-club'));
    expect(text(closed.doc)).toContain('No longer running');
    const temporarily = page(listingFile('bramley-befriending/friday-social'));
    expect(text(temporarily.doc)).toContain('Temporarily closed');
    const path = `${BASE}${listingFile('east-leeds-community-trust/gipton-job-club')}`;
    expect(page('/a-z/g/').html).not.toContain(path);
    for (const term of dataset.termsOf(dataset.listing('east-leeds-community-trust/gipton-job-club')!, 'categories')) {
      expect(page(`/categories/${term.slug}/`).html).not.toContain(path);
    }
    // ... but its organisation still shows it, under "No longer running".
    expect(page('/organisations/east-leeds-community-trust/').html).toContain(path);
  });
  test('a listing page, with its stylesheet, is at most 30 kB gzipped; the biggest is measured', () => {
    const catalogue = catalogueOf(dataset);
    let biggest = { file: '', bytes: 0 };
    for (const listing of dataset.listings) {
      const p = page(listingPath(listing));
      const css = elements(p.doc, 'link')
        .filter((l) => l.attribs.rel === 'stylesheet')
        .map((l) => readFileSync(join(build.outDir, l.attribs.href!.slice(BASE.length)), 'utf8'))
        .join('');
      const bytes = gzipSync(p.html).length + gzipSync(css).length;
      if (bytes > biggest.bytes) biggest = { file: p.file, bytes };
    }
    expect(biggest.bytes, biggest.file).toBeLessThanOrEqual(30 * 1024);
    expect(catalogue.listed.length).toBeGreaterThan(0);
    console.log(`biggest listing page: ${biggest.file}, ${(biggest.bytes / 1024).toFixed(1)} kB gzipped with CSS`);
  });
});

describe('browse pages', () => {
  test('curated starting points list their listings by name and link into search', () => {
    const carers = page('/for/carers/');
    const names = DomUtils.findAll((e) => e.name === 'h3', carers.doc.children).map((h) => text(elements(h, 'a')[0]!));
    expect(names.length).toBeGreaterThan(2);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, 'en-GB', { sensitivity: 'base', numeric: true })));
    expect(carers.html).toContain(`href="${BASE}/search/?audience=carers"`);
  });
  test('the home page has search, categories, needs, counts and recently checked listings', () => {
    const home = text(page('/').doc);
    expect(home).toMatch(/\d+ services, \d+ self-help resources and \d+ organisations/);
    for (const heading of ['Types of help', 'What do you need?', 'Recently checked', 'Starting points']) expect(home).toContain(heading);
    expect(elements(page('/').doc, 'form')[0]!.attribs.action).toBe(`${BASE}/search/`);
  });
  test('the open data page explains the feeds and the licence', () => {
    const body = text(page('/open-data/').doc);
    for (const words of [`${SITE}oruk/v3/`, `${SITE}feeds/v1/`, `${SITE}downloads/`, 'Open Government Licence v3.0', dataset.config.licence.attribution]) expect(body).toContain(words);
  });
});
