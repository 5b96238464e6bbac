import { mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import type { Diagnostic } from '../../src/dataset/diagnostic.ts';
import { mdCode, mdText, urlPath } from '../../src/github/comment-markdown.ts';
import { MAX_REPORT_BYTES, parsePrReport, prReport, ReportError } from '../../src/github/pr-report.ts';
import { prSummary, SUMMARY_MARKER, type ChangedFile } from '../../src/github/pr-summary.ts';
import { runLoop } from '../support/cli.ts';
import { fixtureCopy, readFixture } from '../support/data.ts';
import { startFakeGitHub, type FakeGitHub } from '../support/fake-github.ts';
import { commitAll, git, initRepo } from '../support/git.ts';
import { nodes, parseGfm, textOf, type MdNode } from '../support/markdown-tree.ts';

const DROP_IN = 'data/services/chapeltown-carers/carers-drop-in.yaml';
const SHA = 'a'.repeat(40);
const REPO = 'https://github.com/loop-leeds/loop';

/** The table's body rows as the text of each cell, as GitHub would lay them out. */
function rows(markdown: string): string[][] {
  const table = [...nodes(parseGfm(markdown))].find((n) => n.type === 'table');
  return (table?.children ?? []).slice(1).map((row) => (row.children ?? []).map(textOf));
}
function items(markdown: string): string[] {
  return [...nodes(parseGfm(markdown))]
    .filter((n) => n.type === 'listItem')
    .map(textOf)
    .filter((t) => /^(error|warning) /.test(t));
}

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
    expect(rows(stdout)).toEqual(
      expect.arrayContaining([
        ['data/services/chapeltown-carers/carers-drop-in.yaml', 'modified', '2', '0'],
        ['data/services/chapeltown-carers/carers-phone-line.yaml', 'deleted', '0', '0'],
        ['data/organisations/new-org.yaml', 'added', '0', '1'],
      ]),
    );
    expect(items(stdout)).toContain('error data/services/chapeltown-carers/carers-drop-in.yaml:7 (unknown-key): "summery" is not a field of a service (did you mean "summary"?)');
    expect(items(stdout).some((i) => i.startsWith('warning data/organisations/new-org.yaml:5 (personal-data)'))).toBe(true);

    const json = await runLoop(['pr-summary', '--base', 'main', '--format', 'json', '--pr', '7', '--out', 'out/report.json'], { cwd: dir });
    expect(json.code).toBe(0);
    const report = parsePrReport(readFileSync(join(dir, 'out/report.json'), 'utf8'));
    expect(report.pullRequest).toBe(7);
    expect(report.changed).toHaveLength(3);
    expect(report.diagnostics.filter((d) => d.severity === 'error').map((d) => d.file)).toEqual([DROP_IN, DROP_IN]);
    expect(report.totalErrors).toBe(2);
  });
  test('a clean pull request says so', () => {
    const text = prSummary([{ file: 'data/organisations/a.yaml', change: 'modified' }], [], { totalErrors: 0 });
    expect(text).toContain('## ✅ LOOP listing check: no errors');
    expect(text).not.toContain('What to fix');
  });
  test('usage errors', async () => {
    expect((await runLoop(['pr-summary'])).code).toBe(2);
    const dir = fixtureCopy();
    initRepo(dir);
    expect((await runLoop(['pr-summary', '--base', 'no-such-branch'], { cwd: dir })).code).toBe(2);
    expect((await runLoop(['pr-summary', '--base', 'main', '--format', 'json'], { cwd: dir })).code).toBe(2);
    expect((await runLoop(['pr-summary', '--base', 'main', '--format', 'html'], { cwd: dir })).code).toBe(2);
  });
});

/** Names a pull request could give its files, each trying to become something other than text. */
const HOSTILE = [
  'data/back`tick``s```.yaml',
  'data/`starts-with-backtick` .yaml',
  'data/pipe|in|name.yaml',
  'data/escaped\\|pipe.yaml',
  'data/new\nline\r\n| forged | row |.yaml',
  'data/@loop-leeds/maintainers.yaml',
  'data/@everyone.yaml',
  'data/<img src=x onerror=alert(1)>.yaml',
  'data/<script>alert(1)</script>.yaml',
  'data/[approved](https://evil.example/x).yaml',
  'data/![badge](https://evil.example/ok.png).yaml',
  'data/**Approved** by _maintainers_.yaml',
  'data/<!-- hide the rest.yaml',
  'data/# heading.yaml',
  'data/fixes #123 and loop-leeds/loop#4 GH-5.yaml',
  'data/see https://evil.example and www.evil.example or mail a@evil.example.yaml',
  'data/$\\LaTeX$ ~~struck~~ &amp; &#64;me.yaml',
  'data/right-to-left \u202Eelif.yaml',
  'data/a) (b.yaml',
];
const HOSTILE_MESSAGE = '**Approved** by @loop-leeds/maintainers <img src=x onerror=alert(1)> [merge](javascript:alert(1)) `code` | pipe\n# heading #12 https://evil.example <!--';

describe('pull request comment markdown: everything from the pull request is literal text', () => {
  const changed: ChangedFile[] = HOSTILE.map((file) => ({ file, change: 'added' }));
  const diagnostics: Diagnostic[] = HOSTILE.map((file, i) => ({ file, line: i + 1, column: 1, severity: 'error', rule: 'schema|@x', message: HOSTILE_MESSAGE, hint: HOSTILE_MESSAGE }));
  const markdown = prSummary(changed, diagnostics, { totalErrors: HOSTILE.length, repositoryUrl: REPO, headSha: SHA });
  const tree = parseGfm(markdown);
  const all = [...nodes(tree)];
  /** A file name as the comment shows it: line breaks and other controls as symbols, invisible characters as U+FFFD. */
  const shown = (file: string) => file.replace(/\r/g, '\u240d').replace(/\n/g, '\u240a').replace(/\u202e/g, '\ufffd');

  test('only the markup LOOP writes: no images, no HTML of theirs, two headings, bold only for "error"', () => {
    expect(all.filter((n) => n.type === 'image' || n.type === 'imageReference' || n.type === 'linkReference' || n.type === 'definition')).toEqual([]);
    const html = new Set(all.filter((n) => n.type === 'html').map((n) => n.value));
    expect([...html].sort()).toEqual([SUMMARY_MARKER, '<code>', '</code>', '<details><summary>How to fix these</summary>', '</details>'].sort());
    expect(all.filter((n) => n.type === 'heading').map(textOf)).toEqual([`❌ LOOP listing check: ${HOSTILE.length} errors to fix`, 'What to fix']);
    expect(all.filter((n) => n.type === 'strong').map(textOf)).toEqual(HOSTILE.map(() => 'error'));
    expect(all.filter((n) => n.type === 'emphasis').map(textOf)).toEqual(HOSTILE.map(() => 'Fix:'));
    expect(all.filter((n) => n.type === 'delete' || n.type === 'inlineMath' || n.type === 'math')).toEqual([]);
  });
  test('links go only to the file in the validated commit, each file name one link', () => {
    const links = all.filter((n) => n.type === 'link');
    expect(links).toHaveLength(HOSTILE.length * 2);
    for (const link of links) expect(link.url!.startsWith(`${REPO}/blob/${SHA}/data/`), link.url).toBe(true);
    expect(links.slice(0, HOSTILE.length).map(textOf)).toEqual(HOSTILE.map(shown));
    expect(links.slice(0, HOSTILE.length).map((l) => decodeURIComponent(l.url!.slice(`${REPO}/blob/${SHA}/`.length)))).toEqual(HOSTILE);
  });
  test('every file is one table row of four cells, its name exactly as named', () => {
    expect(rows(markdown)).toEqual(HOSTILE.map((file) => [shown(file), 'added', '1', '0']));
    for (const line of markdown.split('\n').filter((l) => l.startsWith('| <') || l.startsWith('| ['))) {
      expect(line.replace(/\\./g, '').split('|'), line).toHaveLength(6);
    }
  });
  test('messages are text, one list item each', () => {
    const flat = HOSTILE_MESSAGE.replace(/\n/g, ' ');
    expect(items(markdown)).toEqual(HOSTILE.map((file, i) => `error ${shown(file)}:${i + 1} (schema|@x): ${flat}Fix: ${flat}`));
  });
  test('nothing GitHub would turn into a mention, a reference or a link', () => {
    for (const node of all.filter((n) => n.type === 'text')) {
      const value = node.value!;
      expect(value, 'a mention').not.toMatch(/@[a-z0-9]/i);
      expect(value, 'an issue reference').not.toMatch(/#\d|gh-\d/i);
      expect(value, 'a bare link').not.toMatch(/:\/\/|www\./i);
    }
  });
});

describe('comment-markdown', () => {
  test('text: every character shown as itself', () => {
    const tree = parseGfm(`x ${mdText('*a* _b_ `c` <b>d</b> [e](f) ![g](h) \\ & &amp; ~~i~~ $j$ | k')}`);
    expect(textOf(tree)).toBe('x *a* _b_ `c` <b>d</b> [e](f) ![g](h) \\ & &amp; ~~i~~ $j$ | k');
    expect([...nodes(tree)].map((n) => n.type)).toEqual(['root', 'paragraph', 'text']);
  });
  test('code: a line break stays visible and cannot start a block', () => {
    expect(textOf(parseGfm(mdCode('a\n# b\n- c')))).toBe('a\u240a# b\u240a- c');
    expect(mdCode('x')).toBe('<code>x</code>');
  });
  test('URL paths cannot end the link or leave the folder', () => {
    expect(urlPath('data/a) [b](c).yaml')).toBe('data/a%29%20%5Bb%5D%28c%29.yaml');
    expect(urlPath('data/../../x?#')).toBe('data/%2E%2E/%2E%2E/x%3F%23');
  });
  test('a long list is cut between lines, never inside one', () => {
    const many: Diagnostic[] = Array.from({ length: 900 }, (_, i) => ({ file: 'data/a.yaml', line: i + 1, column: 1, severity: 'error', rule: 'schema', message: `<b>${'x'.repeat(100)}</b> @someone` }));
    const text = prSummary([{ file: 'data/a.yaml', change: 'modified' }], many, { totalErrors: 900 });
    expect(text.length).toBeLessThan(61_000);
    expect(text).toMatch(/…and \d+ more: run `npx loop validate`/);
    const html = [...nodes(parseGfm(text))].filter((n) => n.type === 'html').map((n) => n.value);
    expect(html.filter((v) => v === '<code>').length).toBe(html.filter((v) => v === '</code>').length);
  });
});

describe('pull request report (the data the untrusted job uploads)', () => {
  const valid = () => prReport(3, [{ file: 'data/a.yaml', change: 'added' }], [{ file: 'data/a.yaml', line: 1, column: 1, severity: 'error', rule: 'schema', message: 'm' }, { file: 'data/b.yaml', line: 1, column: 1, severity: 'error', rule: 'schema', message: 'elsewhere' }], 2);
  test('keeps only what the comment shows, and round-trips', () => {
    const report = valid();
    expect(report.diagnostics).toHaveLength(1);
    expect(parsePrReport(JSON.stringify(report))).toEqual(report);
  });
  test('anything but the exact shape is refused', () => {
    const bad: unknown[] = [
      'not json',
      [],
      { ...valid(), format: 'other' },
      { ...valid(), extra: 1 },
      { ...valid(), pullRequest: -1 },
      { ...valid(), pullRequest: '3' },
      { ...valid(), changed: [{ file: 'x', change: 'exploded' }] },
      { ...valid(), changed: [{ file: 'x'.repeat(2000), change: 'added' }] },
      { ...valid(), diagnostics: [{ ...valid().diagnostics[0]!, severity: 'fatal' }] },
      { ...valid(), diagnostics: Array.from({ length: 1001 }, () => valid().diagnostics[0]) },
      { ...valid(), totalErrors: 1.5 },
    ];
    for (const value of bad) expect(() => parsePrReport(typeof value === 'string' ? value : JSON.stringify(value)), JSON.stringify(value).slice(0, 80)).toThrow(ReportError);
    expect(() => parsePrReport(' '.repeat(MAX_REPORT_BYTES + 1))).toThrow(/larger/);
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
  const write = (dir: string, name: string, value: unknown) => writeFileSync(join(dir, name), typeof value === 'string' ? value : JSON.stringify(value));

  test('renders the report itself, posts one comment, then edits it on the next push', async () => {
    fake = await startFakeGitHub();
    fake.issues.push({ number: 1, title: 'PR', body: '', state: 'open', labels: [], comments: [{ id: 1, body: 'Looks good!', user: { login: 'human', type: 'User' } }], head_sha: SHA });
    env(fake.url);
    const dir = fixtureCopy();
    write(dir, 'r.json', prReport(1, [{ file: 'data/@everyone.yaml', change: 'added' }], [], 0));
    const first = await runLoop(['pr-comment', '--report', 'r.json', '--head-sha', SHA], { cwd: dir });
    expect(first.stdout).toMatch(/posted/);
    write(dir, 'r.json', prReport(1, [{ file: 'data/second.yaml', change: 'modified' }], [], 0));
    expect((await runLoop(['pr-comment', '--report', 'r.json', '--head-sha', SHA], { cwd: dir })).stdout).toMatch(/updated/);
    const bodies = fake.issues[0]!.comments.map((c) => c.body);
    expect(bodies).toHaveLength(2);
    expect(bodies[0]).toBe('Looks good!');
    expect(bodies[1]!.startsWith(SUMMARY_MARKER)).toBe(true);
    expect(rows(bodies[1]!)).toEqual([['data/second.yaml', 'modified', '0', '0']]);
    expect([...nodes(parseGfm(bodies[1]!))].find((n: MdNode) => n.type === 'link')?.url).toBe(`https://github.com/loop-leeds/loop/blob/${SHA}/data/second.yaml`);
  });
  test('refuses Markdown, malformed or linked reports, and stays quiet when the PR is not at the validated commit', async () => {
    fake = await startFakeGitHub();
    fake.issues.push({ number: 2, title: 'PR', body: '', state: 'open', labels: [], comments: [], head_sha: 'b'.repeat(40) });
    env(fake.url);
    const dir = fixtureCopy();
    write(dir, 'evil.md', `${SUMMARY_MARKER}\n## ✅ Approved by @loop-leeds/maintainers\n`);
    expect((await runLoop(['pr-comment', '--report', 'evil.md', '--head-sha', SHA], { cwd: dir })).code).toBe(1);
    write(dir, 'bad.json', { ...prReport(2, [], [], 0), body: 'extra' });
    expect((await runLoop(['pr-comment', '--report', 'bad.json', '--head-sha', SHA], { cwd: dir })).code).toBe(1);
    mkdirSync(join(dir, 'art'));
    write(dir, 'good.json', prReport(2, [], [], 0));
    symlinkSync(join(dir, 'good.json'), join(dir, 'art', 'report.json'));
    expect((await runLoop(['pr-comment', '--report', 'art/report.json', '--head-sha', SHA], { cwd: dir })).code).toBe(1);
    const moved = await runLoop(['pr-comment', '--report', 'good.json', '--head-sha', SHA], { cwd: dir });
    expect(moved.code).toBe(0);
    expect(moved.stderr).toMatch(/nothing posted/);
    expect(fake.issues[0]!.comments).toEqual([]);
    expect((await runLoop(['pr-comment', '--report', 'good.json', '--head-sha', 'x; rm -rf /'], { cwd: dir })).code).toBe(2);
    expect((await runLoop(['pr-comment', '--body-file', 'evil.md'], { cwd: dir })).code).toBe(2);
  });
});
