/**
 * The web form end to end, in Chromium, without GitHub: Decap CMS talks to decap-server (its local backend) in git
 * mode on a throwaway repository, so saving follows the editorial workflow (a branch per change, as a pull request
 * would be on GitHub). A service created through the form, and a "still accurate" confirmation, must come out as
 * files that `loop validate` accepts, changing nothing else.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { writeAdminAssets } from '../../src/cms/assets.ts';
import { MEDIA_FOLDER } from '../../src/cms/config.ts';
import { startLocalBackend, type LocalBackend } from '../../src/cms/local-backend.ts';
import { adminFiles } from '../../src/cms/page.ts';
import { loadConfig, validateDataSync } from '../../src/checks/load.ts';
import { startStaticServer, type StaticServer } from '../../src/serve/server.ts';
import { axe, chromiumAvailable, describeViolations, launchChromium, screenshot, ARTIFACTS } from '../support/browser.ts';
import { runLoop } from '../support/cli.ts';
import { AS_OF, fixtureCopy } from '../support/data.ts';
import { git, gitEnv, initRepo } from '../support/git.ts';

/** The files of `branch` in a clone of its own (decap-server keeps using the repository), for the real loader. */
function checkout(repo: string, branch: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'loop-cms-branch-'));
  clones.push(dir);
  git(dir, ['clone', '-q', '--branch', branch, repo, '.']);
  return dir;
}
const clones: string[] = [];

describe.runIf(chromiumAvailable('web form'))('web form (Decap CMS, local backend)', () => {
  let repo: string;
  let site: string;
  let server: StaticServer;
  let proxy: LocalBackend | undefined;
  let browser: Browser;
  let context: BrowserContext;
  /** Requests the page tried to make anywhere but this machine (blocked: tests never touch the network). */
  const offsite: string[] = [];
  const cspViolations: string[] = [];
  const pageErrors: string[] = [];
  // The form runs in the browser and takes "today" from the browser's clock: fixed (below) to the suite's date,
  // which $LOOP_AS_OF gives the validator too, so the test agrees with itself at midnight and in any time zone.
  const today = AS_OF;

  beforeAll(async () => {
    repo = fixtureCopy();
    initRepo(repo);
    site = mkdtempSync(join(tmpdir(), 'loop-cms-site-'));
    const admin = join(site, 'admin');
    await writeAdminAssets(admin);
    server = await startStaticServer({ root: site });
    // The guarded local backend `npm run cms` uses, in git mode, answering only this page with this run's token.
    // decap-server commits in this process, so it needs the test identity.
    Object.assign(process.env, gitEnv());
    proxy = await startLocalBackend({ repo, mode: 'git', pageOrigins: [server.url], folders: ['data', MEDIA_FOLDER] });
    const { config } = loadConfig(join(repo, 'loop.config.yaml'), repo);
    for (const [path, text] of adminFiles(config!, { localBackendUrl: proxy.url })) {
      writeFileSync(join(admin, path.slice(path.lastIndexOf('/') + 1)), text);
    }
    browser = await launchChromium();
    // The real page, Content-Security-Policy and all: the form must work within it.
    context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, locale: 'en-GB', timezoneId: 'Europe/London' });
    // The browser's clock starts at noon on that day and then runs as usual (a frozen clock would stop Decap's
    // debounced searches, which measure elapsed time with Date.now).
    await context.clock.install({ time: new Date(`${AS_OF}T12:00:00Z`) });
    await context.route('**/*', (route) => {
      const url = new URL(route.request().url());
      if (url.hostname === '127.0.0.1') return route.continue();
      offsite.push(url.href);
      return route.abort();
    });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await proxy?.close();
    for (const dir of [site, ...clones]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function openForm(hash: string): Promise<Page> {
    const page = await context.newPage();
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
    });
    page.on('pageerror', (error) => pageErrors.push(`${error.message}\n${error.stack ?? ''}`));
    await page.goto(`${server.url}/admin/${hash}`);
    // The proxy backend's stand-in for signing in.
    const login = page.getByRole('button', { name: /login/i });
    const ready = page.getByRole('button', { name: 'Save', exact: true }).or(page.getByRole('heading', { name: 'Collections' }));
    await login.or(ready).first().waitFor({ timeout: 60_000 });
    if (await login.isVisible()) await login.click();
    await ready.first().waitFor({ timeout: 60_000 });
    return page;
  }

  /** A form field by its label; Decap adds "(optional)" to the labels of optional fields. */
  function field(page: Page, label: string) {
    return page.getByLabel(new RegExp(`^${label.replace(/[()]/g, '\\$&')}( \\(optional\\))?$`)).first();
  }

  async function pick(page: Page, label: string, search: string, option: string): Promise<void> {
    await field(page, label).click();
    await page.keyboard.type(search);
    await page.getByRole('option', { name: option, exact: true }).click();
  }

  test('a service created through the form is written to its organisation\'s folder and passes loop validate', async () => {
    const page = await openForm('#/collections/services/new');
    const problems = page.frameLocator('iframe').locator('[data-loop-problems]');
    await page.getByLabel('Name', { exact: true }).waitFor();
    // The preview pane runs the validator's own checks: an empty form has problems.
    await expect.poll(async () => Number(await problems.getAttribute('data-loop-problems'))).toBeGreaterThan(0);

    await page.getByLabel('Checked by (role mailbox)').fill('listings@chapeltown-carers.example.org');
    await page.getByLabel('Name', { exact: true }).fill('Carers\u2019 Café & Chat');
    await pick(page, 'Organisation', 'Chapeltown', 'Chapeltown Carers Network');
    await page.getByLabel('Summary').fill('  A weekly café for unpaid carers: a cuppa, a chat and advice.  ');
    await field(page, 'Description').fill('Drop in for tea and cake.\n\n- Advice on carers\' assessments\n- A quiet room\n');
    await pick(page, 'Delivery', 'phone', 'Phone');
    await pick(page, 'Categories', 'carers', 'Carers support');
    // A phone number the validator would reject shows its own message in the preview, before saving.
    await page.getByRole('button', { name: /add phones?/i }).click();
    const number = page.getByLabel('Number', { exact: true });
    await number.fill('0113 496 012');
    await page.frameLocator('iframe').getByText(/not a valid UK phone number/).waitFor();
    await number.fill('0113 496 0555');
    await expect.poll(async () => problems.getAttribute('data-loop-problems')).toBe('0');
    await screenshot(page, 'cms-new-service');

    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText(/changes saved/i).waitFor({ timeout: 30_000 });

    // Editorial workflow: the change is on its own branch (a pull request on GitHub), main is untouched.
    const branch = 'cms/services/chapeltown-carers/carers-cafe-chat';
    expect(git(repo, ['branch', '--list', branch]).trim()).toContain(branch);
    expect(git(repo, ['diff', '--name-only', 'main', branch]).trim()).toBe('data/services/chapeltown-carers/carers-cafe-chat.yaml');
    const dir = checkout(repo, branch);
    const file = join(dir, 'data/services/chapeltown-carers/carers-cafe-chat.yaml');
    const text = readFileSync(file, 'utf8');
    expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=../../../schemas/service.schema.json');
    expect(text).toMatch(/^id: [0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/m);
    expect(text).toContain('organisation: chapeltown-carers\n');
    expect(text).toContain(`reviewed: ${today}\n`);
    expect(text).toContain('summary: "A weekly café for unpaid carers: a cuppa, a chat and advice."\n');
    // Nothing the form left empty is written (the validator rejects empty text), and no stray list items.
    expect(text).not.toMatch(/: ''|: ""|: \[\]|: \{\}|^\s*- \{\}$/m);
    expect(text).not.toMatch(/schedules|locations|options/);

    const result = validateDataSync({ dataDir: join(dir, 'data'), root: dir });
    // Not even a warning: the form asked for enough to make the listing useful.
    expect(result.diagnostics.filter((d) => d.file.endsWith('carers-cafe-chat.yaml'))).toEqual([]);
    expect(result.errors).toBe(0);
    const cli = await runLoop(['validate', '--data', join(dir, 'data')], { cwd: dir });
    expect(cli.code, cli.stdout + cli.stderr).toBe(0);
    await page.close();
  }, 180_000);

  test('"still accurate" changes only the review date, as its own reviewed change', async () => {
    const path = 'data/services/chapeltown-carers/carers-drop-in.yaml';
    const before = readFileSync(join(repo, path), 'utf8');
    expect(before).toContain('reviewed: 2026-09-14');
    const page = await openForm('#/collections/services/entries/chapeltown-carers/carers-drop-in');
    const status = page.getByRole('status').filter({ hasText: /Last checked/ });
    await expect.poll(() => status.textContent()).toContain('Last checked 14 September 2026');
    await page.getByRole('button', { name: 'Still accurate: mark as checked today' }).click();
    await page.getByRole('status').filter({ hasText: /Marked as checked today/ }).waitFor();
    await screenshot(page, 'cms-still-accurate');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText(/changes saved/i).waitFor({ timeout: 30_000 });

    const branch = 'cms/services/chapeltown-carers/carers-drop-in';
    const diff = git(repo, ['diff', '--unified=0', 'main', branch, '--', path]);
    const changed = diff.split('\n').filter((l) => /^[-+](?![-+])/.test(l));
    expect(changed).toEqual(['-reviewed: 2026-09-14', `+reviewed: ${today}`]);
    const dir = checkout(repo, branch);
    const result = validateDataSync({ dataDir: join(dir, 'data'), root: dir });
    expect(result.errors).toBe(0);
    await page.close();
  }, 180_000);

  test('the form made no requests off this machine and broke no part of its Content-Security-Policy', () => {
    // decap-server's local mode needs nothing from the internet: not GitHub, not a status page, not a CDN.
    expect(offsite).toEqual([]);
    expect(cspViolations).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  test('LOOP\'s own parts are accessible: the admin page with and without JavaScript, and the "still accurate" control', async () => {
    // axe is injected as a script, which the page's CSP (rightly) forbids: these checks bypass it.
    const loose = await browser.newContext({ bypassCSP: true, locale: 'en-GB' });
    await loose.route('**/*', (route) => (new URL(route.request().url()).hostname === '127.0.0.1' ? route.continue() : route.abort()));
    // The page when Decap's script cannot load: it says so, with a way to suggest a change instead.
    const broken = await loose.newPage();
    await broken.route('**/decap-cms.js', (route) => route.abort());
    await broken.goto(`${server.url}/admin/`);
    await broken.getByRole('alert').filter({ hasText: 'The form did not load' }).waitFor();
    expect(describeViolations(await axe(broken))).toBe('');
    await broken.close();

    const noScript = await browser.newContext({ javaScriptEnabled: false, locale: 'en-GB' });
    const plain = await noScript.newPage();
    await plain.goto(`${server.url}/admin/`);
    const visible = await plain.locator('body').innerText();
    expect(visible).toContain('The form needs JavaScript.');
    expect(visible).not.toContain('Loading the form');
    await noScript.close();

    const page = await loose.newPage();
    await page.goto(`${server.url}/admin/#/collections/services/entries/chapeltown-carers/carers-phone-line`);
    const login = page.getByRole('button', { name: /login/i });
    const still = page.getByRole('button', { name: 'Still accurate: mark as checked today' });
    await login.or(still).first().waitFor({ timeout: 60_000 });
    if (await login.isVisible()) await login.click();
    await still.waitFor({ timeout: 60_000 });
    const ours = await axe(page, { include: ['[data-loop-still-accurate]', '[role="status"]'] });
    expect(describeViolations(ours)).toBe('');
    // Decap's own interface is third-party: record what axe finds there for the report, without failing on it.
    const theirs = await axe(page);
    // ...except the preview frame's name, which LOOP's script supplies.
    expect(theirs.map((v) => v.id)).not.toContain('frame-title');
    mkdirSync(ARTIFACTS, { recursive: true });
    writeFileSync(join(ARTIFACTS, 'cms-axe-decap.json'), `${JSON.stringify(theirs, null, 2)}\n`);
    await loose.close();
  }, 120_000);
});
