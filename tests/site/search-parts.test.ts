/**
 * Issue #19: a region's search index is made in parts (Pagefind needs too much memory to write one index of
 * 100,000 listings: src/integrations/pagefind-bundle.ts) and the search page merges them. Here the example data is
 * indexed in parts of a few listings, the way a region's is in parts of SEARCH_PART_SIZE: no Pagefind index holds
 * more than a part, every listing is still found, and "Name (A to Z)" runs across the parts in order.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { readJudged, relevanceIndex, type RelevanceIndex } from '../support/relevance.ts';
import { searchPartCount, searchPartPath } from '../../src/site/search/files.ts';

const PART_SIZE = 20;

describe('a search index made in parts', () => {
  let index: RelevanceIndex;
  let listings: number;
  beforeAll(async () => {
    index = await relevanceIndex(undefined, { partSize: PART_SIZE });
    listings = (await index.pagefind.search(null, {})).results.length;
  }, 300_000);
  afterAll(() => index?.dispose());

  test('no Pagefind index holds more than a part', () => {
    expect(index.parts).toBe(searchPartCount(listings, PART_SIZE));
    expect(index.parts).toBeGreaterThan(2);
    const counts = Array.from({ length: index.parts }, (_, part) => {
      const entry = JSON.parse(readFileSync(join(index.dir, 'pagefind', searchPartPath(part), 'pagefind-entry.json'), 'utf8')) as { languages: Record<string, { page_count: number }> };
      return Object.values(entry.languages).reduce((sum, l) => sum + l.page_count, 0);
    });
    expect(Math.max(...counts)).toBeLessThanOrEqual(PART_SIZE);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(listings);
  });

  test('every listing is found by its name, whichever part it is in', async () => {
    const all = await Promise.all((await index.pagefind.search(null, {})).results.map((r) => r.data()));
    const missed: string[] = [];
    for (const { meta } of all) {
      const found = await index.search(meta['title']!);
      if (!found.top.length) missed.push(meta['title']!);
    }
    expect(missed).toEqual([]);
  });

  test('sorted by name, the parts follow one another in order', async () => {
    const results = (await index.pagefind.search(null, { sort: { name: 'asc' } })).results;
    expect(results).toHaveLength(listings);
    const names = (await Promise.all(results.map((r) => r.data()))).map((d) => d.meta['title']!.toLowerCase());
    expect(names).toEqual([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
  });

  test('the judged queries still find what they should', async () => {
    const figures = await index.run(readJudged());
    console.log(`in ${index.parts} parts: first ${(figures.first * 100).toFixed(1)}%, top 3 ${(figures.top3 * 100).toFixed(1)}%`);
    expect(figures.noResult).toBe(0);
  });
});
