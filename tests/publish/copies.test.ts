/**
 * The ORUK API's copies for hosts without rewrites (`<id>/index.html`, `services.html`...) hold the same bytes as
 * their JSON file. A publish makes each a hard link to that file instead of writing the bytes again (issue #19: a
 * quarter of a region's 728,385 open-data files): the copies still read exactly as their JSON file, the manifest
 * lists both with the same hash, and a file is only ever linked to one with the very same content.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { History } from '../../src/history/history.ts';
import { publish, type PublishResult } from '../../src/publish/publish.ts';
import { exampleDataset, filesUnder, TEST_BUILD } from '../support/publish.ts';

const files = (out: string) => [...filesUnder(out)].filter(([, v]) => v !== 'folder').map(([path]) => path);
import { repoRoot } from '../support/shared.ts';

let dir: string;
let result: PublishResult;
let withoutCopies: PublishResult;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'loop-copies-'));
  const dataset = exampleDataset();
  const options = { root: repoRoot, history: History.unavailable('test'), build: TEST_BUILD };
  result = await publish(dataset, join(dir, 'with'), options);
  withoutCopies = await publish(dataset, join(dir, 'without'), { ...options, orukHtmlCopies: false });
}, 300_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

describe('the ORUK API copies for hosts without rewrites', () => {
  test("every item's index.html is its JSON file, linked: one inode, the same bytes, the same manifest entry", () => {
    const out = join(dir, 'with');
    const copies = files(out).filter((path) => /^oruk\/v3\/[a-z_]+\/[0-9a-f-]{36}\/index\.html$/.test(path));
    // Services, service_at_locations, organizations, taxonomies and terms of the example data.
    expect(copies.length).toBeGreaterThan(300);
    for (const copy of copies) {
      const original = copy.replace(/\/index\.html$/, '.json');
      const [a, b] = [statSync(join(out, original)), statSync(join(out, copy))];
      expect(b.ino, copy).toBe(a.ino);
      expect(a.nlink, original).toBe(2);
      expect(readFileSync(join(out, copy)).equals(readFileSync(join(out, original)))).toBe(true);
      expect(result.files.get(copy), copy).toEqual(result.files.get(original));
      expect(result.files.get(copy)!.sha256).toBe(sha256(join(out, copy)));
    }
  });

  test('only files with the very same bytes share an inode', () => {
    const out = join(dir, 'with');
    const byInode = new Map<number, string[]>();
    for (const path of files(out)) {
      const { ino } = statSync(join(out, path));
      byInode.set(ino, [...(byInode.get(ino) ?? []), path]);
    }
    const shared = [...byInode.values()].filter((paths) => paths.length > 1);
    expect(shared.length).toBeGreaterThan(300);
    for (const paths of shared) expect(new Set(paths.map((p) => sha256(join(out, p)))).size, paths.join(', ')).toBe(1);
    // Every file is listed in the manifest's record of the publish, with its own hash.
    for (const path of files(out)) if (result.files.has(path)) expect(result.files.get(path)!.sha256, path).toBe(sha256(join(out, path)));
  });

  test("without the copies, only a list's first page is linked (GET /services is page 1), and the JSON files are the same bytes", () => {
    const out = join(dir, 'without');
    const paths = files(out);
    expect(paths.filter((p) => p.startsWith('oruk/') && p.endsWith('.html'))).toEqual([]);
    for (const path of paths) {
      const list = /^oruk\/v3\/([a-z_]+)(\.json|\/page\/1\.json)$/.exec(path);
      // Linked when small enough to be written at once (large pages are written on the thread pool, not linked).
      const first = `oruk/v3/${list?.[1]}.json`;
      if (list) expect(statSync(join(out, path)).nlink === 1 || statSync(join(out, path)).ino === statSync(join(out, first)).ino, path).toBe(true);
      else expect(statSync(join(out, path)).nlink, path).toBe(1);
    }
    for (const path of paths.filter((p) => p.startsWith('oruk/v3/services/'))) expect(withoutCopies.files.get(path), path).toEqual(result.files.get(path));
  });
});
