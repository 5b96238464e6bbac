/**
 * The issue's "done" bar: the widget on a stranger's page, in Chromium, with hostile CSS (global resets,
 * `all: unset !important`, !important colours and fonts) and a listing whose every text field carries <script>,
 * <img onerror> and friends, published by the real publisher and served from another origin (CORS as in
 * production). It must render them as text, look exactly as it does on a plain page, leak no CSS out, make no
 * request but the LOOP feed, and run only when its SRI hash matches. Screenshots are kept in tests/artifacts/.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { axe, chromiumAvailable, describeViolations, launchChromium, screenshot } from '../support/browser.ts';
import { HOSTILE_ALERT, HOSTILE_NAME, HOSTILE_ORGANISATION, HOSTILE_PHONE_NOTE, HOSTILE_SUMMARY, cleanUp, hostPage, publishedSite, recordRequests, rendered, servers, type Servers } from './support.ts';

const HOSTILE_CSS = `<style>
  html { font-size: 9px !important; }
  body { font: italic 900 32px/3 "Comic Sans MS", fantasy !important; color: #ff00ff !important; background: #000 !important;
    text-transform: uppercase !important; letter-spacing: 0.3em !important; word-spacing: 1em !important; text-align: right !important;
    text-shadow: 2px 2px red !important; cursor: wait !important; white-space: pre !important; }
  body * { all: unset !important; }
  *, *::before, *::after { box-sizing: content-box !important; }
  h1, h2, h3, h4, h5, h6, p, li, a, ul, ol, dl, dt, dd, button, input, label, form, div, span, strong, section {
    color: red !important; background: yellow !important; font-size: 40px !important; margin: 30px !important; padding: 30px !important;
    display: inline !important; border: 5px dotted lime !important; list-style: square !important; }
  a { color: lime !important; text-decoration: none !important; }
  [hidden] { display: block !important; }
  :focus { outline: none !important; }
  loop-listings { display: none; font-family: serif; }
  slot, ::slotted(*) { display: block !important; }
</style>`;

const WIDGET = '<loop-listings category="carers-support" limit="4" paging search heading="Support for carers"><p class="fallback-content">Find help on <a href="https://loop.example.org/">LOOP</a></p></loop-listings>';
const HOST_CONTENT = '<div class="host-content"><h2>Our news</h2><p>A paragraph with <a href="#x">a link</a>.</p><ul><li>One</li><li>Two</li></ul><button type="button">A button</button></div>';

/** The styles that make up how something looks, for every element in the widget's shadow root. */
async function widgetStyles(page: Page): Promise<string[]> {
  return page.locator('loop-listings').evaluate((host) => {
    const props = ['color', 'background-color', 'font-family', 'font-size', 'font-weight', 'font-style', 'line-height', 'letter-spacing', 'word-spacing', 'text-transform', 'text-decoration-line', 'text-align', 'text-shadow', 'white-space', 'display', 'visibility', 'opacity', 'margin-top', 'margin-right', 'margin-bottom', 'margin-left', 'padding-top', 'padding-right', 'padding-bottom', 'padding-left', 'border-top-width', 'border-top-style', 'border-top-color', 'border-left-width', 'list-style-type', 'box-sizing', 'cursor'];
    const elements = [host, ...host.shadowRoot!.querySelectorAll('*')];
    return elements.map((el) => {
      const style = getComputedStyle(el);
      const name = el === host ? 'host' : `${el.tagName.toLowerCase()}${el.getAttribute('part') ? `[${el.getAttribute('part')}]` : ''}`;
      // The host element's own box (margins, borders) is the page's to style; what it passes down is not.
      const shown = el === host ? props.filter((p) => p === 'display') : props;
      return `${name} ${shown.map((p) => `${p}:${style.getPropertyValue(p)}`).join(';')}`;
    });
  });
}

async function hostStyles(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll('.host-content, .host-content *, main, h1, body')].map((el) => {
      const style = getComputedStyle(el);
      return `${el.tagName} ${['color', 'background-color', 'font-family', 'font-size', 'display', 'margin-top', 'padding-left', 'list-style-type', 'text-decoration-line', 'box-sizing'].map((p) => style.getPropertyValue(p)).join(';')}`;
    }),
  );
}

describe.runIf(chromiumAvailable('widget on a hostile page'))('the widget on a hostile page', () => {
  let browser: Browser;
  let site: Servers;
  let clean: string;
  let hostile: string;

  beforeAll(async () => {
    const published = await publishedSite();
    site = await servers(published.dir);
    clean = site.page('clean.html', hostPage(site.loop.url, `${HOST_CONTENT}${WIDGET}`));
    hostile = site.page('hostile.html', hostPage(site.loop.url, `${HOST_CONTENT}${WIDGET}`, { head: HOSTILE_CSS }));
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
    cleanUp();
  });

  async function load(url: string, width = 900): Promise<{ page: Page; requests: string[]; errors: string[] }> {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    const requests = recordRequests(page);
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(url);
    await rendered(page);
    return { page, requests, errors };
  }

  test('listing text full of HTML and script is shown as text and never runs', async () => {
    const { page, errors } = await load(hostile);
    const widget = page.locator('loop-listings');
    const item = widget.locator('[part~="item"]', { has: page.locator('[part~="name-link"]', { hasText: 'Hostile Carers' }) });
    expect(await item.locator('[part~="name-link"]').textContent()).toBe(HOSTILE_NAME);
    expect(await item.locator('[part~="organisation"]').textContent()).toBe(HOSTILE_ORGANISATION);
    expect(await item.locator('[part~="summary"]').textContent()).toBe(HOSTILE_SUMMARY);
    expect(await item.locator('[part~="notice"]').textContent()).toBe(HOSTILE_ALERT);
    expect(await item.locator('dd').first().textContent()).toBe(`0113 496 0999 (${HOSTILE_PHONE_NOTE})`);
    // Nothing was parsed as markup: no element the data names exists, no handler attribute, no extra list item.
    const made = await widget.evaluate((el) => [...el.shadowRoot!.querySelectorAll('script, img, svg, iframe, b, [onerror], [onload]')].length);
    expect(made).toBe(0);
    expect(await widget.locator('[part~="item"]').count()).toBe(4);
    const hrefs = await widget.evaluate((el) => [...el.shadowRoot!.querySelectorAll('a')].map((a) => a.getAttribute('href')!));
    for (const href of hrefs) expect(href).toMatch(/^(https?:\/\/|tel:\d+$)/);
    // Any injected handler would have run once the page has loaded and painted two more frames.
    await page.waitForLoadState('load');
    await page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))));
    expect(await page.evaluate(() => (window as unknown as { __pwned?: string }).__pwned)).toBeUndefined();
    expect(errors).toEqual([]);
    await page.close();
  });

  test('looks exactly as on a plain page, whatever the page\'s CSS says (screenshots in tests/artifacts/)', async () => {
    const plain = await load(clean);
    const attacked = await load(hostile);
    const expected = await widgetStyles(plain.page);
    const actual = await widgetStyles(attacked.page);
    expect(actual.length).toBeGreaterThan(40);
    expect(actual).toEqual(expected);
    // And it looks like what it is meant to: the defaults, not the page's.
    const name = attacked.page.locator('loop-listings [part~="name-link"]').first();
    const look = await name.evaluate((a) => {
      const s = getComputedStyle(a);
      return { color: s.color, font: s.fontFamily, transform: s.textTransform, style: s.fontStyle, shadow: s.textShadow };
    });
    expect(look).toEqual({ color: 'rgb(29, 112, 184)', font: expect.stringMatching(/^system-ui/), transform: 'none', style: 'normal', shadow: 'none' });
    const root = attacked.page.locator('loop-listings [part~="root"]');
    const box = await root.boundingBox();
    expect(box!.width).toBeGreaterThan(600);
    expect(await root.evaluate((el) => getComputedStyle(el).fontSize)).toBe('16px');
    for (const item of await attacked.page.locator('loop-listings [part~="item"]').all()) expect((await item.boundingBox())!.height).toBeGreaterThan(60);
    // The page's own content inside the tag stays hidden once listings show, even with [hidden] forced visible.
    expect(await attacked.page.locator('.fallback-content').isVisible()).toBe(false);
    await screenshot(plain.page, 'widget-plain-page');
    await screenshot(attacked.page, 'widget-hostile-page');
    await attacked.page.setViewportSize({ width: 360, height: 800 });
    await screenshot(attacked.page, 'widget-hostile-page-narrow');
    // Narrow screens: the widget fits (the hostile page's own content overflows; that is its business).
    expect((await root.boundingBox())!.width).toBeLessThanOrEqual(360);
    expect(await root.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
    await plain.page.close();
    await attacked.page.close();
  });

  test('its styles do not leak out onto the page', async () => {
    const page = await browser.newPage();
    await page.goto(site.page('leak.html', hostPage(site.loop.url, `${HOST_CONTENT}${WIDGET}`, { script: '' })));
    const before = await hostStyles(page);
    await page.addScriptTag({ url: `${site.loop.url}/widget/v1/loop-widget.js` });
    await rendered(page);
    expect(await hostStyles(page)).toEqual(before);
    await page.close();
  });

  test('it asks only the LOOP site for its script and one feed file, across origins (CORS)', async () => {
    const { page, requests } = await load(hostile);
    await page.locator('loop-listings').getByRole('button', { name: 'Next page' }).click();
    await page.locator('loop-listings').getByRole('searchbox').fill('carers');
    // The search has run (in the page, from the feed it already has) once the count says so.
    await expect.poll(() => page.locator('loop-listings [part~="count"]').textContent()).toMatch(/match “carers”/);
    const hostOrigin = new URL(site.host.url).origin;
    const loopOrigin = new URL(site.loop.url).origin;
    expect(hostOrigin).not.toBe(loopOrigin);
    const elsewhere = requests.filter((url) => ![hostOrigin, loopOrigin].includes(new URL(url).origin));
    expect(elsewhere).toEqual([]);
    expect(requests.filter((url) => url.startsWith(loopOrigin)).map((url) => url.slice(loopOrigin.length))).toEqual(['/widget/v1/loop-widget.js', '/feeds/v1/categories/carers-support.json']);
    expect(requests.filter((url) => url.startsWith(hostOrigin)).map((url) => new URL(url).pathname).filter((p) => p !== '/favicon.ico')).toEqual(['/hostile.html']);
    await page.close();
  });

  test('works under a strict Content Security Policy that allows only the LOOP origin', async () => {
    const csp = `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src ${site.loop.url}; connect-src ${site.loop.url}">`;
    const { page, errors } = await load(site.page('csp.html', hostPage(site.loop.url, WIDGET, { head: csp })));
    expect(await page.locator('loop-listings [part~="name-link"]').first().evaluate((a) => getComputedStyle(a).color)).toBe('rgb(29, 112, 184)');
    expect(errors).toEqual([]);
    await page.close();
  });

  test('the published SRI hash matches the served bytes: the pinned snippet runs, a wrong hash is blocked and the page\'s content stays', async () => {
    const integrity = (await (await fetch(`${site.loop.url}/widget/v1/integrity.json`)).json()) as { files: { path: string; integrity: string }[] };
    const pinned = integrity.files.find((f) => f.path.endsWith('.js'))!;
    const tag = (hash: string) => `<script src="${site.loop.url}${pinned.path}" integrity="${hash}" crossorigin="anonymous" defer></script>`;
    const { page } = await load(site.page('sri.html', hostPage(site.loop.url, WIDGET, { script: tag(pinned.integrity) })));
    expect(await page.locator('loop-listings [part~="item"]').count()).toBe(4);
    await page.close();

    // A well-formed hash of other bytes: one base64 digit changed.
    const at = 'sha384-'.length + 10;
    const tampered = `${pinned.integrity.slice(0, at)}${pinned.integrity[at] === 'A' ? 'B' : 'A'}${pinned.integrity.slice(at + 1)}`;
    const blocked = await browser.newPage();
    const messages: string[] = [];
    blocked.on('console', (m) => messages.push(m.text()));
    await blocked.goto(site.page('sri-bad.html', hostPage(site.loop.url, WIDGET, { script: tag(tampered) })));
    await blocked.waitForLoadState('load');
    expect(messages.join('\n')).toMatch(/integrity/i);
    expect(await blocked.evaluate(() => customElements.get('loop-listings'))).toBeUndefined();
    expect(await blocked.locator('.fallback-content').isVisible()).toBe(true);
    await blocked.close();
  });

  test('axe finds nothing wrong with the widget on either page', async () => {
    for (const url of [clean, hostile]) {
      const { page } = await load(url);
      // The hostile page's own content fails contrast on purpose; the widget is what is under test.
      const violations = await axe(page, { exclude: url === hostile ? ['.host-content', 'h1'] : [] });
      expect(describeViolations(violations), url).toBe('');
      await page.close();
    }
  });
});
