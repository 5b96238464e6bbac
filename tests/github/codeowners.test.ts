import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { generateCodeowners } from '../../src/github/codeowners.ts';
import { runLoop } from '../support/cli.ts';
import { edit, fixtureCopy, validateWith } from '../support/data.ts';
import { repoRoot } from '../support/shared.ts';

describe('CODEOWNERS', () => {
  test('editors own everything first; maintainers own their organisation\'s files, with editors as fallback', () => {
    const files = edit('locations/chapeltown-community-hub.yaml', 'ward: ward/chapel-allerton', 'ward: ward/chapel-allerton\norganisation: chapeltown-carers');
    const text = generateCodeowners(validateWith(files).dataset!);
    const rules = text.split('\n').filter((l) => l && !l.startsWith('#'));
    expect(rules).toEqual([
      '* @loop-leeds/editors',
      '/data/organisations/chapeltown-carers.yaml @chapeltown-carers-admin @loop-leeds/editors',
      '/data/services/chapeltown-carers/ @chapeltown-carers-admin @loop-leeds/editors',
      '/data/resources/chapeltown-carers/ @chapeltown-carers-admin @loop-leeds/editors',
      '/data/locations/chapeltown-community-hub.yaml @chapeltown-carers-admin @loop-leeds/editors',
    ]);
  });
  test('`loop codeowners --check` fails when stale and passes once written', async () => {
    const dir = fixtureCopy();
    expect((await runLoop(['codeowners', '--check'], { cwd: dir })).code).toBe(1);
    expect((await runLoop(['codeowners'], { cwd: dir })).code).toBe(0);
    expect((await runLoop(['codeowners', '--check'], { cwd: dir })).code).toBe(0);
    writeFileSync(join(dir, '.github/CODEOWNERS'), `${readFileSync(join(dir, '.github/CODEOWNERS'), 'utf8')}* @someone-else\n`);
    const stale = await runLoop(['codeowners', '--check'], { cwd: dir });
    expect(stale.code).toBe(1);
    expect(stale.stderr).toMatch(/out of date: run `npx loop codeowners`/);
  });
  test('the repository\'s own CODEOWNERS is up to date', async () => {
    const { code, stderr } = await runLoop(['codeowners', '--check'], { cwd: repoRoot });
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });
});
