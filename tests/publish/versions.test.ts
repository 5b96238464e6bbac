/**
 * Releases: a `data-<version>` tag publishes an immutable snapshot under /downloads/archive/<version>/, listed in
 * versions.json and locked by SHA-256 in published-versions.json; a build that would change, drop or fail to
 * rebuild a locked snapshot fails. Each test works on its own throwaway git repository.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { validateDataSync } from '../../src/checks/load.ts';
import { loadHistory } from '../../src/history/history.ts';
import { publish, type PublishOptions } from '../../src/publish/publish.ts';
import { buildSnapshot, compareSnapshot, lockText, readLock, SnapshotError, versionFiles } from '../../src/publish/versions.ts';
import { makeContext } from '../../src/publish/context.ts';
import { TEST_BUILD } from '../support/publish.ts';
import { AS_OF, fixtureCopy, readFixture } from '../support/data.ts';
import { testRepo, type TestRepo } from '../support/git.ts';

const DROP_IN = 'data/services/chapeltown-carers/carers-drop-in.yaml';

async function build(repo: TestRepo, options: PublishOptions = {}) {
  const result = validateDataSync({ dataDir: join(repo.dir, 'data'), root: repo.dir, asOf: AS_OF });
  if (!result.dataset) throw new Error('invalid test data');
  const out = mkdtempSync(join(tmpdir(), 'loop-versions-out-'));
  const messages: string[] = [];
  const published = await publish(result.dataset, out, { root: repo.dir, dataDir: join(repo.dir, 'data'), log: (m) => messages.push(m), ...options });
  return { out, messages, published, read: (path: string) => readFileSync(join(out, path)) };
}

function released(): TestRepo {
  const repo = testRepo({ date: '2026-11-20T09:00:00+00:00' });
  repo.git(['tag', 'data-2026.11.1']);
  return repo;
}

describe('release snapshots', () => {
  test('a release tag publishes a snapshot and lists it in versions.json; --update-lock records it', async () => {
    const repo = released();
    const first = await build(repo);
    expect(first.published.newReleases).toEqual(['2026.11.1']);
    expect(first.messages.join('\n')).toMatch(/new release\(s\) 2026\.11\.1 published for the first time; run `npx loop publish --update-lock`/);
    expect(existsSync(join(repo.dir, 'published-versions.json'))).toBe(false);
    for (const file of ['loop-data.zip', 'services.ndjson', 'listings.csv', 'hsds/services.csv', 'hsds/datapackage.json', 'locations.geojson']) {
      expect(existsSync(join(first.out, 'downloads/archive/2026.11.1', file)), file).toBe(true);
    }
    const versions = JSON.parse(first.read('downloads/versions.json').toString()) as { items: { version: string; tag: string; date: string; files: { path: string; sha256: string; size: number }[] }[]; current: { version: string } };
    expect(versions.items.map((i) => [i.version, i.tag, i.date])).toEqual([['2026.11.1', 'data-2026.11.1', '2026-11-20T09:00:00Z']]);
    const { createHash } = await import('node:crypto');
    for (const f of versions.items[0]!.files) {
      const bytes = first.read(f.path.slice(1));
      expect(f.size).toBe(bytes.byteLength);
      expect(f.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    }
    // The snapshot is the release's own version, not the build's.
    const datapackage = JSON.parse(first.read('downloads/archive/2026.11.1/hsds/datapackage.json').toString()) as { version: string; created: string };
    expect(datapackage).toMatchObject({ version: '2026.11.1', created: '2026-11-20T09:00:00Z' });

    const locked = await build(repo, { updateLock: true });
    expect(locked.published.lockWritten).toBe(join(repo.dir, 'published-versions.json'));
    const lock = readLock(join(repo.dir, 'published-versions.json'));
    expect(Object.keys(lock.versions)).toEqual(['2026.11.1']);
    expect(lock.versions['2026.11.1']!.files['loop-data.zip']!.size).toBe(first.read('downloads/archive/2026.11.1/loop-data.zip').byteLength);
    expect(readFileSync(join(repo.dir, 'published-versions.json'), 'utf8')).toBe(lockText(lock));
  });

  test('later builds rebuild the snapshot from the tag byte for byte, whatever the current data says', async () => {
    const repo = released();
    const first = await build(repo, { updateLock: true });
    repo.commit('Lock release 2026.11.1', '2026-11-20T10:00:00+00:00');
    repo.write({ [DROP_IN]: readFixture('services/chapeltown-carers/carers-drop-in.yaml').replace("name: Carers' Drop-in", 'name: Carers Cafe') });
    repo.commit('Rename the drop-in', '2026-11-21T09:00:00+00:00');
    const later = await build(repo);
    expect(later.published.newReleases).toEqual([]);
    for (const [path, facts] of first.published.files) {
      if (!path.startsWith('downloads/archive/')) continue;
      expect(later.published.files.get(path), path).toEqual(facts);
    }
    expect(later.read('downloads/archive/2026.11.1/services.ndjson').toString()).toContain("Carers' Drop-in");
    expect(later.read('downloads/services.ndjson').toString()).toContain('Carers Cafe');
  });

  test('a build that would change a published snapshot fails, naming the file', async () => {
    const repo = released();
    await build(repo, { updateLock: true });
    const lockPath = join(repo.dir, 'published-versions.json');
    const lock = readLock(lockPath);
    lock.versions['2026.11.1']!.files['hsds/services.csv']!.sha256 = '0'.repeat(64);
    writeFileSync(lockPath, lockText(lock));
    await expect(build(repo)).rejects.toThrow(/published snapshot 2026\.11\.1 \(data-2026\.11\.1\) would change[\s\S]*hsds\/services\.csv would change/);
    await expect(build(repo)).rejects.toBeInstanceOf(SnapshotError);
  });

  test('moving a release tag fails the build', async () => {
    const repo = released();
    await build(repo, { updateLock: true });
    repo.write({ [DROP_IN]: readFixture('services/chapeltown-carers/carers-drop-in.yaml').replace('minimum_age: 18', 'minimum_age: 16') });
    repo.commit('Lower the age', '2026-11-21T09:00:00+00:00');
    repo.git(['tag', '-f', 'data-2026.11.1']);
    await expect(build(repo)).rejects.toThrow(/a release tag must never move/);
  });

  test('a locked release whose tag is missing, or a build without git, cannot drop it', async () => {
    const repo = released();
    await build(repo, { updateLock: true });
    repo.git(['tag', '-d', 'data-2026.11.1']);
    await expect(build(repo)).rejects.toThrow(/2026\.11\.1 are in .*published-versions\.json but their tags \(data-2026\.11\.1\) are not in this clone/);

    const dir = fixtureCopy({});
    writeFileSync(join(dir, 'published-versions.json'), readFileSync(join(repo.dir, 'published-versions.json')));
    const dataset = validateDataSync({ dataDir: join(dir, 'data'), root: dir, asOf: AS_OF }).dataset!;
    const out = mkdtempSync(join(tmpdir(), 'loop-versions-nogit-'));
    await expect(publish(dataset, out, { root: dir, dataDir: join(dir, 'data') })).rejects.toThrow(/without git history .* cannot be rebuilt/);
  });

  test('a release whose data can no longer be loaded fails clearly instead of publishing something else', async () => {
    const repo = testRepo({ date: '2026-11-20T09:00:00+00:00' });
    repo.write({ [DROP_IN]: readFixture('services/chapeltown-carers/carers-drop-in.yaml').replace('minimum_age: 18', 'minimum_age: "eighteen"') });
    repo.commit('A mistake', '2026-11-20T10:00:00+00:00');
    repo.git(['tag', 'data-2026.11.2']);
    repo.write({ [DROP_IN]: readFixture('services/chapeltown-carers/carers-drop-in.yaml') });
    repo.commit('Fix the mistake', '2026-11-20T11:00:00+00:00');
    await expect(build(repo)).rejects.toThrow(/release data-2026\.11\.2 cannot be rebuilt: its data has 1 error\(s\)[\s\S]*carers-drop-in\.yaml:\d+:\d+/);
  });

  test('the lock file must be well-formed', () => {
    const dir = mkdtempSync(join(tmpdir(), 'loop-lock-'));
    writeFileSync(join(dir, 'a.json'), '{not json');
    expect(() => readLock(join(dir, 'a.json'))).toThrow(/not valid JSON/);
    writeFileSync(join(dir, 'b.json'), '{"versions": {"1": {"tag": "data-1"}}}');
    expect(() => readLock(join(dir, 'b.json'))).toThrow(/needs tag, commit and files/);
    expect(readLock(join(dir, 'missing.json'))).toEqual({ versions: {} });
  });

  test('comparing snapshots reports added, removed and changed files', () => {
    const base = { tag: 'data-1', commit: 'a'.repeat(40), files: { 'a.csv': { sha256: '1', size: 1 }, 'b.csv': { sha256: '2', size: 2 } } };
    expect(compareSnapshot(base, base)).toEqual([]);
    expect(compareSnapshot(base, { ...base, files: { 'a.csv': { sha256: '9', size: 1 }, 'c.csv': { sha256: '3', size: 3 } } })).toEqual([
      'a.csv would change (1 bytes, sha256 1… -> 1 bytes, 9…)',
      'b.csv would disappear',
      'c.csv would be added',
    ]);
  });

  test('the history of a release is the history up to its tag', async () => {
    const repo = released();
    repo.write({ [DROP_IN]: readFixture('services/chapeltown-carers/carers-drop-in.yaml').replace('minimum_age: 18', 'minimum_age: 16') });
    repo.commit('Lower the age', '2026-11-22T09:00:00+00:00');
    const result = validateDataSync({ dataDir: join(repo.dir, 'data'), root: repo.dir, asOf: AS_OF });
    const history = await loadHistory(result.dataset!, { dataDir: join(repo.dir, 'data'), root: repo.dir });
    expect(history.releases.map((r) => r.version)).toEqual(['2026.11.1']);
    const { out, read } = await build(repo);
    const line = read('downloads/archive/2026.11.1/services.ndjson').toString().split('\n').find((l) => l.includes('6f1c3b9e-2d4a-4c8e-9b7a-1e2f3a4b5c6d'))!;
    expect(JSON.parse(line)).toMatchObject({ minimum_age: 18, last_modified: '2026-11-20T09:00:00Z' });
    expect(out).toBeTruthy();
  });
});

describe('release snapshots at scale', () => {
  test('with a writer, each release is written as soon as it is made, so only one is held at a time (#19)', async () => {
    const repo = released();
    repo.write({ [DROP_IN]: readFixture('services/chapeltown-carers/carers-drop-in.yaml').replace("name: Carers' Drop-in", 'name: Carers Cafe') });
    repo.commit('Rename the drop-in', '2026-11-22T09:00:00+00:00');
    repo.git(['tag', 'data-2026.11.2']);
    const result = validateDataSync({ dataDir: join(repo.dir, 'data'), root: repo.dir, asOf: AS_OF });
    const history = await loadHistory(result.dataset!, { dataDir: join(repo.dir, 'data'), root: repo.dir });
    const ctx = makeContext(result.dataset!, { history, build: TEST_BUILD });
    const events: string[] = [];
    const versions = await versionFiles(ctx, {
      lockPath: join(repo.dir, 'published-versions.json'),
      configPath: join(repo.dir, 'loop.config.yaml'),
      snapshot: async (c, release, source) => {
        events.push(`made ${release.version}`);
        return buildSnapshot(c, release, source);
      },
      write: async (files) => {
        const versions = new Set([...files.keys()].map((p) => /archive\/([^/]+)\//.exec(p)![1]));
        events.push(`wrote ${[...versions].join(',')}`);
      },
    });
    expect(events).toEqual(['made 2026.11.1', 'wrote 2026.11.1', 'made 2026.11.2', 'wrote 2026.11.2']);
    expect([...versions.files.keys()]).toEqual(['downloads/versions.json']);
  });
});
