/**
 * Issue #19: the edge's text search through the word index gives exactly the items scanning every row's text gave, on
 * generated rows (accents, ligatures, punctuation, words inside words, common short words) and on the example
 * data's published files, for many queries; in the relevance order the in-memory reference computes from each row's
 * words (query.ts, `relevance`); and it reads only the files of its words.
 */
import { describe, expect, test } from 'vitest';
import { layoutOf } from '../../src/edge/page-layout.ts';
import { answerQuery, indexCache, type StaticFiles } from '../../src/edge/respond.ts';
import type { OrukPageInfo } from '../../src/edge/query.ts';
import { byRelevance, rankedWords, relevance, select } from '../../src/edge/query.ts';
import { indexedText, QUERY_INDEX_FORMAT, searchText, type QueryIndex, type QueryIndexHead, type QueryRow } from '../../src/edge/query-index.ts';
import { buildWordIndex, decodePositions, encodePositions, INSIDE_WORD, WHOLE_WORD, WORD_START, wordsBeginning, type PostingsFile, type SuffixFile } from '../../src/edge/word-index.ts';
import { indexFiles } from '../../src/publish/edge.ts';
import { ORUK_ENDPOINTS, type OrukEndpoint } from '../../src/urls/site.ts';
import { TEST_BUILD } from '../support/publish.ts';
import { published } from './support.ts';

interface Page extends OrukPageInfo {
  contents: { id: string }[];
}

/** The same files, with the head's word index taken out: the edge then scans every shard's text, as before #19. */
function scanning(read: StaticFiles): StaticFiles {
  return async (path) => {
    const text = await read(path);
    if (path !== '/oruk/v3/query-index.json' || text === undefined) return text;
    const head = JSON.parse(text) as QueryIndexHead;
    for (const endpoint of ORUK_ENDPOINTS) delete head.endpoints[endpoint].words;
    return JSON.stringify(head);
  };
}

/** Every item id a query selects, walking its pages. */
async function walk(read: StaticFiles, endpoint: OrukEndpoint, query: string, perPage: number): Promise<string[]> {
  const ids: string[] = [];
  const cache = indexCache();
  for (let n = 1; ; n++) {
    const response = (await answerQuery(new Request(`https://loop.example.org/oruk/v3/${endpoint}?${query}&per_page=${perPage}&page=${n}`), read, cache))!;
    expect(response.status, query).toBe(200);
    const page = (await response.json()) as Page;
    ids.push(...page.contents.map((c) => c.id));
    if (page.last_page) return ids;
  }
}

/** A small deterministic generator (no Math.random: the same rows on every run). */
function generator(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

const WORDS = [
  'support', 'supported', 'unsupported', 'supporting', 'carer', 'carers', 'Carers’', 'café', 'CAFE', 'Café-bar', 'naïve', 'Zoë',
  'the', 'and', 'of', 'a', 'an', 'I', 'tinnitus', 'hear', 'hearing', 'LS7', '3HB', '12', '2026', 'à', 'straße', 'ﬁle', 'files',
  'don’t', 'men’s', 'e-mail', 'email', 'co-op', 'über', 'Ærø', 'ねこ', '𝒜lpha', 'drop-in', 'group', 'groups', 'regroup',
];

/** Generated rows and the static pages they stand for, published as the edge reads them. */
function generated(rowCount: number, pageSize: number): { files: Map<string, string>; index: QueryIndex } {
  const random = generator(19);
  const pick = <T,>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  const joiners = [' ', ', ', ' - ', '/', ' (', ') ', '! ', '’', '. '];
  const rows: QueryRow[] = [];
  for (let i = 0; i < rowCount; i++) {
    const parts: string[] = [];
    const length = 1 + Math.floor(random() * 8);
    for (let w = 0; w < length; w++) parts.push(pick(WORDS) + pick(joiners));
    // Some rows have no text at all, as an item with no name or description would; the first words are its name.
    const text = i % 37 === 0 ? '' : parts.join('');
    const name = parts.slice(0, 1 + Math.floor(random() * 3)).join('');
    rows.push({ s: indexedText(text), ...(i % 37 === 0 ? {} : { t: indexedText(name) }), a: Math.floor(random() * 20), ...(random() < 0.8 ? { o: Math.floor(random() * 3) } : {}), g: [53.8 + random() / 10, -1.5 + random() / 10] });
  }
  const files = new Map<string, string>();
  const pages: QueryIndex['pages'] = { services: [], service_at_locations: [], taxonomies: [], taxonomy_terms: [], organizations: [] };
  for (const endpoint of ['services', 'service_at_locations'] as const) {
    const total = Math.max(1, Math.ceil(rowCount / pageSize));
    for (let p = 1; p <= total; p++) {
      const contents = rows.slice((p - 1) * pageSize, p * pageSize).map((_, i) => ({ id: String((p - 1) * pageSize + i) }));
      const text = JSON.stringify({ total_items: rowCount, total_pages: total, page_number: p, size: pageSize, first_page: p === 1, last_page: p === total, empty: contents.length === 0, contents });
      files.set(`/oruk/v3/${endpoint}/page/${p}.json`, text);
      pages[endpoint].push(layoutOf(text)!);
    }
  }
  const index: QueryIndex = {
    format: QUERY_INDEX_FORMAT,
    page_size: pageSize,
    terms: [],
    organizations: ['20000000-0000-4000-8000-000000000001', '20000000-0000-4000-8000-000000000002', '20000000-0000-4000-8000-000000000003'],
    endpoints: { services: rows, service_at_locations: rows, taxonomies: [], taxonomy_terms: [], organizations: [] },
    pages,
    postcodes: { 'LS7 3HB': [53.85, -1.45], LS7: [53.85, -1.45] },
  };
  // Small files, so words cross suffix and postings files and rows cross shards.
  for (const [path, text] of indexFiles(index, TEST_BUILD, { shardBytes: 3_000, wordShardBytes: 300 })) files.set(`/${path}`, text);
  return { files, index };
}

describe('the word index gives what scanning gave', () => {
  const PAGE = 40;
  const { files, index } = generated(600, PAGE);
  const read: StaticFiles = async (path) => files.get(path);

  // Every vocabulary word and its pieces, the awkward ones by hand, and pairs and triples drawn from them.
  const random = generator(7);
  const tokens = [...new Set(index.endpoints.services.flatMap((r) => r.s.split(' ')).filter(Boolean))];
  const pieces = tokens.flatMap((t) => [t, t.slice(1), t.slice(0, -1), t.slice(1, -1), t.slice(0, 2)]).filter(Boolean);
  const single = [...new Set([...WORDS, ...pieces])];
  const handMade = ['CAFÉ', 'cafe bar', 'Carers’ café', 'e-mail', 'men’s', "don't", 'file', 'FILE', 'ﬁ', 'strasse', 'straße', 'ss', 'the and of', 'a', 'e', 'i', 'th', 'zzqxj', 'support zzqxj', 'supp ort', 'up', 'ted', '12 2026', '3hb ls7', 'ls73hb', 'ae', 'æ', 'ö', 'o', 'ねこ', 'こ', '𝒜', 'alpha', '-', '’', 'support support', 'a support', 'e carers'];
  const combos: string[] = [];
  for (let i = 0; i < 150; i++) combos.push(Array.from({ length: 2 + Math.floor(random() * 2) }, () => single[Math.floor(random() * single.length)]!).join(' '));
  const queries = [...single, ...handMade, ...combos];

  test('a lookup says how the word lies in each indexed word, and the postings which items hold it in their name', () => {
    // Vocabulary, sorted: 0 carers, 1 group, 2 support, 3 supporters, 4 unsupported.
    const built = buildWordIndex(['support carers', 'supporters group', 'unsupported carers'], ['support', 'supporters group', undefined]);
    const suffixes = built.suffixes.map((body) => JSON.parse(`{${body}}`) as SuffixFile);
    const found = new Map<number, number>();
    for (const file of suffixes) wordsBeginning(file, 'support', found);
    expect([...found].sort((a, b) => a[0] - b[0])).toEqual([[2, WHOLE_WORD], [3, WORD_START], [4, INSIDE_WORD]]);
    const postings = built.postings.map((body) => JSON.parse(`{${body}}`) as PostingsFile);
    const positions = (list: string) => {
      const out: number[] = [];
      decodePositions(list, (p) => out.push(p));
      return out;
    };
    expect(postings.flatMap((f) => f.p.map(positions))).toEqual([[0, 2], [1], [0], [1], [2]]);
    expect(postings.flatMap((f) => f.t.map(positions))).toEqual([[], [1], [0], [1], []]);
  });

  test('encoded positions decode to themselves', () => {
    for (const list of [[], [0], [5], [0, 1, 2, 3], [31, 32, 33, 1_000, 1_001, 40_000, 2_000_000], Array.from({ length: 500 }, (_, i) => i * 37)]) {
      const out: number[] = [];
      decodePositions(encodePositions(list), (p) => out.push(p));
      expect(out).toEqual(list);
    }
  });

  test(`${queries.length} searches: the same items with and without the index, best first as the in-memory reference ranks them`, async () => {
    expect(queries.length).toBeGreaterThan(300);
    let matched = 0;
    let reordered = 0;
    for (const q of queries) {
      const words = searchText(q).split(' ').filter(Boolean);
      const expected = words.length ? select(index, 'services', { search: words }).map(String) : index.endpoints.services.map((_, i) => String(i));
      const viaIndex = await walk(read, 'services', `search=${encodeURIComponent(q)}`, PAGE);
      expect(viaIndex, q).toEqual(expected);
      // Scanning (an older build's head) finds the same items, in the list's order.
      const scanned = await walk(scanning(read), 'services', `search=${encodeURIComponent(q)}`, PAGE);
      expect([...scanned].sort(), q).toEqual([...expected].sort());
      if (expected.length) matched++;
      if (scanned.join() !== expected.join()) reordered++;
    }
    // Both kinds are there: searches that find something and searches that find nothing; and relevance reorders many.
    expect(matched).toBeGreaterThan(queries.length / 3);
    expect(matched).toBeLessThan(queries.length);
    expect(reordered).toBeGreaterThan(queries.length / 10);
  });

  test('with other filters, a postcode\'s order and pages of another size: the same as scanning', async () => {
    const filters = ['minimum_age=10', 'organization_id=20000000-0000-4000-8000-000000000002', 'postcode=LS7%203HB', 'postcode=LS7&proximity=4000', 'maximum_age=3'];
    for (const q of [...handMade, ...combos.slice(0, 40)]) {
      for (const filter of filters) {
        const endpoint = filter.startsWith('postcode') ? 'service_at_locations' : 'services';
        const query = `search=${encodeURIComponent(q)}&${filter}`;
        const scanned = await walk(scanning(read), endpoint, query, 13);
        // A postcode's order is nearest first either way; otherwise the scan's items, best first (ids are positions here).
        const words = rankedWords(searchText(q).split(' ').filter(Boolean));
        const rows = index.endpoints[endpoint];
        const expected = filter.startsWith('postcode') ? scanned : byRelevance(scanned.map(Number), (p) => relevance(words, rows[p]!.s, rows[p]!.t)).map(String);
        expect(await walk(read, endpoint, query, 13), query).toEqual(expected);
      }
    }
  });

  test('a search reads its words\' files and the shards of its page, not every shard\'s text', async () => {
    const reads: string[] = [];
    const counting: StaticFiles = async (path) => (reads.push(path), read(path));
    await answerQuery(new Request('https://loop.example.org/oruk/v3/services?search=tinnitus+hearing&per_page=5'), counting, indexCache());
    expect(reads.filter((p) => p.endsWith('.text.json') || p.endsWith('organizations.json'))).toEqual([]);
    expect(reads.some((p) => p.includes('/words/s'))).toBe(true);
    expect(reads.some((p) => p.includes('/words/p'))).toBe(true);
    // Besides the head and its words' files: the static pages of its items, each with the one shard holding its layout.
    const pages = reads.filter((p) => p.includes('/page/'));
    expect(reads.filter((p) => p.startsWith('/oruk/v3/query-index/') && !p.includes('/words/')).length).toBeLessThanOrEqual(pages.length);
    expect(reads.filter((p) => p.includes('/words/')).length).toBeLessThan(10);
  });

  test('word files are cut at their bound (300 characters here): only one word\'s own postings may pass it', () => {
    const words = [...files].filter(([path]) => path.includes('/words/'));
    expect(words.length).toBeGreaterThan(20);
    for (const [path, text] of words) {
      const file = JSON.parse(text) as { p?: string[]; s?: string[] };
      const entries = file.p ?? file.s ?? [];
      // The bound, plus the file's own keys and build stamp.
      if (entries.length > 1) expect(text.length, path).toBeLessThanOrEqual(300 + 120);
    }
  });

  test('word files of another build are refused (503), as shards are', async () => {
    const foreign: StaticFiles = async (path) => {
      const text = files.get(path);
      return path.includes('/words/') && text !== undefined ? text.replace(/"build":"[0-9a-f]+"/, '"build":"another"') : text;
    };
    const response = (await answerQuery(new Request('https://loop.example.org/oruk/v3/services?search=tinnitus'), foreign, indexCache()))!;
    expect(response.status).toBe(503);
  });
});

describe('on the example data\'s published files', () => {
  const site = published(7);
  test('every endpoint, words from its own items: the same items as scanning, in the reference\'s relevance order', async () => {
    for (const endpoint of ORUK_ENDPOINTS) {
      const all = await walk(site.read, endpoint, 'format=json', 7);
      const rows = site.index.endpoints[endpoint];
      const words = [...new Set(rows.flatMap((r) => r.s.split(' ')).filter(Boolean))];
      const queries = [...words.filter((_, i) => i % 7 === 0), ...words.filter((_, i) => i % 11 === 0).map((w) => w.slice(1, 4)), 'leeds support', 'the', 'and', 'a', 'carers café', 'zzqxj'];
      for (const q of queries) {
        const query = `search=${encodeURIComponent(q)}`;
        const viaIndex = await walk(site.read, endpoint, query, 4);
        expect([...viaIndex].sort(), `${endpoint} ${q}`).toEqual([...(await walk(scanning(site.read), endpoint, query, 4))].sort());
        expect(viaIndex, `${endpoint} ${q}`).toEqual(select(site.index, endpoint, { search: searchText(q).split(' ') }).map((p) => all[p]));
      }
    }
  });
});
