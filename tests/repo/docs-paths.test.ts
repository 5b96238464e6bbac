/**
 * The developer documentation names real files: every `src/…`, `tests/…` or `scripts/…` path in backticks in the
 * repository's Markdown exists (placeholders such as `<rule>`, globs and test artifacts are skipped), so a move that forgets the
 * docs fails here instead of sending a newcomer to a file that is gone.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { repoRoot } from '../support/shared.ts';

const DOCS = ['DEVELOPERS.md', 'README.md', 'CONTRIBUTING.md', ...readdirSync(join(repoRoot, 'docs'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];

test.each(DOCS)('%s names files that exist', (doc) => {
  const text = readFileSync(join(repoRoot, doc), 'utf8');
  const missing: string[] = [];
  for (const [, inner] of text.matchAll(/`([^`\n]+)`/g)) {
    for (const [path] of inner!.matchAll(/(?<![\w./-])(?:src|tests|scripts)\/[\w./[\]-]*[\w\]/]/g)) {
      if (/[<>*{}]/.test(path) || /[<*{]/.test(inner!.slice(inner!.indexOf(path) + path.length, inner!.indexOf(path) + path.length + 1))) continue;
      if (!path.startsWith('tests/artifacts') && !existsSync(join(repoRoot, path))) missing.push(path);
    }
  }
  expect(missing).toEqual([]);
});
