/**
 * The summary reporter: the plain `N passed, N failed` line comes last (.ci/run reads it), with any skips, and the
 * conformance suites skipped because ../shared is missing, named on one line before it.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { repoRoot } from './shared.ts';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** Runs Vitest on one fixture file with only the summary reporter; returns what it printed. */
function runFixture(file: string): { status: number | null; lines: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'loop-reporter-'));
  dirs.push(dir);
  const config = join(dir, 'vitest.config.mjs');
  writeFileSync(
    config,
    `export default { test: { root: ${JSON.stringify(repoRoot)}, include: [${JSON.stringify(file)}], pool: 'forks', reporters: [${JSON.stringify(join(repoRoot, 'tests/support/summary-reporter.ts'))}] } };\n`,
  );
  const env = { ...process.env, CI: '', NO_COLOR: '1' };
  const run = spawnSync(process.execPath, [join(repoRoot, 'node_modules', 'vitest', 'vitest.mjs'), 'run', '--config', config], { cwd: repoRoot, env, encoding: 'utf8' });
  return { status: run.status, lines: `${run.stdout}`.split('\n').filter(Boolean) };
}

describe('summary reporter', () => {
  test('names the suites skipped for want of ../shared on one line, before the last "N passed, N failed" line', () => {
    const { status, lines } = runFixture('tests/fixtures/reporter/shared-skip.fixture.ts');
    expect(status).toBe(0);
    expect(lines.at(-1)).toBe('2 passed, 0 failed');
    expect(lines.at(-2)).toBe('Skipped: conformance suites (Fixture conformance; Fixture references) because ../shared is missing (put it beside the checkout or set LOOP_REFERENCE_DIR)');
    expect(lines.at(-3)).toBe('2 skipped');
    expect(lines.filter((l) => /^\d+ passed, \d+ failed$/.test(l))).toHaveLength(1);
  }, 120_000);
});
