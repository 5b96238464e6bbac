/**
 * The vocabularies are plain data that browser code may import: the module must not pull in zod (or anything), and
 * every built-in value has its words.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { DELIVERY, DELIVERY_WORDS, TAXONOMY_FILES, TAXONOMY_KINDS, TERM_FIELDS } from '../../src/model/vocabularies.ts';
import { DELIVERY_WORDS as SITE_DELIVERY_WORDS } from '../../src/site/format/words.ts';
import { repoRoot } from '../support/shared.ts';

test('src/model/vocabularies.ts imports nothing', () => {
  const text = readFileSync(join(repoRoot, 'src/model/vocabularies.ts'), 'utf8');
  expect(text).not.toMatch(/^\s*import\s/m);
});

test('every delivery method has its words, and the site shows the same name the open data publishes', () => {
  expect(Object.keys(DELIVERY_WORDS).sort()).toEqual([...DELIVERY].sort());
  for (const d of DELIVERY) expect(SITE_DELIVERY_WORDS[d]).toBe(DELIVERY_WORDS[d].name);
});

test('every taxonomy kind has a file and exactly one listing field', () => {
  for (const kind of TAXONOMY_KINDS) {
    expect(TAXONOMY_FILES[kind]).toBeTruthy();
    expect(Object.values(TERM_FIELDS).filter((k) => k === kind)).toHaveLength(1);
  }
});
