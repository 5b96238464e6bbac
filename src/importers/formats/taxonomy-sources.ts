/**
 * Reference vocabularies an import can draw on (never copied into the repository; read from where they are):
 * - an esd list export (CSV with Identifier, Label, Status), such as the LGA Local Government Services List, which
 *   names esd URIs that LOOP's categories do not map, so imported terms get their real label;
 * - a ward list with current and previous ONS codes (the leeds-wards CSV), so services tagged with a 2018 ward code
 *   still land in the right `ward/...` area.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';

function readCsv(path: string): Record<string, string>[] {
  let text = readFileSync(path, 'utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return parse(text, { columns: true, skip_empty_lines: true, relax_column_count: true, trim: true }) as Record<string, string>[];
}

export interface EsdTerm {
  uri: string;
  label: string;
  live: boolean;
}

/** An esd list CSV: `Identifier` becomes http://id.esd.org.uk/<type>/<Identifier>. */
export function readEsdList(path: string, type: 'service' | 'need' | 'circumstance' = 'service'): EsdTerm[] {
  return readCsv(path)
    .filter((row) => /^\d+$/.test(row.Identifier ?? ''))
    .map((row) => ({ uri: `http://id.esd.org.uk/${type}/${row.Identifier}`, label: (row.Label ?? '').trim(), live: (row.Status ?? '').toLowerCase() === 'live' }));
}

/** URI (lower case, http) to label, as the term resolver wants it. */
export function esdLabels(terms: EsdTerm[]): Map<string, string> {
  return new Map(terms.map((t) => [t.uri.toLowerCase(), t.label]));
}

export interface Ward {
  code: string;
  name: string;
  previousCode?: string;
}

/** A ward list CSV with ward_code, ward_name and previous_code_2018 columns. */
export function readWards(path: string): Ward[] {
  return readCsv(path)
    .filter((row) => /^[EWSN]\d{8}$/.test(row.ward_code ?? ''))
    .map((row) => ({ code: row.ward_code!, name: row.ward_name ?? '', ...(/^[EWSN]\d{8}$/.test(row.previous_code_2018 ?? '') ? { previousCode: row.previous_code_2018! } : {}) }));
}

/** Previous code to current code. */
export function codeChanges(wards: Ward[]): Map<string, string> {
  return new Map(wards.filter((w) => w.previousCode).map((w) => [w.previousCode!, w.code]));
}
