/**
 * Chromium for browser tests: Debian's /usr/bin/chromium driven by playwright-core (Playwright cannot download
 * browsers here). `.ci/run` installs the package. Outside CI, a missing Chromium skips browser suites with a
 * plain reason; under CI=true it fails them.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { isCI, repoRoot } from './shared.ts';

export const CHROMIUM = process.env.LOOP_CHROMIUM ?? '/usr/bin/chromium';
export const ARTIFACTS = join(repoRoot, 'tests', 'artifacts');

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
  '--disable-dev-shm-usage',
];

/** True when Chromium can run; otherwise says why (and throws under CI). */
export function chromiumAvailable(suite: string): boolean {
  if (existsSync(CHROMIUM)) return true;
  const reason = `${suite}: skipped because ${CHROMIUM} is missing (install it with: apt-get install -y chromium).`;
  if (isCI) throw new Error(`${reason} Under CI=true this is a failure, not a skip.`);
  console.warn(reason);
  return false;
}

/**
 * The environment without libfaketime (`faketime` works by LD_PRELOAD, which every child inherits). Chromium does
 * not run reliably with it, so the browser keeps the real clock by design; tests that care about the page's date
 * set it with Playwright's clock (`context.clock.install`), which works under any system clock.
 */
export function browserEnvironment(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined || key.startsWith('FAKETIME')) continue;
    if (key === 'LD_PRELOAD') {
      const kept = value.split(/[: ]/).filter((lib) => lib && !/faketime/i.test(lib));
      if (kept.length) out[key] = kept.join(':');
      continue;
    }
    out[key] = value;
  }
  return out;
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true, env: browserEnvironment() });
}

const require = createRequire(import.meta.url);
let axeSource: string | undefined;

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; html: string; failureSummary?: string }[];
}

/**
 * Runs axe-core (WCAG 2.0/2.1/2.2 A and AA rules) on the page and returns its violations. `include` limits the
 * check to parts of the page (e.g. our own widget inside a third-party app); `exclude` leaves parts out.
 */
export async function axe(page: Page, options: { exclude?: string[]; include?: string[] } = {}): Promise<AxeViolation[]> {
  axeSource ??= readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  // Evaluated, not added as an inline <script>: the site's Content-Security-Policy rightly refuses inline scripts.
  await page.evaluate(axeSource);
  return page.evaluate(async ({ exclude, include }) => {
    const w = window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: AxeViolation[] }> } };
    const context = exclude.length || include.length
      ? { ...(include.length ? { include: include.map((s) => [s]) } : {}), ...(exclude.length ? { exclude: exclude.map((s) => [s]) } : {}) }
      : document;
    const result = await w.axe.run(context, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] }, resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target, html: n.html.slice(0, 300), ...(n.failureSummary ? { failureSummary: n.failureSummary } : {}) })) }));
  }, { exclude: options.exclude ?? [], include: options.include ?? [] });
}

/** A readable summary of violations for assertion messages. */
export function describeViolations(violations: AxeViolation[]): string {
  return violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n${v.nodes.map((n) => `   ${n.target.join(' ')}: ${n.html}`).join('\n')}`).join('\n');
}

/** Saves a screenshot under tests/artifacts/ for human review; returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
