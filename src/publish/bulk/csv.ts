/**
 * CSV writing (RFC 4180: comma-separated, CRLF line ends, fields quoted when they contain a comma, quote or line
 * break). No byte order mark in either flavour: Frictionless v2 recommends none, and v1 tools read one as part of the
 * first column's name, so the header no longer matches the Table Schema.
 *
 * Two flavours for text cells that a spreadsheet would evaluate as a formula (starting with = + - @, tab or carriage
 * return; OWASP "CSV injection"):
 * - spreadsheet-safe, for listings.csv, the file meant to be opened in Excel: such cells are prefixed with an
 *   apostrophe (OWASP's mitigation), so a listing cannot smuggle a formula into someone's spreadsheet;
 * - exact, for the HSDS tables, which are data for programs and must round-trip byte for byte (an RRULE `byday` of
 *   `-1TU`, "the last Tuesday", would be corrupted by an apostrophe): such cells are written in double quotes, which
 *   every CSV parser reads back unchanged and import dialogs that honour "quoted field as text" keep as text. Quotes
 *   alone do not stop Excel evaluating a cell opened by double-click: docs/feeds/README.md says to use listings.csv.
 * Numbers are never guarded: -1.55 is a longitude, not a formula.
 */

export type Cell = string | number | boolean | undefined | null;

const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: Cell, options: { guard?: boolean } = {}): string {
  if (value === undefined || value === null) return '';
  let text = typeof value === 'number' ? numberText(value) : String(value);
  const formula = typeof value === 'string' && FORMULA_START.test(text);
  if (options.guard && formula) text = `'${text}`;
  return formula || NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Numbers as JSON writes them (no exponent for ordinary values, no trailing zeros). */
function numberText(n: number): string {
  if (!Number.isFinite(n)) throw new Error(`cannot write ${n} to a CSV`);
  return String(n);
}

export interface CsvOptions {
  /** Spreadsheet-safe: formula cells prefixed with an apostrophe (otherwise quoted, unchanged). */
  spreadsheet?: boolean;
}

/** A CSV document row by row (each chunk one row and its CRLF): a header row, then one row per record. */
export function* csvChunks(columns: readonly string[], rows: Iterable<Record<string, Cell>>, options: CsvOptions = {}): Generator<string> {
  yield csvHeader(columns);
  for (const row of rows) yield csvRow(columns, row, options);
}

/** The header row and its CRLF. */
export function csvHeader(columns: readonly string[]): string {
  return `${columns.map((c) => csvCell(c)).join(',')}\r\n`;
}

/** One row and its CRLF. */
export function csvRow(columns: readonly string[], row: Record<string, Cell>, options: CsvOptions = {}): string {
  const guard = options.spreadsheet === true;
  return `${columns.map((c) => csvCell(row[c], { guard })).join(',')}\r\n`;
}

/** A whole CSV document (small tables and tests; published files are streamed with csvChunks). */
export function csv(columns: readonly string[], rows: Iterable<Record<string, Cell>>, options: CsvOptions = {}): string {
  return [...csvChunks(columns, rows, options)].join('');
}

/** Undoes the spreadsheet guard on a parsed cell: "'=x" -> "=x". */
export function unguard(text: string): string {
  return text.length > 1 && text.startsWith("'") && FORMULA_START.test(text.slice(1)) ? text.slice(1) : text;
}
