/**
 * Bulk downloads: the HSDS tables and their Frictionless v2 Data Package (checked against the official profiles
 * and against HSDS 3.0's own descriptor), CSVs parsed back to the same data and checked against their own table
 * schemas, the spreadsheet's Excel safety, NDJSON, GeoJSON and the zip.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { parse } from 'csv-parse/sync';
import { unzipSync } from 'fflate';
import { afterEach, describe, expect, test } from 'vitest';
import { csv, csvCell, unguard } from '../../src/publish/bulk/csv.ts';
import { deterministicZip, zipFolder, downloadFiles, GEOJSON_NAME, NDJSON_NAME, ZIP_NAME } from '../../src/publish/bulk/downloads.ts';
import { FLAT_COLUMNS } from '../../src/publish/bulk/flat-csv.ts';
import { hsdsRows } from '../../src/publish/bulk/hsds-csv.ts';
import { HSDS_TABLES, type TableName } from '../../src/publish/bulk/hsds-tables.ts';
import type { OutputFiles } from '../../src/publish/context.ts';
import { listingItem } from '../../src/publish/feeds.ts';
import { fullServices } from '../../src/publish/oruk-api.ts';
import { readFixture } from '../support/data.ts';
import { orukValidators } from '../support/oruk.ts';
import { exampleDataset, fixtureDataset, parsed, testContext, text } from '../support/publish.ts';
import { requireShared } from '../support/shared.ts';
import { checkForeignKeys, checkTable, type PackageTable, type TableSchema } from '../support/table-schema.ts';

const hostileService = readFixture('services/chapeltown-carers/carers-drop-in.yaml')
  .replace('id: 6f1c3b9e-2d4a-4c8e-9b7a-1e2f3a4b5c6d', 'id: 0a6b2c3d-4e5f-4a7b-8c9d-0e1f2a3b4c5d')
  .replace("name: Carers' Drop-in", 'name: "=cmd|\' /C calc\'!A0, \\"quoted\\"; semi"')
  .replace(/^summary: .*$/m, 'summary: "+44 is not a formula, but @SUM(A1) and -2+3 are; café £3 🎉"')
  // The last Tuesday of the month: HSDS writes byday "-1TU", which a spreadsheet evaluates as a formula.
  .replace('      - days: [WE]\n', '      - freq: monthly\n        weeks_of_month: [-1]\n        days: [TU]\n');

function table(files: OutputFiles, path: string): { header: string[]; rows: string[][] } {
  const records = parse(text(files, path), { bom: true, relax_column_count: false }) as string[][];
  return { header: records[0]!, rows: records.slice(1) };
}

function packageTables(files: OutputFiles, prefix: string, descriptor: { resources: { name: string; path: string; schema: TableSchema }[] }): PackageTable[] {
  return descriptor.resources.map((r) => ({ name: r.name, schema: r.schema, ...table(files, `${prefix}${r.path}`) }));
}

describe.each([
  ['the fixture with hostile strings', () => fixtureDataset({ 'services/chapeltown-carers/hostile.yaml': hostileService })],
  ['the example data', exampleDataset],
])('HSDS tables from %s', (_label, load) => {
  const dataset = load();
  const ctx = testContext(dataset);
  const files = downloadFiles(ctx);
  const descriptor = parsed<{ resources: { name: string; path: string; schema: TableSchema; bytes: number; hash: string }[] }>(files, 'hsds/datapackage.json');

  test('every CSV satisfies its own table schema: types, required values, unique primary keys', () => {
    const tables = packageTables(files, 'hsds/', descriptor);
    expect(tables.map((t) => t.name).sort()).toEqual(Object.keys(HSDS_TABLES).sort());
    expect(tables.flatMap((t) => checkTable(t.name, t.schema, t.header, t.rows))).toEqual([]);
  });

  test('foreign keys resolve: every attribute, phone, schedule... points at a row that exists', () => {
    const tables = packageTables(files, 'hsds/', descriptor);
    expect(checkForeignKeys(tables)).toEqual([]);
    // Not vacuous: a dangling reference is found.
    const broken = tables.map((t) => (t.name === 'service' ? { ...t, rows: t.rows.map((r, i) => (i === 0 ? [r[0]!, '00000000-0000-4000-8000-000000000000', ...r.slice(2)] : r)) } : t));
    expect(checkForeignKeys(broken).join()).toMatch(/service row 2: organization_id/);
  });

  test('the CSVs parse back to exactly the rows that were written', () => {
    const rows = hsdsRows(ctx);
    for (const name of Object.keys(HSDS_TABLES) as TableName[]) {
      const parsedRows = table(files, `hsds/${HSDS_TABLES[name].path}`).rows;
      const written = rows[name].map((row) => HSDS_TABLES[name].fields.map((f) => (row[f.name] === undefined ? '' : String(row[f.name]))));
      expect(parsedRows, name).toEqual(written);
    }
  });

  test('services.csv holds the same one-to-one fields as the ORUK services', () => {
    const { header, rows } = table(files, 'hsds/services.csv');
    const services = [...fullServices(ctx)];
    expect(rows.map((r) => r[0])).toEqual(services.map((s) => s.id));
    rows.forEach((row, i) => {
      const s = services[i]!;
      for (const column of ['name', 'description', 'status', 'assured_date', 'assurer_email', 'fees_description', 'minimum_age', 'email', 'url']) {
        const expected = s[column] === undefined ? '' : String(s[column]);
        expect(row[header.indexOf(column)], `${s.name}: ${column}`).toBe(expected);
      }
    });
  });

  test('the descriptor records each CSV\'s size and SHA-256', async () => {
    const { createHash } = await import('node:crypto');
    for (const r of descriptor.resources) {
      const content = text(files, `hsds/${r.path}`);
      expect(r.bytes).toBe(Buffer.byteLength(content));
      expect(r.hash).toBe(`sha256:${createHash('sha256').update(content).digest('hex')}`);
    }
  });
});

describe('the HSDS CSVs in detail', () => {
  const dataset = fixtureDataset({ 'services/chapeltown-carers/hostile.yaml': hostileService });
  const files = downloadFiles(testContext(dataset));

  test('schedules: RRULE parts and HH:MM:SS times', () => {
    const { header, rows } = table(files, 'hsds/schedules.csv');
    const food = rows.find((r) => r[header.indexOf('byday')] === '1FR,3FR')!;
    expect(food[header.indexOf('freq')]).toBe('MONTHLY');
    expect(food[header.indexOf('opens_at')]).toBe('11:00:00');
    expect(food[header.indexOf('service_at_location_id')]).toMatch(/^[0-9a-f-]{36}$/);
  });

  test('formula-like cells in the machine CSVs are quoted and kept exact: -1TU stays -1TU', () => {
    const raw = text(files, 'hsds/schedules.csv');
    const { header, rows } = table(files, 'hsds/schedules.csv');
    expect(rows.map((r) => r[header.indexOf('byday')])).toContain('-1TU');
    expect(raw).toContain(',"-1TU",');
    // Every formula-like text cell is written in quotes; numbers (negative longitudes) are not.
    for (const path of [...files.keys()].filter((p) => p.startsWith('hsds/') && p.endsWith('.csv'))) {
      const unquoted = text(files, path).split(/\r\n/).flatMap((line) => line.replace(/"(?:[^"]|"")*"/g, '""').split(','));
      for (const cell of unquoted) expect(/^[=+\-@\t\r]/.test(cell) && !/^-?\d+(\.\d+)?$/.test(cell), `${path}: ${cell}`).toBe(false);
    }
  });

  test('machine CSVs keep hostile strings exactly (quoted, not altered)', () => {
    const { header, rows } = table(files, 'hsds/services.csv');
    const hostile = rows.find((r) => r[0] === '0a6b2c3d-4e5f-4a7b-8c9d-0e1f2a3b4c5d')!;
    expect(hostile[header.indexOf('name')]).toBe('=cmd|\' /C calc\'!A0, "quoted"; semi');
    expect(text(files, 'hsds/services.csv').split('\r\n').length).toBeGreaterThan(2);
  });
});

describe('the spreadsheet (listings.csv)', () => {
  const dataset = fixtureDataset({ 'services/chapeltown-carers/hostile.yaml': hostileService });
  const ctx = testContext(dataset);
  const files = downloadFiles(ctx);
  const content = text(files, 'listings.csv');

  test('no byte order mark (Frictionless v2 recommends none; v1 tools read it into the first header), CRLF line ends', () => {
    expect(content.startsWith('\uFEFF')).toBe(false);
    // A reader that does not strip a BOM sees exactly the Table Schema's field names.
    const header = (parse(content, { bom: false, to_line: 1 }) as string[][])[0];
    expect(header).toEqual(FLAT_COLUMNS.map((c) => c.name));
    expect(content.endsWith('\r\n')).toBe(true);
    // Outside quoted cells, every line ends CRLF (a line break inside a quoted cell is data).
    const unquoted = content.replace(/"(?:[^"]|"")*"/g, '""');
    expect(unquoted.split('\r\n').every((line) => !line.includes('\n') && !line.includes('\r'))).toBe(true);
  });

  test('cells that would start a formula are guarded with an apostrophe; numbers are not', () => {
    const { header, rows } = table(files, 'listings.csv');
    const hostile = rows.find((r) => r[0] === '0a6b2c3d-4e5f-4a7b-8c9d-0e1f2a3b4c5d')!;
    expect(hostile[header.indexOf('name')]).toBe('\'=cmd|\' /C calc\'!A0, "quoted"; semi');
    expect(hostile[header.indexOf('summary')]).toBe('\'+44 is not a formula, but @SUM(A1) and -2+3 are; café £3 🎉');
    expect(hostile[header.indexOf('longitude')]).toBe('-1.5318');
    for (const row of rows) for (const cell of row) expect(/^[=+\-@\t\r]/.test(cell) && !/^-?\d/.test(cell), cell).toBe(false);
  });

  test('parses back to the listings (after removing the guard), and fits its Table Schema', () => {
    const { header, rows } = table(files, 'listings.csv');
    expect(header).toEqual(FLAT_COLUMNS.map((c) => c.name));
    rows.forEach((row, i) => {
      const item = listingItem(ctx, dataset.listings[i]!);
      FLAT_COLUMNS.forEach((column, c) => {
        const value = column.value(item);
        expect(unguard(row[c]!), `${item.name}: ${column.name}`).toBe(value === undefined ? '' : String(value));
      });
    });
    const descriptor = parsed<{ resources: { name: string; path: string; schema?: TableSchema }[] }>(files, 'datapackage.json');
    const listings = descriptor.resources.find((r) => r.name === 'listings')!;
    expect(checkTable('listings', listings.schema!, header, rows.map((r) => r.map(unguard)))).toEqual([]);
  });

  test('csv cells', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('line\nbreak')).toBe('"line\nbreak"');
    expect(csvCell(' padded')).toBe('" padded"');
    expect(csvCell(-1.5, { guard: true })).toBe('-1.5');
    expect(csvCell('-1.5', { guard: true })).toBe(`"'-1.5"`);
    expect(csvCell('@x', { guard: true })).toBe(`"'@x"`);
    expect(csvCell('-1TU')).toBe('"-1TU"');
    expect(csvCell(-1.5)).toBe('-1.5');
    expect(csvCell(undefined)).toBe('');
    expect(() => csvCell(Number.NaN)).toThrow(/NaN/);
    expect(csv(['a', 'b'], [{ a: 1, b: 'x' }])).toBe('a,b\r\n1,x\r\n');
    expect(unguard("'=1")).toBe('=1');
    expect(unguard("'hello")).toBe("'hello");
  });
});

describe('NDJSON, GeoJSON and the zip', () => {
  const dataset = fixtureDataset();
  const ctx = testContext(dataset);
  const files = downloadFiles(ctx);

  test('services.ndjson: one full ORUK service per line', () => {
    const lines = text(files, NDJSON_NAME).split('\n');
    expect(lines.pop()).toBe('');
    expect(lines.map((l) => JSON.parse(l) as unknown)).toEqual([...fullServices(ctx)]);
  });

  test('locations.geojson: venues as points, longitude first', () => {
    const geo = parsed<{ type: string; features: { id: string; geometry: { coordinates: number[] }; properties: Record<string, unknown> }[]; loop: Record<string, unknown> }>(files, GEOJSON_NAME);
    expect(geo.type).toBe('FeatureCollection');
    expect(geo.features.map((f) => [f.properties.name, f.geometry.coordinates])).toEqual([
      ['Chapeltown Community Hub', [-1.5318, 53.8179]],
      ['Harehills Lane Church Hall', [-1.5148, 53.8146]],
    ]);
    expect(geo.features[0]!.properties).toMatchObject({ postcode: 'LS7 3DX', ward: 'Chapel Allerton', services: [{ name: "Carers' Drop-in", status: 'active' }] });
    expect(geo.loop).toMatchObject({ locations_without_coordinates: 0 });
  });

  test('the zip holds every download, byte for byte', () => {
    const unzipped = unzipSync(files.get(ZIP_NAME) as Uint8Array);
    const expected = [...files.keys()].filter((k) => k !== ZIP_NAME).sort();
    expect(Object.keys(unzipped).sort()).toEqual(expected);
    for (const name of expected) expect(Buffer.from(unzipped[name]!).equals(Buffer.from(files.get(name)!)), name).toBe(true);
  });

  describe('zip timestamps', () => {
    const tz = process.env.TZ;
    afterEach(() => {
      if (tz === undefined) delete process.env.TZ;
      else process.env.TZ = tz;
    });
    test('the same bytes whatever the time zone of the machine, and whenever it is built', () => {
      const input: OutputFiles = new Map([['b.txt', 'bee'], ['a/x.csv', 'a,b\r\n']]);
      process.env.TZ = 'UTC';
      const utc = deterministicZip(input, '2026-03-29T00:30:00+00:00');
      process.env.TZ = 'Europe/London';
      const london = deterministicZip(input, '2026-03-29T00:30:00+00:00');
      process.env.TZ = 'Pacific/Kiritimati';
      const kiribati = deterministicZip(input, '2026-03-29T00:30:00+00:00');
      expect(Buffer.from(london).equals(Buffer.from(utc))).toBe(true);
      expect(Buffer.from(kiribati).equals(Buffer.from(utc))).toBe(true);
      expect(Object.keys(unzipSync(utc))).toEqual(['a/x.csv', 'b.txt']);
    });
    test('compressing in a worker thread, member by member from files on disk, gives the same bytes', async () => {
      const big = 'x,y\r\n'.repeat(60_000) + Array.from({ length: 20_000 }, (_, i) => `${i},${(i * 7919) % 1000}`).join('\r\n');
      const input: OutputFiles = new Map([['big.csv', big], ['small.txt', 'small'], ['sub/é.json', '{}']]);
      const dir = mkdtempSync(join(tmpdir(), 'loop-zip-'));
      try {
        for (const [path, content] of input) {
          mkdirSync(dirname(join(dir, path)), { recursive: true });
          writeFileSync(join(dir, path), content);
        }
        const sync = deterministicZip(input, '2026-11-20T10:00:00+00:00');
        const chunks: Uint8Array[] = [];
        for await (const chunk of zipFolder({ dir, paths: [...input.keys()], date: '2026-11-20T10:00:00+00:00' })) chunks.push(chunk);
        expect(Buffer.concat(chunks).equals(Buffer.from(sync))).toBe(true);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});

const shared = requireShared('Frictionless and HSDS tabular conformance');

describe.runIf(shared)('conformance of the data packages', () => {
  test('both descriptors are valid Frictionless Data Package v2 (the official draft-07 profile)', () => {
    const ajv = new Ajv({ allErrors: true, strict: false });
    (addFormats as unknown as (a: Ajv) => void)(ajv);
    // The profile marks long text fields with format "textarea", a hint for form editors, not a constraint.
    ajv.addFormat('textarea', true);
    const profile = JSON.parse(readFileSync(join(shared!.reference, 'frictionless-v2', 'datapackage.json'), 'utf8')) as object;
    const validate = ajv.compile(profile);
    const files = downloadFiles(testContext(exampleDataset()));
    for (const path of ['hsds/datapackage.json', 'datapackage.json']) {
      const descriptor = parsed<Record<string, unknown>>(files, path);
      expect(descriptor.$schema).toBe('https://datapackage.org/profiles/2.0/datapackage.json');
      expect(validate(descriptor), `${path}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
    // Not vacuous.
    expect(validate({ resources: [{ name: 'x', path: 'x.csv', schema: { fields: 'nope' } }] })).toBe(false);
  });

  test('the HSDS tables are HSDS 3.0\'s: same table and file names, columns in order, types, formats, required and keys', () => {
    const reference = JSON.parse(readFileSync(join(shared!.reference, 'hsds-3.0', 'datapackage.json'), 'utf8')) as {
      resources: { name: string; path: string; schema: { fields: { name: string; type: string; format?: string; constraints?: { required?: boolean } }[]; primaryKey: string; foreignKeys?: { fields: string; reference: { resource: string } }[] } }[];
    };
    const ours = Object.keys(HSDS_TABLES) as TableName[];
    for (const name of ours) {
      const ref = reference.resources.find((r) => r.name === name)!;
      const table = HSDS_TABLES[name];
      expect(table.path, name).toBe(ref.path);
      expect(table.fields.map((f) => [f.name, f.type, f.format ?? null, Boolean(f.required)]), name).toEqual(ref.schema.fields.map((f) => [f.name, f.type, f.format ?? null, Boolean(f.constraints?.required)]));
      expect(ref.schema.primaryKey).toBe('id');
      const refKeys = (ref.schema.foreignKeys ?? []).filter((k) => ours.includes(k.reference.resource as TableName)).map((k) => [k.fields, k.reference.resource]);
      expect(table.foreignKeys, name).toEqual(refKeys);
    }
    // Only tables LOOP never fills are left out.
    expect(reference.resources.map((r) => r.name).filter((n) => !ours.includes(n as TableName)).sort()).toEqual(['meta_table_description', 'metadata', 'program']);
  });

  test('each line of services.ndjson is a valid ORUK service', () => {
    const v = orukValidators(shared!.reference);
    const files = downloadFiles(testContext(exampleDataset()));
    const lines = text(files, NDJSON_NAME).trim().split('\n');
    const problems = lines.flatMap((l, i) => v.item('services', JSON.parse(l)).map((e) => `line ${i + 1}: ${e}`));
    expect(problems).toEqual([]);
  });
});

describe('region scale (issue #19)', () => {
  test('services.ndjson is put together as bytes, line by line, never as one string (100,000 services exceed V8\'s longest string)', async () => {
    const { servicesNdjson, concatLines } = await import('../../src/publish/bulk/downloads.ts');
    const { fullServiceTexts } = await import('../../src/publish/oruk-api.ts');
    const ctx = testContext(fixtureDataset());
    const bytes = servicesNdjson(ctx);
    expect(bytes).toBeInstanceOf(Uint8Array);
    expect(new TextDecoder().decode(bytes)).toBe([...fullServiceTexts(ctx)].map((s) => `${s}\n`).join(''));
    expect(new TextDecoder().decode(concatLines(['é', '{"a":1}']))).toBe('é\n{"a":1}\n');
  });

  test('the full services are made one at a time when asked for, never kept for the whole publish', () => {
    const ctx = testContext(fixtureDataset());
    const first = [...fullServices(ctx)];
    const again = [...fullServices(ctx)];
    expect(again).toEqual(first);
    // Not the same objects: nothing held them between the two readings (at 100,000 services they were about 1 GB).
    expect(again[0]).not.toBe(first[0]);
  });

  test('the HSDS rows are not held for the whole dataset: each table goes to a temporary file as it grows, same bytes', async () => {
    const { hsdsEntries, hsdsFiles } = await import('../../src/publish/bulk/hsds-csv.ts');
    const { wholeOf } = await import('../../src/publish/context.ts');
    const ctx = testContext(fixtureDataset());
    const expected = hsdsFiles(ctx);
    const parent = mkdtempSync(join(tmpdir(), 'loop-hsds-test-'));
    try {
      const spilled = new Map<string, string | Uint8Array>();
      let during: string[] = [];
      for (const [path, content] of hsdsEntries(ctx, { spillAbove: 200, spillDir: parent })) {
        // Once the walk is done (the first table is asked for), the tables wait on disk, not in memory.
        if (!during.length) during = readdirSync(parent).flatMap((d) => readdirSync(join(parent, d)));
        spilled.set(path, wholeOf(content));
      }
      expect(during).toEqual(expect.arrayContaining(['service.csv', 'organization.csv', 'service_at_location.csv']));
      expect(spilled).toEqual(expected);
      // Removed once every table is written.
      expect(readdirSync(parent)).toEqual([]);
    } finally {
      rmSync(parent, { recursive: true, force: true });
    }
  });

  test('once services.ndjson is written, the HSDS tables and the API\'s service items are read back from it', async () => {
    const { servicesNdjson } = await import('../../src/publish/bulk/downloads.ts');
    const { hsdsFiles } = await import('../../src/publish/bulk/hsds-csv.ts');
    const { orukApiFiles, readServicesFrom } = await import('../../src/publish/oruk-api.ts');
    const made = testContext(fixtureDataset());
    const ctx = testContext(fixtureDataset());
    const dir = mkdtempSync(join(tmpdir(), 'loop-ndjson-'));
    try {
      const file = join(dir, NDJSON_NAME);
      writeFileSync(file, servicesNdjson(ctx));
      readServicesFrom(ctx, file);
      // The same bytes as when every service is made again.
      expect(hsdsFiles(ctx)).toEqual(hsdsFiles(made));
      expect(orukApiFiles(ctx)).toEqual(orukApiFiles(made));
      // And they do come from the file: a name changed there shows in both.
      const lines = readFileSync(file, 'utf8').split('\n');
      const first = JSON.parse(lines[0]!) as { id: string; name: string };
      lines[0] = JSON.stringify({ ...first, name: 'Read back from the file' });
      writeFileSync(file, lines.join('\n'));
      expect(text(hsdsFiles(ctx), 'services.csv')).toContain('Read back from the file');
      expect(text(orukApiFiles(ctx), `oruk/v3/services/${first.id}.json`)).toContain('Read back from the file');
      // A file that lost a service is an error, not a short table.
      writeFileSync(file, lines.slice(1).join('\n'));
      expect(() => hsdsFiles(ctx)).toThrow(/services, not/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
