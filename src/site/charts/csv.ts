/**
 * CSV cells (RFC 4180), for the dashboard's downloads. A stand-in with the same API as the feeds' writer
 * (src/publish/bulk/csv.ts), until that lands on main.
 */
export type Cell = string | number | boolean | undefined | null;

const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: Cell, options: { guard?: boolean } = {}): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'number' && !Number.isFinite(value)) throw new Error(`cannot write ${value} to a CSV`);
  let text = String(value);
  if (options.guard && typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function unguard(text: string): string {
  return text.length > 1 && text.startsWith("'") && FORMULA_START.test(text.slice(1)) ? text.slice(1) : text;
}
