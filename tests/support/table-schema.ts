/**
 * Checks parsed CSV rows against a Frictionless Table Schema, as a consumer's validator would: field types and
 * formats, required values, unique primary keys, and foreign keys resolving across a data package.
 */

export interface SchemaField {
  name: string;
  type: string;
  format?: string;
  constraints?: { required?: boolean; unique?: boolean; enum?: string[] };
}

export interface TableSchema {
  fields: SchemaField[];
  primaryKey?: string[];
  foreignKeys?: { fields: string[]; reference: { resource?: string; fields: string[] } }[];
  missingValues?: string[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const NUMBER = /^-?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d:[0-5]\d$/;
const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/;

function validDate(text: string): boolean {
  const d = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(text);
}

/** Why a cell does not fit its field, or null. */
export function cellProblem(field: SchemaField, value: string): string | null {
  switch (field.type) {
    case 'string':
      if (field.format === 'uuid' && !UUID.test(value)) return 'not a UUID';
      if (field.format === 'email' && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value)) return 'not an email address';
      if (field.format === 'uri') {
        try {
          new URL(value);
        } catch {
          return 'not a URI';
        }
      }
      return null;
    case 'number':
      return NUMBER.test(value) ? null : 'not a number';
    case 'integer':
      return /^-?\d+$/.test(value) ? null : 'not an integer';
    case 'boolean':
      return value === 'true' || value === 'false' ? null : 'not true or false';
    case 'date':
      return DATE.test(value) && validDate(value) ? null : 'not a date (YYYY-MM-DD)';
    case 'time':
      return TIME.test(value) ? null : 'not a time (HH:MM:SS)';
    case 'datetime':
      return DATETIME.test(value) && !Number.isNaN(Date.parse(value)) ? null : 'not a date-time';
    default:
      return `unknown type ${field.type}`;
  }
}

/** Problems in one table: header, types, required, enum, primary key. */
export function checkTable(name: string, schema: TableSchema, header: string[], rows: string[][]): string[] {
  const problems: string[] = [];
  const names = schema.fields.map((f) => f.name);
  if (header.join(',') !== names.join(',')) problems.push(`${name}: header ${header.join(',')} is not ${names.join(',')}`);
  const missing = new Set(schema.missingValues ?? ['']);
  const seen = new Set<string>();
  rows.forEach((row, r) => {
    if (row.length !== names.length) problems.push(`${name} row ${r + 2}: ${row.length} cells, expected ${names.length}`);
    schema.fields.forEach((field, i) => {
      const value = row[i] ?? '';
      if (missing.has(value)) {
        if (field.constraints?.required) problems.push(`${name} row ${r + 2}: ${field.name} is required`);
        return;
      }
      const problem = cellProblem(field, value);
      if (problem) problems.push(`${name} row ${r + 2}: ${field.name} "${value}" is ${problem}`);
      if (field.constraints?.enum && !field.constraints.enum.includes(value)) problems.push(`${name} row ${r + 2}: ${field.name} "${value}" not allowed`);
    });
    if (schema.primaryKey) {
      const key = schema.primaryKey.map((k) => row[names.indexOf(k)]).join('\u0000');
      if (seen.has(key)) problems.push(`${name} row ${r + 2}: duplicate primary key ${key}`);
      seen.add(key);
    }
  });
  return problems;
}

export interface PackageTable {
  name: string;
  schema: TableSchema;
  header: string[];
  rows: string[][];
}

/** Foreign keys of every table resolve to existing rows of the referenced tables. */
export function checkForeignKeys(tables: PackageTable[]): string[] {
  const problems: string[] = [];
  const byName = new Map(tables.map((t) => [t.name, t]));
  for (const table of tables) {
    for (const fk of table.schema.foreignKeys ?? []) {
      const target = byName.get(fk.reference.resource ?? table.name);
      if (!target) {
        problems.push(`${table.name}: foreign key to missing resource ${fk.reference.resource}`);
        continue;
      }
      const keys = new Set(target.rows.map((row) => fk.reference.fields.map((f) => row[target.header.indexOf(f)]).join('\u0000')));
      table.rows.forEach((row, r) => {
        const values = fk.fields.map((f) => row[table.header.indexOf(f)] ?? '');
        if (values.every((v) => v === '')) return;
        if (!keys.has(values.join('\u0000'))) problems.push(`${table.name} row ${r + 2}: ${fk.fields.join(',')} ${values.join(',')} not found in ${target.name}`);
      });
    }
  }
  return problems;
}
