import { describe, expect, test } from 'vitest';
import { termRef } from '../../src/model/fields.ts';
import { FEED_SLICE_FOLDERS } from '../../src/urls/site.ts';
import { ATTRIBUTE_NAMES, DEFAULT_LIMIT, MAX_LIMIT, SLICE_ORDER, SLUG_PATTERN, cityWidePathFor, feedPathFor, readOptions, siteAddress, siteOfScript } from '../../src/widget/options.ts';

const attrs = (values: Record<string, string>) => (name: string) => values[name] ?? null;
const SITE = 'https://loop.example.org/loop/';

describe('where LOOP is', () => {
  test('the site is the address the script came from, for the moving file and for pinned releases', () => {
    expect(siteOfScript('https://loop.example.org/loop/widget/v1/loop-widget.js')).toBe(SITE);
    expect(siteOfScript('https://loop.example.org/widget/v1/loop-widget.mjs')).toBe('https://loop.example.org/');
    expect(siteOfScript('https://loop.example.org/loop/widget/v1/1.2.3/loop-widget.js?cache=1#x')).toBe(SITE);
    expect(siteOfScript('http://127.0.0.1:8080/widget/v1/loop-widget.js')).toBe('http://127.0.0.1:8080/');
  });

  test('anything else is unknown, so the src attribute must say', () => {
    for (const url of [null, undefined, '', 'https://cdn.example.org/js/loop-widget.js', 'https://x.example/widget/v1/other.js', 'file:///widget/v1/loop-widget.js', 'blob:https://x/widget/v1/loop-widget.js']) {
      expect(siteOfScript(url), String(url)).toBeNull();
    }
    const options = readOptions(attrs({}), null);
    expect(options.site).toBeNull();
    expect(options.problems.join()).toMatch(/add src="https:\/\/…"/);
  });

  test('src overrides the script\'s site, resolves against the page and accepts only http(s)', () => {
    expect(readOptions(attrs({ src: 'https://other.example.org/loop' }), SITE).site).toBe('https://other.example.org/loop/');
    expect(readOptions(attrs({ src: '/directory/' }), SITE, 'https://host.example/page.html').site).toBe('https://host.example/directory/');
    for (const bad of ['javascript:alert(1)', 'data:text/html,x', 'ftp://loop.example.org/', 'http://']) {
      const options = readOptions(attrs({ src: bad }), SITE);
      expect(options.site, bad).toBeNull();
      expect(options.problems.join(), bad).toMatch(/not an http or https address/);
    }
    expect(siteAddress('https://loop.example.org/x?y=1#z')).toBe('https://loop.example.org/x/');
  });
});

describe('filters and the one file to fetch', () => {
  test('every feed slice folder can be chosen, in a fixed narrowest-first order', () => {
    expect([...SLICE_ORDER].sort()).toEqual(Object.keys(FEED_SLICE_FOLDERS).sort());
    expect(ATTRIBUTE_NAMES).toEqual(expect.arrayContaining([...SLICE_ORDER, 'limit', 'paging', 'search', 'heading', 'heading-level', 'target', 'src']));
  });

  test('no filter reads listings.json; one filter reads its slice; several read the narrowest', () => {
    expect(feedPathFor([])).toBe('feeds/v1/listings.json');
    expect(feedPathFor(readOptions(attrs({ category: 'carers-support' }), SITE).filters)).toBe('feeds/v1/categories/carers-support.json');
    expect(feedPathFor(readOptions(attrs({ audience: 'carers' }), SITE).filters)).toBe('feeds/v1/audiences/carers.json');
    expect(feedPathFor(readOptions(attrs({ area: 'ward/armley' }), SITE).filters)).toBe('feeds/v1/areas/ward/armley.json');
    const several = readOptions(attrs({ area: 'leeds', category: 'mental-health', tag: 'coronavirus' }), SITE);
    expect(several.filters).toEqual([['tag', 'coronavirus'], ['category', 'mental-health'], ['area', 'leeds']]);
    expect(feedPathFor(several.filters)).toBe('feeds/v1/tags/coronavirus.json');
    expect(feedPathFor(readOptions(attrs({ category: 'x', organisation: 'chapeltown-carers' }), SITE).filters)).toBe('feeds/v1/organisations/chapeltown-carers.json');
  });

  test('filters without a published slice are applied to the narrowest slice that exists, or to listings.json', () => {
    expect(feedPathFor(readOptions(attrs({ condition: 'dementia', category: 'dementia-support' }), SITE).filters)).toBe('feeds/v1/categories/dementia-support.json');
    expect(feedPathFor(readOptions(attrs({ language: 'ur' }), SITE).filters)).toBe('feeds/v1/listings.json');
    expect(feedPathFor(readOptions(attrs({ circumstance: 'bereavement' }), SITE).filters)).toBe('feeds/v1/listings.json');
  });

  test('slugs are trimmed and lower-cased; empty ones are ignored', () => {
    expect(readOptions(attrs({ category: '  Carers-Support ', need: '' }), SITE).filters).toEqual([['category', 'carers-support']]);
  });

  test('a value that is not a slug is a problem (no path tricks reach the feed address)', () => {
    for (const bad of ['../../secrets', 'a b', 'carers/support/more', '%2e%2e', 'x?y=1', '<script>', 'ward//armley', '-x']) {
      const options = readOptions(attrs({ category: bad }), SITE);
      expect(options.filters, bad).toEqual([]);
      expect(options.problems.join(), bad).toMatch(/is not a LOOP slug/);
    }
  });

  test('the slug pattern accepts exactly what the listing model accepts as a term reference', () => {
    for (const value of ['carers-support', 'ward/armley', 'postcode/ls7', 'en', 'a1', 'x/y', 'carers--support', 'Carers', 'a/b/c', '', '-a', 'a-', 'a_b', 'ward/', '/x']) {
      expect(SLUG_PATTERN.test(value), value).toBe(termRef.safeParse(value).success);
    }
  });
});

describe('display options', () => {
  test('defaults', () => {
    const options = readOptions(attrs({}), SITE);
    expect(options).toMatchObject({ limit: DEFAULT_LIMIT, paging: false, search: false, heading: '', headingLevel: 2, target: '', site: SITE, problems: [], warnings: [] });
  });

  test('boolean attributes count when present, whatever their value', () => {
    expect(readOptions(attrs({ paging: '', search: 'search' }), SITE)).toMatchObject({ paging: true, search: true });
  });

  test('limit and heading-level: bad values fall back with a warning, large ones are capped', () => {
    expect(readOptions(attrs({ limit: '5' }), SITE).limit).toBe(5);
    expect(readOptions(attrs({ limit: '5000' }), SITE).limit).toBe(MAX_LIMIT);
    for (const bad of ['abc', '0', '-3', '2.5', 'Infinity']) {
      const options = readOptions(attrs({ limit: bad }), SITE);
      expect(options.limit, bad).toBe(DEFAULT_LIMIT);
      expect(options.warnings.join(), bad).toMatch(/limit=/);
      expect(options.problems, bad).toEqual([]);
    }
    expect(readOptions(attrs({ 'heading-level': '4' }), SITE).headingLevel).toBe(4);
    expect(readOptions(attrs({ 'heading-level': '9' }), SITE).headingLevel).toBe(6);
    expect(readOptions(attrs({ 'heading-level': 'h3' }), SITE).headingLevel).toBe(2);
  });

  test('target takes only the four browsing-context keywords', () => {
    expect(readOptions(attrs({ target: '_top' }), SITE).target).toBe('_top');
    const odd = readOptions(attrs({ target: 'javascript:alert(1)' }), SITE);
    expect(odd.target).toBe('');
    expect(odd.warnings.join()).toMatch(/target=/);
  });

  test('the heading is trimmed text', () => {
    expect(readOptions(attrs({ heading: '  <b>Carers</b> ' }), SITE).heading).toBe('<b>Carers</b>');
  });

  test('a ward alone also needs the city-wide slice; the city itself, or a ward with a narrower filter, does not (issue #18)', () => {
    const path = (a: Record<string, string>) => cityWidePathFor(readOptions(attrs(a), SITE).filters);
    expect(path({ area: 'ward/armley' })).toBe('feeds/v1/areas/leeds.json');
    expect(path({ area: 'postcode/ls12' })).toBe('feeds/v1/areas/leeds.json');
    expect(path({ area: 'ward/armley', condition: 'dementia' })).toBe('feeds/v1/areas/leeds.json');
    expect(path({ area: 'leeds' })).toBeNull();
    expect(path({ area: 'ward/armley', category: 'carers-support' })).toBeNull();
    expect(path({ category: 'carers-support' })).toBeNull();
  });
});
