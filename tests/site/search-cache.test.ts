/**
 * Issue #19: a rebuild reuses the search index's unchanged parts. Each part Pagefind writes is kept in a cache
 * folder by a hash of its documents (src/integrations/search-cache.ts); a later build copies a part whose documents
 * are the same instead of indexing it. Here the example data is indexed in parts of a few listings, as a region's
 * is in parts of SEARCH_PART_SIZE: a second build reuses every part, a build after one listing's summary is edited
 * indexes exactly the part that listing is in, and a damaged cache is ignored. Every bundle is compared byte for byte
 * with a from-scratch index of the same data (Pagefind writes the same files for the same documents).
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadDataset } from '../../src/checks/load.ts';
import { buildSearchIndex, type BuiltIndex } from '../../src/integrations/search.ts';
import { setBuildDataset } from '../../src/site/dataset.ts';
import { repoRoot } from '../support/shared.ts';

const PART_SIZE = 20;

function tree(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const e of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (e.isFile()) files.set(relative(dir, join(e.parentPath, e.name)), readFileSync(join(e.parentPath, e.name)).toString('base64'));
  }
  return files;
}

/** The cache's entries (one folder per part kept). */
function entries(cache: string): string[] {
  return existsSync(cache) ? readdirSync(cache).filter((n) => /^[0-9a-f]{64}$/.test(n)) : [];
}

describe('the search index reuses unchanged parts', () => {
  let work: string;
  let data: string;
  let cache: string;
  let first: BuiltIndex;
  /** The entries the first build kept: the parts of the data as it is outside the edit test. */
  let firstEntries: string[];
  let run = 0;

  async function index(cacheDir: string | undefined): Promise<{ built: BuiltIndex; files: Map<string, string> }> {
    const loaded = await loadDataset({ dataDir: data });
    if (!loaded.ok) throw new Error('the data does not load');
    setBuildDataset(loaded.dataset);
    const bundle = join(work, `bundle-${run++}`);
    const built = await buildSearchIndex(bundle, { partSize: PART_SIZE, ...(cacheDir ? { cacheDir } : {}) });
    return { built, files: tree(bundle) };
  }

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'loop-search-cache-'));
    data = join(work, 'data');
    cpSync(join(repoRoot, 'data'), data, { recursive: true });
    cache = join(work, 'cache');
    first = (await index(cache)).built;
    firstEntries = entries(cache);
  }, 300_000);
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  test('the first build indexes every part and keeps each', () => {
    expect(first.parts).toBeGreaterThan(2);
    expect(first.reused).toBe(0);
    expect(entries(cache)).toHaveLength(first.parts);
  });

  test('a second build of the same data copies every part, and the bundle is byte-identical', async () => {
    const again = await index(cache);
    expect(again.built.reused).toBe(first.parts);
    const scratch = await index(undefined);
    expect(scratch.built.reused).toBe(0);
    expect(again.files).toEqual(scratch.files);
  }, 300_000);

  test('after one listing is edited (its name kept), exactly one part is indexed again', async () => {
    // A summary edited: the listing keeps its name, so its place in name order, so every other part's documents.
    const org = readdirSync(join(data, 'services')).sort()[0]!;
    const file = join(data, 'services', org, readdirSync(join(data, 'services', org)).sort()[0]!);
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, text.replace(/^summary: >-\n/m, 'summary: >-\n  Edited for the search cache test.\n'));
    try {
      const edited = await index(cache);
      expect(edited.built.parts).toBe(first.parts);
      expect(edited.built.reused).toBe(first.parts - 1);
      const scratch = await index(undefined);
      expect(edited.files).toEqual(scratch.files);
      expect(entries(cache)).toHaveLength(first.parts + 1);
    } finally {
      writeFileSync(file, text);
    }
  }, 300_000);

  test('a damaged or half-written entry is ignored and replaced', async () => {
    // One entry's file truncated, another's manifest gone (as a build killed while writing it leaves it).
    const [truncated, unfinished] = firstEntries;
    const filesOf = (entry: string) => readdirSync(join(cache, entry, 'files'), { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
    const victim = filesOf(truncated!).find((e) => e.name.endsWith('.pf_fragment')) ?? filesOf(truncated!)[0]!;
    writeFileSync(join(victim.parentPath, victim.name), readFileSync(join(victim.parentPath, victim.name)).subarray(0, 10));
    rmSync(join(cache, unfinished!, 'manifest.json'));
    const rebuilt = await index(cache);
    expect(rebuilt.built.reused).toBe(first.parts - 2);
    const scratch = await index(undefined);
    expect(rebuilt.files).toEqual(scratch.files);
    // Both are whole again: the next build copies every part.
    expect((await index(cache)).built.reused).toBe(first.parts);
  }, 300_000);
});
