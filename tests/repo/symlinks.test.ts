/**
 * No tracked file is a symbolic link (git mode 120000). The loader and the build refuse links in data/ and public/;
 * this guard stops one being committed anywhere, so a pull request cannot point a path at a file outside the
 * checkout on the machine that builds it.
 */
import { execFileSync } from 'node:child_process';
import { expect, test } from 'vitest';
import { repoRoot } from '../support/shared.ts';

function trackedLinks(listing: string): string[] {
  return listing
    .split('\n')
    .filter((line) => line.startsWith('120000 '))
    .map((line) => line.slice(line.indexOf('\t') + 1));
}

test('git tracks no symbolic links', () => {
  const listing = execFileSync('git', ['ls-files', '-s', '-z'], { cwd: repoRoot, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 }).split('\0').join('\n');
  expect(listing.length, 'git ls-files listed nothing: is this a checkout?').toBeGreaterThan(0);
  expect(trackedLinks(listing)).toEqual([]);
});

test('the guard recognises a link in git\'s listing', () => {
  const listing = ['100644 0123456789abcdef0123456789abcdef01234567 0\tdata/a.yaml', '120000 0123456789abcdef0123456789abcdef01234567 0\tdata/services/linked'].join('\n');
  expect(trackedLinks(listing)).toEqual(['data/services/linked']);
});
