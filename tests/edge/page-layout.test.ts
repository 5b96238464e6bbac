/** Finding each item of a page's `contents` in its text, whatever the items' strings hold. */
import { describe, expect, test } from 'vitest';
import { layoutOf, packLayout, unpackLayout } from '../../src/edge/page-layout.ts';

/** The items a layout points at, parsed back. */
function items(text: string): unknown[] {
  const layout = layoutOf(text)!;
  expect(layout.length).toBe(text.length);
  return layout.starts.map((start, i) => JSON.parse(text.slice(start, layout.ends[i])));
}

const HOSTILE = [
  { id: 'a', name: 'Braces } ] { [ and "quotes"', description: 'a \\ backslash, \\" an escaped quote, "contents":[1,2]' },
  { id: 'b', nested: { contents: [{ x: [1, { y: '}' }] }] }, tags: ['[', ']', ''] },
  { id: 'c', name: 'Emoji 🧑‍🤝‍🧑 and ünïcödé, \u2028 line separator, \u0000 nul' },
  { id: 'd' },
];

describe('layoutOf', () => {
  test('compact JSON as the static API writes it', () => {
    const text = JSON.stringify({ total_items: 4, total_pages: 1, page_number: 1, size: 10, first_page: true, last_page: true, empty: false, contents: HOSTILE });
    expect(items(text)).toEqual(HOSTILE);
  });

  test('indented JSON, and contents before the other keys', () => {
    expect(items(JSON.stringify({ contents: HOSTILE, total_items: 4 }, null, 2))).toEqual(HOSTILE);
  });

  test('an empty page', () => {
    expect(layoutOf('{"total_items":0,"contents":[]}')).toEqual({ length: 31, starts: [], ends: [] });
  });

  test('not a list page: undefined, never a guess', () => {
    expect(layoutOf('{"total_items":0}')).toBeUndefined();
    expect(layoutOf('{"description":"\\"contents\\":[{}]"}')).toBeUndefined();
    expect(layoutOf('{"contents":[1,2]}')).toBeUndefined();
    expect(layoutOf('{"contents":[{"a":1}')).toBeUndefined();
    expect(layoutOf('')).toBeUndefined();
  });
});

describe('a layout as its file holds it (issue #19)', () => {
  test('packed and unpacked, the same layout, in about four characters an item', () => {
    const many = Array.from({ length: 2_000 }, (_, i) => ({ id: String(i), name: 'x'.repeat(i % 700) }));
    for (const text of [JSON.stringify({ contents: HOSTILE }), JSON.stringify({ contents: HOSTILE }, null, 2), '{"total_items":0,"contents":[]}', JSON.stringify({ total_items: 2_000, contents: many })]) {
      const layout = layoutOf(text)!;
      const packed = packLayout(layout);
      expect(unpackLayout(packed)).toEqual(layout);
      expect(packed.items.length).toBeLessThanOrEqual(4 * layout.starts.length + 4);
    }
  });
});
