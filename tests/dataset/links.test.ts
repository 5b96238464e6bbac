/**
 * Symbolic links in data/ (and public/) are never followed: each is an error naming the link, the target's content
 * never reaches any output, and a link to a parent folder does not make the walk loop.
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { walkFolder } from '../../src/dataset/folder.ts';
import { validateDataSync } from '../../src/checks/load.ts';
import { publicFolderProblems } from '../../src/integrations/loop.ts';
import { runLoop } from '../support/cli.ts';
import { AS_OF, FIXTURE, fixtureCopy } from '../support/data.ts';
import { repoRoot } from '../support/shared.ts';

const SECRET = 'TOP-SECRET-7f3a9c: the content of a file outside the repository';
const made: string[] = [];
afterAll(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function outside(): string {
  const dir = mkdtempSync(join(tmpdir(), 'loop-outside-'));
  made.push(dir);
  return dir;
}

function validate(dir: string) {
  return validateDataSync({ dataDir: join(dir, 'data'), root: dir, asOf: AS_OF });
}

describe('symbolic links in data/', () => {
  test('a linked folder outside the repository is an error, and none of its files are read', () => {
    // The linked folder is a perfectly valid copy of the real one: before the fix this validated and was published.
    const elsewhere = join(outside(), 'harehills-food-share');
    cpSync(join(FIXTURE, 'data', 'services', 'harehills-food-share'), elsewhere, { recursive: true });
    const dir = fixtureCopy();
    rmSync(join(dir, 'data', 'services', 'harehills-food-share'), { recursive: true });
    symlinkSync(elsewhere, join(dir, 'data', 'services', 'harehills-food-share'));
    const result = validate(dir);
    const links = result.diagnostics.filter((d) => d.rule === 'file-link');
    expect(links.map((d) => [d.file, d.line, d.severity])).toEqual([['data/services/harehills-food-share', 1, 'error']]);
    expect(result.diagnostics.filter((d) => d.file.startsWith('data/services/harehills-food-share/'))).toEqual([]);
    expect(result.errors).toBeGreaterThan(0);
  });

  test('a link to a file outside is an error, and its content appears in no output format', async () => {
    const target = join(outside(), 'secret.txt');
    writeFileSync(target, `${SECRET}\nkey: [unclosed\n\tpassword: hunter2\n`);
    const dir = fixtureCopy();
    symlinkSync(target, join(dir, 'data', 'services', 'chapeltown-carers', 'notes.yaml'));
    symlinkSync(target, join(dir, 'data', 'notes.txt'));
    const result = validate(dir);
    expect(result.diagnostics.filter((d) => d.rule === 'file-link').map((d) => d.file)).toEqual(['data/notes.txt', 'data/services/chapeltown-carers/notes.yaml']);
    for (const format of ['pretty', 'github', 'json']) {
      const { code, stdout, stderr } = await runLoop(['validate', '--format', format, '--as-of', AS_OF], { cwd: dir });
      expect(code).toBe(1);
      expect(stdout).toContain('data/services/chapeltown-carers/notes.yaml');
      expect(stdout).toContain('data/notes.txt');
      expect(`${stdout}${stderr}`).not.toContain('TOP-SECRET');
      expect(`${stdout}${stderr}`).not.toContain('hunter2');
      expect(`${stdout}${stderr}`).not.toContain(target);
    }
  });

  test('a link to a parent folder is one error, not a walk of the disk', async () => {
    const dir = fixtureCopy();
    symlinkSync('..', join(dir, 'data', 'up'));
    const result = validate(dir);
    expect(result.diagnostics.filter((d) => d.severity === 'error').map((d) => [d.file, d.rule])).toEqual([
      ['data/up', 'file-link'],
    ]);
    // Exactly the fixture's own files were read: nothing through either link.
    expect(result.files).toBe(validate(fixtureCopy()).files);
    const { code } = await runLoop(['validate', '--as-of', AS_OF], { cwd: dir });
    expect(code).toBe(1);
  });

  test('a dangling link and a link that stays inside data/ are errors too', () => {
    const dir = fixtureCopy();
    symlinkSync('nowhere.yaml', join(dir, 'data', 'organisations', 'dangling.yaml'));
    symlinkSync('chapeltown-carers.yaml', join(dir, 'data', 'organisations', 'alias.yaml'));
    const result = validate(dir);
    expect(result.diagnostics.filter((d) => d.rule === 'file-link').map((d) => d.file)).toEqual(['data/organisations/alias.yaml', 'data/organisations/dangling.yaml']);
  });

  test('the walk lists links without descending into them', () => {
    const root = outside();
    mkdirSync(join(root, 'a', 'b'), { recursive: true });
    writeFileSync(join(root, 'a', 'b', 'x.yaml'), 'x: 1\n');
    symlinkSync(root, join(root, 'a', 'self'));
    symlinkSync(join(root, 'a', 'b', 'x.yaml'), join(root, 'a', 'y.yaml'));
    expect(walkFolder(root)).toEqual({ files: ['a/b/x.yaml'], links: ['a/self', 'a/y.yaml'], special: [] });
  });
});

describe('symbolic links in public/', () => {
  test('each link is named as a problem that stops the build', () => {
    const root = outside();
    const target = join(outside(), 'secret.txt');
    writeFileSync(target, SECRET);
    mkdirSync(join(root, 'admin'));
    writeFileSync(join(root, 'favicon.svg'), '<svg/>');
    symlinkSync(target, join(root, 'admin', 'leak.txt'));
    symlinkSync('/', join(root, 'disk'));
    const problems = publicFolderProblems(root);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^public\/admin\/leak\.txt is a symbolic link/);
    expect(problems[1]).toMatch(/^public\/disk is a symbolic link/);
    expect(problems.join('\n')).not.toContain('TOP-SECRET');
  });

  test('the repository\'s own public/ has none', () => {
    expect(publicFolderProblems(join(repoRoot, 'public'))).toEqual([]);
  });
});
