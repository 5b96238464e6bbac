/**
 * The numbers behind a chart, as one table that the page shows (an HTML table with a caption and row and column
 * headers) and the CSV download repeats, so the two cannot disagree.
 */
import { csvCell, type Cell } from '../../publish/bulk/csv.ts';

export type TableValue = number | string;

export interface TableRow {
  name: string;
  /** A link for the row's name (a path under the site's base). */
  href?: string;
  /** Narrower terms are indented under their broader one. */
  depth?: number;
  /** The broader term's name, for the "Part of" column (shown when any row has one). */
  parent?: string;
  values: readonly TableValue[];
}

export interface DataTable {
  caption: string;
  /** Header of the first column, which names each row (a row header). */
  rowHeader: string;
  columns: readonly string[];
  rows: readonly TableRow[];
}

export const PART_OF = 'Part of';

/** True when the table has a "Part of" column (some rows are narrower terms). */
export function hasParents(table: DataTable): boolean {
  return table.rows.some((r) => r.parent !== undefined);
}

/** Header row of the table as published: row header, "Part of" when needed, then the value columns. */
export function tableHeaders(table: DataTable): string[] {
  return [table.rowHeader, ...(hasParents(table) ? [PART_OF] : []), ...table.columns];
}

/**
 * The table as a CSV for spreadsheets: UTF-8 with a byte order mark (so Excel reads "café" and "£" right), CRLF
 * line ends, and every text cell, headers included, guarded against formula injection (a term named "=HYPERLINK(…)"
 * arrives as text, not as a formula). Numbers are written as numbers.
 */
export function tableCsv(table: DataTable): string {
  const parents = hasParents(table);
  const lines = [tableHeaders(table).map((h) => csvCell(h, { guard: true })).join(',')];
  for (const row of table.rows) {
    if (row.values.length !== table.columns.length) throw new Error(`table "${table.caption}": row "${row.name}" has ${row.values.length} values for ${table.columns.length} columns`);
    const cells: Cell[] = [row.name, ...(parents ? [row.parent ?? ''] : []), ...row.values];
    lines.push(cells.map((c) => csvCell(c, { guard: true })).join(','));
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
