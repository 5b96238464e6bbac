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
