/** The build is the validator's gate: invalid data stops it with the validator's own file:line diagnostics. */
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { edit, fixtureCopy, lineOf, readFixture } from '../support/data.ts';
import { buildSite, type BuildResult } from '../support/astro-build.ts';

const FILE = 'services/chapeltown-carers/carers-drop-in.yaml';
const OTHER = 'services/chapeltown-carers/carers-phone-line.yaml';
let dir: string;
let build: BuildResult;

beforeAll(async () => {
  // Two problems in two files: a phone number that is not one, and a category that does not exist.
  dir = fixtureCopy({ ...edit(FILE, 'number: 0113 496 0123', 'number: call us'), ...edit(OTHER, /categories: \[carers-support/, 'categories: [carers-suport') });
  build = await buildSite({ LOOP_DATA: join(dir, 'data') });
});
afterAll(() => {
  if (build?.outDir) rmSync(build.outDir, { recursive: true, force: true });
});

test('the build fails and says which file, line and column, in the validator\'s words', () => {
  expect(build.code).not.toBe(0);
  expect(build.output).toContain(`${join(dir, 'data', FILE)}:${lineOf(readFixture(FILE), 'number: 0113 496 0123')}:`);
  expect(build.output).toContain(`${join(dir, 'data', OTHER)}:${lineOf(readFixture(OTHER), 'categories:')}:`);
  expect(build.output).toMatch(/"call us" is not a phone number/);
  expect(build.output).toMatch(/carers-suport/);
  expect(build.output).toMatch(/LOOP data has 2 errors \(listed above\); nothing was built/);
});

test('nothing is written', () => {
  expect(existsSync(join(build.outDir, 'index.html'))).toBe(false);
  expect(existsSync(join(build.outDir, 'pagefind'))).toBe(false);
});
