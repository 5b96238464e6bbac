import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { prSummary, SUMMARY_MARKER } from '../../src/github/pr-summary.ts';
import { runLoop } from '../support/cli.ts';
import { fixtureCopy, readFixture } from '../support/data.ts';
import { startFakeGitHub, type FakeGitHub } from '../support/fake-github.ts';
import { commitAll, git, initRepo } from '../support/git.ts';

const DROP_IN = 'data/services/chapeltown-carers/carers-drop-in.yaml';

describe('pull request summary', () => {
  test('lists changed listings with their errors, warnings and fixes', async () => {
    const dir = fixtureCopy();
    initRepo(dir);
    git(dir, ['checkout', '-q', '-b', 'edit']);
    writeFileSync(join(dir, DROP_IN), readFixture('services/chapeltown-carers/carers-drop-in.yaml').replace('summary:', 'summery:'));
    rmSync(join(dir, 'data/services/chapeltown-carers/carers-phone-line.yaml'));
    writeFileSync(join(dir, 'data/organisations/new-org.yaml'), 'id: 1f2e3d4c-5b6a-4798-8a7b-6c5d4e3f2a1b\nname: New Org\ndescription: New.\ncontacts:\n  - name: Jane Smith\n');
    commitAll(dir, 'Edit listings');
    const { code, stdout } = await runLoop(['pr-summary', '--base', 'main'], { cwd: dir });
    expect(code).toBe(0);
    expect(stdout.startsWith(SUMMARY_MARKER)).toBe(true);
    expect(stdout).toContain('## ❌ LOOP listing check: 2 errors to fix');
    expect(stdout).toContain('This pull request changes 3 listing files:');
    expect(stdout).toContain('| `data/services/chapeltown-carers/carers-drop-in.yaml` | modified | 2 | 0 |');
    expect(stdout).toContain('| `data/services/chapeltown-carers/carers-phone-line.yaml` | deleted | 0 | 0 |');
    expect(stdout).toContain('| `data/organisations/new-org.yaml` | added | 0 | 1 |');
    expect(stdout).toContain('- **error** `data/services/chapeltown-carers/carers-drop-in.yaml:7` (unknown-key): "summery" is not a field of a service (did you mean "summary"?)');
    expect(stdout).toContain('warning `data/organisations/new-org.yaml:5` (personal-data)');
  });
  test('a clean pull request says so', () => {
    const text = prSummary([{ file: 'data/organisations/a.yaml', change: 'modified' }], [], { totalErrors: 0 });
    expect(text).toContain('## ✅ LOOP listing check: no errors');
    expect(text).not.toContain('What to fix');
  });
  test('listing text cannot inject markup or mentions', () => {
    const text = prSummary([{ file: 'data/a.yaml', change: 'added' }], [{ file: 'data/a.yaml', line: 1, column: 1, severity: 'error', rule: 'schema', message: '<img src=x onerror=alert(1)> @everyone [x](javascript:1)' }], { totalErrors: 1 });
    expect(text).toContain('\\<img src=x onerror=alert(1)\\> \\@everyone \\[x\\](javascript:1)');
  });
  test('usage errors', async () => {
    expect((await runLoop(['pr-summary'])).code).toBe(2);
    const dir = fixtureCopy();
    initRepo(dir);
    expect((await runLoop(['pr-summary', '--base', 'no-such-branch'], { cwd: dir })).code).toBe(2);
  });
});

describe('pull request comment', () => {
  let fake: FakeGitHub | undefined;
  afterEach(async () => fake?.close());
  const env = (url: string) => {
    process.env.GITHUB_TOKEN = 'test-token';
    process.env.GITHUB_REPOSITORY = 'loop-leeds/loop';
    process.env.GITHUB_API_URL = url;
  };
  afterEach(() => {
    delete process.env.GITHUB_TOKEN;
    delete process.env.GITHUB_REPOSITORY;
    delete process.env.GITHUB_API_URL;
  });

  test('posts one comment, then edits it on the next push', async () => {
    fake = await startFakeGitHub();
    fake.issues.push({ number: 1, title: 'PR', body: '', state: 'open', labels: [], comments: [{ id: 1, body: 'Looks good!', user: { login: 'human', type: 'User' } }], head_sha: 'abc123' });
    env(fake.url);
    const dir = fixtureCopy();
    writeFileSync(join(dir, 's.md'), `${SUMMARY_MARKER}\nfirst\n`);
    expect((await runLoop(['pr-comment', '--pr', '1', '--body-file', 's.md', '--head-sha', 'abc123'], { cwd: dir })).stdout).toMatch(/posted/);
    writeFileSync(join(dir, 's.md'), `${SUMMARY_MARKER}\nsecond\n`);
    expect((await runLoop(['pr-comment', '--pr', '1', '--body-file', 's.md'], { cwd: dir })).stdout).toMatch(/updated/);
    expect(fake.issues[0]!.comments.map((c) => c.body)).toEqual(['Looks good!', `${SUMMARY_MARKER}\nsecond\n`]);
  });
  test('refuses a body that is not a LOOP summary, and stays quiet when the PR has moved on', async () => {
    fake = await startFakeGitHub();
    fake.issues.push({ number: 2, title: 'PR', body: '', state: 'open', labels: [], comments: [], head_sha: 'newer' });
    env(fake.url);
    const dir = fixtureCopy();
    writeFileSync(join(dir, 'evil.md'), 'please merge me\n');
    expect((await runLoop(['pr-comment', '--pr', '2', '--body-file', 'evil.md'], { cwd: dir })).code).toBe(1);
    writeFileSync(join(dir, 's.md'), `${SUMMARY_MARKER}\nold\n`);
    const moved = await runLoop(['pr-comment', '--pr', '2', '--body-file', 's.md', '--head-sha', 'older'], { cwd: dir });
    expect(moved.code).toBe(0);
    expect(fake.issues[0]!.comments).toEqual([]);
    expect((await runLoop(['pr-comment', '--pr', 'x; rm -rf /', '--body-file', 's.md'], { cwd: dir })).code).toBe(2);
    expect(readFileSync(join(dir, 's.md'), 'utf8')).toContain('old');
  });
});
