/**
 * The built site in Chromium, served under its real base path (/loop/): axe-core on every page type, the search
 * flow a person follows (with a screenshot for review), keyboard-only use, synonyms and a misspelling, near me with
 * postcodes.io stubbed, and listing pages with JavaScript off. Tests never reach the network: every request that
 * is not to the local server is refused, except the stubbed postcode lookup.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, sep } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { axe, chromiumAvailable, describeViolations, launchChromium, screenshot } from '../support/browser.ts';
import { startStaticServer, type StaticServer } from '../../src/serve/server.ts';
import { buildSite, type BuildResult } from '../support/astro-build.ts';
import { headersFor, parseHeaders } from '../../src/serve/rules.ts';
import { EMBED_POLICY, PAGE_POLICY } from '../../src/urls/security-policy.ts';
import { repoRoot } from '../support/shared.ts';
import type { CardsFile } from '../../src/site/cards.ts';
import { isOpenAt } from '../../src/site/open-now.ts';
import { alsoAvailable, nearestServices, type PlacesFile } from '../../src/site/geo/places.ts';

const BASE = '/loop/';
/** One page of every type the site has, for axe-core and the phone-width checks. */
const PAGE_TYPES = [
  '',
  'search/',
  'near-me/',
  'services/chapeltown-carers-network/carers-advice/',
  'services/east-leeds-community-trust/gipton-job-club/',
  'services/second-wind-recovery/families-affected-group/',
  'resources/leeds-young-minds-collective/calm-corner-app/',
  'organisations/',
  'organisations/east-leeds-community-trust/',
  'locations/',
  'locations/chapeltown-community-hub/',
  'categories/',
  'categories/carers-support/',
  'needs/',
  'for/young-people/',
  'areas/',
  'areas/ward/armley/',
  'languages/ur/',
  'a-z/',
  'a-z/c/',
  'open-data/',
  'downloads/',
  'feeds/v1/',
  'schemas/v1/',
  'accessibility/',
  'no-such-page/',
  'dashboard/',
  'dashboard/organisations/chapeltown-carers-network/',
  // A listing about domestic abuse, with "Exit this page".
  'services/lanterns-domestic-abuse-support/lanterns-helpline/',
  'shortlist/',
];

describe.runIf(chromiumAvailable('site in the browser'))('the site in Chromium', () => {
  let build: BuildResult;
  let server: StaticServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const offsite: string[] = [];

  beforeAll(async () => {
    build = await buildSite();
    if (build.code !== 0) throw new Error(`the site did not build:\n${build.output}`);
    server = await startStaticServer({ root: build.outDir, port: 0, base: BASE });
    browser = await launchChromium();
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await browser?.close();
    await server?.close();
    if (build?.outDir && !build.reused) rmSync(build.outDir, { recursive: true, force: true });
    expect(offsite.filter((u) => !u.startsWith('https://api.postcodes.io/'))).toEqual([]);
  });

  const url = (path: string) => `${server.url}${BASE}${path.replace(/^\//, '')}`;

  /** A page in a fresh context that cannot reach anything but the local server. */
  async function open(path: string, options: BrowserContextOptions = {}): Promise<Page> {
    const context = await browser.newContext({ reducedMotion: 'reduce', ...options });
    contexts.push(context);
    await context.route('**/*', (route) => {
      const requested = route.request().url();
      if (requested.startsWith(server.url)) return route.continue();
      offsite.push(requested);
      return route.abort('blockedbyclient');
    });
    // Every Content-Security-Policy violation on any page fails the test that opened it (see cspViolationsOf).
    const violations: string[] = [];
    await context.exposeBinding('__loopCspViolation', (_source, text: string) => violations.push(text));
    await context.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => {
        (window as unknown as { __loopCspViolation: (t: string) => void }).__loopCspViolation(`${location.pathname}: ${e.effectiveDirective} ${e.blockedURI}`);
      });
    });
    const page = await context.newPage();
    (page as Page & { violations: string[] }).violations = violations;
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error' && !/api\.postcodes\.io|ERR_BLOCKED_BY_CLIENT|status of 404/.test(m.text())) errors.push(m.text());
    });
    (page as Page & { errors: string[] }).errors = errors;
    await page.goto(url(path));
    return page;
  }
  const errorsOf = (page: Page) => (page as Page & { errors: string[] }).errors;
  const cspViolationsOf = (page: Page) => (page as Page & { violations: string[] }).violations;

  async function waitForCount(page: Page): Promise<string> {
    await page.waitForFunction(() => /results? (for|with)|No results/.test(document.querySelector('#status')?.textContent ?? ''));
    return (await page.textContent('#status')) ?? '';
  }
  async function search(page: Page, query: string): Promise<string[]> {
    await page.fill('#q', '');
    await page.evaluate(() => (document.querySelector('#status')!.textContent = ''));
    await page.fill('#q', query);
    await waitForCount(page);
    return allResults(page);
  }
  /** Every result's name, pressing "Show more results" until there are no more. */
  async function allResults(page: Page): Promise<string[]> {
    while (await page.isVisible('#more')) {
      const before = await page.locator('#results li').count();
      await page.click('#more');
      await page.waitForFunction((n) => document.querySelectorAll('#results li').length > n && document.querySelector('#results')?.getAttribute('aria-busy') === 'false', before);
    }
    return page.$$eval('#results h3 a', (links) => links.map((a) => a.textContent ?? ''));
  }

  describe('axe-core finds no WCAG 2.2 A/AA violations', () => {
    test.each(PAGE_TYPES)('/loop/%s', async (path) => {
      const page = await open(path);
      if (path === 'search/') await page.waitForFunction(() => document.querySelector('#status')?.textContent !== '');
      expect(describeViolations(await axe(page))).toBe('');
      expect(errorsOf(page)).toEqual([]);
      expect(cspViolationsOf(page)).toEqual([]);
      await page.context().close();
    });
    test('search with results and filters, and near me with results', async () => {
      const page = await open('search/?q=carers&audience=carers&delivery=phone');
      await waitForCount(page);
      expect(await page.locator('#results li').count()).toBeGreaterThan(0);
      expect(describeViolations(await axe(page))).toBe('');
      const near = await open('near-me/');
      await near.context().route('https://api.postcodes.io/**', (route) => route.fulfill({ json: { status: 200, result: { latitude: 53.8166, longitude: -1.5337 } } }));
      await near.fill('#postcode', 'LS7 3EX');
      await near.click('#near-form button');
      await near.waitForSelector('#near-results li');
      expect(describeViolations(await axe(near))).toBe('');
    });
  });

  test('search: type a term, apply a filter, open a result (screenshot in tests/artifacts/)', async () => {
    const page = await open('search/');
    const names = await search(page, 'carers');
    expect(names.length).toBeGreaterThan(3);
    const before = await waitForCount(page);
    expect(before).toMatch(/^\d+ results for “carers”\.$/);
    await page.evaluate(() => (document.querySelector('#status')!.textContent = ''));
    await page.selectOption('#filter-category', 'young-carers');
    const after = await waitForCount(page);
    expect(after).toMatch(/^1 result for “carers” with 1 filter\.$/);
    expect(await page.$$eval('#results h3 a', (links) => links.map((a) => a.textContent))).toEqual(['Young Carers Club']);
    expect(page.url()).toBe(url('search/?q=carers&category=young-carers'));
    await screenshot(page, 'site-search-filtered');
    await page.click('#results h3 a');
    await page.waitForURL(url('services/chapeltown-carers-network/young-carers-club/'));
    expect(await page.textContent('h1')).toBe('Young Carers Club');
    await screenshot(page, 'site-search-result');
    // Back to the same search, restored from the address.
    await page.goBack();
    await waitForCount(page);
    expect(await page.inputValue('#q')).toBe('carers');
    expect(await page.inputValue('#filter-category')).toBe('young-carers');
    expect(errorsOf(page)).toEqual([]);
    expect(cspViolationsOf(page), 'search runs under the Content-Security-Policy').toEqual([]);
  });

  test('search by keyboard alone, with a visible focus and the count announced', async () => {
    const page = await open('search/');
    await page.waitForFunction(() => document.querySelector('#status')?.textContent !== '');
    const status = page.locator('#status');
    expect(await status.getAttribute('role')).toBe('status');
    expect(await status.getAttribute('aria-live')).toBe('polite');
    // From the top of the page: the skip link comes first.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to main content');
    let presses = 0;
    while ((await page.evaluate(() => document.activeElement?.id)) !== 'q' && presses++ < 20) await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('q');
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
    expect(outline).not.toBe('none');
    await page.keyboard.type('food');
    await page.keyboard.press('Enter');
    expect(await waitForCount(page)).toMatch(/results? for “food”/);
    // Submit button, then "Skip to results", which moves focus to the results heading.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to results');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('results-heading');
    await page.keyboard.press('Tab');
    const first = await page.evaluate(() => document.activeElement?.textContent);
    expect(first).toBe(await page.textContent('#results h3 a'));
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/loop\/(services|resources)\//);
    expect(await page.textContent('h1')).toBe(first);
  });

  test('a filter changed from the keyboard updates the results', async () => {
    const page = await open('search/?q=advice');
    const all = await waitForCount(page);
    await page.evaluate(() => (document.querySelector('#status')!.textContent = ''));
    await page.focus('#filter-delivery-home-visit');
    await page.keyboard.press('Space');
    const filtered = await waitForCount(page);
    expect(filtered).toMatch(/with 1 filter/);
    expect(Number.parseInt(filtered, 10)).toBeLessThan(Number.parseInt(all, 10));
    expect(page.url()).toContain('delivery=home-visit');
  });

  test('synonyms: people find help in their own words', async () => {
    const page = await open('search/');
    // The English conversation club mentions "the doctor's", never "GP".
    expect(await search(page, 'GP')).toContain('English conversation club');
    // Calm Corner is about depression and anxiety; its text never says "low mood".
    expect(await search(page, 'low mood')).toContain('Calm Corner');
    expect(await search(page, 'food bank')).toContain('Emergency food parcels');
    expect(await search(page, 'alzheimers')).toContain('Mansion Memory Café');
  });

  test('a misspelt search still finds the obvious listing, and says what it searched for', async () => {
    const page = await open('search/');
    const names = await search(page, 'councelling');
    expect(names).toContain('Free counselling for 11 to 25 year olds');
    expect(await page.textContent('#suggestion')).toBe('No results for “councelling”. Showing results for “counselling” instead.');
    expect(await page.textContent('#status')).toMatch(/results? for “counselling” \(no results for “councelling”\)/);
    expect(await search(page, 'dementai')).toContain('Mansion Memory Café');
    expect(await search(page, 'zzqxjw')).toEqual([]);
    expect(await page.textContent('#status')).toBe('No results for “zzqxjw”. Try other words.');
  });

  test('listings that are no longer running are not in search; temporarily closed ones are, marked', async () => {
    const page = await open('search/');
    expect(await search(page, 'Gipton Job Club')).not.toContain('Gipton Job Club');
    await search(page, 'Friday Social');
    const first = page.locator('#results li').first();
    expect(await first.locator('.badge').textContent()).toBe('Temporarily closed');
  });

  test('an area search includes services for the whole city', async () => {
    const page = await open('search/?area=ward/armley');
    await waitForCount(page);
    const names = await page.$$eval('#results h3 a', (links) => links.map((a) => a.textContent ?? ''));
    expect(names.length).toBeGreaterThan(1);
    // A city-wide app is in every area.
    await page.fill('#q', 'Calm Corner');
    await page.evaluate(() => (document.querySelector('#status')!.textContent = ''));
    await waitForCount(page);
    expect(await page.$$eval('#results h3 a', (links) => links.map((a) => a.textContent ?? ''))).toContain('Calm Corner');
  });

  describe('near me', () => {
    test('a postcode, looked up on (stubbed) postcodes.io, sorts services by distance', async () => {
      const page = await open('near-me/');
      const asked: string[] = [];
      await page.context().route('https://api.postcodes.io/**', (route) => {
        asked.push(route.request().url());
        return route.fulfill({ json: { status: 200, result: { postcode: 'LS7 3EX', latitude: 53.8166, longitude: -1.5337 } } });
      });
      await page.fill('#postcode', 'ls73ex');
      await page.click('#near-form button');
      await page.waitForSelector('#near-results li');
      expect(asked).toEqual(['https://api.postcodes.io/postcodes/LS7%203EX']);
      expect(await page.textContent('#near-heading')).toBe('Nearest to LS7 3EX');
      const first = await page.textContent('#near-results li .meta');
      expect(first).toMatch(/^less than 0\.1 miles away, at Chapeltown Community Hub\./);
      const distances = await page.$$eval('#near-results li .meta', (ps) => ps.map((p) => Number.parseFloat((p.textContent ?? '').replace('less than ', ''))));
      for (let i = 1; i < distances.length; i++) expect(distances[i]).toBeGreaterThanOrEqual(distances[i - 1]!);
      expect(cspViolationsOf(page), 'the postcode lookup is allowed by connect-src').toEqual([]);
      await screenshot(page, 'site-near-me');
    });
    test('an unknown postcode and a non-postcode get clear errors', async () => {
      const page = await open('near-me/');
      await page.context().route('https://api.postcodes.io/**', (route) => route.fulfill({ status: 404, json: { status: 404, error: 'Invalid postcode' } }));
      await page.fill('#postcode', 'hello');
      await page.click('#near-form button');
      expect(await page.textContent('#postcode-error')).toMatch(/Enter a postcode/);
      expect(await page.getAttribute('#postcode', 'aria-invalid')).toBe('true');
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('postcode');
      await page.fill('#postcode', 'ZZ9 9ZZ');
      await page.click('#near-form button');
      await page.waitForFunction(() => /could not find/.test(document.querySelector('#postcode-error')?.textContent ?? ''));
      expect(await page.locator('#near-results li').count()).toBe(0);
    });
    test('the browser\'s location, when allowed', async () => {
      const page = await open('near-me/', { geolocation: { latitude: 53.7996, longitude: -1.5491 }, permissions: ['geolocation'] });
      await page.click('#locate');
      await page.waitForSelector('#near-results li');
      expect(await page.textContent('#near-heading')).toBe('Nearest to your location');
    });
  });

  describe('security headers (served from _headers, as on Netlify and Cloudflare Pages)', () => {
    test('every page gets exactly one Content-Security-Policy: the embed page its own, the others the page policy', () => {
      const rules = parseHeaders(readFileSync(join(build.outDir, '_headers'), 'utf8'));
      const pages = readdirSync(build.outDir, { recursive: true, encoding: 'utf8' })
        // oruk/v3/**/*.html are JSON bodies under .html names for GitHub Pages, not pages: they keep the data policy.
        .filter((f) => f.endsWith('.html') && !f.startsWith(`admin${sep}`) && !f.startsWith(`oruk${sep}`))
        .map((f) => `/${f.split(sep).join('/')}`.replace(/index\.html$/, ''));
      expect(pages.length).toBeGreaterThan(100);
      const policies = (path: string) => headersFor(rules, path).filter(([name]) => name === 'Content-Security-Policy').map(([, value]) => value);
      for (const path of pages) expect(policies(path), path).toEqual([path === '/embed/' ? EMBED_POLICY : PAGE_POLICY]);
    });
    test('the embed page can be framed by another site; any other page cannot', async () => {
      // Another origin on this machine (a page on a public address may not frame a local one at all).
      const embedder = createServer((_req, res) => {
        res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
        res.end(`<!doctype html><title>A charity's page</title><iframe name="embed" src="${url('embed/?category=carers-support')}"></iframe><iframe name="page" src="${url('search/')}"></iframe>`);
      });
      await new Promise<void>((resolve) => embedder.listen(0, '127.0.0.1', resolve));
      const origin = `http://localhost:${(embedder.address() as AddressInfo).port}`;
      try {
        const context = await browser.newContext();
        contexts.push(context);
        await context.route('**/*', (route) => {
          const requested = route.request().url();
          if (requested.startsWith(server.url) || requested.startsWith(origin)) return route.continue();
          offsite.push(requested);
          return route.abort('blockedbyclient');
        });
        const page = await context.newPage();
        const refused = new Promise<string>((resolve) => page.on('console', (m) => /frame-ancestors/.test(m.text()) && resolve(m.text())));
        await page.goto(`${origin}/`);
        const embed = page.frame({ name: 'embed' })!;
        await embed.waitForSelector('loop-listings [part~="item"]');
        expect(await refused).toContain("frame-ancestors 'none'");
        expect(await page.frame({ name: 'page' })!.evaluate(() => document.querySelector('#q'))).toBeNull();
      } finally {
        await new Promise((resolve) => embedder.close(resolve));
      }
    });
  });

  describe('without JavaScript', () => {
    test('a listing reads in full', async () => {
      const page = await open('services/chapeltown-carers-network/carers-advice/', { javaScriptEnabled: false });
      expect(await page.textContent('h1')).toBe("Carers' rights and money advice");
      expect(await page.isVisible('text=Monday to Friday 09:30–16:30')).toBe(true);
      expect(await page.getAttribute('a[href^="tel:"]', 'href')).toBe('tel:+441134960053');
      expect(await page.isVisible('text=Last reviewed on 14 September 2026')).toBe(true);
      await screenshot(page, 'site-listing-no-js');
    });
    test('search offers the browse pages; near me offers the areas', async () => {
      const page = await open('search/?q=carers', { javaScriptEnabled: false });
      expect(await page.isVisible('text=Search needs JavaScript')).toBe(true);
      expect(await page.isVisible('#filter-category')).toBe(false);
      await page.click('text=Everything from A to Z');
      expect(await page.textContent('h1')).toBe('A to Z');
      const near = await open('near-me/', { javaScriptEnabled: false });
      expect(await near.isVisible('text=Browse by ward')).toBe(true);
      expect(await near.isVisible('#postcode')).toBe(false);
    });
  });

  describe('on a phone', () => {
    const phone: BrowserContextOptions = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

    test('the filters fold behind one control that counts them; pressing Search moves to the results heading, in view and focused', async () => {
      const page = await open('search/?audience=carers&delivery=phone', phone);
      await waitForCount(page);
      const summary = page.locator('#filter-panel > summary');
      expect(await page.getAttribute('#filter-panel', 'open')).toBeNull();
      expect(await summary.textContent()).toBe('Filters (2 on)');
      expect(await page.isVisible('#filter-category')).toBe(false);
      await page.fill('#q', 'carers');
      await page.evaluate(() => (document.querySelector('#status')!.textContent = ''));
      await page.click('#search-form button[type="submit"]');
      await waitForCount(page);
      await page.waitForFunction(() => document.activeElement?.id === 'results-heading');
      const heading = await page.evaluate(() => {
        const box = document.querySelector('#results-heading')!.getBoundingClientRect();
        return { top: box.top, bottom: box.bottom, height: window.innerHeight };
      });
      expect(heading.top).toBeGreaterThanOrEqual(0);
      expect(heading.bottom).toBeLessThanOrEqual(heading.height);
      expect(await page.locator('#results li').count()).toBeGreaterThan(0);
      await screenshot(page, 'site-search-phone');
      // The one control opens the filters; another filter turned on is counted.
      await summary.click();
      await page.selectOption('#filter-category', { index: 1 });
      await page.waitForFunction(() => document.querySelector('#filter-panel > summary')?.textContent === 'Filters (3 on)');
      expect(errorsOf(page)).toEqual([]);
    });

    test('on a wide screen the filters start open beside the results', async () => {
      const page = await open('search/');
      expect(await page.getAttribute('#filter-panel', 'open')).not.toBeNull();
      expect(await page.isVisible('#filter-category')).toBe(true);
    });

    /** A listing whose web address and email are wider than a 390 px screen in one piece. */
    const LONG_ADDRESSES = 'services/bramley-befriending/telephone-befriending/';
    test.each([320, 390])('no page type scrolls sideways at %i px (long emails, addresses and words wrap)', async (width) => {
      const page = await open('', { viewport: { width, height: 800 } });
      const sideways: string[] = [];
      for (const path of [...PAGE_TYPES, LONG_ADDRESSES, 'search/?q=carers', 'embed/builder/', 'embed/guide/', 'embed/?category=carers-support']) {
        await page.goto(url(path));
        if (path.startsWith('search/')) await page.waitForFunction(() => document.querySelector('#status')?.textContent !== '');
        const { scroll, inner } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));
        if (scroll > inner) sideways.push(`${path}: ${scroll} px wide in ${inner} px`);
      }
      expect(sideways).toEqual([]);
      // The check can fail: without the wrapping rule, that listing's web and email addresses run off the screen.
      await page.goto(url(LONG_ADDRESSES));
      // Through the CSSOM, which the page's Content-Security-Policy allows (an injected <style> is refused).
      await page.evaluate(() => {
        for (const el of document.querySelectorAll<HTMLElement>('main, .site-header, .site-footer, .example-banner')) el.style.setProperty('overflow-wrap', 'normal', 'important');
      });
      expect(await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth)).toBe(true);
      await page.context().close();
    });
  });

  test('feedback without an account: email the organisation with LOOP\'s editors in copy; GitHub is the second route', async () => {
    const page = await open('services/chapeltown-carers-network/carers-advice/');
    const id = (parse(readFileSync(join(repoRoot, 'data/services/chapeltown-carers-network/carers-advice.yaml'), 'utf8')) as { id: string }).id;
    const footer = page.locator('.record-footer');
    const mail = (name: string) => footer.getByRole('link', { name, exact: true }).getAttribute('href');
    for (const [name, subject] of [['Email a change to this listing', 'Suggested change: '], ['email to say it is out of date', 'Out of date: ']] as const) {
      const href = new URL((await mail(name))!);
      expect(href.protocol).toBe('mailto:');
      expect(href.pathname).toBe('info@chapeltown-carers.example.org');
      expect(href.searchParams.get('cc')).toBe('editors@loop-leeds.example.org');
      expect(href.searchParams.get('subject')).toBe(`${subject}Carers' rights and money advice`);
      const body = href.searchParams.get('body')!;
      expect(body).toContain(`LOOP id: ${id}\r\n`);
      expect(body).toContain('Page: https://loop-leeds.github.io/loop/services/chapeltown-carers-network/carers-advice/\r\n');
    }
    expect(new URL((await mail('Suggest a change on GitHub'))!).pathname).toBe('/loop-leeds/loop/issues/new');
    expect(new URL((await mail('report that it is out of date on GitHub'))!).searchParams.get('template')).toBe('report-out-of-date.yml');
    // Words either side of a link keep their space ("…or report", not "…orreport").
    const text = (await footer.innerText()).replace(/\s+/g, ' ');
    expect(text).toContain('Email a change to this listing or email to say it is out of date.');
    expect(text).toContain('Suggest a change on GitHub or report that it is out of date on GitHub.');
  });

  test('a listing\'s history says in words what changed in its data, never the commit message', async () => {
    const file = 'data/resources/seacroft-money-matters/cost-of-living-help.yaml';
    const page = await open('resources/seacroft-money-matters/cost-of-living-help/');
    const log = execFileSync('git', ['log', '--first-parent', '--format=%H %s', 'HEAD', '--', file], { cwd: repoRoot, encoding: 'utf8' }).trim().split('\n').filter(Boolean);
    const items = await page.locator('section[aria-labelledby="history"] li').allTextContents();
    expect(items.length).toBe(log.length); // none in a checkout without git history
    for (const [i, line] of log.entries()) {
      const subject = line.slice(41);
      expect(items[i]).not.toContain(subject);
      expect(items[i]).toMatch(/^\d{1,2} \w+ \d{4}: [A-Z][^()]+ \(change [0-9a-f]{7}\)$/);
    }
    if (items.length) expect(items.at(-1)).toMatch(/: Listing added \(/);
    // The example data's own history: end date, summary and description edited after the listing was added.
    if (log.some((line) => line.startsWith('7ae5944'))) expect(items).toContainEqual(expect.stringMatching(/: End date changed, summary changed and description changed \(change 7ae5944\)$/));
  });

  test('the embed builder says "Copied." beside the button that was pressed', async () => {
    const page = await open('embed/builder/', { permissions: ['clipboard-read', 'clipboard-write'] });
    const statusBeside = (copy: string) => page.locator(`[data-copy="${copy}"] ~ [role="status"]`);
    await page.getByRole('button', { name: 'Copy frame code', exact: true }).click();
    await expect.poll(() => statusBeside('iframe-snippet').textContent()).toMatch(/^Copied/);
    expect(await statusBeside('snippet').textContent()).toBe('');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(await page.locator('#iframe-snippet').inputValue());
    await page.getByRole('button', { name: 'Copy code', exact: true }).click();
    await expect.poll(() => statusBeside('snippet').textContent()).toMatch(/^Copied/);
    expect(await statusBeside('iframe-snippet').textContent()).toBe('');
  });

  describe('"Exit this page" on listings about domestic abuse', () => {
    const SENSITIVE = 'services/lanterns-domestic-abuse-support/lanterns-helpline/';
    const NEUTRAL = 'https://www.bbc.co.uk/weather';
    /** The neutral page, stubbed: nothing leaves the machine. */
    const stubNeutral = (page: Page) =>
      page.context().route('https://www.bbc.co.uk/**', (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><html lang="en"><title>Weather</title><h1>Weather</h1></html>' }));

    test('shown on such a listing only; it leaves with location.replace, so Back does not return to the listing', async () => {
      const page = await open('services/chapeltown-carers-network/carers-advice/');
      await stubNeutral(page);
      expect(await page.locator('a[data-quick-exit]').count()).toBe(0);
      await page.goto(url(SENSITIVE));
      const exit = page.getByRole('link', { name: 'Exit this page' });
      expect(await exit.getAttribute('href')).toBe(NEUTRAL);
      expect(await page.isVisible('text=Or press Shift three times.')).toBe(true);
      const length = await page.evaluate(() => history.length);
      await exit.click();
      await page.waitForURL(NEUTRAL);
      expect(await page.evaluate(() => history.length)).toBe(length);
      await page.goBack();
      expect(page.url()).toBe(url('services/chapeltown-carers-network/carers-advice/'));
    });

    test('Shift three times in a row leaves too; capitals typed in between do not', async () => {
      const page = await open(SENSITIVE);
      await stubNeutral(page);
      for (const key of ['Shift', 'Shift', 'a', 'Shift']) await page.keyboard.press(key);
      // The handler blanks the page as it leaves, synchronously with the key press.
      expect(await page.evaluate(() => document.body.hidden)).toBe(false);
      await page.keyboard.press('Shift');
      await page.keyboard.press('Shift');
      await page.waitForURL(NEUTRAL);
    });

    test('without JavaScript it is a plain link to the neutral page', async () => {
      const page = await open(SENSITIVE, { javaScriptEnabled: false });
      expect(await page.getAttribute('a[data-quick-exit]', 'href')).toBe(NEUTRAL);
      expect(await page.isVisible('text=Or press Shift three times.')).toBe(false);
    });
  });
  describe('a shortlist without an account (issue #18)', () => {
    const phone: BrowserContextOptions = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
    const cards = () => (JSON.parse(readFileSync(join(build.outDir, 'site/cards.json'), 'utf8')) as CardsFile).cards;
    /** Pages in a PDF: its page objects (/Type /Page, not the /Pages tree). */
    const pdfPages = (pdf: Buffer) => (pdf.toString('latin1').match(/\/Type\s*\/Page(?![a-z])/g) ?? []).length;

    test('save from results and from a listing page (aria-pressed, kept in the browser); the shortlist shows, shares, emails and texts them', async () => {
      const page = await open('search/?q=carers', phone);
      await waitForCount(page);
      const first = page.locator('#results li').first();
      const firstName = (await first.locator('h3 a').textContent())!;
      // Result cards show a phone number.
      expect(await page.locator('#results li .card-phone a[href^="tel:"]').count()).toBeGreaterThan(0);
      const save = first.getByRole('button', { name: `Save ${firstName} to your shortlist` });
      expect(await save.getAttribute('aria-pressed')).toBe('false');
      await save.click();
      expect(await save.getAttribute('aria-pressed')).toBe('true');
      await page.goto(url('services/chapeltown-carers-network/carers-advice/'));
      const listingSave = page.getByRole('button', { name: "Save Carers' rights and money advice to shortlist" });
      await listingSave.click();
      expect(await listingSave.getAttribute('aria-pressed')).toBe('true');
      expect(await page.textContent('#shortlist-status')).toMatch(/Saved\. 2 listings on your shortlist\./);
      expect(describeViolations(await axe(page))).toBe('');
      await page.goto(url('shortlist/'));
      await page.waitForSelector('#shortlist-items li');
      const names = await page.$$eval('#shortlist-items h2 a', (as) => as.map((a) => a.textContent));
      expect(names).toEqual(firstName === "Carers' rights and money advice" ? [firstName] : [firstName, "Carers' rights and money advice"]);
      expect(await page.textContent('#shortlist-items')).toContain('0113 496 0053');
      const mail = decodeURIComponent((await page.getAttribute('#share-email', 'href'))!);
      const text = decodeURIComponent((await page.getAttribute('#share-text', 'href'))!);
      for (const body of [mail, text]) {
        expect(body).toContain("Carers' rights and money advice");
        expect(body).toContain('Phone: 0113 496 0053');
        expect(body).toContain('https://loop-leeds.github.io/loop/services/chapeltown-carers-network/carers-advice/');
      }
      expect(mail.startsWith('mailto:?subject=')).toBe(true);
      expect(text.startsWith('sms:?&body=')).toBe(true);
      expect(describeViolations(await axe(page))).toBe('');
      await screenshot(page, 'site-shortlist-phone');
      // The share link opens the same list on another device (a fresh browser context, nothing stored).
      const shared = new URL(await page.inputValue('#share-link'));
      expect(shared.search).toMatch(/^\?ids=[0-9a-f]{8,}(\.[0-9a-f]{8,})*$/);
      const other = await open(`shortlist/${shared.search}`);
      await other.waitForSelector('#shortlist-items li');
      expect(await other.$$eval('#shortlist-items h2 a', (as) => as.map((a) => a.textContent))).toEqual(names);
      expect(await other.isVisible('text=Someone shared this list with you.')).toBe(true);
      // Remove, on the saved list.
      await page.getByRole('button', { name: "Remove Carers' rights and money advice" }).click();
      await page.waitForFunction((n) => document.querySelectorAll('#shortlist-items li').length === n, names.length - 1);
      expect(errorsOf(page)).toEqual([]);
      expect(cspViolationsOf(page)).toEqual([]);
    });

    test('without JavaScript the shortlist page says it needs it, and listings show no Save button that cannot work', async () => {
      const page = await open('shortlist/', { javaScriptEnabled: false });
      expect(await page.isVisible('text=The shortlist needs JavaScript')).toBe(true);
      const listing = await open('services/chapeltown-carers-network/carers-advice/', { javaScriptEnabled: false });
      expect(await listing.isVisible('button[data-save]')).toBe(false);
    });

    test('printing: every listing page is one A4 page with no site chrome; a shortlist of eight is a handout of two pages at most', async () => {
      const page = await open('services/chapeltown-carers-network/carers-advice/');
      await page.emulateMedia({ media: 'print' });
      for (const selector of ['.site-header', '.site-footer', '.breadcrumbs', 'button[data-save]', 'section[aria-labelledby="history"]']) {
        expect(await page.isVisible(selector), selector).toBe(false);
      }
      expect(await page.locator('main').innerText()).not.toContain('github.com');
      // Every listing laid out for print at A4's width inside its 12 mm margins (703 CSS px); the tallest three,
      // and the listing people print most, then go through Chromium's PDF printer, which must make one page each.
      const measure = await browser.newContext({ viewport: { width: 703, height: 1031 } });
      contexts.push(measure);
      const probe = await measure.newPage();
      await probe.emulateMedia({ media: 'print' });
      const heights: [number, string][] = [];
      for (const card of cards()) {
        await probe.goto(url(card.path));
        heights.push([await probe.evaluate(() => document.documentElement.scrollHeight), card.path]);
      }
      await measure.close();
      heights.sort((a, b) => b[0] - a[0]);
      const printed = [...new Set([...heights.slice(0, 3).map(([, path]) => path), '/services/chapeltown-carers-network/carers-advice/'])];
      const tooLong: string[] = [];
      for (const path of printed) {
        await page.goto(url(path));
        const pages = pdfPages(await page.pdf({ format: 'A4', preferCSSPageSize: true }));
        if (pages !== 1) tooLong.push(`${path}: ${pages} pages`);
      }
      expect(tooLong).toEqual([]);
      // Eight listings with phones, on the shortlist.
      const keys = cards().filter((c) => c.phone).slice(0, 8).map((c) => c.key);
      await page.goto(url('shortlist/'));
      await page.evaluate((k) => localStorage.setItem('loop-shortlist', JSON.stringify(k)), keys);
      await page.reload();
      await page.waitForFunction((n) => document.querySelectorAll('#shortlist-items li').length === n, keys.length);
      for (const selector of ['.site-header', '.site-footer', '#shortlist-actions', 'button']) expect(await page.isVisible(selector), selector).toBe(false);
      const handout = await page.pdf({ format: 'A4', preferCSSPageSize: true });
      expect(pdfPages(handout)).toBeLessThanOrEqual(2);
      await page.emulateMedia({ media: 'screen' });
    }, 240_000);
  });

  describe('"open now" and "open on" from schedules, by the browser clock in UK time (issue #18)', () => {
    // Tuesday 24 November 2026, 19:00 in the UK; the browser is in UTC+14, where it is already Wednesday.
    const instant = new Date('2026-11-24T19:00:00Z');
    test('open now lists exactly the listings whose schedules are open then, whatever the browser zone', async () => {
      const page = await open('search/', { timezoneId: 'Pacific/Kiritimati' });
      await page.clock.setFixedTime(instant);
      await page.goto(url('search/?when=now'));
      const count = await waitForCount(page);
      expect(count).toMatch(/open now\.$/);
      const names = (await allResults(page)).sort();
      const cards = (JSON.parse(readFileSync(join(build.outDir, 'site/cards.json'), 'utf8')) as CardsFile).cards;
      const expected = cards.filter((c) => isOpenAt(c.schedules, instant)).map((c) => c.name).sort();
      expect(names).toEqual(expected);
      expect(names).toContain('Evening online chat');
      // The day options start on the UK day, not the browser's.
      expect(await page.$$eval('#filter-when option', (os) => os.slice(2, 4).map((o) => [(o as HTMLOptionElement).value, o.textContent]))).toEqual([
        ['2026-11-24', 'Open today'],
        ['2026-11-25', 'Open on Wednesday 25 November'],
      ]);
      await page.evaluate(() => (document.querySelector('#status')!.textContent = ''));
      await page.selectOption('#filter-when', '2026-11-25');
      await waitForCount(page);
      expect(await allResults(page)).toContain('Evening online chat');
      await page.clock.setFixedTime(new Date('2026-11-24T23:00:00Z'));
      await page.goto(url('search/?when=now'));
      await waitForCount(page);
      expect(await allResults(page)).not.toContain('Evening online chat');
      expect(describeViolations(await axe(page))).toBe('');
    });
  });

  describe('near me answers the question (issue #18)', () => {
    const places = () => JSON.parse(readFileSync(join(build.outDir, 'site/places.json'), 'utf8')) as PlacesFile;
    const stub = (page: Page, result: Record<string, unknown>) => page.context().route('https://api.postcodes.io/**', (route) => route.fulfill({ json: { status: 200, result } }));

    test('a postcode with a filter, by distance, then the phone, online and city-wide help covering its ward', async () => {
      const page = await open('near-me/');
      await stub(page, { postcode: 'LS7 3EX', latitude: 53.8166, longitude: -1.5337, admin_ward: 'Chapel Allerton' });
      await page.fill('#postcode', 'LS7 3EX');
      await page.click('#near-form button[type="submit"]');
      await page.waitForSelector('#near-results li');
      const all = await page.locator('#near-results li').count();
      const file = places();
      const expectedAlso = alsoAvailable(file, ['leeds', 'postcode/ls7', 'ward/chapel-allerton'], nearestServices(file, 53.8166, -1.5337)).map((s) => s[0]);
      expect(await page.textContent('#also-heading')).toBe('Also available to you');
      expect(await page.$$eval('#also-results h3 a', (as) => as.map((a) => a.textContent))).toEqual(expectedAlso);
      expect(expectedAlso).toContain('Lanterns helpline');
      expect(expectedAlso).not.toContain('Telephone befriending');
      // A filter narrows both lists without looking the postcode up again.
      await page.click('#near-filters > summary');
      await page.selectOption('#filter-category', 'carers-support');
      await page.waitForFunction(() => /match your filters/.test(document.querySelector('#near-status')?.textContent ?? ''));
      expect(await page.locator('#near-results li').count()).toBeLessThan(all);
      expect(await page.textContent('#near-filters > summary')).toBe('Filters (1 on)');
      expect(describeViolations(await axe(page))).toBe('');
    });

    test('"open now" combines with a postcode too, by the browser clock', async () => {
      const instant = new Date('2026-11-24T19:00:00Z');
      const page = await open('near-me/', { timezoneId: 'Pacific/Kiritimati' });
      await page.clock.setFixedTime(instant);
      await page.reload();
      await stub(page, { postcode: 'LS7 3EX', latitude: 53.8166, longitude: -1.5337, admin_ward: 'Chapel Allerton' });
      await page.click('#near-filters > summary');
      await page.selectOption('#filter-when', 'now');
      await page.fill('#postcode', 'LS7 3EX');
      await page.click('#near-form button[type="submit"]');
      await page.waitForFunction(() => /match your filters/.test(document.querySelector('#near-status')?.textContent ?? ''));
      while (await page.isVisible('#near-more')) await page.click('#near-more');
      const file = places();
      const schedules = new Map((JSON.parse(readFileSync(join(build.outDir, 'site/cards.json'), 'utf8')) as CardsFile).cards.map((c) => [c.key, c.schedules]));
      const keep = (s: PlacesFile['services'][number]) => isOpenAt(schedules.get(s[3]) ?? [], instant);
      const near = nearestServices(file, 53.8166, -1.5337, keep);
      expect(await page.$$eval('#near-results h3 a', (as) => as.map((a) => a.textContent))).toEqual(near.map((n) => n.service[0]));
      const also = alsoAvailable(file, ['leeds', 'postcode/ls7', 'ward/chapel-allerton'], near, keep).map((s) => s[0]);
      expect(await page.$$eval('#also-results h3 a', (as) => as.map((a) => a.textContent))).toEqual(also);
      expect(near.length + also.length).toBeGreaterThan(0);
      expect(near.length + also.length).toBeLessThan(file.services.length);
    });

    test('a bad postcode clears the previous results and says why', async () => {
      const page = await open('near-me/');
      await stub(page, { postcode: 'LS13 3AA', latitude: 53.8066, longitude: -1.6337, admin_ward: 'Bramley and Stanningley' });
      await page.fill('#postcode', 'LS13 3AA');
      await page.click('#near-form button[type="submit"]');
      await page.waitForSelector('#also-results li');
      expect(await page.$$eval('#also-results h3 a', (as) => as.map((a) => a.textContent))).toContain('Telephone befriending');
      await page.fill('#postcode', 'not a postcode');
      await page.click('#near-form button[type="submit"]');
      expect(await page.getAttribute('#postcode-error', 'role')).toBe('alert');
      expect(await page.textContent('#postcode-error')).toMatch(/Enter a postcode/);
      expect(await page.locator('#near-results li, #also-results li').count()).toBe(0);
      expect(await page.isVisible('#near-heading')).toBe(false);
      expect(await page.isVisible('#also-heading')).toBe(false);
    });
  });
});
