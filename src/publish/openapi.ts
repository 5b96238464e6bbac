/**
 * An OpenAPI 3.1 document describing what LOOP publishes for programs: the Open Referral UK API (/oruk/v3/, with
 * ORUK's own schemas by reference, as ORUK's OpenAPI does) and the LOOP feeds (/feeds/v1/, with the JSON Schemas
 * published under /schemas/v1/). Served at /openapi.json; ORUK's GET / names it as `openapi_url`.
 */
import { FEEDS_BASE, ORUK_BASE, feedPath, schemaPath, downloadPath, CHANGES_ATOM_PATH } from '../urls/site.ts';
import type { PublishContext } from './context.ts';
import { DEFAULT_ORUK_PAGE_SIZE } from './oruk-api.ts';
import { FEED_SCHEMA_VERSION } from './feed-model.ts';

const ORUK_COMPILED = 'https://raw.githubusercontent.com/openreferral/uk-profile/main/schema/compiled/';
const ORUK_SCHEMA = 'https://raw.githubusercontent.com/openreferral/uk-profile/main/schema/';
const HSDS_COMPILED = 'https://raw.githubusercontent.com/openreferral/specification/3.0/schema/compiled/';

type Json = Record<string, unknown>;

function jsonResponse(description: string, schema: Json): Json {
  return { '200': { description, content: { 'application/json': { schema } } } };
}

function page(items: Json): Json {
  return { allOf: [{ $ref: '#/components/schemas/Page' }], properties: { contents: { type: 'array', items } } };
}

const idParameter = (what: string): Json => ({ name: 'id', in: 'path', required: true, description: `The UUID of the ${what}.`, schema: { type: 'string', format: 'uuid' } });

const ref = (ctx: PublishContext, name: string): Json => ({ $ref: ctx.url(schemaPath(name)) });

function orukList(name: string, what: string, items: Json): Json {
  return {
    get: {
      operationId: `list_${name}`,
      tags: ['Open Referral UK'],
      summary: `Paginated list of ${what}`,
      description: `Every ${what.replace(/s$/, '')} on one page by default (page size ${DEFAULT_ORUK_PAGE_SIZE.toLocaleString('en-GB')}). Static file: ${ORUK_BASE}/${name}.json, and ${ORUK_BASE}/${name}/page/{n}.json for each page.`,
      parameters: [{ $ref: '#/components/parameters/page' }],
      responses: jsonResponse(`A page of ${what}.`, page(items)),
    },
  };
}

function orukItem(name: string, what: string, schema: Json): Json {
  return {
    parameters: [idParameter(what)],
    get: {
      operationId: `get_${name}`,
      tags: ['Open Referral UK'],
      summary: `One ${what}, fully nested`,
      description: `Static file: ${ORUK_BASE}/${name}/{id}.json`,
      responses: { ...jsonResponse(`The ${what}.`, schema), '404': { description: `No ${what} has this id.` } },
    },
  };
}

function feed(ctx: PublishContext, path: string, name: string, summary: string, schema: string): [string, Json] {
  return [
    path,
    { get: { operationId: `feed_${name}`, tags: ['LOOP feeds'], summary, responses: jsonResponse(summary, ref(ctx, schema)) } },
  ];
}

function slice(ctx: PublishContext, folder: string, what: string): [string, Json] {
  return [
    `${FEEDS_BASE}/${folder}/{slug}.json`,
    {
      parameters: [{ name: 'slug', in: 'path', required: true, description: `The ${what}'s slug (see taxonomies.json; area slugs contain one "/", e.g. ward/armley).`, schema: { type: 'string' } }],
      get: { operationId: `feed_${folder}_slice`, tags: ['LOOP feeds'], summary: `Listings for one ${what}`, responses: { ...jsonResponse(`Listings for the ${what}.`, ref(ctx, 'listings')), '404': { description: `No such ${what}.` } } },
    },
  ];
}

/** The Open Referral UK API: its index, and a list and an item path for each of its five endpoints. */
function orukPaths(): Json {
  return {
    [`${ORUK_BASE}/`]: {
      get: {
        operationId: 'oruk_index',
        tags: ['Open Referral UK'],
        summary: 'About this API',
        description: `Static file: ${ORUK_BASE}/index.json`,
        responses: jsonResponse('Version, profile and this document\'s address.', {
          type: 'object',
          required: ['version'],
          properties: { version: { type: 'string', const: 'HSDS-UK-3.0' }, profile: { type: 'string', format: 'uri' }, openapi_url: { type: 'string', format: 'uri' } },
        }),
      },
    },
    [`${ORUK_BASE}/services`]: orukList('services', 'services', { $ref: `${ORUK_COMPILED}service_list.json` }),
    [`${ORUK_BASE}/services/{id}`]: orukItem('services', 'service', { $ref: `${ORUK_COMPILED}service.json` }),
    [`${ORUK_BASE}/service_at_locations`]: orukList('service_at_locations', 'services at locations', { $ref: `${ORUK_COMPILED}service_at_location_list.json` }),
    [`${ORUK_BASE}/service_at_locations/{id}`]: orukItem('service_at_locations', 'service at a location', { $ref: `${ORUK_COMPILED}service_at_location.json` }),
    [`${ORUK_BASE}/taxonomies`]: orukList('taxonomies', 'taxonomies', { $ref: `${ORUK_SCHEMA}taxonomy.json` }),
    [`${ORUK_BASE}/taxonomies/{id}`]: orukItem('taxonomies', 'taxonomy', { $ref: `${ORUK_SCHEMA}taxonomy.json` }),
    [`${ORUK_BASE}/taxonomy_terms`]: orukList('taxonomy_terms', 'taxonomy terms', { $ref: `${ORUK_SCHEMA}taxonomy_term.json` }),
    [`${ORUK_BASE}/taxonomy_terms/{id}`]: orukItem('taxonomy_terms', 'taxonomy term', { $ref: `${ORUK_SCHEMA}taxonomy_term.json` }),
    [`${ORUK_BASE}/organizations`]: orukList('organizations', 'organizations', { $ref: `${HSDS_COMPILED}organization_list.json` }),
    [`${ORUK_BASE}/organizations/{id}`]: orukItem('organizations', 'organization', { $ref: `${HSDS_COMPILED}organization.json` }),
  };
}

/** LOOP's own feeds (whole, sliced by term, per listing), the Atom feed and the downloads' metadata. */
function feedPaths(ctx: PublishContext): Json {
  return Object.fromEntries([
    feed(ctx, feedPath('index'), 'index', 'Every LOOP feed and download', 'feed-index'),
    feed(ctx, feedPath('listings'), 'listings', 'Every service and resource, compact', 'listings'),
    feed(ctx, feedPath('organisations'), 'organisations', 'Every organisation', 'organisations'),
    feed(ctx, feedPath('taxonomies'), 'taxonomies', 'Every vocabulary and term', 'taxonomies'),
    feed(ctx, feedPath('changes'), 'changes', 'Records added, changed and removed per dataset version', 'changes'),
    slice(ctx, 'categories', 'category'),
    slice(ctx, 'needs', 'need'),
    slice(ctx, 'audiences', 'audience'),
    slice(ctx, 'areas', 'area'),
    slice(ctx, 'tags', 'tag'),
    slice(ctx, 'organisations', 'organisation'),
    [
      `${FEEDS_BASE}/listings/{id}.json`,
      { parameters: [idParameter('listing')], get: { operationId: 'feed_record', tags: ['LOOP feeds'], summary: 'One listing in LOOP\'s own format', responses: { ...jsonResponse('The listing.', ref(ctx, 'record')), '404': { description: 'No listing has this id.' } } } },
    ],
    [
      `${FEEDS_BASE}/history/{id}.json`,
      { parameters: [idParameter('listing')], get: { operationId: 'feed_history', tags: ['LOOP feeds'], summary: 'Every change to one listing', responses: { ...jsonResponse('The listing\'s history, newest first.', ref(ctx, 'history')), '404': { description: 'No listing has this id.' } } } },
    ],
    [
      CHANGES_ATOM_PATH,
      { get: { operationId: 'feed_changes_atom', tags: ['LOOP feeds'], summary: 'Changes as an Atom feed', responses: { '200': { description: 'An Atom 1.0 feed, newest version first.', content: { 'application/atom+xml': { schema: { type: 'string' } } } } } } },
    ],
    [
      downloadPath('manifest.json'),
      { get: { operationId: 'downloads_manifest', tags: ['Downloads'], summary: 'SHA-256 and size of every feed and download', responses: jsonResponse('The manifest.', ref(ctx, 'manifest')) } },
    ],
    [
      downloadPath('versions.json'),
      { get: { operationId: 'downloads_versions', tags: ['Downloads'], summary: 'Released dataset versions and their snapshots', responses: jsonResponse('The versions.', ref(ctx, 'versions')) } },
    ],
  ]);
}

export function openApiDocument(ctx: PublishContext): Json {
  const paths: Json = { ...orukPaths(), ...feedPaths(ctx) };
  return {
    openapi: '3.1.0',
    info: {
      title: `${ctx.config.site.name} open data API`,
      version: FEED_SCHEMA_VERSION,
      summary: `${ctx.config.site.name} listings as an Open Referral UK 3.0 API and as LOOP JSON feeds.`,
      description: [
        `Static files: no keys, no rate limits beyond the host's, CORS open (Access-Control-Allow-Origin: *). ${ctx.config.licence.attribution}.`,
        '',
        `Every ORUK path is also a file with .json added (${ORUK_BASE}/services/{id}.json), which is what hosts without rewrite rules (GitHub Pages) serve. Dataset version ${ctx.build.datasetVersion}.`,
      ].join('\n'),
      contact: { name: ctx.config.publisher.name, email: ctx.config.publisher.email, ...(ctx.config.publisher.url ? { url: ctx.config.publisher.url } : {}) },
      license: { name: ctx.config.licence.data.name, url: ctx.config.licence.data.url },
    },
    servers: [{ url: ctx.url('/').replace(/\/$/, ''), description: 'The published site' }],
    tags: [
      { name: 'Open Referral UK', description: 'Open Referral UK 3.0 (HSDS 3.0 UK profile); objects are full HSDS 3.0, a superset of the profile.' },
      { name: 'LOOP feeds', description: 'LOOP\'s own feeds, wrapped {schema_version, dataset_version, generated_at, licence, attribution, count, items}.' },
      { name: 'Downloads', description: 'Bulk download metadata.' },
    ],
    paths,
    components: {
      parameters: {
        page: { name: 'page', in: 'query', required: false, description: 'Page number, from 1.', schema: { type: 'integer', minimum: 1 } },
      },
      schemas: {
        Page: {
          type: 'object',
          required: ['total_items', 'total_pages', 'page_number', 'size', 'first_page', 'last_page', 'empty'],
          properties: {
            total_items: { type: 'integer', description: 'Count of total results.' },
            total_pages: { type: 'integer', description: 'Count of total pages.' },
            page_number: { type: 'integer', description: 'Current page number.' },
            size: { type: 'integer', description: 'The page size: items per page (the last page may hold fewer).' },
            first_page: { type: 'boolean' },
            last_page: { type: 'boolean' },
            empty: { type: 'boolean', description: 'True when this page has no items.' },
          },
        },
      },
    },
  };
}
