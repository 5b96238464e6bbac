import fc from 'fast-check';
import { beforeAll, describe, expect, test } from 'vitest';
import { feedFiles } from '../../src/publish/feeds.ts';
import { dateInWords, openingOf, phonesOf, summaryText, telHref } from '../../src/widget/format.ts';
import { FeedError, applyFilters, selectFrom, listingOf, normalise, paginate, readFeed, safeHttpUrl, search, type Feed, type Listing } from '../../src/widget/listings.ts';
import { fixtureDataset, parsed, testContext } from '../support/publish.ts';
import { HOSTILE_NAME, widgetTestFiles } from './support.ts';

// The real publisher's output for the fixture plus the widget's test listings: the widget is tested against what
// LOOP actually publishes, not against a hand-made imitation.
let listings: Record<string, unknown>;
let carers: Record<string, unknown>;
let feed: Feed;
beforeAll(() => {
  const files = feedFiles(testContext(fixtureDataset(widgetTestFiles())));
  listings = parsed(files, 'feeds/v1/listings.json');
  carers = parsed(files, 'feeds/v1/categories/carers-support.json');
  feed = readFeed(listings);
});
const names = (items: readonly Listing[]) => items.map((i) => i.name);

describe('reading a feed', () => {
  test('keeps active and temporarily closed listings, sorted by name, and drops defunct and ended ones', () => {
    const slice = readFeed(carers);
    expect(slice.items).toHaveLength(11);
    expect(names(slice.items)).not.toContain('Defunct Carers Club');
    expect(names(slice.items)).not.toContain('Ended Carers Course');
    expect(slice.items.find((i) => i.name === 'Bramley Carers Group')?.status).toBe('temporarily closed');
    const sorted = [...names(slice.items)].sort((a, b) => a.localeCompare(b, 'en-GB', { sensitivity: 'base', numeric: true }));
    expect(names(slice.items)).toEqual(sorted);
    expect(slice.slice).toEqual({ type: 'category', slug: 'carers-support', name: 'Carers support' });
    expect(slice.attribution).toMatch(/Open Government Licence/);
    expect(slice.licence?.url).toMatch(/^https:\/\//);
    expect(slice.skipped).toBe(0);
  });

  test('a document that is not a v1 listings feed is an error saying so', () => {
    const problem = (value: unknown) => {
      try {
        readFeed(value);
      } catch (error) {
        return error instanceof FeedError ? `${error.problem}: ${error.message}` : 'not a FeedError';
      }
      return 'no error';
    };
    expect(problem(null)).toMatch(/^format:/);
    expect(problem([])).toMatch(/^format:/);
    expect(problem({ items: 'x' })).toMatch(/^format:/);
    expect(problem({ ...listings, schema_version: '2.0' })).toMatch(/^version: .*version 1, not "2.0"/);
    expect(problem({ ...listings, schema_version: undefined })).toMatch(/^version:/);
  });

  test('items without a name or an http(s) page are skipped and counted, never shown half-way', () => {
    const good = (listings['items'] as Record<string, unknown>[])[0]!;
    const doc = { ...listings, items: [good, null, 'x', { ...good, name: '' }, { ...good, name: 42 }, { ...good, page_url: 'javascript:alert(1)' }, { ...good, page_url: '/relative' }] };
    const result = readFeed(doc);
    expect(result.items).toHaveLength(1);
    expect(result.skipped).toBe(6);
  });

  test('hostile text passes through untouched: escaping is the renderer\'s job, and it only makes text nodes', () => {
    expect(names(feed.items)).toContain(HOSTILE_NAME);
  });

  test('a hostile licence address is dropped', () => {
    expect(readFeed({ ...listings, licence: { name: 'x', url: 'javascript:alert(1)' } }).licence).toBeNull();
  });
});

describe('safe links', () => {
  test('only absolute http and https addresses', () => {
    expect(safeHttpUrl('https://loop.example.org/services/a/')).toBe('https://loop.example.org/services/a/');
    expect(safeHttpUrl('HTTP://Example.org')).toBe('http://example.org/');
    for (const bad of ['javascript:alert(1)', ' javascript:alert(1)', 'JaVaScRiPt:alert(1)', 'java\tscript:alert(1)', 'data:text/html,<script>alert(1)</script>', 'vbscript:x', '/relative', '//evil.example/x', 'mailto:a@b.c', 'tel:123', '', 42, null, {}]) {
      expect(safeHttpUrl(bad), String(bad)).toBe('');
    }
  });

  test('tel: links keep digits and a leading plus only', () => {
    expect(telHref('0113 496 0123')).toBe('tel:01134960123');
    expect(telHref('+44 (0)113 496-0123')).toBe('tel:+4401134960123');
    expect(telHref('0113"><script>alert(1)</script>')).toBe('tel:01131');
    expect(telHref('javascript:alert(1)')).toBe('');
    expect(telHref('12')).toBe('');
    expect(telHref(undefined)).toBe('');
  });
});

describe('filters', () => {
  test("a slice's own filter is not checked again: the slice holds what LOOP selected, narrower terms included", () => {
    const item = { name: 'Food parcels', page_url: 'https://loop.example.org/services/a/b/', status: 'active', categories: [{ slug: 'emergency-food', name: 'Emergency food' }] };
    const feed = readFeed({ schema_version: '1.0', slice: { type: 'category', slug: 'food-and-essentials', name: 'Food and essentials' }, items: [item] });
    expect(names(selectFrom(feed, [['category', 'food-and-essentials']]))).toEqual(['Food parcels']);
    // What the widget did before: the item's own terms do not say "food-and-essentials".
    expect(applyFilters(feed.items, [['category', 'food-and-essentials']])).toEqual([]);
    // Other filters still apply to the items.
    expect(selectFrom(feed, [['category', 'food-and-essentials'], ['tag', 'winter']])).toEqual([]);
  });

  test('further filters narrow the slice by each term, tag and organisation', () => {
    const slice = readFeed(carers).items;
    expect(applyFilters(slice, [['category', 'carers-support']])).toHaveLength(11);
    expect(names(applyFilters(slice, [['category', 'carers-support'], ['need', 'someone-to-talk-to']])).sort()).toEqual(['Beeston Carers Group', "Carers' Drop-in", 'Chapel Allerton Carers Group', 'Gipton Carers Group'].sort());
    expect(names(applyFilters(slice, [['category', 'carers-support'], ['tag', 'coronavirus']])).sort()).toEqual([HOSTILE_NAME, "Carers' Drop-in"].sort());
    expect(names(applyFilters(slice, [['organisation', 'hostile-org']]))).toEqual([HOSTILE_NAME]);
    expect(names(applyFilters(slice, [['area', 'ward/chapel-allerton']]))).toEqual(["Carers' Drop-in"]);
    expect(names(applyFilters(slice, [['language', 'ur']])).sort()).toEqual(['A Guide for New Carers', "Carers' Drop-in"].sort());
    expect(applyFilters(slice, [['audience', 'nobody']])).toEqual([]);
  });

  test('filtering the whole feed client-side gives exactly the published slice (the slice is only a shortcut)', () => {
    expect(names(applyFilters(feed.items, [['category', 'carers-support']]))).toEqual(names(readFeed(carers).items));
  });
});

describe('search', () => {
  test('matches names, organisations, summaries, terms and venues, word by word, ignoring case and accents', () => {
    const items = feed.items;
    expect(names(search(items, 'food'))).toEqual(['Harehills Food Share']);
    expect(names(search(items, 'CAFE'))).toEqual([HOSTILE_NAME]);
    expect(names(search(items, 'evil'))).toEqual([HOSTILE_NAME]);
    expect(names(search(items, 'armley carers'))).toEqual(['Armley Carers Group']);
    expect(names(search(items, 'chapeltown community hub'))).toEqual(["Carers' Drop-in"]);
    expect(names(search(items, 'urdu'))).toEqual(['A Guide for New Carers', "Carers' Drop-in"]);
    expect(names(search(items, 'plain english urdu'))).toEqual(['A Guide for New Carers']);
    expect(search(items, 'carer').length).toBeGreaterThan(8);
    expect(search(items, 'arer')).toEqual([]);
    expect(search(items, '   ')).toHaveLength(items.length);
    expect(search(items, 'zzzz')).toEqual([]);
  });

  test('normalise', () => {
    expect(normalise('  Café–Bar, “Friends”! ')).toBe('cafe bar friends');
    expect(normalise('<script>')).toBe('script');
  });

  test('never finds an item that lacks a word of the query (property)', () => {
    const items = feed.items;
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), (query) => {
        const words = normalise(query).split(' ').filter(Boolean);
        for (const item of search(items, query)) {
          const text = normalise(JSON.stringify(item));
          for (const word of words) expect(text).toContain(word);
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('paging', () => {
  test('pages cover every item exactly once, clamped to the pages there are (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer(), { maxLength: 60 }), fc.integer({ min: 1, max: 15 }), (items, size) => {
        const first = paginate(items, 1, size);
        const seen: number[] = [];
        for (let p = 1; p <= first.pages; p++) seen.push(...paginate(items, p, size).items);
        expect(seen).toEqual(items);
        expect(paginate(items, first.pages + 5, size).page).toBe(first.pages);
        expect(paginate(items, -1, size).page).toBe(1);
      }),
    );
  });

  test('positions', () => {
    expect(paginate([1, 2, 3, 4, 5], 2, 2)).toEqual({ items: [3, 4], page: 2, pages: 3, first: 3, last: 4, total: 5 });
    expect(paginate([], 1, 10)).toEqual({ items: [], page: 1, pages: 1, first: 0, last: 0, total: 0 });
  });
});

describe('words', () => {
  test('the count line', () => {
    expect(summaryText({ first: 1, last: 3, total: 3, pages: 1 }, '')).toBe('3 listings');
    expect(summaryText({ first: 1, last: 1, total: 1, pages: 1 }, '')).toBe('1 listing');
    expect(summaryText({ first: 11, last: 20, total: 34, pages: 4 }, '')).toBe('Showing 11 to 20 of 34 listings');
    expect(summaryText({ first: 1, last: 1, total: 1, pages: 1 }, 'carer')).toBe('1 listing matches “carer”');
    expect(summaryText({ first: 1, last: 5, total: 12, pages: 3 }, 'carer ')).toBe('12 listings match “carer”: showing 1 to 5 of 12');
    expect(summaryText({ first: 0, last: 0, total: 0, pages: 1 }, 'zzz')).toBe('No listings match “zzz”');
    expect(summaryText({ first: 0, last: 0, total: 0, pages: 1 }, '')).toBe('No listings to show');
  });

  test('review dates in words, nothing for non-dates', () => {
    expect(dateInWords('2026-09-14')).toBe('14 September 2026');
    for (const bad of ['2026-13-45', '14/09/2026', '', undefined, 20260914]) expect(dateInWords(bad), String(bad)).toBe('');
  });

  test('opening times: own times first, then each venue, at most three lines', () => {
    const dropIn = feed.items.find((i) => i.name === "Carers' Drop-in")!;
    expect(openingOf(dropIn)).toEqual({ lines: ['Chapeltown Community Hub: Wednesday 10:00–12:00'], more: false });
    const line = feed.items.find((i) => i.name === 'Carers Phone Line')!;
    expect(openingOf(line)).toEqual({ lines: ['Monday to Friday 13:00–16:00'], more: false });
    const many = { ...dropIn, opening: ['Monday 9:00–10:00'], locations: [1, 2, 3].map((n) => ({ ...dropIn.locations![0]!, name: `Venue ${n}` })) } as Listing;
    expect(openingOf(many)).toEqual({ lines: ['Monday 9:00–10:00', 'Venue 1: Wednesday 10:00–12:00', 'Venue 2: Wednesday 10:00–12:00'], more: true });
    expect(openingOf({ ...dropIn, locations: 'nonsense', opening: [1, null] } as unknown as Listing)).toEqual({ lines: [], more: false });
  });

  test('phones: at most two, each with a tel: link, junk skipped', () => {
    const hostile = feed.items.find((i) => i.name === HOSTILE_NAME)!;
    expect(phonesOf(hostile)).toEqual([{ number: '0113 496 0999', href: 'tel:01134960999', description: hostile.phones![0]!.description }]);
    const junk = { ...hostile, phones: [{ number: 'call us' }, { number: '0113 496 0001' }, { number: '0113 496 0002' }, { number: '0113 496 0003' }] } as Listing;
    expect(phonesOf(junk).map((p) => p.href)).toEqual(['tel:01134960001', 'tel:01134960002']);
  });
});

describe('malformed items', () => {
  // Every way a feed item can be wrong that a tampered or broken feed might send.
  const good = (): Record<string, unknown> => JSON.parse(JSON.stringify((listings['items'] as Record<string, unknown>[]).find((i) => i['name'] === "Carers' Drop-in")!)) as Record<string, unknown>;
  const broken: [string, (item: Record<string, unknown>) => unknown][] = [
    ['phones: [null]', (i) => ({ ...i, phones: [null] })],
    ['phones: [a string, a number, an array]', (i) => ({ ...i, phones: ['0113 496 0000', 7, [1]] })],
    ['phones: an object', (i) => ({ ...i, phones: { number: '0113 496 0000' } })],
    ['a phone number that is a number', (i) => ({ ...i, phones: [{ number: 1134960000 }] })],
    ['locations: [null, "x"]', (i) => ({ ...i, locations: [null, 'x'] })],
    ['a venue whose opening is an object', (i) => ({ ...i, locations: [{ name: 'Hall', opening: { monday: '9' } }] })],
    ['opening: [null, {}]', (i) => ({ ...i, opening: [null, {}] })],
    ['organisation: a string', (i) => ({ ...i, organisation: 'Evil & Co' })],
    ['organisation: null', (i) => ({ ...i, organisation: null })],
    ['organisation name: an object', (i) => ({ ...i, organisation: { slug: 'x', name: { toString: 'boom' } } })],
    ['categories: [null, 3]', (i) => ({ ...i, categories: [null, 3] })],
    ['tags: [null, {}]', (i) => ({ ...i, tags: [null, {}] })],
    ['summary: an array', (i) => ({ ...i, summary: ['a'] })],
    ['website: javascript:', (i) => ({ ...i, website: 'javascript:alert(1)' })],
    ['reviewed: a number', (i) => ({ ...i, reviewed: 20260914 })],
    ['alert: an object', (i) => ({ ...i, alert: { text: 'x' } })],
    ['status: a number', (i) => ({ ...i, status: 1 })],
  ];

  test('readFeed drops items that are not objects or have no name or page, and keeps the rest', () => {
    const skippedShapes: unknown[] = [null, 'a listing', 42, true, [], [good()], { ...good(), name: undefined }, { ...good(), name: 7 }, { ...good(), name: '   ' }, { ...good(), page_url: null }, { ...good(), page_url: 'javascript:alert(1)' }];
    const read = readFeed({ ...listings, items: [...skippedShapes, good()] });
    expect(read.skipped).toBe(skippedShapes.length);
    expect(names(read.items)).toEqual(["Carers' Drop-in"]);
  });

  test.each(broken)('%s: the item keeps its name and page, the bad field is dropped, and it formats without throwing', (_, breakIt) => {
    const item = listingOf(breakIt(good()))!;
    expect(item).not.toBeNull();
    expect(item.name).toBe("Carers' Drop-in");
    expect(() => [phonesOf(item), openingOf(item), search([item], 'carer'), applyFilters([item], [['category', 'carers-support'], ['tag', 'x']])]).not.toThrow();
    for (const phone of item.phones ?? []) expect(typeof phone.number).toBe('string');
    for (const line of openingOf(item).lines) expect(typeof line).toBe('string');
    for (const field of ['summary', 'alert', 'reviewed', 'status', 'website'] as const) expect(typeof item[field]).toBe('string');
    if (item.organisation) expect(typeof item.organisation.name).toBe('string');
    expect(item.website === '' || /^https?:/.test(item.website!)).toBe(true);
  });

  test('any JSON value as an item: listingOf returns null or a listing made only of checked values', () => {
    const field = fc.oneof(fc.jsonValue(), fc.constantFrom(null, [null], [{ number: null }], [{}], 'javascript:alert(1)', 'https://loop.example.org/x/'));
    const item = fc.oneof(
      fc.jsonValue(),
      fc.record(
        { name: fc.oneof(fc.string(), fc.jsonValue()), page_url: fc.oneof(fc.constant('https://loop.example.org/services/x/'), field), phones: field, locations: field, opening: field, organisation: field, categories: field, tags: field, summary: field, website: field, status: fc.oneof(fc.constant('active'), field) },
        { requiredKeys: [] },
      ),
    );
    fc.assert(
      fc.property(item, (value) => {
        const listing = listingOf(value);
        if (listing === null) return;
        expect(typeof listing.name).toBe('string');
        expect(listing.name.trim()).not.toBe('');
        expect(listing.page_url).toMatch(/^https?:\/\//);
        expect(listing.website === '' || /^https?:\/\//.test(listing.website!)).toBe(true);
        for (const p of phonesOf(listing)) expect(p.href).toMatch(/^tel:[+\d]+$/);
        for (const line of openingOf(listing).lines) expect(typeof line).toBe('string');
        for (const tag of listing.tags ?? []) expect(typeof tag).toBe('string');
        for (const term of listing.categories ?? []) expect(typeof term.slug).toBe('string');
        search([listing], 'a');
      }),
      { numRuns: 500 },
    );
  });

  test('a feed of many items with malformed ones among them keeps every good one', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constant('good'), fc.jsonValue()), { maxLength: 30 }), (shapes) => {
        const items = shapes.map((s, i) => (s === 'good' ? { ...good(), name: `Listing ${i}` } : s));
        const read = readFeed({ ...listings, items });
        const goods = shapes.filter((s) => s === 'good').length;
        expect(read.items.length).toBe(goods);
      }),
      { numRuns: 200 },
    );
  });
});
