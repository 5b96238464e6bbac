import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { validateDataSync } from '../../src/checks/load.ts';
import type { Dataset } from '../../src/dataset/dataset.ts';
import { History, laterDate, loadHistory, versionOf } from '../../src/history/history.ts';
import { NO_BLOB, openRepo, readLog, summaryOf } from '../../src/history/git.ts';
import { buildInfo } from '../../src/publish/context.ts';
import { fixtureCopy } from '../support/data.ts';
import { gitEnv, testRepo, type TestRepo } from '../support/git.ts';

const AS_OF = '2026-11-24';
const DROP_IN = 'data/services/chapeltown-carers/carers-drop-in.yaml';
const PHONE_LINE = 'data/services/chapeltown-carers/carers-phone-line.yaml';
const FOOD_OLD = 'data/services/harehills-food-share/food-share.yaml';
const FOOD_NEW = 'data/services/harehills-food-share/community-food-share.yaml';
const GUIDE = 'data/resources/chapeltown-carers/carers-guide.yaml';
const ORG = 'data/organisations/chapeltown-carers.yaml';

function datasetOf(dir: string): Dataset {
  const result = validateDataSync({ dataDir: join(dir, 'data'), root: dir, asOf: AS_OF });
  if (!result.dataset || result.errors) throw new Error(JSON.stringify(result.diagnostics.filter((d) => d.severity === 'error')));
  return result.dataset;
}

/**
 * C1 add everything; C2 change the drop-in (BST offset); C3 rename the food share; C4 remove the guide; a pull
 * request branch changing the phone line merged with --no-ff (C5); C6 a change outside data/.
 */
function history(): { repo: TestRepo; shas: Record<string, string> } {
  const repo = testRepo({ date: '2026-01-05T09:00:00+00:00', message: 'Add the listings' });
  const shas: Record<string, string> = { c1: repo.git(['rev-parse', 'HEAD']).trim() };
  repo.write({ [DROP_IN]: readFileSync(join(repo.dir, DROP_IN), 'utf8').replace('opens: "10:00"', 'opens: "10:30"') });
  shas.c2 = repo.commit('Update carers drop-in times', '2026-06-15T10:00:00+01:00');
  repo.git(['mv', FOOD_OLD, FOOD_NEW]);
  shas.c3 = repo.commit('Rename the food share file', '2026-07-01T12:00:00+01:00');
  repo.write({ [GUIDE]: null });
  shas.c4 = repo.commit('Remove the carers guide', '2026-08-01T08:00:00+01:00');
  repo.git(['checkout', '-q', '-b', 'phone-hours']);
  repo.write({ [PHONE_LINE]: readFileSync(join(repo.dir, PHONE_LINE), 'utf8').replace('closes: "16:00"', 'closes: "17:00"') });
  shas.wip = repo.commit('WIP phone line', '2026-08-20T16:00:00+01:00');
  repo.git(['checkout', '-q', 'main']);
  repo.git(['merge', '-q', '--no-ff', '-m', 'Merge pull request #12 from loop-leeds/phone-hours\n\nChange the phone line hours', 'phone-hours'], '2026-09-01T09:30:00+01:00');
  shas.c5 = repo.git(['rev-parse', 'HEAD']).trim();
  repo.write({ 'README.md': 'Code, not data.\n' });
  shas.c6 = repo.commit('Document the repository', '2026-10-01T10:00:00+01:00');
  return { repo, shas };
}

describe('git history of the data', () => {
  let repo: TestRepo;
  let shas: Record<string, string>;
  let dataset: Dataset;
  let h: History;
  beforeAll(async () => {
    ({ repo, shas } = history());
    dataset = datasetOf(repo.dir);
    h = await loadHistory(dataset, { dataDir: join(repo.dir, 'data'), root: repo.dir });
  });

  test('last_modified is the last commit touching the file, with its UTC offset', () => {
    expect(h.status).toEqual({ available: true, shallow: false, uncommitted: [] });
    expect(h.lastModified(DROP_IN)).toBe('2026-06-15T10:00:00+01:00');
    expect(h.lastModified(ORG)).toBe('2026-01-05T09:00:00+00:00');
    expect(h.lastModified(PHONE_LINE)).toBe('2026-09-01T09:30:00+01:00');
    expect(h.lastModified('data/services/nope/never.yaml')).toBeUndefined();
    expect(h.lastModifiedOf([ORG, DROP_IN])).toBe('2026-06-15T10:00:00+01:00');
  });

  test('per-record history: newest first, with date, summary and commit; renames followed', () => {
    expect(h.historyOf(DROP_IN)).toEqual([
      { date: '2026-06-15T10:00:00+01:00', summary: 'Update carers drop-in times', commit: shas.c2, change: 'changed' },
      { date: '2026-01-05T09:00:00+00:00', summary: 'Add the listings', commit: shas.c1, change: 'added' },
    ]);
    expect(h.historyOf(FOOD_NEW).map((e) => [e.change, e.commit])).toEqual([
      ['renamed', shas.c3],
      ['added', shas.c1],
    ]);
    expect(h.historyOf(FOOD_OLD)).toEqual([]);
  });

  test('what each change did to a listing, field by field: from the files, not the commit messages', () => {
    expect(h.fieldChangesOf(DROP_IN, shas.c2!)).toEqual([{ field: 'schedules', change: 'changed' }]);
    // The commit that added it: every field is new, which is not worked out one by one (its page says "Listing added").
    expect(h.fieldChangesOf(DROP_IN, shas.c1!)).toBeUndefined();
    // A merged pull request compares with the main line before the merge; a rename alone changes no field.
    expect(h.fieldChangesOf(PHONE_LINE, shas.c5!)).toEqual([{ field: 'schedules', change: 'changed' }]);
    expect(h.fieldChangesOf(FOOD_NEW, shas.c3!)).toEqual([]);
    // Only listings: organisation pages show no history.
    expect(h.fieldChangesOf(ORG, shas.c1!)).toBeUndefined();
  });

  test('the log names the blob of each change, before and after, so old contents are read by id (issue #19)', async () => {
    // Reading `<commit>:<path>` walks the commit's folders, linearly: at region scale that was minutes per build.
    const { repo: info } = await openRepo(repo.dir);
    const log = await readLog(info!, ['data']);
    const blob = (rev: string, path: string) => repo.git(['rev-parse', `${rev}:${path}`]).trim();
    const change = (sha: string, path: string) => log.find((c) => c.sha === sha)!.changes.find((c) => c.path === path);
    expect(change(shas.c1!, DROP_IN)).toEqual({ status: 'A', path: DROP_IN, blob: blob(shas.c1!, DROP_IN), before: NO_BLOB });
    expect(change(shas.c2!, DROP_IN)).toEqual({ status: 'M', path: DROP_IN, blob: blob(shas.c2!, DROP_IN), before: blob(shas.c1!, DROP_IN) });
    expect(change(shas.c3!, FOOD_NEW)).toEqual({ status: 'R', from: FOOD_OLD, path: FOOD_NEW, blob: blob(shas.c3!, FOOD_NEW), before: blob(shas.c2!, FOOD_OLD) });
    expect(change(shas.c4!, GUIDE)).toEqual({ status: 'D', path: GUIDE, blob: NO_BLOB, before: blob(shas.c3!, GUIDE) });
    // The merge, against the main line before it.
    expect(change(shas.c5!, PHONE_LINE)).toEqual({ status: 'M', path: PHONE_LINE, blob: blob(shas.c5!, PHONE_LINE), before: blob(shas.c4!, PHONE_LINE) });
    // The removed guide is still named in its change set, from its last contents.
    expect(h.changeSets.find((set) => set.commit === shas.c4)!.removed.map((r) => [r.file, r.name, r.current])).toEqual([[GUIDE, expect.any(String), false]]);
    expect(h.changeSets.find((set) => set.commit === shas.c4)!.removed[0]!.name).not.toBe('');
  });

  test('a data folder outside the working folder: records are named by absolute path, and their history is found', async () => {
    // LOOP_DATA=/somewhere/else: the loader names such files absolutely, and history must name them the same way.
    const elsewhere = mkdtempSync(join(tmpdir(), 'loop-elsewhere-'));
    try {
      const result = validateDataSync({ dataDir: join(repo.dir, 'data'), root: elsewhere, asOf: AS_OF });
      const drop = result.dataset!.listings.find((l) => l.file.endsWith(DROP_IN))!;
      expect(drop.file).toBe(join(repo.dir, DROP_IN).split(sep).join('/'));
      const there = await loadHistory(result.dataset!, { dataDir: join(repo.dir, 'data'), root: elsewhere });
      expect(there.historyOf(drop.file)).toEqual(h.historyOf(DROP_IN));
      expect(there.lastModified(drop.file)).toBe('2026-06-15T10:00:00+01:00');
      expect(there.fieldChangesOf(drop.file, shas.c2!)).toEqual([{ field: 'schedules', change: 'changed' }]);
      // Records that still exist are named from the Dataset, not read again from git.
      expect(there.changeSets.find((set) => set.commit === shas.c2)!.changed).toEqual([expect.objectContaining({ file: drop.file, current: true })]);
    } finally {
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });

  test('a merged pull request is one change on the main line, described by its title', () => {
    const phone = h.historyOf(PHONE_LINE);
    expect(phone.map((e) => e.commit)).toEqual([shas.c5, shas.c1]);
    expect(phone[0]!.summary).toBe('Change the phone line hours');
    expect(phone.map((e) => e.commit)).not.toContain(shas.wip);
  });

  test('change sets per dataset version: added, changed (incl. renames) and removed, newest first', () => {
    expect(h.changeSets.map((s) => s.commit)).toEqual([shas.c5, shas.c4, shas.c3, shas.c2, shas.c1]);
    const [merge, removal, rename, change, initial] = h.changeSets;
    expect(merge!.version).toBe(`2026-09-01-${shas.c5!.slice(0, 7)}`);
    expect(merge!.changed.map((r) => [r.kind, r.slug, r.name, r.current])).toEqual([['service', 'chapeltown-carers/carers-phone-line', 'Carers Phone Line', true]]);
    expect(removal!.removed).toEqual([
      { kind: 'resource', id: '8e9f0a1b-2c3d-4e5f-8a6b-7c8d9e0f1a2b', name: 'A Guide for New Carers', slug: 'chapeltown-carers/carers-guide', file: GUIDE, current: false },
    ]);
    expect(rename!.changed.map((r) => [r.file, r.id, r.current])).toEqual([[FOOD_NEW, '4c5d6e7f-8a9b-4c0d-9e1f-2a3b4c5d6e7f', true]]);
    expect(change!.changed.map((r) => r.id)).toEqual(['6f1c3b9e-2d4a-4c8e-9b7a-1e2f3a4b5c6d']);
    expect(initial!.added.length).toBe(13); // 2 organisations, 3 services, 1 resource, 2 locations, 5 taxonomies
    // The guide was added in C1 and later removed: reported with its id and name from the file as it was.
    expect(initial!.added.find((r) => r.file === GUIDE)).toMatchObject({ id: '8e9f0a1b-2c3d-4e5f-8a6b-7c8d9e0f1a2b', current: false });
    // synonyms.yaml is not a record.
    expect(initial!.added.some((r) => r.file.endsWith('synonyms.yaml'))).toBe(false);
  });

  test('the dataset version names the last data commit; generated_at is HEAD\'s date, not the clock', () => {
    expect(h.dataHead!.sha).toBe(shas.c5);
    expect(h.head!.sha).toBe(shas.c6);
    const info = buildInfo(dataset, h, { SOURCE_DATE_EPOCH: '1893456000' });
    expect(info).toEqual({ datasetVersion: `2026-09-01-${shas.c5!.slice(0, 7)}`, generatedAt: '2026-10-01T09:00:00Z', commit: shas.c6, dataCommit: shas.c5, asOf: AS_OF });
  });

  test('uncommitted changes to data/ are reported and mark the version as modified', async () => {
    repo.write({ [ORG]: `${readFileSync(join(repo.dir, ORG), 'utf8')}legal_status: Registered charity\n` });
    try {
      const dirty = await loadHistory(datasetOf(repo.dir), { dataDir: join(repo.dir, 'data'), root: repo.dir });
      expect(dirty.status.uncommitted).toEqual([ORG]);
      expect(buildInfo(dataset, dirty).datasetVersion).toMatch(/-modified$/);
      expect(dirty.describe()).toContain('uncommitted');
    } finally {
      repo.git(['checkout', '--', ORG]);
    }
  });

  test('release tags: data-<version> reachable from HEAD, others ignored or reported', async () => {
    repo.git(['tag', 'data-2026.06.1', shas.c2!]);
    repo.git(['tag', '-a', '-m', 'September release', 'data-2026.09.1', shas.c5!], '2026-09-02T10:00:00+01:00');
    repo.git(['tag', 'data-latest', shas.c4!]);
    repo.git(['tag', 'v1.0.0', shas.c6!]);
    repo.git(['tag', 'data-2026.08.9', shas.wip!]);
    repo.git(['checkout', '-q', '-b', 'unmerged', shas.c1!]);
    repo.write({ 'data/LICENCE.md': 'x\n' });
    repo.git(['add', '-A']);
    repo.git(['commit', '-q', '-m', 'unmerged'], '2026-11-01T10:00:00+00:00');
    repo.git(['tag', 'data-2026.11.1']);
    repo.git(['checkout', '-q', 'main']);
    const tagged = await loadHistory(dataset, { dataDir: join(repo.dir, 'data'), root: repo.dir });
    // data-2026.08.9 is on the merged branch, so reachable from HEAD (it is in HEAD's history).
    expect(tagged.releases.map((r) => [r.version, r.commit.sha])).toEqual([
      ['2026.06.1', shas.c2],
      ['2026.08.9', shas.wip],
      ['2026.09.1', shas.c5],
    ]);
    expect(tagged.ignoredTags).toEqual(['data-latest']);
  });
});

describe('when git cannot tell', () => {
  test('no repository: history is unavailable, says why, and every date is unknown', async () => {
    const dir = fixtureCopy();
    const dataset = datasetOf(dir);
    const h = await loadHistory(dataset, { dataDir: join(dir, 'data'), root: dir });
    expect(h.status.available).toBe(false);
    expect(h.status.reason).toMatch(/not in a git repository/);
    expect(h.lastModified(DROP_IN)).toBeUndefined();
    expect(h.changeSets).toEqual([]);
    expect(h.describe()).toMatch(/no git history/);
    const info = buildInfo(dataset, h, { SOURCE_DATE_EPOCH: '1790000000' });
    expect(info).toEqual({ datasetVersion: `unversioned-${AS_OF}`, generatedAt: '2026-09-21T14:13:20Z', asOf: AS_OF });
  });

  test('a shallow clone: files last touched at the boundary get no date, and the boundary is not a change', async () => {
    const { repo, shas } = history();
    const clone = join(repo.dir, '..', `${repo.dir.split('/').pop()}-shallow`);
    execFileSync('git', ['clone', '-q', '--depth', '3', `file://${repo.dir}`, clone], { env: gitEnv() });
    try {
      const dataset = datasetOf(clone);
      const h = await loadHistory(dataset, { dataDir: join(clone, 'data'), root: clone });
      expect(h.status.shallow).toBe(true);
      expect(h.lastModified(PHONE_LINE)).toBe('2026-09-01T09:30:00+01:00');
      expect(h.lastModified(DROP_IN)).toBeUndefined();
      expect(h.isTruncated(DROP_IN)).toBe(true);
      expect(h.changeSets.map((s) => s.commit)).toEqual([shas.c5]);
      expect(h.describe()).toMatch(/SHALLOW CLONE/);
    } finally {
      execFileSync('rm', ['-rf', clone]);
    }
  });

  test('a repository without commits', async () => {
    const dir = fixtureCopy();
    execFileSync('git', ['init', '-q'], { cwd: dir, env: gitEnv() });
    const h = await loadHistory(datasetOf(dir), { dataDir: join(dir, 'data'), root: dir });
    expect(h.status).toMatchObject({ available: false, reason: 'the repository has no commits yet' });
  });
});

describe('helpers', () => {
  test('versions sort by UTC date, then name the commit', () => {
    expect(versionOf({ date: '2026-06-15T00:30:00+01:00', short: 'abc1234' })).toBe('2026-06-14-abc1234');
  });
  test('later dates compare instants, not strings', () => {
    expect(laterDate('2026-06-15T10:00:00+01:00', '2026-06-15T09:30:00+00:00')).toBe('2026-06-15T09:30:00+00:00');
    expect(laterDate(undefined, '2026-01-01T00:00:00Z')).toBe('2026-01-01T00:00:00Z');
  });
  test('merge summaries use the pull request title', () => {
    expect(summaryOf('Merge pull request #3 from a/b', '\nAdd a food bank\n\nMore words')).toBe('Add a food bank');
    expect(summaryOf('Merge branch \'x\'', '')).toBe('Merge branch \'x\'');
    expect(summaryOf('  Fix a typo  ', 'body')).toBe('Fix a typo');
  });
});

describe('historyFor', () => {
  test('reads git once per Dataset and shares the result', async () => {
    const { historyFor } = await import('../../src/history/index.ts');
    const repo = testRepo({ date: '2026-11-20T09:00:00+00:00' });
    const dataset = datasetOf(repo.dir);
    const first = historyFor(dataset, { dataDir: join(repo.dir, 'data'), root: repo.dir });
    expect(historyFor(dataset)).toBe(first);
    expect((await first).lastModified(DROP_IN)).toBe('2026-11-20T09:00:00+00:00');
  });
});
