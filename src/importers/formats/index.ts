/**
 * Every import format, by the name `npx loop import <format>` takes. Each reads its source into an ImportBatch;
 * everything after that (matching, merging, writing) is shared.
 */
import { getCountries, type CountryCode } from 'libphonenumber-js/max';
import type { ImportBatch } from '../incoming.ts';
import type { ImportMapping } from './mapping.ts';
import { readCiviCrm } from './civicrm.ts';
import { readSpreadsheet } from './csv.ts';
import { readHsdsCsv } from './hsds-csv.ts';
import { readOruk } from './oruk.ts';
import type { Progress } from '../progress.ts';

export interface ReadContext {
  system?: string;
  mapping?: ImportMapping;
  /** The mapping file's folder: table files are found relative to it. */
  mappingDir?: string;
  progress: Progress;
  /** Format-specific command-line options. */
  options: Record<string, string | boolean | undefined>;
}

export interface ImportFormat {
  name: string;
  summary: string;
  read(source: string, context: ReadContext): Promise<ImportBatch>;
}

function positiveInt(value: string | boolean | undefined, flag: string): number | undefined {
  if (value === undefined || typeof value === 'boolean') return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`${flag} must be a whole number of at least 1`);
  return n;
}

/**
 * The country of a source's phone numbers, as the source's owner states it: `--country` on the command line, else
 * the mapping file's phone_country. Undefined leaves the formats to the source's addresses.
 */
export function statedCountry(options: ReadContext['options'], mapping: ImportMapping | undefined): CountryCode | undefined {
  const flag = options.country;
  if (typeof flag === 'string') {
    const code = flag.trim().toUpperCase();
    if (!/^[A-Z]{2}$/.test(code) || !getCountries().includes(code as CountryCode)) throw new RangeError(`--country must be a two-letter ISO 3166 country code such as GB or US, not "${flag}"`);
    return code as CountryCode;
  }
  return mapping?.phone_country as CountryCode | undefined;
}

/** What any HSDS-shaped source takes from the command line and the mapping file: its name, phones' country, vocabularies. */
function sourceOptions(system: string | undefined, mapping: ImportMapping | undefined, options: ReadContext['options']): { system?: string; phoneCountry?: CountryCode; vocabularies?: NonNullable<ImportMapping['vocabularies']> } {
  const name = system ?? mapping?.system;
  const phoneCountry = statedCountry(options, mapping);
  return {
    ...(name ? { system: name } : {}),
    ...(phoneCountry ? { phoneCountry } : {}),
    ...(mapping?.vocabularies ? { vocabularies: mapping.vocabularies } : {}),
  };
}

export const orukFormat: ImportFormat = {
  name: 'oruk',
  summary: 'Open Referral UK 3.0 / HSDS 3.0 JSON (an API URL, a saved file or folder) and legacy ORUK 1.0 JSON',
  read(source, { system, mapping, progress, options }) {
    const perPage = positiveInt(options['per-page'], '--per-page');
    const maxPages = positiveInt(options['max-pages'], '--max-pages');
    const maxRecords = positiveInt(options['max-records'], '--max-records');
    const maxResponseMb = positiveInt(options['max-response-mb'], '--max-response-mb');
    const timeout = positiveInt(options.timeout, '--timeout');
    const retries = options.retries === undefined ? undefined : Number(options.retries);
    if (retries !== undefined && (!Number.isInteger(retries) || retries < 0 || retries > 10)) throw new RangeError('--retries must be a whole number from 0 to 10');
    return readOruk(source, {
      ...sourceOptions(system, mapping, options),
      ...(perPage ? { perPage } : {}),
      ...(maxPages ? { maxPages } : {}),
      ...(maxRecords ? { maxRecords } : {}),
      partial: options.partial === true,
      details: options['list-only'] !== true,
      fetch: {
        ...(timeout ? { timeoutMs: timeout * 1000 } : {}),
        ...(retries !== undefined ? { retries } : {}),
        ...(maxResponseMb ? { maxBytes: maxResponseMb * 1_000_000 } : {}),
        allowRedirectHost: options['allow-redirect-host'] === true,
      },
      ...(typeof options['record-url'] === 'string' ? { recordUrl: options['record-url'] } : {}),
      progress,
    });
  },
};

export const hsdsCsvFormat: ImportFormat = {
  name: 'hsds-csv',
  summary: 'HSDS tabular data package (a zip, its folder or its datapackage.json; one CSV per table), versions 1.1, 2.0 and 3.0',
  read(source, { system, mapping, progress, options }) {
    return readHsdsCsv(source, {
      ...sourceOptions(system, mapping, options),
      ...(typeof options.datapackage === 'string' ? { datapackage: options.datapackage } : {}),
      progress,
    });
  },
};

export const csvFormat: ImportFormat = {
  name: 'csv',
  summary: "A spreadsheet saved as CSV: LOOP's template, or any layout described by a --mapping file",
  read(source, { system, mapping, mappingDir, progress, options }) {
    const phoneCountry = statedCountry(options, mapping);
    return readSpreadsheet(source, { ...(system ? { system } : {}), ...(mapping ? { mapping } : {}), ...(mappingDir ? { mappingDir } : {}), ...(phoneCountry ? { phoneCountry } : {}), progress });
  },
};

export const civicrmFormat: ImportFormat = {
  name: 'civicrm',
  summary: 'Organisations from a CiviCRM APIv4 Contact.get JSON export (Doing Good Leeds)',
  read(source, { system, mapping, options }) {
    return readCiviCrm(source, {
      ...(system ?? mapping?.system ? { system: (system ?? mapping?.system)! } : {}),
      ...(mapping?.civicrm ? { customFields: mapping.civicrm } : {}),
      ...(typeof options['record-url'] === 'string' ? { recordUrl: options['record-url'] } : {}),
      ...(statedCountry(options, mapping) ? { phoneCountry: statedCountry(options, mapping)! } : {}),
    });
  },
};

export const FORMATS: ImportFormat[] = [orukFormat, hsdsCsvFormat, csvFormat, civicrmFormat];
