/**
 * Issue #19, "every output streams": a publish of a synthetic dataset of a few thousand listings hands the disk no
 * buffer bigger than a bound, although listings.json, listings.csv and services.ndjson are each bigger than it; the
 * listings feed is also published in bounded parts with an index (checked against the published JSON Schemas).
 * The zip is the documented exception: it is written member by member, each member's compressed bytes at once.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { generate } from '../../scripts/synthetic/generate.ts';
import { validateData } from '../../src/checks/load.ts';
import type { Dataset } from '../../src/dataset/dataset.ts';
import { History } from '../../src/history/history.ts';
import { wholeOf, type Chunk } from '../../src/publish/context.ts';
import { LISTINGS_PART_SIZE } from '../../src/publish/feed-model.ts';
import { publish, streamTo, WRITE_BUFFER } from '../../src/publish/publish.ts';
import { AS_OF } from '../support/data.ts';
import { TEST_BUILD } from '../support/publish.ts';

/** No buffer handed to the disk may be bigger than this (a streamed file's buffer, plus one chunk). */
const BOUND = 2 * WRITE_BUFFER;

let dir: string;
let out: string;
let dataset: Dataset;
const largest = new Map<string, number>();

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'loop-stream-'));
  generate({ services: 2500, seed: 19, out: dir });
  const result = await validateData({ dataDir: join(dir, 'data'), root: dir, asOf: AS_OF });
  if (!result.dataset || result.errors) throw new Error(`the synthetic dataset has ${result.errors} errors`);
  dataset = result.dataset;
  out = join(dir, 'out');
  await publish(dataset, out, {
    root: dir,
    dataDir: join(dir, 'data'),
    history: History.unavailable('test'),
    build: TEST_BUILD,
    onBuffer: (path, bytes) => largest.set(path, Math.max(largest.get(path) ?? 0, bytes)),
  });
}, 600_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const size = (path: string) => statSync(join(out, path)).size;

describe('a publish of 2,500 generated services', () => {
  test('the large outputs are bigger than the bound, so one whole buffer of them would fail the next test', () => {
    for (const path of ['feeds/v1/listings.json', 'downloads/listings.csv', 'downloads/services.ndjson']) expect(size(path), path).toBeGreaterThan(BOUND);
  });

  test('no output except the zip hands the disk a buffer bigger than the bound', () => {
    // The ORUK API's pages are bounded by their page size (LOOP_ORUK_PAGE_SIZE), not streamed.
    const over = [...largest].filter(([path, bytes]) => bytes > BOUND && path !== 'downloads/loop-data.zip' && !path.startsWith('oruk/v3/'));
    expect(over).toEqual([]);
    expect(largest.get('feeds/v1/listings.json')).toBeLessThanOrEqual(BOUND);
  });

  test('the listings feed in parts: bounded files holding exactly the items of listings.json, in order, with a correct index', () => {
    const whole = JSON.parse(readFileSync(join(out, 'feeds/v1/listings.json'), 'utf8')) as { count: number; items: { id: string }[] };
    const index = JSON.parse(readFileSync(join(out, 'feeds/v1/listings/index.json'), 'utf8')) as { listing_count: number; part_size: number; count: number; items: { number: number; url: string; count: number; bytes: number; sha256: string }[] };
    expect(index.listing_count).toBe(whole.count);
    expect(index.part_size).toBe(LISTINGS_PART_SIZE);
    expect(index.count).toBe(Math.ceil(whole.count / LISTINGS_PART_SIZE));
    expect(index.count).toBeGreaterThan(1);
    const ids: string[] = [];
    for (const [i, entry] of index.items.entries()) {
      expect(entry.number).toBe(i + 1);
      const path = `feeds/v1/listings/part/${entry.number}.json`;
      expect(entry.url.endsWith(`/${path}`)).toBe(true);
      const bytes = readFileSync(join(out, path));
      expect(bytes.byteLength).toBe(entry.bytes);
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(entry.sha256);
      const part = JSON.parse(bytes.toString('utf8')) as { part: { number: number; of: number }; count: number; items: { id: string }[] };
      expect(part.part).toMatchObject({ number: entry.number, of: index.count });
      expect(part.count).toBe(entry.count);
      expect(part.items.length).toBeLessThanOrEqual(LISTINGS_PART_SIZE);
      ids.push(...part.items.map((item) => item.id));
    }
    expect(ids).toEqual(whole.items.map((item) => item.id));
  });

  test('the parts and their index validate against the JSON Schemas the site publishes', () => {
    const ajv = new Ajv2020({ allErrors: true, strict: true });
    (addFormats as unknown as (a: Ajv2020) => void)(ajv);
    const schema = (name: string) => ajv.compile(JSON.parse(readFileSync(join(out, `schemas/v1/${name}.schema.json`), 'utf8')) as object);
    const part = schema('listings-part');
    const parts = schema('listings-parts');
    const index = JSON.parse(readFileSync(join(out, 'feeds/v1/listings/index.json'), 'utf8')) as { count: number };
    expect(parts(index), JSON.stringify(parts.errors?.slice(0, 3))).toBe(true);
    for (let n = 1; n <= index.count; n++) {
      const doc = JSON.parse(readFileSync(join(out, `feeds/v1/listings/part/${n}.json`), 'utf8')) as unknown;
      expect(part(doc), `part ${n}: ${JSON.stringify(part.errors?.slice(0, 3))}`).toBe(true);
    }
    const feeds = JSON.parse(readFileSync(join(out, 'feeds/v1/index.json'), 'utf8')) as { items: { url: string }[] };
    expect(feeds.items.map((f) => f.url)).toContain(`${TEST_BUILD_BASE}feeds/v1/listings/index.json`);
  });
});

const TEST_BUILD_BASE = 'https://loop-leeds.github.io/loop/';

describe('the streamed writer', () => {
  const cases: [string, () => Iterable<Chunk> | AsyncIterable<Chunk>][] = [
    ['text split inside a multi-byte character\'s string neighbours', () => ['café ', '🎉'.repeat(100_000), ' ', 'é'.repeat(300_000)]],
    ['text and bytes mixed', () => ['a,b\r\n', new TextEncoder().encode('ü'.repeat(700_000)), 'tail']],
    ['an async iterable of bytes', () => (async function* () {
      for (let i = 0; i < 5; i++) yield new Uint8Array(600_000).fill(i);
    })()],
    ['nothing', () => []],
    // Longer than the writer's whole buffer: encoded in pieces, never splitting a character (issue #19).
    ['one string of 4-byte characters longer than the buffer', () => ['x', '🎉'.repeat(700_000), 'y']],
    ['one string of 2-byte characters longer than the buffer', () => ['é'.repeat(1_500_000)]],
    ['many small strings, then bytes that fill the buffer', () => [...Array.from({ length: 50_000 }, (_, i) => `${i},ü\n`), new Uint8Array(1_900_000).fill(65), 'end']],
  ];
  test.each(cases)('%s: the same bytes and SHA-256 as the whole content', async (_label, make) => {
    const tmp = mkdtempSync(join(tmpdir(), 'loop-streamto-'));
    try {
      const buffers: number[] = [];
      const facts = await streamTo(join(tmp, 'f'), make(), (bytes) => buffers.push(bytes));
      const chunks: Chunk[] = [];
      for await (const chunk of make()) chunks.push(chunk);
      const whole = Buffer.from(wholeOf(chunks));
      const written = readFileSync(join(tmp, 'f'));
      expect(written.equals(whole)).toBe(true);
      expect(facts).toEqual({ size: whole.byteLength, sha256: createHash('sha256').update(whole).digest('hex') });
      for (const b of buffers) expect(b).toBeLessThanOrEqual(BOUND);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});

test('bytes longer than the whole buffer are handed to the disk as they come, one chunk, after the text before them', async () => {
  const tmp = mkdtempSync(join(tmpdir(), 'loop-streamto-'));
  try {
    const big = new Uint8Array(3 * WRITE_BUFFER).fill(66);
    const buffers: number[] = [];
    const facts = await streamTo(join(tmp, 'f'), ['head', big, 'tail'], (bytes) => buffers.push(bytes));
    const whole = Buffer.concat([Buffer.from('head'), big, Buffer.from('tail')]);
    expect(readFileSync(join(tmp, 'f')).equals(whole)).toBe(true);
    expect(facts).toEqual({ size: whole.byteLength, sha256: createHash('sha256').update(whole).digest('hex') });
    expect(buffers).toEqual([4, big.byteLength, 4]);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});
