import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { setTopLevelScalar } from '../../src/dataset/edit.ts';
import { runLoop } from '../support/cli.ts';
import { AS_OF, fixtureCopy, readFixture } from '../support/data.ts';

const FILE = 'data/services/chapeltown-carers/carers-drop-in.yaml';

describe('setTopLevelScalar', () => {
  test('replaces only the value, keeping comments and layout', () => {
    const text = '# keep me\nname: A # and me\nreviewed: 2025-01-01   # old\nlist: [a, b]\n';
    expect(setTopLevelScalar(text, 'reviewed', '2026-11-24')).toBe('# keep me\nname: A # and me\nreviewed: 2026-11-24   # old\nlist: [a, b]\n');
  });
  test('adds a missing key at the end, with the file\'s line endings', () => {
    expect(setTopLevelScalar('a: 1\r\nb: 2\r\n', 'reviewed_by', 'x@example.org')).toBe('a: 1\r\nb: 2\r\nreviewed_by: x@example.org\r\n');
    expect(setTopLevelScalar('a: 1', 'b', 'true')).toBe('a: 1\nb: "true"\n');
  });
  test('refuses what it cannot edit safely', () => {
    expect(() => setTopLevelScalar('- a\n', 'x', 'y')).toThrow(/not a block of fields/);
    expect(() => setTopLevelScalar('a: [\n', 'x', 'y')).toThrow(/YAML errors/);
    expect(() => setTopLevelScalar('reviewed:\n  nested: 1\n', 'reviewed', 'y')).toThrow(/not a single value/);
  });
});

describe('loop review', () => {
  test('sets reviewed to today and reviewed_by, leaving every other byte alone', async () => {
    const dir = fixtureCopy();
    const before = readFixture('services/chapeltown-carers/carers-drop-in.yaml');
    const { code, stdout } = await runLoop(['review', FILE, '--by', 'team@chapeltown-carers.example.org'], { cwd: dir });
    expect(code).toBe(0);
    expect(stdout).toContain(`${FILE}: reviewed ${AS_OF} by team@chapeltown-carers.example.org`);
    const after = readFileSync(join(dir, FILE), 'utf8');
    expect(after).toBe(
      before.replace('reviewed: 2026-09-14', `reviewed: ${AS_OF}`).replace('reviewed_by: listings@chapeltown-carers.example.org', 'reviewed_by: team@chapeltown-carers.example.org'),
    );
  });
  test('reports problems that remain in the file', async () => {
    const dir = fixtureCopy({ 'services/chapeltown-carers/carers-drop-in.yaml': readFixture('services/chapeltown-carers/carers-drop-in.yaml').replace('summary:', 'summery:') });
    const { code, stdout } = await runLoop(['review', FILE], { cwd: dir });
    expect(code).toBe(1);
    expect(stdout).toMatch(/unknown-key/);
  });
  test('usage errors', async () => {
    const dir = fixtureCopy();
    expect((await runLoop(['review'], { cwd: dir })).code).toBe(2);
    expect((await runLoop(['review', 'data/nope.yaml'], { cwd: dir })).code).toBe(2);
    expect((await runLoop(['review', 'data/organisations/chapeltown-carers.yaml'], { cwd: dir })).code).toBe(2);
    expect((await runLoop(['review', FILE, '--by', 'not-an-email'], { cwd: dir })).code).toBe(2);
    expect((await runLoop(['review', FILE, '--date', '2999-01-01'], { cwd: dir })).code).toBe(2);
  });
});
