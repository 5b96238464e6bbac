/**
 * Issue #18, "one selection everywhere": for every category, need, circumstance, condition, audience, area,
 * language, tag and organisation of the example data, the site's browse list, the feed's slice, the widget (its own
 * feed reading and filtering, run on the published files) and the embed builder's count agree. They all come from
 * `selectListings` (src/dataset/selection.ts); before, the feed and the builder counted only listings filed
 * directly under a term and a feed's ward slice left out services with a venue in the ward.
 */
import { describe, expect, test } from 'vitest';
import { catalogueOf } from '../../src/dataset/catalogue.ts';
import { selectListings, type SelectionKind } from '../../src/dataset/selection.ts';
import { feedFiles } from '../../src/publish/feeds.ts';
import { TAXONOMY_KINDS } from '../../src/model/vocabularies.ts';
import { PUBLISHED_FEED_SLICES, feedSlicePath, feedPath, type FeedSlice } from '../../src/urls/site.ts';
import { readFeed, selectFrom, selectShown } from '../../src/widget/listings.ts';
import { SLICE_ORDER, cityWidePathFor, feedPathFor } from '../../src/widget/options.ts';
import { WHOLE_CITY } from '../../src/dataset/areas.ts';
import { exampleDataset, parsed, testContext } from '../support/publish.ts';

const dataset = exampleDataset();
const catalogue = catalogueOf(dataset);
const files = feedFiles(testContext(dataset));
const fileOf = (path: string) => path.replace(/^\//, '');
const everything = readFeed(parsed(files, fileOf(feedPath('listings'))));

interface Counts {
  site: number | null;
  feed: number;
  widget: number;
  builder: number;
}

/** What each output shows for one selection. */
function counts(kind: SelectionKind, slug: string): Counts {
  const published = (PUBLISHED_FEED_SLICES as readonly string[]).includes(kind);
  const slice = published ? readFeed(parsed(files, fileOf(feedSlicePath(kind as FeedSlice, slug)))) : null;
  // The widget fetches the slice when there is one, and otherwise listings.json, then applies its filter.
  const widget = selectFrom(slice ?? everything, [[kind as FeedSlice, slug]]).length;
  const site =
    kind === 'tag' ? null : kind === 'organisation' ? catalogue.organisationListings(slug).filter((l) => catalogue.isListed(l)).length : catalogue.term(kind, slug).listings.length;
  return {
    site,
    feed: slice ? slice.items.length : widget,
    widget,
    // The builder's count for a ward adds the city-wide listings (checked against the widget below); here, its own.
    builder:
      (TAXONOMY_KINDS as readonly string[]).includes(kind) && !(kind === 'area' && slug !== WHOLE_CITY)
        ? catalogue.shownByWidget(kind as (typeof TAXONOMY_KINDS)[number], slug)
        : selectListings(dataset, kind, slug).filter((l) => dataset.isActive(l)).length,
  };
}

const selections: [SelectionKind, string][] = [
  ...TAXONOMY_KINDS.flatMap((kind) => dataset.terms(kind).map((t): [SelectionKind, string] => [kind, t.slug])),
  ...dataset.tags().map((t): [SelectionKind, string] => ['tag', t]),
  ...dataset.organisations.map((o): [SelectionKind, string] => ['organisation', o.slug]),
];

describe('one selection for the site, the feeds, the widget and the embed builder', () => {
  test('every selection has the same count everywhere', () => {
    const disagreements = selections
      .map(([kind, slug]) => ({ kind, slug, ...counts(kind, slug) }))
      .filter((c) => (c.site !== null && c.site !== c.feed) || c.feed !== c.widget || c.widget !== c.builder);
    expect(disagreements).toEqual([]);
  });

  test('the widget with two filters shows what both selections hold (it reads one slice and filters its items)', () => {
    // The area's own listings only: the city-wide ones the widget adds after them are compared in the next test.
    const widget = (filters: [FeedSlice, string][]) => {
      const ordered = [...filters].sort((a, b) => SLICE_ORDER.indexOf(a[0]) - SLICE_ORDER.indexOf(b[0]));
      return selectFrom(readFeed(parsed(files, feedPathFor(ordered))), ordered).length;
    };
    const both = (a: [SelectionKind, string], b: [SelectionKind, string]) => {
      const second = new Set(selectListings(dataset, ...b));
      return selectListings(dataset, ...a).filter((l) => second.has(l) && dataset.isActive(l)).length;
    };
    const pairs: [[FeedSlice, string], [FeedSlice, string]][] = [];
    for (const category of dataset.terms('category')) {
      for (const area of catalogue.termsInUse('area')) pairs.push([['category', category.slug], ['area', area.term.slug]]);
      for (const need of dataset.terms('need')) pairs.push([['category', category.slug], ['need', need.slug]]);
    }
    const disagreements = pairs.map(([a, b]) => ({ a, b, widget: widget([a, b]), site: both(a, b) })).filter((p) => p.widget !== p.site);
    expect(disagreements).toEqual([]);
    // Some of them must hold something, or the comparison proves nothing.
    expect(pairs.filter(([a, b]) => both(a, b) > 0).length).toBeGreaterThan(20);
  });

  /** What the widget shows for the filters: the fetched slice, plus the city-wide slice when it asks for one. */
  function widgetShows(filters: [FeedSlice, string][]) {
    const ordered = [...filters].sort((a, b) => SLICE_ORDER.indexOf(a[0]) - SLICE_ORDER.indexOf(b[0]));
    const extra = cityWidePathFor(ordered);
    return selectShown(readFeed(parsed(files, feedPathFor(ordered))), ordered, extra ? readFeed(parsed(files, extra)) : null);
  }

  test("a ward's widget shows what its site page lists: its own listings, then the city-wide ones it does not hold", () => {
    const cityWide = catalogue.term('area', WHOLE_CITY).listings;
    const areas = dataset.terms('area').filter((t) => t.slug !== WHOLE_CITY);
    const disagreements = areas
      .map((area) => {
        const own = catalogue.term('area', area.slug).listings;
        const ownSet = new Set(own);
        const site = [...own, ...cityWide.filter((l) => !ownSet.has(l))].map((l) => l.name);
        const shown = widgetShows([['area', area.slug]]);
        // The page's count of city-wide listings beyond the ward's own (catalogue.cityWideBeyond) is the widget's too.
        return { area: area.slug, site: site.length, widget: shown.own.length + shown.cityWide.length, builder: catalogue.shownByWidget('area', area.slug), own: [own.length, shown.own.length], beyond: [catalogue.cityWideBeyond(area.slug), shown.cityWide.length] };
      })
      .filter((d) => d.site !== d.widget || d.builder !== d.widget || d.own[0] !== d.own[1] || d.beyond[0] !== d.beyond[1]);
    expect(disagreements).toEqual([]);
    expect(areas.some((a) => a.slug.startsWith('ward/'))).toBe(true);
    expect(cityWide.length).toBeGreaterThan(0);
    expect(areas.some((a) => catalogue.cityWideBeyond(a.slug) > 0)).toBe(true);
    expect(catalogue.cityWideBeyond(WHOLE_CITY)).toBe(0);
  });

  test('with another filter, the ward adds the city-wide listings under that filter too, from the one slice fetched', () => {
    const pairs: [[FeedSlice, string], [FeedSlice, string]][] = [];
    for (const category of dataset.terms('category')) {
      for (const area of catalogue.termsInUse('area')) if (area.term.slug !== WHOLE_CITY) pairs.push([['category', category.slug], ['area', area.term.slug]]);
    }
    const expected = (category: string, area: string) => {
      const inCategory = new Set(selectListings(dataset, 'category', category).filter((l) => dataset.isActive(l)));
      return new Set([...selectListings(dataset, 'area', area), ...selectListings(dataset, 'area', WHOLE_CITY)].filter((l) => inCategory.has(l))).size;
    };
    const disagreements = pairs
      .map(([a, b]) => {
        const shown = widgetShows([a, b]);
        return { a, b, widget: shown.own.length + shown.cityWide.length, site: expected(a[1], b[1]) };
      })
      .filter((p) => p.widget !== p.site);
    expect(disagreements).toEqual([]);
  });

  test('a ward whose city-wide slice cannot be had still shows its own listings', () => {
    const ward = catalogue.termsInUse('area').find((a) => a.term.slug.startsWith('ward/'))!.term.slug;
    const shown = selectShown(readFeed(parsed(files, feedPathFor([['area', ward]]))), [['area', ward]], null);
    expect(shown.own.length).toBe(catalogue.term('area', ward).listings.length);
    expect(shown.cityWide).toEqual([]);
  });

  test('a broad category includes its narrower ones, in every output', () => {
    const food = counts('category', 'food-and-essentials');
    const emergency = counts('category', 'emergency-food');
    expect(emergency.feed).toBeGreaterThan(0);
    expect(food.feed).toBeGreaterThan(emergency.feed);
    expect(food).toEqual({ site: food.feed, feed: food.feed, widget: food.feed, builder: food.feed });
  });

  test("a ward's slice includes services whose venue is in the ward, though they do not name it", () => {
    const venueOnly = dataset.services.find((s) => !s.service_areas?.length && (s.locations ?? []).some((at) => dataset.location(at.location)?.ward));
    expect(venueOnly).toBeDefined();
    const ward = dataset.location(venueOnly!.locations![0]!.location)!.ward!;
    const slice = readFeed(parsed(files, fileOf(feedSlicePath('area', ward))));
    expect(slice.items.map((i) => i.name)).toContain(venueOnly!.name);
  });
});
