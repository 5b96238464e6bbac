/**
 * What the open-data index pages (/downloads/, /feeds/v1/, /schemas/v1/) list: each published file with what it is,
 * its format, licence, version and a sample. The pages are rendered before the publish step writes the files, so
 * sizes cannot be known here: each page carries a `data-size-of` placeholder per file, which the publish step fills
 * in from the sizes it has just written (src/publish/open-data-pages.ts).
 */
import type { Dataset } from '../dataset/dataset.ts';
import { generateSchemaFiles } from '../model/json-schema.ts';
import { FEED_SCHEMA_VERSION, FEED_SCHEMAS, LISTINGS_PART_SIZE } from '../publish/feed-model.ts';
import { FLAT_COLUMNS } from '../publish/bulk/flat-csv.ts';
import { HSDS_TABLES } from '../publish/bulk/hsds-tables.ts';
import { CHANGES_ATOM_PATH, DOWNLOADS_BASE, FEEDS_BASE, SCHEMAS_BASE, downloadPath, feedPath, historyJsonPath, listingsPartPath, listingsPartsIndexPath, orukServicePath, recordJsonPath, schemaPath, OPENAPI_PATH } from '../urls/site.ts';

export type OpenDataSection = 'downloads' | 'feeds' | 'schemas';

export interface OpenDataFile {
  /** Site path of the file (under the base), e.g. /downloads/listings.csv; a template when `pattern` is set. */
  path: string;
  /** For a family of files (/feeds/v1/listings/{id}.json): the pattern shown, and no single size. */
  pattern?: string;
  /** For a family of files, what is said instead of a size (default: one small file per record). */
  sizeNote?: string;
  format: string;
  description: string;
  /** Whose licence applies: the data's, or the code's (the schemas are part of the software). */
  licence: 'data' | 'code';
  /** Which version names it: the dataset version, or the feed schema version. */
  version: 'dataset' | 'schema' | 'both';
  /** A short sample: a link to one small file of the kind, or the column names. */
  sample?: { text: string; href?: string };
}

export const SECTION_PATHS: Record<OpenDataSection, string> = {
  downloads: `${DOWNLOADS_BASE}/`,
  feeds: `${FEEDS_BASE}/`,
  schemas: `${SCHEMAS_BASE}/`,
};

export const SECTION_TITLES: Record<OpenDataSection, string> = {
  downloads: 'Bulk downloads',
  feeds: 'LOOP feeds (version 1)',
  schemas: 'JSON Schemas (version 1)',
};

/** The path of a published file relative to the output folder, as the manifest and the size placeholders name it. */
export function fileKey(path: string): string {
  return path.replace(/^\/+/, '');
}

function columns(names: readonly string[], shown = 8): string {
  return names.length <= shown ? names.join(', ') : `${names.slice(0, shown).join(', ')}, … (${names.length} columns)`;
}

export function openDataFiles(dataset: Dataset, section: OpenDataSection): OpenDataFile[] {
  const first = dataset.listings[0];
  const firstService = dataset.services[0];
  if (section === 'downloads') {
    const hsds = Object.entries(HSDS_TABLES).map(([name, table]): OpenDataFile => ({
      path: downloadPath(`hsds/${table.path}`),
      format: 'CSV (RFC 4180, UTF-8)',
      description: `HSDS 3.0 table "${name}", one row per ${name.replace(/_/g, ' ')}: data for programs, values exact.`,
      licence: 'data',
      version: 'dataset',
      sample: { text: `Columns: ${columns(table.fields.map((f) => f.name))}` },
    }));
    return [
      { path: downloadPath('loop-data.zip'), format: 'ZIP', description: 'Every download below in one file.', licence: 'data', version: 'dataset' },
      { path: downloadPath('listings.csv'), format: 'CSV (RFC 4180, UTF-8)', description: 'One row per service or resource, for spreadsheets: readable column names, opening times in words. Cells that would start a formula begin with an apostrophe.', licence: 'data', version: 'both', sample: { text: `Columns: ${columns(FLAT_COLUMNS.map((c) => c.name))}` } },
      { path: downloadPath('services.ndjson'), format: 'NDJSON (one JSON object per line)', description: 'Every listing as a fully nested Open Referral UK 3.0 service.', licence: 'data', version: 'dataset', ...(firstService ? { sample: { text: 'One line, as a file', href: orukServicePath(firstService.id) } } : {}) },
      { path: downloadPath('locations.geojson'), format: 'GeoJSON', description: 'Venues with coordinates, as points.', licence: 'data', version: 'dataset' },
      { path: downloadPath('datapackage.json'), format: 'Frictionless Data Package v2 (JSON)', description: 'Describes listings.csv, services.ndjson and locations.geojson: columns, types, sizes, SHA-256.', licence: 'data', version: 'dataset' },
      { path: downloadPath('hsds/datapackage.json'), format: 'Frictionless Data Package v2 (JSON)', description: 'Describes the HSDS tables: table schemas, primary and foreign keys, sizes, SHA-256.', licence: 'data', version: 'dataset' },
      ...hsds,
      { path: downloadPath('README.txt'), format: 'Plain text', description: 'What is in the zip, the dataset version and the licence.', licence: 'data', version: 'dataset' },
      { path: downloadPath('manifest.json'), format: 'JSON', description: 'Size and SHA-256 of every published feed and download.', licence: 'data', version: 'dataset' },
      { path: downloadPath('versions.json'), format: 'JSON', description: 'Released dataset versions; each is an immutable snapshot under archive/<version>/.', licence: 'data', version: 'dataset' },
    ];
  }
  if (section === 'feeds') {
    return [
      { path: feedPath('index'), format: 'JSON', description: 'Every LOOP feed and download, with its schema.', licence: 'data', version: 'both' },
      { path: feedPath('listings'), format: 'JSON', description: 'Every service and resource, compact: what a widget or a list shows.', licence: 'data', version: 'both', ...(first ? { sample: { text: 'One listing in full', href: recordJsonPath(first.id) } } : {}) },
      { path: listingsPartsIndexPath(), format: 'JSON', description: `The listings feed in parts of ${LISTINGS_PART_SIZE.toLocaleString('en-GB')} items: each part's address, item count, size and SHA-256. At region scale read the parts, not the one large file.`, licence: 'data', version: 'both', sample: { text: 'The first part', href: listingsPartPath(1) } },
      { path: listingsPartPath('{n}'), pattern: `${FEEDS_BASE}/listings/part/{n}.json`, sizeNote: `one file per ${LISTINGS_PART_SIZE.toLocaleString('en-GB')} listings; sizes in listings/index.json`, format: 'JSON', description: 'One part of the listings feed (n from 1), the same items as listings.json in the same order.', licence: 'data', version: 'both', sample: { text: 'Part 1', href: listingsPartPath(1) } },
      { path: recordJsonPath('{id}'), pattern: `${FEEDS_BASE}/listings/{id}.json`, format: 'JSON', description: 'One listing in LOOP\'s own format, by its UUID.', licence: 'data', version: 'both', ...(first ? { sample: { text: first.name, href: recordJsonPath(first.id) } } : {}) },
      { path: `${FEEDS_BASE}/categories/{slug}.json`, pattern: `${FEEDS_BASE}/{categories,needs,audiences,areas,tags,organisations,…}/{slug}.json`, format: 'JSON', description: 'The listings feed, sliced by category, need, audience, area, tag or organisation.', licence: 'data', version: 'both' },
      { path: feedPath('organisations'), format: 'JSON', description: 'Every organisation.', licence: 'data', version: 'both' },
      { path: feedPath('taxonomies'), format: 'JSON', description: 'Every vocabulary and term, with LGA/esd and ONS mappings.', licence: 'data', version: 'both' },
      { path: feedPath('changes'), format: 'JSON', description: 'Records added, changed and removed in each dataset version, newest first.', licence: 'data', version: 'both' },
      { path: CHANGES_ATOM_PATH, format: 'Atom 1.0', description: 'The same changes for feed readers.', licence: 'data', version: 'dataset' },
      { path: historyJsonPath('{id}'), pattern: `${FEEDS_BASE}/history/{id}.json`, format: 'JSON', description: 'Every change to one listing: date, summary, commit.', licence: 'data', version: 'both', ...(first ? { sample: { text: first.name, href: historyJsonPath(first.id) } } : {}) },
      { path: OPENAPI_PATH, format: 'OpenAPI 3.1 (JSON)', description: 'Describes these feeds and the Open Referral UK API for programs.', licence: 'data', version: 'schema' },
    ];
  }
  const authoring = [...generateSchemaFiles().keys()].map((name): OpenDataFile => ({
    path: `${SCHEMAS_BASE}/${name}`,
    format: 'JSON Schema (draft 2020-12)',
    description: `The authoring format of a ${name.replace('.schema.json', '')} file in data/ (what editors write).`,
    licence: 'code',
    version: 'schema',
  }));
  const feeds = (Object.keys(FEED_SCHEMAS) as (keyof typeof FEED_SCHEMAS)[]).map((name): OpenDataFile => ({
    path: schemaPath(name),
    format: 'JSON Schema (draft 2020-12)',
    description: `The ${name} feed (${FEED_SCHEMAS[name].meta()?.description?.split('. ')[0] ?? name}).`,
    licence: 'code',
    version: 'schema',
  }));
  return [...feeds, ...authoring];
}

export { FEED_SCHEMA_VERSION };
