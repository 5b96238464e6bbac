/**
 * The LOOP feeds (/feeds/v1/): content, slices, change feeds, and every generated document validated against the
 * JSON Schema LOOP publishes for it under /schemas/v1/ (generated from the zod feed model).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { DomUtils, parseDocument } from 'htmlparser2';
import type { ChangedRecord } from '../../src/history/history.ts';
import { beforeAll, describe, expect, test } from 'vitest';
import { validateDataSync } from '../../src/checks/load.ts';
import { History, loadHistory } from '../../src/history/history.ts';
import { ATOM_RECORDS, changeEntries, changeFiles, changesChunks, changesDocument, changeTitle, xml } from '../../src/publish/changes.ts';
import { json, makeContext, type OutputFiles, type PublishContext } from '../../src/publish/context.ts';
import type { ListingItem } from '../../src/publish/feed-model.ts';
import { feedFiles } from '../../src/publish/feeds.ts';
import { daysInWords, openingText } from '../../src/publish/opening.ts';
import { schemaFiles } from '../../src/publish/schemas.ts';
import { versionFiles } from '../../src/publish/versions.ts';
import { orukApiFiles } from '../../src/publish/oruk-api.ts';
import { downloadContents } from '../../src/publish/bulk/downloads.ts';
import { manifestFile, factsOf } from '../../src/publish/manifest.ts';
import { repoRoot } from '../support/shared.ts';
import { AS_OF, readFixture } from '../support/data.ts';
import { exampleDataset, fixtureDataset, parsed, testContext, text } from '../support/publish.ts';
import { testRepo } from '../support/git.ts';

/** The schema name each feed path is published against. */
function schemaFor(path: string): string | undefined {
  if (path === 'feeds/v1/index.json') return 'feed-index';
  if (/^feeds\/v1\/listings\/[0-9a-f-]{36}\.json$/.test(path)) return 'record';
  if (path === 'feeds/v1/listings/index.json') return 'listings-parts';
  if (/^feeds\/v1\/listings\/part\/\d+\.json$/.test(path)) return 'listings-part';
  if (/^feeds\/v1\/history\/[0-9a-f-]{36}\.json$/.test(path)) return 'history';
  if (/^feeds\/v1\/(organisations|taxonomies|changes)\.json$/.test(path)) return path.slice(9, -5);
  if (path === 'feeds/v1/listings.json' || /^feeds\/v1\/(categories|needs|circumstances|conditions|audiences|areas|languages|tags|organisations)\/.+\.json$/.test(path)) return 'listings';
  if (path === 'downloads/manifest.json') return 'manifest';
  if (path === 'downloads/versions.json') return 'versions';
  return undefined;
}

function compileSchemas(ctx: PublishContext): Map<string, ValidateFunction> {
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  (addFormats as unknown as (a: Ajv2020) => void)(ajv);
  const out = new Map<string, ValidateFunction>();
  for (const [path, content] of schemaFiles(ctx)) {
    const name = /schemas\/v1\/(.+)\.schema\.json$/.exec(path)![1]!;
    out.set(name, ajv.compile(JSON.parse(content as string) as object));
  }
  return out;
}

function validateFeeds(ctx: PublishContext, files: OutputFiles): string[] {
  const schemas = compileSchemas(ctx);
  const problems: string[] = [];
  let checked = 0;
  for (const [path, content] of files) {
    if (!path.endsWith('.json')) continue;
    const name = schemaFor(path);
    if (!name) {
      problems.push(`${path}: no schema`);
      continue;
    }
    const validate = schemas.get(name)!;
    checked++;
    if (!validate(JSON.parse(content as string))) problems.push(`${path} (${name}): ${JSON.stringify(validate.errors?.slice(0, 3))}`);
  }
  if (!checked) problems.push('nothing checked');
  return problems;
}

async function allFeeds(ctx: PublishContext): Promise<OutputFiles> {
  const files: OutputFiles = new Map([...feedFiles(ctx), ...changeFiles(ctx)]);
  const versions = await versionFiles(ctx, { lockPath: '/nonexistent/published-versions.json', configPath: join(repoRoot, 'loop.config.yaml') });
  for (const [k, v] of versions.files) files.set(k, v);
  const facts = new Map([...files].map(([k, v]) => [k, factsOf(v)]));
  for (const [k, v] of manifestFile(ctx, facts)) files.set(k, v);
  return files;
}

describe('listings feed and slices', () => {
  const dataset = fixtureDataset();
  const ctx = testContext(dataset);
  const files = feedFiles(ctx);
  const items = (path: string) => parsed<{ items: ListingItem[]; count: number; slice?: unknown }>(files, path);

  test('every listing, wrapped with version, licence and attribution', () => {
    const doc = parsed<Record<string, unknown>>(files, 'feeds/v1/listings.json');
    expect(doc).toMatchObject({
      schema_version: '1.0',
      dataset_version: '2026-11-20-abc1234',
      generated_at: '2026-11-20T10:00:00Z',
      licence: { id: 'OGL-UK-3.0', name: 'Open Government Licence v3.0', url: 'https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/' },
      attribution: 'Contains LOOP (Leeds Online Open Platform) data, licensed under the Open Government Licence v3.0',
      count: 4,
    });
    expect(items('feeds/v1/listings.json').items.map((i) => i.slug)).toEqual(['chapeltown-carers/carers-drop-in', 'chapeltown-carers/carers-guide', 'chapeltown-carers/carers-phone-line', 'harehills-food-share/food-share']);
  });

  test('a compact item has what a widget shows', () => {
    const drop = items('feeds/v1/listings.json').items[0]!;
    expect(drop).toEqual({
      id: '6f1c3b9e-2d4a-4c8e-9b7a-1e2f3a4b5c6d',
      type: 'service',
      slug: 'chapeltown-carers/carers-drop-in',
      name: "Carers' Drop-in",
      organisation: { id: '7d0e3c52-6a1b-4c4e-9a57-0c2b8f1e4a10', slug: 'chapeltown-carers', name: 'Chapeltown Carers Network' },
      summary: 'A weekly drop-in for unpaid carers with a cuppa, advice and time with people who understand.',
      status: 'active',
      kind: 'group',
      categories: [{ slug: 'carers-support', name: 'Carers support' }],
      needs: [{ slug: 'someone-to-talk-to', name: 'Someone to talk to' }],
      audiences: [{ slug: 'carers', name: 'Carers' }],
      areas: [
        { slug: 'ward/chapel-allerton', name: 'Chapel Allerton' },
        { slug: 'ward/gipton-and-harehills', name: 'Gipton & Harehills' },
      ],
      languages: [
        { slug: 'en', name: 'English' },
        { slug: 'ur', name: 'Urdu' },
      ],
      tags: ['coronavirus'],
      // Its venue's postcode district, which it does not name: its areas slice and the site list it there too.
      also_under: { area: ['postcode/ls7'] },
      delivery: ['in-person', 'phone'],
      free: true,
      minimum_age: 18,
      referral: 'self-referral',
      phones: [{ number: '0113 496 0123', description: "Carers' advice line" }],
      locations: [
        {
          id: '0f7f2d1c-8e5a-4b6e-9c3d-1a2b3c4d5e6f',
          slug: 'chapeltown-community-hub',
          name: 'Chapeltown Community Hub',
          postcode: 'LS7 3DX',
          latitude: 53.8179,
          longitude: -1.5318,
          ward: { slug: 'ward/chapel-allerton', name: 'Chapel Allerton' },
          opening: ['Wednesday 10:00–12:00'],
        },
      ],
      reviewed: '2026-09-14',
      freshness: 'current',
      page_url: 'https://loop-leeds.github.io/loop/services/chapeltown-carers/carers-drop-in/',
    });
    expect(parsed(files, 'feeds/v1/listings.json').links).toEqual({
      record: 'https://loop-leeds.github.io/loop/feeds/v1/listings/{id}.json',
      oruk: 'https://loop-leeds.github.io/loop/oruk/v3/services/{id}.json',
      history: 'https://loop-leeds.github.io/loop/feeds/v1/history/{id}.json',
    });
    const phone = items('feeds/v1/listings.json').items[2]!;
    expect(phone.opening).toEqual(['Monday to Friday 13:00–16:00']);
    const food = items('feeds/v1/listings.json').items[3]!;
    expect(food).toMatchObject({ free: true, cost: 'Food parcels are free; the café asks for a donation if you can.' });
    expect(food.locations![0]!.opening).toEqual(['First and third Friday of the month 11:00–14:00']);
  });

  test('documents are canonical JSON (items are serialised once and spliced into each slice)', () => {
    for (const path of ['feeds/v1/listings.json', 'feeds/v1/categories/carers-support.json', 'feeds/v1/audiences/older-people.json']) {
      const raw = text(files, path);
      expect(JSON.stringify(JSON.parse(raw)), path).toBe(raw);
    }
  });

  test('slices per category, need, area, audience, tag and organisation', () => {
    expect(items('feeds/v1/categories/carers-support.json')).toMatchObject({ count: 3, slice: { type: 'category', slug: 'carers-support', name: 'Carers support' } });
    expect(items('feeds/v1/categories/emergency-food.json').items.map((i) => i.name)).toEqual(['Harehills Food Share']);
    expect(items('feeds/v1/areas/ward/chapel-allerton.json').items.map((i) => i.name)).toEqual(["Carers' Drop-in"]);
    // The site's selection (src/dataset/selection.ts): a resource is open to the whole city, as on "Help across Leeds".
    expect(items('feeds/v1/areas/leeds.json').items.map((i) => i.name)).toEqual(['A Guide for New Carers', 'Carers Phone Line']);
    expect(items('feeds/v1/needs/food.json').count).toBe(1);
    expect(items('feeds/v1/audiences/carers.json').items.map((i) => i.name)).toEqual(["Carers' Drop-in", 'A Guide for New Carers']);
    // Circumstances, conditions and languages are not sliced (see SLICED_KINDS).
    expect(files.has('feeds/v1/languages/ur.json')).toBe(false);
    expect(items('feeds/v1/tags/cost-of-living.json').items.map((i) => i.name)).toEqual(['Harehills Food Share']);
    expect(items('feeds/v1/organisations/chapeltown-carers.json').count).toBe(3);
    // A term nobody uses yet still has its slice, so consumers get an empty list rather than a 404.
    expect(items('feeds/v1/audiences/older-people.json')).toMatchObject({ count: 0, items: [] });
  });

  test('one record per listing in LOOP\'s own format, with derived fields', () => {
    const doc = parsed<{ item: Record<string, unknown> }>(files, 'feeds/v1/listings/6f1c3b9e-2d4a-4c8e-9b7a-1e2f3a4b5c6d.json');
    expect(doc.item).toMatchObject({
      id: '6f1c3b9e-2d4a-4c8e-9b7a-1e2f3a4b5c6d',
      type: 'service',
      kind: 'group',
      file: 'data/services/chapeltown-carers/carers-drop-in.yaml',
      published_status: 'active',
      freshness: { freshness: 'current', due: '2027-03-14', overdue: '2027-09-14' },
      organisation_name: 'Chapeltown Carers Network',
      source_url: 'https://github.com/loop-leeds/loop/blob/main/data/services/chapeltown-carers/carers-drop-in.yaml',
      history_url: 'https://loop-leeds.github.io/loop/feeds/v1/history/6f1c3b9e-2d4a-4c8e-9b7a-1e2f3a4b5c6d.json',
    });
    expect(doc.item.locations).toEqual([{ location: 'chapeltown-community-hub', schedules: [{ freq: 'weekly', days: ['WE'], opens: '10:00', closes: '12:00' }] }]);
  });

  test('organisations and taxonomies, with counts, LGA/esd and ONS mappings and slice links', () => {
    const orgs = parsed<{ items: Record<string, unknown>[] }>(files, 'feeds/v1/organisations.json');
    expect(orgs.items[0]).toMatchObject({ slug: 'chapeltown-carers', listing_count: 3, charity_number: '1190001', listings_url: 'https://loop-leeds.github.io/loop/feeds/v1/organisations/chapeltown-carers.json' });
    const tax = parsed<{ items: { key: string; terms: Record<string, unknown>[] }[] }>(files, 'feeds/v1/taxonomies.json');
    const categories = tax.items.find((t) => t.key === 'category')!;
    expect(categories.terms[0]).toMatchObject({ slug: 'carers-support', code: 'carers-support', uri: 'http://id.esd.org.uk/service/298', esd: ['http://id.esd.org.uk/service/298'], listing_count: 3 });
    const areas = tax.items.find((t) => t.key === 'area')!;
    expect(areas.terms.find((t) => t.slug === 'ward/chapel-allerton')).toMatchObject({ code: 'E05011390', parent: 'leeds', uri: 'http://statistics.data.gov.uk/id/statistical-geography/E05011390', listing_count: 1 });
    const delivery = tax.items.find((t) => t.key === 'loop-delivery')!;
    expect(delivery.terms.find((t) => t.slug === 'phone')).toMatchObject({ listing_count: 2 });
  });
});

describe("a region's first version: every record added in one change set (issue #19)", () => {
  const ADDED = 20_000;
  let ctx: PublishContext;
  beforeAll(() => {
    const dataset = fixtureDataset();
    const listing = dataset.listings[0]!;
    const added = Array.from({ length: ADDED }, (_, i) => ({ kind: 'service' as const, id: listing.id, name: `Service ${i} <b>`, slug: i === 0 ? listing.slug : `org/service-${i}`, file: `data/services/org/service-${i}.yaml`, current: i === 0 }));
    const history = new History({
      status: { available: true, shallow: false, uncommitted: [] },
      changeSets: [{ version: '2026-01-05-abcdef0', commit: 'a'.repeat(40), date: '2026-01-05T09:00:00+00:00', summary: 'Import the region', added, changed: [], removed: [] }],
    });
    ctx = makeContext(dataset, { history });
  });

  test('changes.json comes in pieces no larger than one record, and they make the whole document', () => {
    const chunks = [...changesChunks(ctx)];
    expect(chunks.length).toBeGreaterThan(ADDED);
    expect(Math.max(...chunks.map((c) => c.length))).toBeLessThan(2000);
    const whole = chunks.join('');
    expect(whole).toBe(json(changesDocument(ctx)));
    const doc = JSON.parse(whole) as { count: number; items: { added: { name: string }[]; changed: unknown[]; removed: unknown[] }[] };
    expect(doc.count).toBe(1);
    expect(doc.items[0]!.added).toHaveLength(ADDED);
    expect(doc.items[0]!.added[ADDED - 1]!.name).toBe(`Service ${ADDED - 1} <b>`);
    expect(doc.items[0]!.changed).toEqual([]);
  });

  test('the Atom entry names the first records of each list and counts the rest, linking to changes.json', () => {
    const atom = text(changeFiles(ctx), 'feeds/v1/changes.atom');
    const content = DomUtils.textContent(DomUtils.getElementsByTagName('content', parseDocument(atom, { xmlMode: true }))[0]!);
    const html = parseDocument(content);
    const items = DomUtils.getElementsByTagName('li', html);
    expect(items).toHaveLength(ATOM_RECORDS + 1);
    expect(DomUtils.textContent(items.at(-1)!)).toBe(`and ${(ADDED - ATOM_RECORDS).toLocaleString('en-GB')} more: every one is in changes.json`);
    expect(DomUtils.getElementsByTagName('a', items.at(-1)!)[0]!.attribs.href).toBe('https://loop-leeds.github.io/loop/feeds/v1/changes.json');
    // The title still counts them all; a name stays text.
    expect(DomUtils.textContent(DomUtils.getElementsByTagName('title', parseDocument(atom, { xmlMode: true }))[1]!)).toMatch(/^20000 services added: Service 0 <b>, /);
    expect(atom.length).toBeLessThan(100_000);
  });
});

describe('change feeds from git', () => {
  let ctx: PublishContext;
  let files: OutputFiles;
  beforeAll(async () => {
    const repo = testRepo({ date: '2026-01-05T09:00:00+00:00' });
    repo.write({ 'data/services/chapeltown-carers/carers-drop-in.yaml': readFixture('services/chapeltown-carers/carers-drop-in.yaml').replace("name: Carers' Drop-in", 'name: "Carers\' Drop-in <Wednesdays> & more"') });
    repo.commit('Rename the drop-in: <b>bold</b> & "quoted"', '2026-06-15T10:00:00+01:00');
    repo.write({ 'data/resources/chapeltown-carers/carers-guide.yaml': null });
    repo.commit('Remove the guide', '2026-07-01T10:00:00+01:00');
    const result = validateDataSync({ dataDir: join(repo.dir, 'data'), root: repo.dir, asOf: AS_OF });
    const history = await loadHistory(result.dataset!, { dataDir: join(repo.dir, 'data'), root: repo.dir });
    ctx = makeContext(result.dataset!, { history });
    files = changeFiles(ctx);
  });

  test('changes.json: one entry per dataset version, newest first, with links', () => {
    const doc = parsed<{ history: unknown; items: Record<string, unknown>[] }>(files, 'feeds/v1/changes.json');
    expect(doc.history).toEqual({ available: true, shallow: false });
    expect(doc.items.map((i) => i.summary)).toEqual(['Remove the guide', 'Rename the drop-in: <b>bold</b> & "quoted"', 'Add the listings']);
    expect(doc.items[0]).toMatchObject({
      date: '2026-07-01T09:00:00Z',
      added: [],
      changed: [],
      removed: [{ kind: 'resource', id: '8e9f0a1b-2c3d-4e5f-8a6b-7c8d9e0f1a2b', name: 'A Guide for New Carers', slug: 'chapeltown-carers/carers-guide', current: false }],
    });
    expect(doc.items[1]!.changed).toEqual([
      {
        kind: 'service',
        id: '6f1c3b9e-2d4a-4c8e-9b7a-1e2f3a4b5c6d',
        name: "Carers' Drop-in <Wednesdays> & more",
        slug: 'chapeltown-carers/carers-drop-in',
        current: true,
        page_url: 'https://loop-leeds.github.io/loop/services/chapeltown-carers/carers-drop-in/',
        json_url: 'https://loop-leeds.github.io/loop/feeds/v1/listings/6f1c3b9e-2d4a-4c8e-9b7a-1e2f3a4b5c6d.json',
      },
    ]);
    expect(String(doc.items[1]!.commit_url)).toMatch(/^https:\/\/github\.com\/loop-leeds\/loop\/commit\/[0-9a-f]{40}$/);
  });

  test('changes.json is streamed, and its bytes are those of the whole document (every order of empty and full lists)', () => {
    // The three versions: one removal only, one change only, one of additions only.
    expect([...changesChunks(ctx)].join('')).toBe(json(changesDocument(ctx)));
    const [path, content] = [...changeEntries(ctx)][0]!;
    expect(path).toBe('feeds/v1/changes.json');
    expect(typeof content).not.toBe('string');
  });

  test('history/<uuid>.json: every change to one listing', () => {
    const doc = parsed<{ items: Record<string, unknown>[]; truncated: boolean; count: number }>(files, 'feeds/v1/history/6f1c3b9e-2d4a-4c8e-9b7a-1e2f3a4b5c6d.json');
    expect(doc.truncated).toBe(false);
    expect(doc.items.map((i) => [i.date, i.summary, i.change])).toEqual([
      ['2026-06-15T09:00:00Z', 'Rename the drop-in: <b>bold</b> & "quoted"', 'changed'],
      ['2026-01-05T09:00:00Z', 'Add the listings', 'added'],
    ]);
  });

  test('every published timestamp is UTC with Z, never an offset (Frictionless v1 rejects +00:00)', () => {
    // Commits above carry +01:00 and +00:00 offsets; every writer that prints a git date must turn it into Z.
    const all: OutputFiles = new Map([...files, ...feedFiles(ctx), ...orukApiFiles(ctx), ...downloadContents(ctx)]);
    all.set('downloads/manifest.json', text(manifestFile(ctx, new Map([...all].map(([p, c]) => [p, factsOf(c)]))), 'downloads/manifest.json'));
    const offset = /\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?[+-]\d\d:?\d\d/;
    const frictionlessV1 = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/; // Table Schema v1 datetime, default format
    let stamps = 0;
    for (const [path, content] of all) {
      if (typeof content !== 'string') continue;
      expect(content.match(offset)?.[0], path).toBeUndefined();
      for (const m of content.matchAll(/\d{4}-\d\d-\d\dT[0-9:.]+Z/g)) {
        expect(m[0], path).toMatch(frictionlessV1);
        stamps++;
      }
    }
    expect(stamps).toBeGreaterThan(10);
    expect(text(files, 'feeds/v1/changes.atom')).toContain('<updated>2026-07-01T09:00:00Z</updated>');
  });

  test('changes.atom is well-formed Atom, and names and summaries stay text', () => {
    const atom = text(files, 'feeds/v1/changes.atom');
    const doc = parseDocument(atom, { xmlMode: true });
    const feed = doc.children.find((n) => 'name' in n && n.name === 'feed') as unknown as { attribs: Record<string, string>; children: { name?: string }[] };
    expect(feed.attribs.xmlns).toBe('http://www.w3.org/2005/Atom');
    expect(feed.children.filter((c) => c.name === 'entry')).toHaveLength(3);
    expect(atom).not.toContain('<b>');
    expect(atom).not.toContain('<Wednesdays>');
    expect(atom).toContain('Carers&apos; Drop-in &lt;Wednesdays&gt; &amp; more changed');
    expect(atom).toContain('&amp;lt;Wednesdays&amp;gt;');
    expect(xml('a\u0000b\u001fc &')).toBe('abc &amp;');
  });

  test('Atom entry titles say what changed in the data, never the commit message', () => {
    const doc = parseDocument(text(files, 'feeds/v1/changes.atom'), { xmlMode: true });
    const titles = DomUtils.getElementsByTagName('entry', doc).map((e) => DomUtils.textContent(DomUtils.getElementsByTagName('title', e)[0]!));
    expect(titles.slice(0, 2)).toEqual(['A Guide for New Carers removed', "Carers' Drop-in <Wednesdays> & more changed"]);
    expect(titles[2]).toMatch(/^\d+ records added: /);
    for (const t of titles) expect(t).not.toMatch(/Rename the drop-in|Remove the guide|Add the listings/);
    const record = (name: string, kind: ChangedRecord['kind'] = 'service'): ChangedRecord => ({ kind, name, file: `data/${name}.yaml`, current: true });
    expect(changeTitle({ added: [], changed: [record('A'), record('B', 'resource'), record('C'), record('D')], removed: [record('E', 'location')] })).toBe('4 listings changed: A, B, C and 1 more; E removed');
    expect(changeTitle({ added: [record('A'), record('B')], changed: [], removed: [] })).toBe('2 services added: A and B');
    expect(changeTitle({ added: [], changed: [], removed: [] })).toBe('Data files changed (no listing, organisation or venue)');
  });

  test('every feed validates against its published schema', async () => {
    const all = await allFeeds(ctx);
    expect(validateFeeds(ctx, all)).toEqual([]);
  });
});

describe('published JSON Schemas', () => {
  const dataset = fixtureDataset();
  const ctx = testContext(dataset);

  test('the authoring schemas are the committed schemas/ files; feed schemas have their own address', () => {
    const files = schemaFiles(ctx);
    for (const name of ['service', 'organisation', 'location', 'resource', 'taxonomy', 'synonyms', 'config']) {
      expect(text(files, `schemas/v1/${name}.schema.json`)).toBe(readFileSync(join(repoRoot, 'schemas', `${name}.schema.json`), 'utf8'));
    }
    expect(parsed(files, 'schemas/v1/listings.schema.json')).toMatchObject({ $schema: 'https://json-schema.org/draft/2020-12/schema', $id: 'https://loop-leeds.github.io/loop/schemas/v1/listings.schema.json', title: 'LOOP listings feed' });
  });

  test('every feed of the fixture and of the example data validates', async () => {
    expect(validateFeeds(ctx, await allFeeds(ctx))).toEqual([]);
    const example = testContext(exampleDataset());
    expect(validateFeeds(example, await allFeeds(example))).toEqual([]);
  });

  test('the schemas are not vacuous', () => {
    const schemas = compileSchemas(ctx);
    const doc = parsed<{ items: Record<string, unknown>[] }>(feedFiles(ctx), 'feeds/v1/listings.json');
    const listings = schemas.get('listings')!;
    expect(listings(doc)).toBe(true);
    const { name: _name, ...nameless } = doc.items[0]!;
    expect(listings({ ...doc, items: [nameless] })).toBe(false);
    expect(listings({ ...doc, items: [{ ...doc.items[0], surprise: 1 }] })).toBe(false);
    expect(listings({ ...doc, generated_at: '2026-11-20 10:00' })).toBe(false);
    expect(listings({ ...doc, items: [{ ...doc.items[0], page_url: 'not a url' }] })).toBe(false);
  });
});

describe('opening times in words', () => {
  test('days, runs of days, intervals, months and the author\'s own words', () => {
    expect(daysInWords(['MO', 'TU', 'WE', 'TH', 'FR'])).toBe('Monday to Friday');
    expect(daysInWords(['FR', 'MO', 'WE'])).toBe('Monday, Wednesday and Friday');
    expect(daysInWords(['SA', 'SU'])).toBe('Saturday and Sunday');
    expect(daysInWords(['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'])).toBe('Every day');
    expect(openingText({ freq: 'weekly', days: ['WE'], opens: '10:00', closes: '12:00' })).toBe('Wednesday 10:00–12:00');
    expect(openingText({ freq: 'weekly', interval: 2, days: ['TU'], opens: '18:00', closes: '20:00', dtstart: '2026-01-06' })).toBe('Every other Tuesday 18:00–20:00 (from 6 January 2026)');
    expect(openingText({ freq: 'weekly', interval: 3, days: ['TU'] })).toBe('Every 3 weeks on Tuesday');
    expect(openingText({ freq: 'monthly', weeks_of_month: [-1], days: ['FR'] })).toBe('Last Friday of the month');
    expect(openingText({ freq: 'monthly', month_days: [1, 15], opens: '09:00', closes: '10:00' })).toBe('On the 1st and 15th of the month 09:00–10:00');
    expect(openingText({ freq: 'monthly', month_days: [-1] })).toBe('On the last day of the month');
    expect(openingText({ freq: 'monthly', dtstart: '2026-01-05' })).toBe('Monthly');
    expect(openingText({ freq: 'weekly', days: ['MO'], valid_to: '2027-03-31' })).toBe('Monday, until 31 March 2027');
    expect(openingText({ freq: 'weekly', days: ['MO'], description: 'Mondays in term time' })).toBe('Mondays in term time');
  });
});
