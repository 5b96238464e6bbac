/**
 * The bulk downloads under /downloads/: the HSDS tables (hsds/), a spreadsheet (listings.csv), every service as
 * full ORUK JSON, one per line (services.ndjson), the venues as GeoJSON (locations.geojson), a Data Package
 * describing them (datapackage.json), and one zip of everything. The same files make up a release snapshot.
 */
import { deterministicZip } from './zip.ts';
import { locationPath, listingPath } from '../../urls/site.ts';
import { clean, json, prettyJson, wholeFiles, type OutputFiles, type PublishContext } from '../context.ts';
import { fullServiceTexts } from '../oruk-api.ts';
import { DATA_PACKAGE_PROFILE, TABLE_SCHEMA_PROFILE, hsdsEntries } from './hsds-csv.ts';
import { FLAT_COLUMNS, FLAT_CSV_NAME, flatCsvChunks } from './flat-csv.ts';

export const NDJSON_NAME = 'services.ndjson';
export const GEOJSON_NAME = 'locations.geojson';
export const ZIP_NAME = 'loop-data.zip';

/**
 * Every fully nested ORUK service (services and resources), one JSON object per line, streamed line by line: at
 * region scale the file is longer than the longest string V8 can hold (100,000 services failed with "Invalid
 * string length" when it was one string; issue #19).
 */
export function* servicesNdjsonChunks(ctx: PublishContext): Generator<string> {
  for (const line of fullServiceTexts(ctx)) yield `${line}\n`;
}

/** The same, whole, as UTF-8 bytes (tests). */
export function servicesNdjson(ctx: PublishContext): Uint8Array {
  return concatLines(fullServiceTexts(ctx));
}

/** `lines`, each followed by a line feed, as one UTF-8 byte array (never as one string). */
export function concatLines(lines: Iterable<string>): Uint8Array {
  const parts: Uint8Array[] = [];
  let size = 0;
  for (const line of lines) {
    const bytes = encoder.encode(`${line}\n`);
    parts.push(bytes);
    size += bytes.length;
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

const encoder = new TextEncoder();

/**
 * Venues with coordinates as a GeoJSON FeatureCollection (RFC 7946: [longitude, latitude]), streamed feature by
 * feature: the same bytes as JSON.stringify of the whole collection.
 */
export function* locationsGeoJsonChunks(ctx: PublishContext): Generator<string> {
  const { dataset } = ctx;
  const located = dataset.locations.filter((l) => l.latitude !== undefined && l.longitude !== undefined);
  const withoutCoordinates = dataset.locations.length - located.length;
  const head = json({
    type: 'FeatureCollection',
    // A foreign member (RFC 7946 section 6.1), so nobody mistakes the map for every venue.
    loop: clean({ dataset_version: ctx.build.datasetVersion, generated_at: ctx.build.generatedAt, attribution: ctx.config.licence.attribution, locations_without_coordinates: withoutCoordinates }),
  });
  yield `${head.slice(0, -1)},"features":[`;
  let first = true;
  for (const l of located) {
    const ward = l.ward ? dataset.term('area', l.ward) : undefined;
    const feature = {
      type: 'Feature',
      id: l.id,
      geometry: { type: 'Point', coordinates: [l.longitude!, l.latitude!] },
      properties: clean({
        id: l.id,
        slug: l.slug,
        name: l.name,
        address: l.address ? [l.address.address_1, l.address.address_2, l.address.city].filter(Boolean).join(', ') : undefined,
        postcode: l.address?.postal_code,
        ward: ward?.name,
        page_url: ctx.url(locationPath(l)),
        services: dataset.servicesAt(l.slug).map((s) => ({ id: s.id, name: s.name, status: dataset.statusOf(s), page_url: ctx.url(listingPath(s)) })),
      }),
    };
    yield `${first ? '' : ','}${json(feature)}`;
    first = false;
  }
  yield ']}';
}

/** The same, whole (tests). */
export function locationsGeoJson(ctx: PublishContext): string {
  return [...locationsGeoJsonChunks(ctx)].join('');
}

/** The Data Package describing the top-level downloads (the spreadsheet's Table Schema, the NDJSON, the GeoJSON). */
export function downloadsDataPackage(ctx: PublishContext): Record<string, unknown> {
  const licence = ctx.config.licence.data;
  return {
    $schema: DATA_PACKAGE_PROFILE,
    name: 'loop-downloads',
    title: `${ctx.config.site.name}: bulk downloads`,
    description: `${ctx.config.site.name} listings as a spreadsheet, as Open Referral UK JSON and as a map of venues. The HSDS tables are a separate package in hsds/. ${ctx.config.licence.attribution}.`,
    version: ctx.build.datasetVersion,
    created: ctx.build.generatedAt,
    homepage: ctx.url('/'),
    licenses: [clean({ name: licence.id, path: licence.url, title: licence.name })],
    resources: [
      {
        name: 'listings',
        type: 'table',
        path: FLAT_CSV_NAME,
        title: 'Listings, one row each',
        format: 'csv',
        mediatype: 'text/csv',
        encoding: 'utf-8',
        dialect: { header: true, delimiter: ',', lineTerminator: '\r\n' },
        schema: {
          $schema: TABLE_SCHEMA_PROFILE,
          description: 'Text cells that would start with = + - @ are prefixed with an apostrophe so spreadsheets do not run them as formulas.',
          fields: FLAT_COLUMNS.map((c) => clean({ name: c.name, type: c.type, format: c.format, description: c.description, constraints: c.required ? { required: true } : undefined })),
          missingValues: [''],
          primaryKey: ['id'],
        },
      },
      { name: 'services', path: NDJSON_NAME, title: 'Every listing as a fully nested Open Referral UK 3.0 service, one per line', format: 'ndjson', mediatype: 'application/x-ndjson', encoding: 'utf-8' },
      { name: 'locations', path: GEOJSON_NAME, title: 'Venues with coordinates', format: 'geojson', mediatype: 'application/geo+json', encoding: 'utf-8' },
    ],
  };
}

function readme(ctx: PublishContext): string {
  return [
    `${ctx.config.site.name} open data`,
    '',
    `Dataset version: ${ctx.build.datasetVersion}`,
    `Generated: ${ctx.build.generatedAt}`,
    `Source: ${ctx.url('/')}`,
    '',
    'listings.csv       one row per service or resource, for spreadsheets (UTF-8; formula-like cells start with \')',
    'services.ndjson    every listing as an Open Referral UK 3.0 service, one JSON object per line',
    'locations.geojson  venues with coordinates',
    'datapackage.json   Frictionless Data Package v2 describing the files above',
    'hsds/              Open Referral HSDS 3.0 tables, one CSV per table, with hsds/datapackage.json',
    '',
    `Licence: ${ctx.config.licence.data.name} (${ctx.config.licence.data.url})`,
    ctx.config.licence.attribution,
    '',
  ].join('\r\n');
}

/**
 * Every file of the downloads (paths relative to /downloads/), without the zip, the large ones streamed: consume
 * them in order (hsds/datapackage.json is made from the tables written before it).
 */
export function* downloadEntries(ctx: PublishContext): Generator<[string, string | Iterable<string>]> {
  yield ['README.txt', readme(ctx)];
  yield [FLAT_CSV_NAME, flatCsvChunks(ctx)];
  yield [NDJSON_NAME, servicesNdjsonChunks(ctx)];
  yield [GEOJSON_NAME, locationsGeoJsonChunks(ctx)];
  yield ['datapackage.json', prettyJson(downloadsDataPackage(ctx))];
  for (const [path, content] of hsdsEntries(ctx)) yield [`hsds/${path}`, content];
}

/** The same files made whole (tests, release snapshots). */
export function downloadContents(ctx: PublishContext): OutputFiles {
  return wholeFiles(downloadEntries(ctx));
}

/** /downloads/… : the contents plus the zip of everything. */
export function downloadFiles(ctx: PublishContext): OutputFiles {
  const files = downloadContents(ctx);
  files.set(ZIP_NAME, deterministicZip(files, ctx.build.generatedAt));
  return files;
}

export { deterministicZip, zipFolder } from './zip.ts';
