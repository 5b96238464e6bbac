/**
 * <loop-listings> in Chromium, on a host page of another origin, reading feeds published by the real publisher:
 * attributes, the one request it makes, states (loading, empty, error, retry), search, paging, focus, events,
 * progressive enhancement, and that it adds nothing to `window`.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { axe, chromiumAvailable, describeViolations, launchChromium } from '../support/browser.ts';
import { CARERS_SUPPORT_SHOWN, HOSTILE_NAME, cleanUp, hostPage, publishedSite, recordRequests, rendered, servers, type Servers } from './support.ts';

const FALLBACK = '<p class="fallback-content">Find help on <a href="https://loop.example.org/">LOOP</a></p>';

describe.runIf(chromiumAvailable('widget element'))('<loop-listings>', () => {
  let browser: Browser;
  let site: Servers;
  let page: Page;
  let requests: string[];
  let errors: string[];
  let count = 0;

  beforeAll(async () => {
    const published = await publishedSite();
    site = await servers(published.dir);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
    cleanUp();
  });
  beforeEach(async (context) => {
    page = await browser.newPage();
    requests = recordRequests(page);
    errors = [];
    page.on('pageerror', (error) => errors.push(error.message));
    context.onTestFinished(async () => {
      expect(errors, 'no uncaught errors on the page').toEqual([]);
      await page.close();
    });
  });

  /** Opens a host page with `body` (the classic script loaded from the LOOP origin). */
  async function open(body: string, options: { head?: string; script?: string } = {}): Promise<void> {
    await page.goto(site.page(`page-${++count}.html`, hostPage(site.loop.url, body, options)));
  }
  const widget = (index = 0) => page.locator('loop-listings').nth(index);
  const names = (index = 0) => widget(index).locator('[part~="name"]').allTextContents();
  const countText = (index = 0) => widget(index).locator('[part~="count"]').textContent();
  const feedRequests = () => requests.filter((url) => url.startsWith(site.loop.url) && url.includes('/feeds/'));
  const loopRequests = () => requests.filter((url) => url.startsWith(site.loop.url)).map((url) => url.slice(site.loop.url.length));
  const activeInShadow = (index = 0) => widget(index).evaluate((el) => {
    const active = el.shadowRoot?.activeElement;
    return active ? `${active.tagName.toLowerCase()}${active.getAttribute('part') ? `[${active.getAttribute('part')}]` : ''}` : null;
  });

  describe('which listings', () => {
    test('one filter fetches exactly its slice, and shows its listings sorted by name', async () => {
      await open('<loop-listings category="carers-support" limit="20"></loop-listings>');
      await rendered(page);
      expect(loopRequests()).toEqual(['/widget/v1/loop-widget.js', '/feeds/v1/categories/carers-support.json']);
      const shown = await names();
      expect(shown).toHaveLength(CARERS_SUPPORT_SHOWN);
      expect(shown).toEqual([...shown].sort((a, b) => a.localeCompare(b, 'en-GB', { sensitivity: 'base', numeric: true })));
      expect(shown).not.toContain('Defunct Carers Club');
      expect(shown).not.toContain('Ended Carers Course');
      expect(await countText()).toBe(`${CARERS_SUPPORT_SHOWN} listings`);
    });

    test('several filters fetch only the narrowest slice and filter the rest in the browser', async () => {
      await open('<loop-listings category="carers-support" need="someone-to-talk-to"></loop-listings><loop-listings category="carers-support" organisation="hostile-org"></loop-listings>');
      await rendered(page, 0);
      await rendered(page, 1);
      expect((await names(0)).sort()).toEqual(['Beeston Carers Group', "Carers' Drop-in", 'Chapel Allerton Carers Group', 'Gipton Carers Group']);
      expect(await names(1)).toEqual([HOSTILE_NAME]);
      expect(feedRequests().map((u) => u.slice(site.loop.url.length)).sort()).toEqual(['/feeds/v1/needs/someone-to-talk-to.json', '/feeds/v1/organisations/hostile-org.json']);
    });

    test('no filter reads listings.json; an area slug with a slash reads its nested slice', async () => {
      await open('<loop-listings limit="100"></loop-listings><loop-listings area="ward/chapel-allerton"></loop-listings>');
      await rendered(page, 0);
      await rendered(page, 1);
      expect(await names(0)).toHaveLength(CARERS_SUPPORT_SHOWN + 1);
      expect((await names(1))[0]).toBe("Carers' Drop-in");
      // A ward alone also reads the city-wide slice, for the help it shows after its own (issue #18).
      expect(feedRequests().map((u) => u.slice(site.loop.url.length)).sort()).toEqual(['/feeds/v1/areas/leeds.json', '/feeds/v1/areas/ward/chapel-allerton.json', '/feeds/v1/listings.json']);
    });

    test("a ward shows its own listings, then city-wide help under its own heading, as the ward's page on LOOP does (issue #18)", async () => {
      await open('<loop-listings area="ward/chapel-allerton" limit="100"></loop-listings>');
      await rendered(page);
      const own = await widget().locator('[part="list"] [part~="name"]').allTextContents();
      const cityWide = await widget().locator('[part="list also"] [part~="name"]').allTextContents();
      expect(own).toEqual(["Carers' Drop-in"]);
      expect(cityWide.length).toBeGreaterThan(0);
      expect(cityWide).not.toContain("Carers' Drop-in");
      expect(await names()).toEqual([...own, ...cityWide]);
      expect(await widget().locator('[part~="also-heading"]').textContent()).toBe('Also open to everyone in Leeds');
      expect(await countText()).toBe(`${own.length + cityWide.length} listings`);
      expect(await axe(page).then(describeViolations)).toBe('');
    });

    test("a ward whose city-wide slice cannot be had still shows its own listings", async () => {
      await page.route('**/feeds/v1/areas/leeds.json', (route) => route.abort('connectionrefused'));
      await open('<loop-listings area="ward/chapel-allerton" limit="100"></loop-listings>');
      await rendered(page);
      expect(await names()).toEqual(["Carers' Drop-in"]);
      expect(await widget().locator('[part~="also-heading"]').count()).toBe(0);
      expect(await countText()).toBe('1 listing');
    });

    test('several elements on one page: independent, one request per feed file', async () => {
      await open('<section><h2>A</h2><loop-listings category="carers-support" limit="2" search heading="First"></loop-listings></section><section><h2>B</h2><loop-listings category="carers-support" limit="3" search heading="Second"></loop-listings></section><loop-listings category="emergency-food"></loop-listings>');
      await Promise.all([0, 1, 2].map((i) => rendered(page, i)));
      expect(await names(0)).toHaveLength(2);
      expect(await names(1)).toHaveLength(3);
      expect(await names(2)).toEqual(['Harehills Food Share']);
      expect(feedRequests()).toHaveLength(2);
      await widget(0).getByLabel('Search these listings').fill('armley');
      await expect.poll(() => names(0)).toEqual(['Armley Carers Group']);
      expect(await names(1)).toHaveLength(3);
      expect(await widget(1).getByLabel('Search these listings').inputValue()).toBe('');
    });

    test('changing attributes re-renders, and fetches again only when the slice changes', async () => {
      await open('<loop-listings category="carers-support" limit="2"></loop-listings>');
      await rendered(page);
      await widget().evaluate((el) => el.setAttribute('limit', '5'));
      await expect.poll(() => names().then((n) => n.length)).toBe(5);
      expect(feedRequests()).toHaveLength(1);
      await widget().evaluate((el) => {
        el.setAttribute('category', 'emergency-food');
        el.setAttribute('heading', 'Food');
      });
      await expect.poll(() => names()).toEqual(['Harehills Food Share']);
      expect(await widget().locator('[part~="heading"]').textContent()).toBe('Food');
      expect(feedRequests()).toHaveLength(2);
    });
  });

  describe('what a listing shows', () => {
    test('name linked to its page, organisation, summary, phone, opening times, review date, full details link', async () => {
      await open('<loop-listings category="carers-support" search></loop-listings>');
      await rendered(page);
      await widget().getByLabel('Search these listings').fill('drop-in');
      await expect.poll(() => names()).toEqual(["Carers' Drop-in"]);
      const item = widget().locator('[part~="item"]');
      expect(await item.locator('[part~="name-link"]').getAttribute('href')).toBe('https://loop.example.org/services/chapeltown-carers/carers-drop-in/');
      expect(await item.locator('[part~="organisation"]').textContent()).toBe('Chapeltown Carers Network');
      expect(await item.locator('[part~="summary"]').textContent()).toMatch(/^A weekly drop-in for unpaid carers/);
      expect(await item.locator('[part~="phone"]').getAttribute('href')).toBe('tel:01134960123');
      expect(await item.locator('dd').first().textContent()).toBe("0113 496 0123 (Carers' advice line)");
      expect(await item.locator('[part~="opening"]').textContent()).toBe('Chapeltown Community Hub: Wednesday 10:00–12:00');
      expect(await item.locator('[part~="reviewed"]').textContent()).toBe('Last reviewed 14 September 2026.');
      expect(await item.locator('[part~="warning"]').count()).toBe(0);
      const more = item.locator('[part~="more-link"]');
      expect(await more.getAttribute('href')).toBe('https://loop.example.org/services/chapeltown-carers/carers-drop-in/');
      expect(await more.textContent()).toBe("Full details of Carers' Drop-in");
      // "of Carers' Drop-in" is for screen readers (link text must make sense alone); on screen it is "Full details".
      expect(await more.locator('.vh').evaluate((span) => span.getBoundingClientRect().width)).toBeLessThanOrEqual(1);
    });

    test('overdue listings say they may be out of date; temporarily closed ones say so; websites link', async () => {
      await open('<loop-listings category="carers-support" limit="20"></loop-listings>');
      await rendered(page);
      const hostile = widget().locator('[part~="item"]', { hasText: 'Hostile Carers' });
      expect(await hostile.locator('[part~="warning"]').textContent()).toMatch(/may be out of date/);
      expect(await hostile.locator('[part~="reviewed"]').textContent()).toMatch(/^Last reviewed 1 June 2025\./);
      const closed = widget().locator('[part~="item"]', { hasText: 'Bramley Carers Group' });
      expect(await closed.locator('[part~="notice"]').textContent()).toBe('Temporarily closed.');
      const guide = widget().locator('[part~="item"]', { hasText: 'A Guide for New Carers' });
      expect(await guide.locator('[part~="website"]').getAttribute('href')).toBe('https://chapeltown-carers.example.org/guide.pdf');
      expect(await guide.locator('[part~="website"]').textContent()).toBe('chapeltown-carers.example.org (website of A Guide for New Carers)');
    });

    test('a tampered feed cannot smuggle in script links: javascript: pages are dropped, websites and phones become text', async () => {
      await page.route('**/feeds/v1/categories/emergency-food.json', async (route) => {
        const response = await route.fetch();
        const doc = (await response.json()) as { items: Record<string, unknown>[] };
        const item = doc.items[0]!;
        doc.items = [
          { ...item, name: 'Bad page', page_url: 'javascript:alert(1)' },
          { ...item, name: 'Bad links', website: 'javascript:alert(2)', phones: [{ number: 'javascript:alert(3)' }], licence: 'x' },
          { ...item, name: 'Data page', page_url: 'data:text/html,<script>alert(4)</script>' },
        ];
        await route.fulfill({ response, json: doc });
      });
      await open('<loop-listings category="emergency-food"></loop-listings>');
      await rendered(page);
      expect(await names()).toEqual(['Bad links']);
      const hrefs = await widget().evaluate((el) => [...el.shadowRoot!.querySelectorAll('a')].map((a) => a.getAttribute('href')));
      for (const href of hrefs) expect(href).toMatch(/^https?:\/\//);
      expect(await widget().locator('[part~="website"]').count()).toBe(0);
    });

    test('malformed items (phones: [null], null, a string, no name, wrong types) are skipped or cleaned, and the rest render', async () => {
      const warnings: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'warning') warnings.push(message.text());
      });
      await page.route('**/feeds/v1/categories/emergency-food.json', async (route) => {
        const response = await route.fetch();
        const doc = (await response.json()) as { items: Record<string, unknown>[] };
        const item = doc.items[0]!;
        doc.items = [
          { ...item, name: 'Null phone', phones: [null] },
          null as unknown as Record<string, unknown>,
          'a listing' as unknown as Record<string, unknown>,
          { ...item, name: undefined },
          { ...item, name: 'Odd shapes', locations: [null, 'x', { opening: { monday: 1 } }], organisation: 'Evil & Co', needs: [null, 3], tags: [null], opening: [null], summary: ['x'], reviewed: 5 },
          { ...item, name: 'Fine' },
        ];
        await route.fulfill({ response, json: doc });
      });
      await open('<loop-listings category="emergency-food"></loop-listings>');
      await rendered(page);
      expect(await names()).toEqual(['Fine', 'Null phone', 'Odd shapes']);
      expect(await widget().locator('[part~="error"]').count()).toBe(0);
      expect(await widget().evaluate((el) => el.shadowRoot!.textContent)).not.toMatch(/TypeError|Cannot read|undefined|null|\[object/);
      expect(warnings.filter((w) => /3 listings .* were malformed/.test(w))).toHaveLength(1);
    });
  });

  describe('headings', () => {
    test('names are headings at heading-level, one below the widget heading when there is one', async () => {
      await open('<loop-listings category="emergency-food"></loop-listings><loop-listings category="emergency-food" heading="Food banks" heading-level="3"></loop-listings><loop-listings category="emergency-food" heading-level="4"></loop-listings>');
      await Promise.all([0, 1, 2].map((i) => rendered(page, i)));
      const levels = (i: number) => widget(i).evaluate((el) => [...el.shadowRoot!.querySelectorAll('h1,h2,h3,h4,h5,h6')].map((h) => `${h.tagName}:${h.textContent}`));
      expect(await levels(0)).toEqual(['H2:Harehills Food Share']);
      expect(await levels(1)).toEqual(['H3:Food banks', 'H4:Harehills Food Share']);
      expect(await levels(2)).toEqual(['H4:Harehills Food Share']);
      await widget(1).evaluate((el) => el.setAttribute('heading-level', '6'));
      await expect.poll(() => levels(1)).toEqual(['H6:Food banks', 'H6:Harehills Food Share']);
    });
  });

  describe('limit, paging and search', () => {
    test('without paging: the first listings and a link to all of them on LOOP', async () => {
      await open('<loop-listings category="carers-support" limit="3"></loop-listings>');
      await rendered(page);
      expect(await names()).toHaveLength(3);
      expect(await countText()).toBe(`Showing 1 to 3 of ${CARERS_SUPPORT_SHOWN} listings`);
      const more = widget().locator('[part~="footer"] a');
      expect(await more.textContent()).toBe(`See all ${CARERS_SUPPORT_SHOWN} listings on LOOP`);
      expect(await more.getAttribute('href')).toBe(`${site.loop.url}/categories/carers-support/`);
      expect(await widget().locator('[part~="paging"]').count()).toBe(0);
    });

    test('paging with the keyboard alone: labelled buttons, page numbers, focus moves to the new page', async () => {
      await open('<a href="#before">Before</a><loop-listings category="carers-support" limit="4" paging></loop-listings>');
      await rendered(page);
      expect(await countText()).toBe(`Showing 1 to 4 of ${CARERS_SUPPORT_SHOWN} listings`);
      const previous = widget().getByRole('button', { name: 'Previous page' });
      const next = widget().getByRole('button', { name: 'Next page' });
      expect(await previous.isDisabled()).toBe(true);
      expect(await widget().locator('[part~="page-number"]').textContent()).toBe('Page 1 of 3');
      const firstPage = await names();
      await next.focus();
      await page.keyboard.press('Enter');
      await expect.poll(() => countText()).toBe(`Showing 5 to 8 of ${CARERS_SUPPORT_SHOWN} listings`);
      expect(await activeInShadow()).toBe('ul[list]');
      const list = widget().getByRole('list');
      expect(await list.getAttribute('aria-labelledby')).toBe('count');
      expect(await widget().locator('[part~="page-number"]').textContent()).toBe('Page 2 of 3');
      const secondPage = await names();
      expect(secondPage.some((n) => firstPage.includes(n))).toBe(false);
      // Tab from the list reaches the first listing's link: the reading order follows the page.
      await page.keyboard.press('Tab');
      expect(await activeInShadow()).toBe('a[name-link]');
      await next.focus();
      await page.keyboard.press('Space');
      await expect.poll(() => countText()).toBe(`Showing 9 to 11 of ${CARERS_SUPPORT_SHOWN} listings`);
      expect(await next.isDisabled()).toBe(true);
      await previous.click();
      await expect.poll(() => countText()).toBe(`Showing 5 to 8 of ${CARERS_SUPPORT_SHOWN} listings`);
      expect(await names()).toEqual(secondPage);
    });

    test('search: a labelled box, results announced in a live region, back to page 1, an empty state', async () => {
      await open('<loop-listings category="carers-support" limit="4" paging search></loop-listings>');
      await rendered(page);
      await widget().getByRole('button', { name: 'Next page' }).click();
      const box = widget().getByRole('searchbox', { name: 'Search these listings' });
      await box.fill('carers group');
      await expect.poll(() => countText()).toBe('7 listings match “carers group”: showing 1 to 4 of 7');
      const live = widget().locator('[role="status"]');
      await expect.poll(() => live.textContent()).toBe('7 listings match “carers group”: showing 1 to 4 of 7');
      expect(await live.getAttribute('aria-live')).toBe('polite');
      await box.fill('zzzz');
      await expect.poll(() => countText()).toBe('No listings match “zzzz”');
      expect(await widget().locator('[part~="empty"]').textContent()).toMatch(/Try another word/);
      expect(await widget().locator('[part~="paging"]').count()).toBe(0);
      expect(await axe(page).then(describeViolations)).toBe('');
      // Enter applies the search at once; clearing it brings every listing back.
      await box.fill('');
      await box.press('Enter');
      await expect.poll(() => countText()).toBe(`Showing 1 to 4 of ${CARERS_SUPPORT_SHOWN} listings`);
      expect(page.url()).not.toContain('?');
    });

    test('bad limit or heading-level values fall back to the defaults with a console warning', async () => {
      const warnings: string[] = [];
      page.on('console', (message) => message.type() === 'warning' && warnings.push(message.text()));
      await open('<loop-listings category="carers-support" limit="lots" heading-level="h9"></loop-listings>');
      await rendered(page);
      expect(await names()).toHaveLength(10);
      expect(warnings.join('\n')).toMatch(/limit="lots"/);
      expect(warnings.join('\n')).toMatch(/heading-level="h9"/);
    });
  });

  describe('states and progressive enhancement', () => {
    test('before the script runs, the content inside the tag is the page; once listings show it is hidden', async () => {
      await open(`<loop-listings category="emergency-food">${FALLBACK}</loop-listings>`, { script: '' });
      const fallback = page.locator('.fallback-content');
      expect(await fallback.isVisible()).toBe(true);
      await page.addScriptTag({ url: `${site.loop.url}/widget/v1/loop-widget.js` });
      await rendered(page);
      expect(await fallback.isVisible()).toBe(false);
      expect(await page.locator('.fallback-content a').count()).toBe(1);
    });

    test('if the script cannot load, the content inside the tag stays', async () => {
      await open(`<loop-listings category="emergency-food">${FALLBACK}</loop-listings>`, { script: `<script src="${site.loop.url}/widget/v1/missing.js"></script>` });
      await page.waitForLoadState('load');
      expect(await page.locator('.fallback-content').isVisible()).toBe(true);
      expect(await page.evaluate(() => customElements.get('loop-listings'))).toBeUndefined();
    });

    test('while loading: the content inside the tag and a loading message', async () => {
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      await page.route('**/feeds/v1/categories/emergency-food.json', async (route) => {
        await held;
        await route.continue();
      });
      await open(`<loop-listings category="emergency-food">${FALLBACK}</loop-listings>`);
      const loading = widget().locator('[part~="loading"]');
      await loading.waitFor();
      expect(await loading.textContent()).toBe('Loading listings from LOOP…');
      expect(await page.locator('.fallback-content').isVisible()).toBe(true);
      expect(await axe(page).then(describeViolations)).toBe('');
      release();
      await rendered(page);
      expect(await loading.count()).toBe(0);
      expect(await page.locator('.fallback-content').isVisible()).toBe(false);
    });

    test('feed unreachable: a clear message, a link to LOOP, the content inside the tag, and Try again works', async () => {
      let fail = true;
      await page.route('**/feeds/v1/categories/emergency-food.json', (route) => (fail ? route.abort('connectionrefused') : route.continue()));
      await open(`<loop-listings category="emergency-food">${FALLBACK}</loop-listings>`, { head: '<script>window.failures = []; addEventListener("loop-listings-error", (e) => failures.push(e.detail))</script>' });
      await rendered(page, 0, 'error');
      const failures = await page.evaluate(() => (window as unknown as { failures: unknown[] }).failures);
      const error = widget().locator('[part~="error"]');
      expect(await error.textContent()).toMatch(/Sorry, these listings cannot be shown right now\.LOOP could not be reached\./);
      expect(await error.locator('a').getAttribute('href')).toBe(`${site.loop.url}/`);
      expect(await page.locator('.fallback-content').isVisible()).toBe(true);
      expect(failures).toEqual([{ message: 'LOOP could not be reached' }]);
      expect(await axe(page).then(describeViolations)).toBe('');
      // Trying again while LOOP is still down: focus lands on the new Try again button, and it is said.
      await widget().getByRole('button', { name: 'Try again' }).click();
      await expect.poll(() => widget().locator('[role="status"]').textContent()).toBe('Sorry, these listings still cannot be shown');
      expect(await activeInShadow()).toBe('button[button retry]');
      fail = false;
      await page.keyboard.press('Enter');
      await rendered(page);
      expect(await names()).toEqual(['Harehills Food Share']);
      expect(await activeInShadow()).toBe('ul[list]');
      expect(await widget().locator('[role="status"]').textContent()).toBe('1 listing');
    });

    test('an unknown slug says there are no such listings, with no Try again', async () => {
      // GitHub Pages and Netlify answer a missing feed with 404 and CORS headers (the local server sends none on 404s).
      await page.route('**/feeds/v1/categories/no-such-thing.json', (route) => route.fulfill({ status: 404, body: 'Not found', headers: { 'Access-Control-Allow-Origin': '*' } }));
      await open('<loop-listings category="no-such-thing"></loop-listings>');
      await rendered(page, 0, 'error');
      expect(await widget().locator('[part~="error"]').textContent()).toMatch(/LOOP has no listings for category “no-such-thing”/);
      expect(await widget().getByRole('button').count()).toBe(0);
    });

    test('a bad attribute is explained and nothing is fetched', async () => {
      await open('<loop-listings category="../../secrets"></loop-listings>');
      await rendered(page, 0, 'error');
      expect(await widget().locator('[part~="error"]').textContent()).toMatch(/category="\.\.\/\.\.\/secrets" is not a LOOP slug/);
      expect(feedRequests()).toEqual([]);
    });

    test('a feed of another major version, or not JSON, is an error, not a blank', async () => {
      await page.route('**/feeds/v1/categories/emergency-food.json', (route) => route.fulfill({ json: { schema_version: '2.0', items: [] }, headers: { 'Access-Control-Allow-Origin': '*' } }));
      await page.route('**/feeds/v1/categories/carers-support.json', (route) => route.fulfill({ body: '<html>oops</html>', contentType: 'text/html', headers: { 'Access-Control-Allow-Origin': '*' } }));
      await open('<loop-listings category="emergency-food"></loop-listings><loop-listings category="carers-support"></loop-listings>');
      await rendered(page, 0, 'error');
      await rendered(page, 1, 'error');
      expect(await widget(0).locator('[part~="error"]').textContent()).toMatch(/reads LOOP feed version 1, not "2\.0"/);
      expect(await widget(1).locator('[part~="error"]').textContent()).toMatch(/not valid JSON/);
    });

    test('a slice with no listings says so', async () => {
      await open('<loop-listings category="carers-support" audience="older-people"></loop-listings>');
      await rendered(page, 0, 'empty');
      expect(await countText()).toBe('No listings to show');
      expect(await widget().locator('[part~="empty"]').textContent()).toBe('There are no listings here at the moment.');
    });
  });

  describe('where it reads from', () => {
    test('a copied script needs src; with it, it reads that LOOP site across origins', async () => {
      const script = await (await fetch(`${site.loop.url}/widget/v1/loop-widget.js`)).text();
      site.page('js/copied.js', script);
      await open(`<loop-listings category="emergency-food"></loop-listings><loop-listings category="emergency-food" src="${site.loop.url}/"></loop-listings>`, { script: '<script src="js/copied.js"></script>' });
      await rendered(page, 0, 'error');
      await rendered(page, 1);
      expect(await widget(0).locator('[part~="error"]').textContent()).toMatch(/add src=/);
      expect(await names(1)).toEqual(['Harehills Food Share']);
    });

    test('the ES module registers the same element; loading both scripts is harmless', async () => {
      await open('<loop-listings category="emergency-food"></loop-listings>', {
        script: `<script type="module" src="${site.loop.url}/widget/v1/loop-widget.mjs"></script><script src="${site.loop.url}/widget/v1/loop-widget.js" defer></script>`,
      });
      await rendered(page);
      expect(await names()).toEqual(['Harehills Food Share']);
      // A string, so Vitest does not rewrite the dynamic import for Node.
      const exported = await page.evaluate(`import('${site.loop.url}/widget/v1/loop-widget.mjs').then((m) => m.LoopListingsElement === customElements.get('loop-listings'))`);
      expect(exported).toBe(true);
    });

    test('links open where target says; new tabs get rel=noopener; phone links never get a target', async () => {
      await open('<loop-listings category="carers-support" target="_blank" limit="20"></loop-listings>');
      await rendered(page);
      const links = await widget().evaluate((el) => [...el.shadowRoot!.querySelectorAll('a')].map((a) => [a.getAttribute('href')!.slice(0, 4), a.getAttribute('target'), a.getAttribute('rel')]));
      for (const [scheme, target, rel] of links) {
        if (scheme === 'tel:') expect(target).toBeNull();
        else expect([target, rel]).toEqual(['_blank', 'noopener']);
      }
    });
  });

  describe('on someone else\'s page', () => {
    test('adds nothing to window', async () => {
      await open('<loop-listings category="emergency-food"></loop-listings>', { script: '' });
      const before = await page.evaluate(() => Object.getOwnPropertyNames(window));
      await page.addScriptTag({ url: `${site.loop.url}/widget/v1/loop-widget.js` });
      await rendered(page);
      await page.addScriptTag({ url: `${site.loop.url}/widget/v1/loop-widget.mjs`, type: 'module' });
      const after = await page.evaluate(() => Object.getOwnPropertyNames(window));
      expect(after.filter((name) => !before.includes(name))).toEqual([]);
      expect(after.length).toBe(before.length);
    });

    test('sends loop-listings-render with what it shows, after every render', async () => {
      await open('<loop-listings category="carers-support" limit="4" paging></loop-listings>', { head: '<script>window.renders = []; addEventListener("loop-listings-render", (e) => renders.push(e.detail))</script>' });
      await rendered(page);
      await widget().getByRole('button', { name: 'Next page' }).click();
      await expect.poll(() => page.evaluate(() => (window as unknown as { renders: unknown[] }).renders)).toEqual([
        { total: CARERS_SUPPORT_SHOWN, shown: 4, page: 1, pages: 3 },
        { total: CARERS_SUPPORT_SHOWN, shown: 4, page: 2, pages: 3 },
      ]);
    });

    test('visible focus on links, buttons and the search box', async () => {
      await open('<loop-listings category="carers-support" limit="2" paging search></loop-listings>');
      await rendered(page);
      await page.keyboard.press('Tab');
      expect(await activeInShadow()).toBe('input[search-input]');
      const focusStyle = () => widget().evaluate((el) => {
        const active = el.shadowRoot!.activeElement!;
        const style = getComputedStyle(active);
        return { outline: `${style.outlineStyle} ${style.outlineWidth}`, background: style.backgroundColor, shadow: style.boxShadow };
      });
      expect((await focusStyle()).outline).toBe('solid 3px');
      await page.keyboard.press('Tab');
      expect(await activeInShadow()).toBe('a[name-link]');
      expect((await focusStyle()).background).toBe('rgb(255, 221, 0)');
      for (let i = 0; i < 20 && (await activeInShadow()) !== 'button[button next]'; i++) await page.keyboard.press('Tab');
      expect(await activeInShadow()).toBe('button[button next]');
      expect((await focusStyle()).outline).toBe('solid 3px');
    });

    test('axe finds nothing wrong with listings, search and paging', async () => {
      await open('<loop-listings category="carers-support" limit="4" paging search heading="Support for carers"></loop-listings>');
      await rendered(page);
      expect(describeViolations(await axe(page))).toBe('');
    });
  });
});
