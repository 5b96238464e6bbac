/** Filtering and paging over a hand-made query index, so each filter's meaning is stated with its own rows. */
import { describe, expect, test } from 'vitest';
import { byRelevance, pageOf, rankedWords, relevance, select } from '../../src/edge/query.ts';
import { indexedText, QUERY_INDEX_FORMAT, searchText, type QueryIndex, type QueryRow } from '../../src/edge/query-index.ts';
import type { ListQuery } from '../../src/edge/parameters.ts';

const T = (n: number) => `00000000-0000-4000-8000-00000000000${n}`;
const X = (n: number) => `10000000-0000-4000-8000-00000000000${n}`;
const O = (n: number) => `20000000-0000-4000-8000-00000000000${n}`;

const rows: QueryRow[] = [
  { s: indexedText('Carers’ Café', 'A drop-in for unpaid carers'), o: 0, k: [0, 2], m: '2026-01-10T09:00:00Z', a: 18 },
  { s: indexedText('Toddler group', 'Play for under fives'), o: 1, k: [1], m: '2026-03-01T00:00:00Z', a: 0, b: 5 },
  { s: indexedText('Youth club'), o: 1, m: '2025-12-31T23:59:59Z', a: 11, b: 18 },
  { s: indexedText('Men’s shed'), a: 18, b: 99 },
  { s: indexedText('Advice line') },
];

const index: QueryIndex = {
  format: QUERY_INDEX_FORMAT,
  page_size: 2,
  terms: [[T(1), X(1)], [T(2), X(1)], [T(3), X(2)]],
  organizations: [O(1), O(2)],
  endpoints: { services: rows, service_at_locations: [], taxonomies: [], taxonomy_terms: [], organizations: [] },
  pages: { services: [], service_at_locations: [], taxonomies: [], taxonomy_terms: [], organizations: [] },
  postcodes: {},
};

const find = (query: ListQuery) => select(index, 'services', query);

describe('filters', () => {
  test('no filter selects everything, in order', () => {
    expect(find({})).toEqual([0, 1, 2, 3, 4]);
  });

  test('search: every word, inside words, accents and case folded', () => {
    expect(find({ search: ['cafe'] })).toEqual([0]);
    expect(find({ search: ['carer', 'drop'] })).toEqual([0]);
    expect(find({ search: ['carer', 'toddler'] })).toEqual([]);
    expect(find({ search: searchText('MEN’S').split(' ') })).toEqual([3]);
  });

  test('taxonomy_term_id: the term itself; an unknown term matches nothing', () => {
    expect(find({ taxonomy_term_id: T(2) })).toEqual([1]);
    expect(find({ taxonomy_term_id: T(9) })).toEqual([]);
  });

  test('taxonomy_id: any term of the taxonomy', () => {
    expect(find({ taxonomy_id: X(1) })).toEqual([0, 1]);
    expect(find({ taxonomy_id: X(2) })).toEqual([0]);
    expect(find({ taxonomy_id: X(9) })).toEqual([]);
  });

  test('organization_id', () => {
    expect(find({ organization_id: O(2) })).toEqual([1, 2]);
    expect(find({ organization_id: O(9) })).toEqual([]);
  });

  test('modified_after: on or after the instant; unknown last_modified never matches', () => {
    expect(find({ modified_after: Date.parse('2026-01-10T09:00:00Z') })).toEqual([0, 1]);
    expect(find({ modified_after: Date.parse('2026-01-10T09:00:01Z') })).toEqual([1]);
    expect(find({ modified_after: 0 })).toEqual([0, 1, 2]);
  });

  test('minimum_age: a minimum of at least the value (none is 0); maximum_age: a maximum at or below it (none is no limit)', () => {
    expect(find({ minimum_age: 18 })).toEqual([0, 3]);
    expect(find({ minimum_age: 0 })).toEqual([0, 1, 2, 3, 4]);
    expect(find({ maximum_age: 18 })).toEqual([1, 2]);
    expect(find({ maximum_age: 4 })).toEqual([]);
    expect(find({ minimum_age: 11, maximum_age: 18 })).toEqual([2]);
  });

  test('filters combine with AND', () => {
    expect(find({ organization_id: O(2), search: ['club'] })).toEqual([2]);
    expect(find({ organization_id: O(1), taxonomy_id: X(1), minimum_age: 18, search: ['cafe'] })).toEqual([0]);
  });
});

describe('paging', () => {
  test('the static shape: size is the page size asked for, on every page', () => {
    expect(pageOf([0, 1, 2, 3, 4], {}, 2)).toEqual({ total_items: 5, total_pages: 3, page_number: 1, size: 2, first_page: true, last_page: false, empty: false, positions: [0, 1] });
    expect(pageOf([0, 1, 2, 3, 4], { page: 3 }, 2)).toEqual({ total_items: 5, total_pages: 3, page_number: 3, size: 2, first_page: false, last_page: true, empty: false, positions: [4] });
  });

  test('nothing selected: one empty first page, which is also the last', () => {
    expect(pageOf([], {}, 2)).toEqual({ total_items: 0, total_pages: 1, page_number: 1, size: 2, first_page: true, last_page: true, empty: true, positions: [] });
  });

  test('an exact multiple of the page size has no empty page at the end', () => {
    expect(pageOf([0, 1, 2, 3], { page: 2 }, 2)).toMatchObject({ total_pages: 2, last_page: true, empty: false, positions: [2, 3] });
  });

  test('past the last page: answered, empty', () => {
    expect(pageOf([0, 1, 2], { page: 7 }, 2)).toMatchObject({ total_pages: 2, page_number: 7, first_page: false, last_page: true, empty: true, positions: [] });
  });

  test('per_page overrides the default; per_page 1 pages one by one', () => {
    expect(pageOf([0, 1, 2], { per_page: 1, page: 2 }, 2)).toMatchObject({ total_pages: 3, size: 1, positions: [1] });
    expect(pageOf([0, 1, 2], { per_page: 3 }, 2)).toMatchObject({ total_pages: 1, size: 3, last_page: true, positions: [0, 1, 2] });
  });
});

describe('relevance: the order of a search without a postcode (issue #19)', () => {
  // In the list's order (by name, as published); what each holds of "support" is in its comment.
  const named = (name: string, rest: string): QueryRow => ({ s: indexedText(name, rest), t: indexedText(name) });
  const ranked: QueryRow[] = [
    named('Youth club', 'Support for young carers'), // 0: whole word, not in the name
    named('Debt advice', 'For the unsupported'), // 1: inside a word, not in the name
    named('Carers support', 'Help for carers'), // 2: whole word in the name
    named('Supporters group', 'Meet others'), // 3: a name word's start
    named('Support line', 'Call us'), // 4: whole word in the name (ties with 2: the list's order)
    named('Peer unsupported group', 'Talk'), // 5: inside a name word
    { s: indexedText('Supportive friends') }, // 6: a row without name words (an older index): its text only
  ];
  const rankedIndex: QueryIndex = { ...index, endpoints: { ...index.endpoints, services: ranked } };
  const search = (q: string) => select(rankedIndex, 'services', { search: searchText(q).split(' ') });

  test('whole word in the name, then a name word\'s start, inside a name word, then the rest of the text the same way; ties in list order', () => {
    expect(search('support')).toEqual([2, 4, 3, 5, 0, 6, 1]);
  });

  test('each word\'s best match, summed: two words both in the name come first', () => {
    // "carers": whole in 2's name (6), whole in 0's text (3); "support": as above.
    expect(search('carers support')).toEqual([2, 0]);
  });

  test('the scores as stated', () => {
    expect(relevance(['support'], ranked[2]!.s, ranked[2]!.t)).toBe(6);
    expect(relevance(['support'], ranked[3]!.s, ranked[3]!.t)).toBe(5);
    expect(relevance(['support'], ranked[5]!.s, ranked[5]!.t)).toBe(4);
    expect(relevance(['support'], ranked[0]!.s, ranked[0]!.t)).toBe(3);
    expect(relevance(['support'], ranked[6]!.s)).toBe(2);
    expect(relevance(['support'], ranked[1]!.s, ranked[1]!.t)).toBe(1);
    expect(relevance(['carers', 'support'], ranked[2]!.s, ranked[2]!.t)).toBe(12);
  });

  test('words too short for the word index do not rank: a one-letter search keeps the list\'s order', () => {
    expect(rankedWords(['a', 'support', 'support', 'of'])).toEqual(['support', 'of']);
    expect(search('p')).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  test('byRelevance: best first, ties in the order given, every position once', () => {
    const scores = [1, 3, 0, 3, 2];
    expect(byRelevance([0, 1, 2, 3, 4], (p) => scores[p]!)).toEqual([1, 3, 4, 0, 2]);
    expect(byRelevance([], () => 0)).toEqual([]);
  });
});
