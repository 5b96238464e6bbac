/**
 * The built site in Chromium, served under its real base path (/loop/): axe-core on every page type, the search
 * flow a person follows (with a screenshot for review), keyboard-only use, synonyms and a misspelling, near me with
 * postcodes.io stubbed, and listing pages with JavaScript off. Tests never reach the network: every request that
 * is not to the local server is refused, except the stubbed postcode lookup.
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { axe, chromiumAvailable, describeViolations, launchChromium, screenshot } from '../support/browser.ts';
import { startStaticServer, type StaticServer } from '../../src/serve/server.ts';
import { buildSite, type BuildResult } from '../support/astro-build.ts';

const BASE = '/loop/';

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
    if (build?.outDir) rmSync(build.outDir, { recursive: true, force: true });
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
    const page = await context.newPage();
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
    test.each([
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
    ])('/loop/%s', async (path) => {
      const page = await open(path);
      if (path === 'search/') await page.waitForFunction(() => document.querySelector('#status')?.textContent !== '');
      expect(describeViolations(await axe(page))).toBe('');
      expect(errorsOf(page)).toEqual([]);
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
});
