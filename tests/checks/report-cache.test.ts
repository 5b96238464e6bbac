// The last full check's report (issue #19): a full check whose every file is unchanged, under the same configuration
// and date, is answered from it without building the Dataset, and that answer is exactly a full uncached check's.
// Anything that can change a finding (an edited, added or deleted file, the date, the configuration) makes the full
// check run again. Compared on a generated dataset with planted duplicate ids, dangling references, numbers shared
// by many listings and a copied listing.
import { mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { generate } from '../../scripts/synthetic/generate.ts';
import { validateData, type ValidationResult } from '../../src/checks/load.ts';
import { readReport, reportBytes } from '../../src/checks/report-cache.ts';
import type { Diagnostic } from '../../src/dataset/diagnostic.ts';
import { FIXTURE, field, serviceFiles } from '../support/data.ts';
import { runLoop } from '../support/cli.ts';

const AS_OF = '2026-11-24';

/** A generated dataset with problems only the dataset rules find, and one a file has on its own. */
function planted(): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'loop-report-')));
  generate({ services: 240, seed: 11, out: dir, source: FIXTURE });
  const data = join(dir, 'data');
  const services = serviceFiles(dir);
  const texts = services.map((file) => readFileSync(file, 'utf8'));
  const locations = readdirSync(join(data, 'locations')).sort();
  // A copied listing (same id, name, phone, venue) in another organisation's folder.
  const otherOrg = field(texts[120]!, 'organisation');
  writeFileSync(join(data, 'services', otherOrg, 'copied-service.yaml'), texts[3]!.replace(/^organisation: .*$/m, `organisation: ${otherOrg}`));
  // Dangling references: a venue one letter off (a suggestion) and an organisation that does not exist.
  writeFileSync(services[10]!, texts[10]!.replace(/^ {2}- location: .*$/m, `  - location: ${locations[7]!.replace(/\.yaml$/, '')}x`));
  writeFileSync(services[11]!, texts[11]!.replace(/^organisation: .*$/m, 'organisation: no-such-organisation'));
  // An id reused from a venue, and one national number on many listings (pairs judged inside one phone key).
  writeFileSync(services[21]!, texts[21]!.replace(/^id: .*$/m, `id: ${field(readFileSync(join(data, 'locations', locations[30]!), 'utf8'), 'id')}`));
  for (let i = 40; i < 70; i++) writeFileSync(services[i]!, texts[i]!.replace(/^ {2}- number: .*$/m, '  - number: 0800 496 0999'));
  // A file's own problem, and what the folder listing reports.
  writeFileSync(services[80]!, texts[80]!.replace('cost:', 'costs:'));
  writeFileSync(join(data, 'services', otherOrg, 'notes.txt'), 'notes');
  symlinkSync('/etc/hostname', join(data, 'organisations', 'linked.yaml'));
  return dir;
}

type Options = { asOf?: string; configPath?: string };

function check(dir: string, cacheDir: string | undefined, options: Options = {}): Promise<ValidationResult> {
  return validateData({ dataDir: join(dir, 'data'), root: dir, asOf: options.asOf ?? AS_OF, reportOnly: true, ...(options.configPath ? { configPath: options.configPath } : {}), ...(cacheDir ? { cacheDir } : {}) });
}

/** What the command prints from: the findings and the counts. */
function report(result: ValidationResult): Pick<ValidationResult, 'diagnostics' | 'errors' | 'warnings' | 'files'> {
  return { diagnostics: result.diagnostics, errors: result.errors, warnings: result.warnings, files: result.files };
}

describe('the stored report', () => {
  test('reads back exactly the findings it was given, field order included, or refuses to store them', () => {
    const dir = mkdtempSync(join(tmpdir(), 'loop-report-file-'));
    const file = join(dir, 'checks.report');
    const key = 'k'.repeat(64);
    const findings: Diagnostic[] = [
      { file: 'data/a.yaml', line: 3, column: 5, endLine: 3, endColumn: 9, severity: 'error', rule: 'unknown-key', message: 'unknown key "a\u0000b" (a NUL a YAML escape can hold)', hint: 'did you mean “ab”?' },
      { file: 'data/b.yaml', line: 1, column: 1, severity: 'warning', rule: 'duplicates', message: '' },
      { file: 'data/ü.yaml', line: 2, column: 7, severity: 'warning', rule: 'freshness', message: 'stale', hint: '' },
    ];
    writeFileSync(file, reportBytes(key, findings)!);
    const back = readReport(file, key)!;
    expect(back).toEqual(findings);
    expect(JSON.stringify(back)).toBe(JSON.stringify(findings));
    expect(readReport(file, 'x'.repeat(64))).toBeUndefined();
    // Fields in another order, or of another type: the command would print them differently, so not stored.
    expect(reportBytes(key, [{ line: 1, file: 'data/a.yaml', column: 1, severity: 'error', rule: 'r', message: 'm' }])).toBeUndefined();
    expect(reportBytes(key, [{ ...findings[1]!, line: 1.5 }])).toBeUndefined();
    expect(reportBytes(key, [{ ...findings[1]!, extra: true } as Diagnostic])).toBeUndefined();
  });
});

describe('a full check answered from the last full run', () => {
  // Files written by the test are as new as the run: their stat is trusted only once they are old enough (the
  // racy-git guard in src/checks/cache.ts), so the clock the cache reads is moved a minute on.
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 60_000);
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  test('gives exactly the uncached report, without building the Dataset, until an input changes', { timeout: 120_000 }, async () => {
    const dir = planted();
    const cacheDir = join(dir, 'cache');
    const uncached = await check(dir, undefined);
    expect(uncached.dataset).toBeDefined();
    const rules = new Set(uncached.diagnostics.map((d) => d.rule));
    for (const rule of ['unique', 'references', 'duplicates', 'unknown-key', 'file-name', 'file-link']) expect(rules, rule).toContain(rule);
    expect(uncached.diagnostics.filter((d) => d.rule === 'duplicates' && d.message.includes('0800 496 0999')).length).toBeGreaterThan(10);

    // The first cached run checks every file and keeps its report; the next is answered from it.
    const first = await check(dir, cacheDir);
    expect(first.dataset).toBeDefined();
    expect(report(first)).toEqual(report(uncached));
    const answered = await check(dir, cacheDir);
    expect(answered.dataset).toBeUndefined();
    expect(answered.cached).toBe(answered.files);
    expect(report(answered)).toEqual(report(uncached));

    // Another date: freshness and end dates depend on it.
    const later = { asOf: '2029-01-01' };
    const laterUncached = await check(dir, undefined, later);
    expect(report(laterUncached)).not.toEqual(report(uncached));
    const laterCached = await check(dir, cacheDir, later);
    expect(laterCached.dataset).toBeDefined();
    expect(report(laterCached)).toEqual(report(laterUncached));
    expect(report(await check(dir, cacheDir, later))).toEqual(report(laterUncached));

    // Another configuration: the review policy decides what is stale.
    const config = join(dir, 'stricter.config.yaml');
    writeFileSync(config, readFileSync(join(dir, 'loop.config.yaml'), 'utf8').replace(/due_after_months: \d+/, 'due_after_months: 1').replace(/overdue_after_months: \d+/, 'overdue_after_months: 2'));
    const stricter = { configPath: config };
    const stricterUncached = await check(dir, undefined, stricter);
    expect(report(stricterUncached)).not.toEqual(report(uncached));
    const stricterCached = await check(dir, cacheDir, stricter);
    expect(stricterCached.dataset).toBeDefined();
    expect(report(stricterCached)).toEqual(report(stricterUncached));

    // A deleted file (every other file's stat still vouches for it): the copied listing's findings go.
    const data = join(dir, 'data');
    const copied = join(data, 'services', field(readFileSync(serviceFiles(dir)[120]!, 'utf8'), 'organisation'), 'copied-service.yaml');
    const copiedText = readFileSync(copied, 'utf8');
    rmSync(copied);
    const deleted = await check(dir, cacheDir);
    expect(deleted.dataset).toBeDefined();
    expect(report(deleted)).toEqual(report(await check(dir, undefined)));
    expect(report(deleted)).not.toEqual(report(uncached));

    // An edited file: one more listing gives the shared number.
    writeFileSync(copied, copiedText);
    const services = serviceFiles(dir);
    writeFileSync(services[100]!, readFileSync(services[100]!, 'utf8').replace(/^ {2}- number: .*$/m, '  - number: 0800 496 0999'));
    const edited = await check(dir, cacheDir);
    expect(edited.dataset).toBeDefined();
    const editedUncached = await check(dir, undefined);
    expect(report(edited)).toEqual(report(editedUncached));
    expect(report(await check(dir, cacheDir))).toEqual(report(editedUncached));
    expect((await check(dir, cacheDir)).dataset).toBeUndefined();

    // The folder listing's own findings are this run's, even when the rest is the stored report.
    writeFileSync(join(data, 'organisations', 'more-notes.txt'), 'notes');
    const listed = await check(dir, cacheDir);
    expect(listed.dataset).toBeUndefined();
    expect(report(listed)).toEqual(report(await check(dir, undefined)));
    expect(listed.diagnostics.some((d) => d.file.endsWith('more-notes.txt'))).toBe(true);
  });

  test('a truncated, garbled or missing report gives the uncached report', { timeout: 120_000 }, async () => {
    const dir = planted();
    const cacheDir = join(dir, 'cache');
    const uncached = report(await check(dir, undefined));
    await check(dir, cacheDir);
    const file = join(cacheDir, readdirSync(cacheDir).find((name) => name.endsWith('.report'))!);
    const bytes = readFileSync(file);
    truncateSync(file, Math.floor(bytes.length / 2));
    expect(report(await check(dir, cacheDir))).toEqual(uncached);
    writeFileSync(file, 'not a report');
    expect(report(await check(dir, cacheDir))).toEqual(uncached);
    // The head of the right report on the body of another.
    writeFileSync(file, Buffer.concat([bytes.subarray(0, 64), Buffer.from(bytes.subarray(64)).map((b, i) => (i > 40 && i % 7 === 0 ? b ^ 0x55 : b))]));
    expect(report(await check(dir, cacheDir))).toEqual(uncached);
    rmSync(file);
    expect(report(await check(dir, cacheDir))).toEqual(uncached);
    expect((await check(dir, cacheDir)).dataset).toBeUndefined();
  });

  test('the command prints the same report in every format, cached or not', { timeout: 120_000 }, async () => {
    const dir = planted();
    const cacheDir = join(dir, 'cache');
    for (const format of ['json', 'pretty', 'github']) {
      const args = ['validate', '--as-of', AS_OF, '--format', format];
      const slow = await runLoop([...args, '--no-cache'], { cwd: dir });
      expect(slow.code).toBe(1);
      for (let run = 0; run < 2; run++) {
        const quick = await runLoop([...args, '--cache-dir', cacheDir], { cwd: dir });
        expect(quick.stdout).toEqual(slow.stdout);
        expect(quick.code).toBe(slow.code);
      }
    }
  });
});
