import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { runLoop } from '../support/cli.ts';
import { edit, fixtureCopy } from '../support/data.ts';
import { repoRoot } from '../support/shared.ts';

const SERVICE = 'services/chapeltown-carers/carers-drop-in.yaml';

describe('loop validate', () => {
  test('exit 0 on valid data, with a summary', async () => {
    const dir = fixtureCopy();
    const { code, stdout } = await runLoop(['validate', '--as-of', '2026-11-24'], { cwd: dir });
    expect(code).toBe(0);
    expect(stdout).toMatch(/✓ 14 files checked: 0 errors, 0 warnings/);
  });
  test('warnings alone still exit 0', async () => {
    const dir = fixtureCopy();
    const { code, stdout } = await runLoop(['validate', '--as-of', '2027-12-01'], { cwd: dir });
    expect(code).toBe(0);
    expect(stdout).toMatch(/0 errors, \d+ warnings/);
  });
  test('exit 1 on errors, pretty output with file:line:col, rule, code frame and fix', async () => {
    const dir = fixtureCopy(edit(SERVICE, 'summary:', 'summery:'));
    const { code, stdout } = await runLoop(['validate', '--as-of', '2026-11-24'], { cwd: dir });
    expect(code).toBe(1);
    expect(stdout).toContain(`data/${SERVICE}:7:1  error  unknown-key  "summery" is not a field of a service (did you mean "summary"?)`);
    expect(stdout).toMatch(/> 7 \| summery: A weekly drop-in/);
    expect(stdout).toMatch(/✗ 14 files checked: 2 errors, 0 warnings/);
  });
  test('--format github prints workflow annotations', async () => {
    const dir = fixtureCopy(edit(SERVICE, 'summary:', 'summery:'));
    const { stdout } = await runLoop(['validate', '--format', 'github', '--as-of', '2026-11-24'], { cwd: dir });
    expect(stdout).toContain(`::error file=data/${SERVICE},line=7,col=1,endLine=7,endColumn=8,title=LOOP unknown-key::"summery" is not a field of a service (did you mean "summary"?)`);
  });
  test('--format json is machine-readable', async () => {
    const dir = fixtureCopy(edit(SERVICE, 'summary:', 'summery:'));
    const { stdout, code } = await runLoop(['validate', '--format', 'json', '--as-of', '2026-11-24'], { cwd: dir });
    const parsed = JSON.parse(stdout) as { valid: boolean; errors: number; diagnostics: { file: string; rule: string; line: number }[] };
    expect(code).toBe(1);
    expect(parsed.valid).toBe(false);
    expect(parsed.errors).toBe(2);
    expect(parsed.diagnostics.map((d) => d.rule).sort()).toEqual(['schema', 'unknown-key']);
  });
  test('--data points at another folder', async () => {
    const dir = fixtureCopy();
    const { code } = await runLoop(['validate', '--data', join(dir, 'data'), '--as-of', '2026-11-24'], { cwd: repoRoot });
    expect(code).toBe(0);
  });
  test('usage errors exit 2', async () => {
    expect((await runLoop(['validate', '--format', 'xml'])).code).toBe(2);
    expect((await runLoop(['validate', '--bogus'])).code).toBe(2);
    expect((await runLoop(['validate', '--data', '/no/such/folder'])).code).toBe(2);
    expect((await runLoop(['validate', '--as-of', 'tomorrow'])).code).toBe(2);
    expect((await runLoop(['frobnicate'])).code).toBe(2);
    expect((await runLoop([])).code).toBe(2);
  });
  test('the real binary: exit codes and no stack trace on bad data', () => {
    const dir = fixtureCopy({ [SERVICE]: new Uint8Array([0, 1, 2, 255, 254]) , 'organisations/x.yaml': 'a: [\n' });
    const bin = join(repoRoot, 'bin', 'loop.js');
    const node = join(repoRoot, 'node_modules', '.bin', 'node');
    const bad = spawnSync(node, [bin, 'validate'], { cwd: dir, encoding: 'utf8' });
    expect(bad.status).toBe(1);
    expect(bad.stdout + bad.stderr).not.toMatch(/\n\s+at .*\(.*:\d+:\d+\)/);
    expect(bad.stdout).toMatch(/data\/organisations\/x\.yaml:\d+:\d+  error  yaml-syntax/);
    const usage = spawnSync(node, [bin, 'validate', '--format', 'nope'], { cwd: dir, encoding: 'utf8' });
    expect(usage.status).toBe(2);
    expect(execFileSync(node, [bin, 'rules'], { encoding: 'utf8' })).toMatch(/personal-data/);
  });
});
