/**
 * CSV writing (RFC 4180: comma-separated, CRLF line ends, fields quoted when they contain a comma, quote or line
 * break). Two flavours: plain, for machine-readable tables that must round-trip exactly, and spreadsheet-safe,
 * for the one-row-per-listing file people open in Excel: a UTF-8 byte order mark (or Excel guesses the encoding
 * wrongly and mangles "café" and "£"), and text cells that would start a formula (= + - @, tab, carriage return)
 * prefixed with an apostrophe, so a listing cannot smuggle a formula into someone's spreadsheet (OWASP CSV
 * injection). Numbers are never prefixed: -1.55 is a longitude, not a formula.
 */

export type Cell = string | number | boolean | undefined | null;

const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: Cell, options: { guard?: boolean } = {}): string {
  if (value === undefined || value === null) return '';
  let text = typeof value === 'number' ? numberText(value) : String(value);
  if (options.guard && typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Numbers as JSON writes them (no exponent for ordinary values, no trailing zeros). */
function numberText(n: number): string {
  if (!Number.isFinite(n)) throw new Error(`cannot write ${n} to a CSV`);
  return String(n);
}

export interface CsvOptions {
  /** Spreadsheet-safe: byte order mark and formula guarding. */
  spreadsheet?: boolean;
}

/** A whole CSV document: a header row, then one row per record, CRLF after every row. */
export function csv(columns: readonly string[], rows: Iterable<Record<string, Cell>>, options: CsvOptions = {}): string {
  const guard = options.spreadsheet === true;
  const lines = [columns.map((c) => csvCell(c)).join(',')];
  for (const row of rows) lines.push(columns.map((c) => csvCell(row[c], { guard })).join(','));
  return `${guard ? '\uFEFF' : ''}${lines.join('\r\n')}\r\n`;
}

/** Undoes the spreadsheet guard on a parsed cell: "'=x" -> "=x". */
export function unguard(text: string): string {
  return text.length > 1 && text.startsWith("'") && FORMULA_START.test(text.slice(1)) ? text.slice(1) : text;
}
