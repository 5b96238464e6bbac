/** The form's live checks are the validator's, and the "still accurate" control uses the one freshness policy. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { DECAP_DIST, decapFiles, adminScript } from '../../src/cms/assets.ts';
import { checkListingText } from '../../src/cms/checks.ts';
import { adminPage, contentSecurityPolicy } from '../../src/cms/page.ts';
import { reviewStatus } from '../../src/cms/review.ts';
import { loadConfig } from '../../src/checks/load.ts';
import { edit, readFixture, validateWith } from '../support/data.ts';
import { repoRoot } from '../support/shared.ts';

const SERVICE = 'services/chapeltown-carers/carers-drop-in.yaml';

describe('live checks in the form', () => {
  test('a valid listing has none', () => {
    expect(checkListingText('service', readFixture(SERVICE))).toEqual([]);
  });

  test.each([
    ['a phone number that does not dial', '0113 496 0123', '0113 496 012'],
    ['a time written the wrong way', '"10:00"', '"10.00"'],
    ['a web address without https://', 'route: self-referral', 'route: self-referral\n  url: www.example.org/refer'],
    ['an unknown field', 'minimum_age: 18', 'minimum_age: 18\nsummery: typo'],
    ['a missing required field', /^summary: .*\n/m, ''],
  ])('%s: the same message, rule and line as `loop validate`', (_, from, to) => {
    const changed = edit(SERVICE, from, to);
    const text = changed[SERVICE]!;
    const validator = validateWith(changed).diagnostics.filter((d) => d.file === `data/${SERVICE}` && d.severity === 'error');
    const form = checkListingText('service', text, `data/${SERVICE}`);
    expect(validator.length).toBeGreaterThan(0);
    expect(form.map(({ rule, message, line, hint }) => ({ rule, message, line, hint }))).toEqual(validator.map(({ rule, message, line, hint }) => ({ rule, message, line, hint })));
  });

  test('broken YAML is reported, not thrown', () => {
    expect(checkListingText('service', 'name: [unclosed\n')[0]).toMatchObject({ rule: 'yaml-syntax', severity: 'error' });
  });
});

describe('"still accurate"', () => {
  const policy = { due_after_months: 6, overdue_after_months: 12 };
  test.each([
    ['2026-11-24', 'today', 'Marked as checked today'],
    ['2026-09-14', 'current', 'Last checked 14 September 2026. Next check due by 14 March 2027.'],
    ['2026-05-01', 'due', 'Due for a check since 1 November 2026.'],
    ['2025-08-31', 'overdue', 'Overdue for a check since 31 August 2026'],
    ['2026-12-01', 'future', 'is in the future'],
    ['{{now}}', 'missing', 'Not checked yet'],
    [undefined, 'missing', 'Not checked yet'],
    ['2026-02-30', 'missing', 'Not checked yet'],
  ])('reviewed %s on 2026-11-24 is %s', (reviewed, state, message) => {
    const status = reviewStatus(reviewed, '2026-11-24', policy);
    expect(status.state).toBe(state);
    expect(status.message).toContain(message);
  });
});

describe('the admin page', () => {
  const { config } = loadConfig(join(repoRoot, 'loop.config.yaml'), repoRoot);
  test('scripts may come only from the site itself; the published page talks only to GitHub\'s API, the local page also to its backend', () => {
    const csp = contentSecurityPolicy();
    const directive = (name: string) => csp.find((d) => d.startsWith(`${name} `))!.split(' ').slice(1);
    expect(directive('script-src')).toEqual(["'self'", "'unsafe-eval'"]);
    expect(directive('default-src')).toEqual(["'self'"]);
    expect(directive('object-src')).toEqual(["'none'"]);
    expect(directive('connect-src')).toEqual(["'self'", 'https://api.github.com']);
    expect(contentSecurityPolicy({ localBackendUrl: 'http://127.0.0.1:8081/api/v1?token=t' }).find((d) => d.startsWith('connect-src '))).toBe("connect-src 'self' https://api.github.com http://127.0.0.1:8081");
    const page = adminPage(config!);
    expect(page).toContain(`content="${csp.join('; ').replace(/'/g, "'")}"`);
    expect([...page.matchAll(/<script[^>]*src="([^"]+)"/g)].map((m) => m[1])).toEqual(['loop-cms.js', 'decap-cms.js']);
    expect(page).toMatch(/<html lang="en-GB">/);
    expect(page).toContain('<noscript>');
  });

  test('the site name from loop.config.yaml is escaped; a repository address the form cannot use is refused', () => {
    const page = adminPage({ ...config!, site: { ...config!.site, name: '<img src=x onerror=alert(1)>' } });
    expect(page).not.toContain('<img src=x');
    expect(page).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(() => adminPage({ ...config!, repository: { url: 'https://github.com/a/b"onmouseover="x', branch: 'main' } })).toThrow(/must be a GitHub repository/);
  });

  test('the scripts come from the npm package and LOOP\'s own bundle, which loads nothing from elsewhere', async () => {
    const files = decapFiles();
    expect(files).toContain('decap-cms.js');
    expect(files.some((f) => /^\d+\.decap-cms\.js$/.test(f))).toBe(true);
    expect(files.filter((f) => f.endsWith('.map'))).toEqual([]);
    const version = JSON.parse(readFileSync(join(DECAP_DIST, '..', 'package.json'), 'utf8')).version as string;
    expect(version).toMatch(/^3\./);
    const bundle = await adminScript();
    expect(bundle).toContain('loop-review');
    expect(bundle).not.toMatch(/https?:\/\/(unpkg\.com|cdn\.jsdelivr\.net|cdnjs\.cloudflare\.com|esm\.sh)/);
  });
});
