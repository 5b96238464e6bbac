/**
 * Every rule has its own test file here, named by its id (the browser-compat-data habit: one place per fact). The
 * file-level reading rules (file-size, encoding, yaml-syntax) are tested with hostile input in
 * tests/dataset/bad-input.test.ts, and file-link (symbolic links) in tests/dataset/links.test.ts.
 */
import { existsSync } from 'node:fs';
import { expect, test } from 'vitest';
import { allRuleIds } from '../../../src/checks/rules/index.ts';

const TESTED_WITH_BAD_INPUT = ['file-size', 'encoding', 'yaml-syntax', 'file-link'];

test('every rule id has tests/checks/rules/<id>.test.ts', () => {
  const missing = allRuleIds().filter((id) => !TESTED_WITH_BAD_INPUT.includes(id) && !existsSync(new URL(`./${id}.test.ts`, import.meta.url)));
  expect(missing).toEqual([]);
});

/**
 * A diagnostic's rule id is what `loop rules`, the dashboard and the pull-request comment explain it by, so an id
 * the code reports but the list leaves out is a finding nobody can look up. Reads every literal id in src/.
 */
test('every rule id the code reports is a listed rule with a module', async () => {
  const { readdirSync, readFileSync } = await import('node:fs');
  const { join } = await import('node:path');
  const src = new URL('../../../src/', import.meta.url).pathname;
  const files = readdirSync(src, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
  const emitted = new Set<string>();
  const patterns = [/\brule: '([a-z-]+)'/g, /\bdiagnostic\([\w.]+, '([a-z-]+)'/g, /\bformatted\('([a-z-]+)'/g, /\bbase\('([a-z-]+)'/g];
  for (const file of files) {
    const text = readFileSync(join(src, file), 'utf8');
    for (const pattern of patterns) for (const m of text.matchAll(pattern)) emitted.add(m[1]!);
  }
  expect(emitted.size).toBeGreaterThan(10);
  expect([...emitted].filter((id) => !allRuleIds().includes(id)).sort()).toEqual([]);
  const modules = new Set(readdirSync(new URL('../../../src/checks/rules/', import.meta.url)).map((f) => String(f).replace(/\.ts$/, '')));
  expect(allRuleIds().filter((id) => !modules.has(id) && !modules.has(`${id}s`)).sort()).toEqual([]);
});
