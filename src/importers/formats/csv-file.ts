/**
 * One CSV table read strictly: a damaged file is an error naming the file and the row, never rows quietly
 * repaired. Other people's exports arrive cut short (a partial last row), in the wrong encoding (Latin-1 read as
 * UTF-8 becomes replacement characters) or with an unclosed quote; each would otherwise import as wrong data, or as
 * no data at all, which a sync then reads as "everything was withdrawn". csv-parse does the parsing; this module
 * only refuses what it would let through.
 */
import { parse } from 'csv-parse/sync';

export type CsvRow = Record<string, string | undefined>;

export interface CsvTable {
  /** Column names as the header has them, trimmed and lower-cased. */
  columns: string[];
  /** One object per data row; empty cells are undefined. */
  rows: CsvRow[];
}

/** A damaged input file: the message names the file (and row or line where known). */
export class DamagedFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DamagedFileError';
  }
}

/** The text of UTF-8 bytes (a leading byte-order mark dropped); invalid UTF-8 is an error saying where. */
export function decodeUtf8(bytes: Uint8Array, name: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    const { line, byte } = firstInvalidByte(bytes);
    throw new DamagedFileError(`${name}: line ${line} (byte ${byte}) is not valid UTF-8; save the file as UTF-8 and import it again (nothing was imported)`);
  }
}

/**
 * Where the first invalid byte is. A newline byte is never part of a multi-byte character, so lines are checked one
 * by one, and within the bad line the decoder is fed a byte at a time until it refuses one.
 */
function firstInvalidByte(bytes: Uint8Array): { line: number; byte: number } {
  let start = 0;
  let line = 1;
  while (start <= bytes.length) {
    let end = bytes.indexOf(0x0a, start);
    if (end < 0) end = bytes.length;
    const decoder = new TextDecoder('utf-8', { fatal: true });
    try {
      decoder.decode(bytes.subarray(start, end));
    } catch {
      const stream = new TextDecoder('utf-8', { fatal: true });
      for (let i = start; i < end; i++) {
        try {
          stream.decode(bytes.subarray(i, i + 1), { stream: true });
        } catch {
          // Refused at a byte that starts something new: the bad sequence is the unfinished one before it.
          let j = i;
          const isContinuation = (b: number) => b >= 0x80 && b < 0xc0;
          if (!isContinuation(bytes[i]!)) while (j > start && isContinuation(bytes[j - 1]!)) j--;
          if (j === i && j > start && !isContinuation(bytes[i]!) && bytes[i - 1]! >= 0xc0) j = i - 1;
          else if (j < i) j--;
          return { line, byte: j + 1 };
        }
      }
      return { line, byte: end };
    }
    start = end + 1;
    line++;
  }
  return { line, byte: bytes.length };
}

interface RecordContext {
  lines: number;
  records: number;
}

/** A CSV table from its bytes. `name` is how errors name the file (its path in the package). */
export function readCsvTable(bytes: Uint8Array, name: string): CsvTable {
  const text = decodeUtf8(bytes, name);
  let columns: string[] | undefined;
  const rows: CsvRow[] = [];
  // The first row whose length is wrong; the whole file is parsed first so the message can say if it was the last.
  let bad: { row: number; line: number; length: number } | undefined;
  let last = 0;
  try {
    parse(text, {
      skip_empty_lines: true,
      relax_column_count: true,
      relax_quotes: true,
      // Rows are checked and turned into objects as they are parsed, so no per-row bookkeeping is kept.
      on_record: (record: string[], context: RecordContext) => {
        if (!columns) {
          columns = record.map((h) => h.trim().toLowerCase());
          return null;
        }
        const row = context.records - 1;
        last = row;
        if (record.length < columns.length || record.slice(columns.length).some((cell) => cell.trim() !== '')) {
          bad ??= { row, line: context.lines, length: record.length };
          return null;
        }
        const out: CsvRow = {};
        columns.forEach((column, i) => {
          const value = record[i];
          out[column] = value === '' ? undefined : value;
        });
        rows.push(out);
        return null;
      },
    });
  } catch (error) {
    const e = error as { code?: string; message?: string; records?: number; lines?: number };
    if (e.code === 'CSV_QUOTE_NOT_CLOSED') {
      throw new DamagedFileError(`${name}: row ${e.records ?? '?'} opens a quote that is never closed (the file ends at line ${e.lines ?? '?'}); the file is damaged or cut short (nothing was imported)`);
    }
    throw new DamagedFileError(`${name}: ${e.message ?? String(error)}${e.records !== undefined ? ` (row ${e.records})` : ''} (nothing was imported)`);
  }
  if (!columns) return { columns: [], rows: [] };
  if (bad) {
    const width = columns.length;
    if (bad.length < width) {
      // A last row cut short is the usual sign of a truncated download; any short row means columns would shift.
      const where = bad.row === last ? 'the last row, cut short?' : 'a damaged row';
      throw new DamagedFileError(`${name}: row ${bad.row} (line ${bad.line}) has ${bad.length} of the ${width} columns in the header (${where}); nothing was imported`);
    }
    throw new DamagedFileError(`${name}: row ${bad.row} (line ${bad.line}) has ${bad.length} values but the header has ${width} columns; nothing was imported`);
  }
  return { columns, rows };
}
