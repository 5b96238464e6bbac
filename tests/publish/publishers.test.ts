/**
 * The list of publishers is the list of outputs: every file publish() writes lies in what some publisher owns (so
 * a rebuild clears it first and nothing stale survives), and no two publishers own the same place.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { History } from '../../src/history/history.ts';
import { fileOf } from '../../src/publish/context.ts';
import { publish } from '../../src/publish/publish.ts';
import { PUBLISHERS } from '../../src/publish/publishers.ts';
import { FIXTURE } from '../support/data.ts';
import { fixtureDataset, TEST_BUILD } from '../support/publish.ts';

const out = mkdtempSync(join(tmpdir(), 'loop-publishers-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

test('publishers have distinct names and own distinct places', () => {
  const names = PUBLISHERS.map((p) => p.name);
  expect(new Set(names).size).toBe(names.length);
  const owned = PUBLISHERS.flatMap((p) => p.owns);
  expect(new Set(owned).size).toBe(owned.length);
});

test('every file written lies in a place some publisher owns, and a stale file there is cleared', async () => {
  mkdirSync(join(out, 'feeds', 'v1'), { recursive: true });
  writeFileSync(join(out, 'feeds', 'v1', 'stale.json'), '{}');
  const result = await publish(fixtureDataset(), out, { history: History.unavailable('test'), build: TEST_BUILD, dataDir: join(FIXTURE, 'data'), lockPath: join(out, 'no-lock.json') });
  const owned = PUBLISHERS.flatMap((p) => p.owns).map(fileOf);
  const stray = [...result.files.keys()].filter((path) => !owned.some((o) => path === o || path.startsWith(`${o}/`)));
  expect(stray).toEqual([]);
  expect(existsSync(join(out, 'feeds', 'v1', 'stale.json'))).toBe(false);
  expect(Object.keys(result.phases)).toEqual(expect.arrayContaining(PUBLISHERS.map((p) => p.name)));
});
