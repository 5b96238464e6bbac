/**
 * HSDS 3.0 tabular download (/downloads/hsds/): one CSV per HSDS table, flattened from the same ORUK objects the
 * API serves (so the CSVs and the JSON always agree), and a Frictionless Data Package v2 descriptor with every
 * table's schema, primary key and foreign keys. Plain RFC 4180 CSV without spreadsheet guarding: these files are
 * for machines and must round-trip exactly.
 */
import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { orukLocation, orukOrganization, orukTaxonomy, orukTaxonomyTerm, type OrukObject } from '../oruk.ts';
import { fullServices } from '../oruk-api.ts';
import { clean, measured, prettyJson, wholeFiles, type ChunkFacts, type OutputFiles, type PublishContext } from '../context.ts';
import { csvHeader, csvRow, type Cell } from './csv.ts';
import { HSDS_TABLES, type FieldType, type TableName } from './hsds-tables.ts';

export const DATA_PACKAGE_PROFILE = 'https://datapackage.org/profiles/2.0/datapackage.json';
export const TABLE_SCHEMA_PROFILE = 'https://datapackage.org/profiles/2.0/tableschema.json';

type Row = Record<string, Cell>;
type Rows = Record<TableName, Row[]>;

const list = (value: unknown): OrukObject[] => (Array.isArray(value) ? (value as OrukObject[]) : []);

/** A table cell from a JSON value, in the form its column's type asks for. */
function cell(value: unknown, type: FieldType): Cell {
  if (value === undefined || value === null) return undefined;
  // HSDS JSON times are HH:MM; a Table Schema `time` is HH:MM:SS.
  if (type === 'time' && typeof value === 'string' && /^\d{2}:\d{2}$/.test(value)) return `${value}:00`;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return undefined;
}

function rowOf(table: TableName, object: OrukObject, extra: OrukObject = {}): Row {
  const row: Row = {};
  for (const field of HSDS_TABLES[table].fields) row[field.name] = cell(extra[field.name] ?? object[field.name], field.type);
  return row;
}

/** Every HSDS table's rows, from the ORUK objects (tests; the published tables go through HsdsSpill). */
export function hsdsRows(ctx: PublishContext): Rows {
  const rows = Object.fromEntries(Object.keys(HSDS_TABLES).map((t) => [t, []])) as unknown as Rows;
  visitHsdsRows(ctx, (table, row) => rows[table].push(row));
  return rows;
}

/**
 * Walks the ORUK objects once, in the tables' row order, handing each row to `take` as it is made: organisations,
 * venues, services (one at a time: fullServices), then vocabularies.
 */
function visitHsdsRows(ctx: PublishContext, take: (table: TableName, row: Row) => void): void {
  const seen = new Set<string>();
  const add = (table: TableName, object: OrukObject, extra: OrukObject = {}) => {
    // A phone or attribute can reach us by two paths (a location's, nested in each of its services); keep one.
    const key = `${table}:${String(object.id)}`;
    if (seen.has(key)) return;
    seen.add(key);
    take(table, rowOf(table, object, extra));
  };
  const attributes = (owner: OrukObject) => {
    for (const a of list(owner.attributes)) add('attribute', a);
  };
  const phones = (owner: OrukObject, link: OrukObject) => {
    for (const p of list(owner.phones)) {
      add('phone', p, link);
      for (const l of list(p.languages)) add('language', l, { phone_id: p.id });
    }
  };
  const contacts = (owner: OrukObject, link: OrukObject) => {
    for (const c of list(owner.contacts)) {
      add('contact', c, link);
      phones(c, { contact_id: c.id });
    }
  };

  for (const organisation of ctx.dataset.organisations) {
    const o = orukOrganization(ctx.dataset, organisation, ctx);
    add('organization', o);
    for (const x of list(o.organization_identifiers)) add('organization_identifier', x);
    for (const x of list(o.funding)) add('funding', x);
    phones(o, { organization_id: o.id });
    contacts(o, { organization_id: o.id });
  }
  for (const location of ctx.dataset.locations) {
    const l = orukLocation(ctx.dataset, location, ctx);
    add('location', l);
    for (const a of list(l.addresses)) add('address', a);
    for (const a of list(l.accessibility)) {
      add('accessibility', a);
      attributes(a);
    }
    phones(l, { location_id: l.id });
    attributes(l);
  }
  for (const s of fullServices(ctx)) {
    add('service', s);
    phones(s, { service_id: s.id });
    contacts(s, { service_id: s.id });
    for (const x of list(s.schedules)) add('schedule', x);
    for (const x of list(s.service_areas)) add('service_area', x);
    for (const x of list(s.languages)) add('language', x);
    for (const x of list(s.funding)) add('funding', x);
    for (const x of list(s.cost_options)) add('cost_option', x);
    for (const x of list(s.required_documents)) add('required_document', x);
    attributes(s);
    for (const sal of list(s.service_at_locations)) {
      add('service_at_location', sal);
      phones(sal, { service_at_location_id: sal.id });
      for (const x of list(sal.schedules)) add('schedule', x);
    }
  }
  for (const vocabulary of ctx.vocabularies.all) {
    add('taxonomy', orukTaxonomy(vocabulary));
    for (const term of vocabulary.terms) add('taxonomy_term', orukTaxonomyTerm(term));
  }
}

/** Each table's CSV text is kept in memory up to this many characters, then appended to a temporary file. */
export const HSDS_SPILL_ABOVE = 1024 * 1024;

/**
 * Every table's CSV rows, made in one walk over the data (HSDS rows come from organisations, venues and services
 * at once, so a table cannot be made alone without walking everything again) but not held for the whole dataset:
 * each table's text goes to its own temporary file in blocks of about HSDS_SPILL_ABOVE characters, and is read
 * back a block at a time when that table is written. At the Leeds example's size no table reaches a block and
 * nothing touches the disk; at 100,000 services the rows were about 0.7 GB as objects (issue #19).
 */
class HsdsSpill {
  private readonly columns: Record<TableName, readonly string[]>;
  private readonly text = new Map<TableName, string[]>();
  private readonly length = new Map<TableName, number>();
  private readonly files = new Map<TableName, number>();
  private readonly parent: string;
  private dir: string | undefined;

  constructor(ctx: PublishContext, spillAbove: number, parent: string) {
    this.parent = parent;
    this.columns = Object.fromEntries((Object.keys(HSDS_TABLES) as TableName[]).map((t) => [t, HSDS_TABLES[t].fields.map((f) => f.name)])) as unknown as Record<TableName, readonly string[]>;
    for (const table of Object.keys(HSDS_TABLES) as TableName[]) {
      this.text.set(table, [csvHeader(this.columns[table])]);
      this.length.set(table, 0);
    }
    try {
      visitHsdsRows(ctx, (table, row) => {
        const line = csvRow(this.columns[table], row);
        this.text.get(table)!.push(line);
        const length = this.length.get(table)! + line.length;
        this.length.set(table, length);
        if (length >= spillAbove) this.spill(table);
      });
    } catch (error) {
      this.close();
      throw error;
    }
  }

  private spill(table: TableName): void {
    let fd = this.files.get(table);
    if (fd === undefined) {
      this.dir ??= mkdtempSync(join(this.parent, 'loop-hsds-'));
      fd = openSync(join(this.dir, `${table}.csv`), 'w+');
      this.files.set(table, fd);
    }
    writeSync(fd, this.text.get(table)!.join(''));
    this.text.set(table, []);
    this.length.set(table, 0);
  }

  /** The table's CSV: what went to its file, then what is still in memory; each table once, in any order. */
  *chunks(table: TableName): Generator<string> {
    const fd = this.files.get(table);
    if (fd !== undefined) {
      const decoder = new StringDecoder('utf8');
      const buffer = Buffer.allocUnsafe(1024 * 1024);
      for (let at = 0; ; ) {
        const n = readSync(fd, buffer, 0, buffer.length, at);
        if (n === 0) break;
        at += n;
        yield decoder.write(buffer.subarray(0, n));
      }
      const end = decoder.end();
      if (end) yield end;
      closeSync(fd);
      this.files.delete(table);
    }
    const rest = this.text.get(table)!;
    this.text.delete(table);
    yield* rest;
  }

  /** Closes and removes the temporary files. */
  close(): void {
    for (const fd of this.files.values()) closeSync(fd);
    this.files.clear();
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
    this.dir = undefined;
  }
}

/** A CSV's size and SHA-256, for the descriptor. */
export type CsvFacts = ChunkFacts;

/** The Data Package v2 descriptor for the HSDS tables (with each CSV's size and SHA-256). */
export function hsdsDataPackage(ctx: PublishContext, csvs: ReadonlyMap<TableName, CsvFacts>): Record<string, unknown> {
  const licence = ctx.config.licence.data;
  return clean({
    $schema: DATA_PACKAGE_PROFILE,
    name: 'loop-hsds',
    title: `${ctx.config.site.name}: Human Services Data Specification 3.0 tables`,
    description: `Every organisation, service, self-help resource and venue in ${ctx.config.site.name} as Open Referral HSDS 3.0 tables, one CSV per table. ${ctx.config.licence.attribution}.`,
    version: ctx.build.datasetVersion,
    created: ctx.build.generatedAt,
    homepage: ctx.url('/'),
    licenses: [clean({ name: licence.id, path: licence.url, title: licence.name })],
    contributors: [clean({ title: ctx.config.publisher.name, path: ctx.config.publisher.url, email: ctx.config.publisher.email, roles: ['publisher'] })],
    keywords: ['Open Referral', 'HSDS', 'health', 'social care', 'community services'],
    resources: (Object.keys(HSDS_TABLES) as TableName[]).map((name) => {
      const table = HSDS_TABLES[name];
      const facts = csvs.get(name)!;
      return {
        name,
        type: 'table',
        path: table.path,
        title: table.title,
        format: 'csv',
        mediatype: 'text/csv',
        encoding: 'utf-8',
        bytes: facts.bytes,
        hash: `sha256:${facts.sha256}`,
        dialect: { header: true, delimiter: ',', lineTerminator: '\r\n', quoteChar: '"', doubleQuote: true },
        // clean(): the profile wants foreignKeys absent rather than an empty list.
        schema: clean({
          $schema: TABLE_SCHEMA_PROFILE,
          fields: table.fields.map((field) => clean({ name: field.name, type: field.type, format: field.format, constraints: field.required ? { required: true } : undefined })),
          missingValues: [''],
          primaryKey: ['id'],
          foreignKeys: table.foreignKeys.map(([column, target]) => ({ fields: [column], reference: { resource: target, fields: ['id'] } })),
        }),
      };
    }),
  });
}

export interface HsdsOptions {
  /** HSDS_SPILL_ABOVE, unless a test says otherwise. */
  spillAbove?: number;
  /** Where the temporary folder of spilled tables is made (default the system's temporary folder). */
  spillDir?: string;
}

/**
 * /downloads/hsds/<table>.csv, streamed row by row, then datapackage.json (paths relative to the hsds folder). The
 * descriptor carries each CSV's size and hash, so it is made when it is reached: consume the files in order.
 */
export function* hsdsEntries(ctx: PublishContext, options: HsdsOptions = {}): Generator<[string, Iterable<string>]> {
  const tables = new HsdsSpill(ctx, options.spillAbove ?? HSDS_SPILL_ABOVE, options.spillDir ?? tmpdir());
  const facts = new Map<TableName, CsvFacts>();
  const names = Object.keys(HSDS_TABLES) as TableName[];
  try {
    for (const name of names) yield [HSDS_TABLES[name].path, measured(tables.chunks(name), (f) => facts.set(name, f))];
  } finally {
    tables.close();
  }
  yield [
    'datapackage.json',
    (function* () {
      const missing = names.filter((n) => !facts.has(n));
      if (missing.length) throw new Error(`hsds/datapackage.json was generated before ${missing.join(', ')} were written`);
      yield prettyJson(hsdsDataPackage(ctx, facts));
    })(),
  ];
}

/** The same files made whole (tests). */
export function hsdsFiles(ctx: PublishContext): OutputFiles {
  return wholeFiles(hsdsEntries(ctx));
}
