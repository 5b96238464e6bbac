/**
 * The import mapping file (YAML or JSON): how a source's words become LOOP's. Every format reads the shared part
 * (system name, phone country, vocabularies, term mappings); the spreadsheet importer also reads `tables`, which
 * says which columns of which CSV files hold which fields (see csv.ts and docs/importing.md).
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import { TAXONOMY_KINDS, TERM_FIELDS, type TermField } from '../../model/vocabularies.ts';

const termFields = Object.keys(TERM_FIELDS) as [TermField, ...TermField[]];

/** A column reference: a column name, or a template such as "{first} {last}" joining several. */
const column = z.string().min(1);

const columnList = z.union([column, z.strictObject({ column, separator: z.string().default(',') })]);

export const tableSchema = z.strictObject({
  /** The CSV file, relative to the mapping file's folder or the source folder. */
  file: z.string().min(1),
  /** The column (or template) that identifies a row; default the row number. */
  id: column.optional(),
  /** Links to other tables' ids. */
  organisation: column.optional(),
  location: column.optional(),
  service: column.optional(),
  contact: column.optional(),
  /** LOOP-side field -> column. */
  fields: z.record(z.string(), column).default({}),
  /** LOOP-side list field (categories, languages, audiences...) -> column holding a separated list. */
  lists: z.record(z.string(), columnList).default({}),
  /** Which vocabulary the `categories`/`audiences` lists of this table are (for the report and mappings). */
  vocabulary: z.string().optional(),
  /** Only rows where this column is non-empty. */
  where: column.optional(),
});
export type TableMapping = z.infer<typeof tableSchema>;

export const mappingSchema = z.strictObject({
  system: z.string().min(1).max(80).optional(),
  /** ISO country of phone numbers written without a country code (default GB). */
  phone_country: z.string().regex(/^[A-Z]{2}$/).optional(),
  /** Dates like 12/24/2015 are month first (US sources). UK day-first is the default. */
  dates: z.enum(['day-first', 'month-first']).optional(),
  /** Vocabulary name (or id) -> the listing field its terms belong in. */
  vocabularies: z.record(z.string(), z.enum(termFields)).optional(),
  /** Per field or taxonomy kind: source term (code, "vocabulary:code", URI or name) -> LOOP term slug. */
  terms: z.partialRecord(z.enum([...termFields, ...TAXONOMY_KINDS]), z.record(z.string(), z.string())).optional(),
  /** Spreadsheet importer only: which file and columns hold each kind of record. */
  tables: z
    .strictObject({
      organisations: tableSchema.optional(),
      locations: tableSchema.optional(),
      addresses: tableSchema.optional(),
      services: tableSchema,
      phones: tableSchema.optional(),
      schedules: tableSchema.optional(),
      contacts: tableSchema.optional(),
    })
    .optional(),
  /** CiviCRM importer only: custom field names in the Contact.get export -> LOOP organisation fields. */
  civicrm: z.record(z.string(), z.string()).optional(),
});
export type ImportMapping = z.infer<typeof mappingSchema>;

export function readMapping(path: string): ImportMapping {
  let value: unknown;
  try {
    const text = readFileSync(path, 'utf8');
    value = path.endsWith('.json') ? JSON.parse(text) : parse(text, { maxAliasCount: 20 });
  } catch (error) {
    throw new Error(`cannot read the mapping file ${path}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
  }
  const result = mappingSchema.safeParse(value ?? {});
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new Error(`the mapping file ${path} is not valid: ${issue.path.join('.') || '(top)'}: ${issue.message}`);
  }
  return result.data;
}
