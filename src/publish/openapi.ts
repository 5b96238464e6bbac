/**
 * An OpenAPI 3.1 document describing what LOOP publishes for programs: the Open Referral UK API (/oruk/v3/, with
 * ORUK's own schemas by reference, as ORUK's OpenAPI does) and the LOOP feeds (/feeds/v1/, with the JSON Schemas
 * published under /schemas/v1/). Served at /openapi.json; ORUK's GET / names it as `openapi_url`.
 */
import { FEEDS_BASE, ORUK_BASE, feedPath, schemaPath, downloadPath, CHANGES_ATOM_PATH, type OrukEndpoint } from '../urls/site.ts';
import type { PublishContext } from './context.ts';
import { openApiQueryParameters, parametersSentence } from '../edge/parameters.ts';
import { DEFAULT_ORUK_PAGE_SIZE } from './oruk-api.ts';
import { FEED_SCHEMA_VERSION } from './feed-model.ts';

const ORUK_COMPILED = 'https://raw.githubusercontent.com/openreferral/uk-profile/main/schema/compiled/';
const ORUK_SCHEMA = 'https://raw.githubusercontent.com/openreferral/uk-profile/main/schema/';
const HSDS_COMPILED = 'https://raw.githubusercontent.com/openreferral/specification/3.0/schema/compiled/';

type Json = Record<string, unknown>;
type PathEntry = [string, Json];

function jsonResponse(description: string, schema: Json): Json {
  return { '200': { description, content: { 'application/json': { schema } } } };
}

function page(items: Json): Json {
  return { allOf: [{ $ref: '#/components/schemas/Page' }], properties: { contents: { type: 'array', items } } };
}

const idParameter = (what: string): Json => ({ name: 'id', in: 'path', required: true, description: `The UUID of the ${what}.`, schema: { type: 'string', format: 'uuid' } });

/** A `$ref` to one of the JSON Schemas published under /schemas/v1/. */
const schemaRef = (ctx: PublishContext, name: string): Json => ({ $ref: ctx.url(schemaPath(name)) });

// --- Open Referral UK (/oruk/v3/) ---

function orukList(ctx: PublishContext, name: string, what: string, items: Json, pageSize: number): Json {
  return {
    get: {
      operationId: `list_${name}`,
      tags: ['Open Referral UK'],
      summary: `Paginated list of ${what}`,
      description: `${pageSize.toLocaleString('en-GB')} ${what} a page (size), in the same order on every page; total_pages, first_page and last_page say how many pages there are. Static files: page 1 is ${ORUK_BASE}/${name}.json, page N is ${ORUK_BASE}/${name}/page/{n} (the file ${ORUK_BASE}/${name}/page/{n}.json).`,
      parameters: [{ $ref: '#/components/parameters/page' }, ...(ctx.config.edge ? openApiQueryParameters(name as OrukEndpoint) : [])],
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

/** GET /oruk/v3/: the API's own description of itself. */
function orukIndex(): Json {
  return {
    get: {
      operationId: 'oruk_index',
      tags: ['Open Referral UK'],
      summary: 'About this API',
      description: `Static file: ${ORUK_BASE}/index.json`,
      responses: jsonResponse('Version, profile, this document\'s address, and (HSDS 3.1) a description and the publisher.', {
        type: 'object',
        required: ['version'],
        properties: {
          version: { type: 'string', const: 'HSDS-UK-3.0' },
          profile: { type: 'string', format: 'uri' },
          openapi_url: { type: 'string', format: 'uri' },
          description: { type: 'string', description: 'What the API holds, the attribution, and that search and filter parameters are not applied.' },
          publisher: {
            type: 'object',
            required: ['name'],
            description: 'Who publishes the data, and where to send feedback about it.',
            properties: { name: { type: 'string' }, url: { type: 'string', format: 'uri' }, email: { type: 'string', format: 'email' } },
          },
        },
      }),
    },
  };
}

/** Each ORUK endpoint: its name, the words for one and many, and the schemas of a list item and of one item. */
const ORUK_ENDPOINTS: readonly { name: string; many: string; one: string; listItem: string; item: string }[] = [
  { name: 'services', many: 'services', one: 'service', listItem: `${ORUK_COMPILED}service_list.json`, item: `${ORUK_COMPILED}service.json` },
  { name: 'service_at_locations', many: 'services at locations', one: 'service at a location', listItem: `${ORUK_COMPILED}service_at_location_list.json`, item: `${ORUK_COMPILED}service_at_location.json` },
  { name: 'taxonomies', many: 'taxonomies', one: 'taxonomy', listItem: `${ORUK_SCHEMA}taxonomy.json`, item: `${ORUK_SCHEMA}taxonomy.json` },
  { name: 'taxonomy_terms', many: 'taxonomy terms', one: 'taxonomy term', listItem: `${ORUK_SCHEMA}taxonomy_term.json`, item: `${ORUK_SCHEMA}taxonomy_term.json` },
  { name: 'organizations', many: 'organizations', one: 'organization', listItem: `${HSDS_COMPILED}organization_list.json`, item: `${HSDS_COMPILED}organization.json` },
];

function orukPaths(ctx: PublishContext, pageSize: number): PathEntry[] {
  return [
    [`${ORUK_BASE}/`, orukIndex()],
    ...ORUK_ENDPOINTS.flatMap(({ name, many, one, listItem, item }): PathEntry[] => [
      [`${ORUK_BASE}/${name}`, orukList(ctx, name, many, { $ref: listItem }, pageSize)],
      [`${ORUK_BASE}/${name}/{id}`, orukItem(name, one, { $ref: item })],
    ]),
  ];
}

// --- LOOP feeds (/feeds/v1/) and downloads ---

function feed(ctx: PublishContext, path: string, name: string, summary: string, schema: string): PathEntry {
  return [path, { get: { operationId: `feed_${name}`, tags: ['LOOP feeds'], summary, responses: jsonResponse(summary, schemaRef(ctx, schema)) } }];
}

// OpenAPI path parameters match one segment, never a "/": a vocabulary slug with a group ("ward/armley") is
// declared as two parameters, {group}/{slug}, beside the one-segment form.
const segment = (): Json => ({ type: 'string', pattern: '^[a-z0-9]+(?:-[a-z0-9]+)*$' });

function sliceGet(ctx: PublishContext, folder: string, what: string, suffix: string): Json {
  return {
    operationId: `feed_${folder}_slice${suffix}`,
    tags: ['LOOP feeds'],
    summary: `Listings for one ${what}`,
    responses: { ...jsonResponse(`Listings for the ${what}.`, schemaRef(ctx, 'listings')), '404': { description: `No such ${what}.` } },
  };
}

/** The feed of one vocabulary term's listings, by slug, and (when its slugs can have a group) by {group}/{slug}. */
function slice(ctx: PublishContext, folder: string, what: string, grouped = true): PathEntry[] {
  const oneSegment: PathEntry = [
    `${FEEDS_BASE}/${folder}/{slug}.json`,
    { parameters: [{ name: 'slug', in: 'path', required: true, description: `The ${what}'s slug (see taxonomies.json), e.g. carers-support.`, schema: segment() }], get: sliceGet(ctx, folder, what, '') },
  ];
  if (!grouped) return [oneSegment];
  const twoSegments: PathEntry = [
    `${FEEDS_BASE}/${folder}/{group}/{slug}.json`,
    {
      parameters: [
        { name: 'group', in: 'path', required: true, description: `For a ${what} whose slug has a group: the part before it, e.g. ward in ward/armley.`, schema: segment() },
        { name: 'slug', in: 'path', required: true, description: `The rest of the ${what}'s slug, e.g. armley in ward/armley.`, schema: segment() },
      ],
      get: sliceGet(ctx, folder, what, '_grouped'),
    },
  ];
  return [oneSegment, twoSegments];
}

/** One listing by id, in LOOP's own format (`record`) or as its history (`history`). */
function listingFile(ctx: PublishContext, folder: string, operationId: string, summary: string, description: string, schema: string): PathEntry {
  return [
    `${FEEDS_BASE}/${folder}/{id}.json`,
    { parameters: [idParameter('listing')], get: { operationId, tags: ['LOOP feeds'], summary, responses: { ...jsonResponse(description, schemaRef(ctx, schema)), '404': { description: 'No listing has this id.' } } } },
  ];
}

function feedPaths(ctx: PublishContext): PathEntry[] {
  return [
    feed(ctx, feedPath('index'), 'index', 'Every LOOP feed and download', 'feed-index'),
    feed(ctx, feedPath('listings'), 'listings', 'Every service and resource, compact', 'listings'),
    feed(ctx, feedPath('organisations'), 'organisations', 'Every organisation', 'organisations'),
    feed(ctx, feedPath('taxonomies'), 'taxonomies', 'Every vocabulary and term', 'taxonomies'),
    feed(ctx, feedPath('changes'), 'changes', 'Records added, changed and removed per dataset version', 'changes'),
    ...slice(ctx, 'categories', 'category'),
    ...slice(ctx, 'needs', 'need'),
    ...slice(ctx, 'audiences', 'audience'),
    ...slice(ctx, 'areas', 'area'),
    ...slice(ctx, 'tags', 'tag', false),
    ...slice(ctx, 'organisations', 'organisation', false),
    listingFile(ctx, 'listings', 'feed_record', 'One listing in LOOP\'s own format', 'The listing.', 'record'),
    listingFile(ctx, 'history', 'feed_history', 'Every change to one listing', 'The listing\'s history, newest first.', 'history'),
    [
      CHANGES_ATOM_PATH,
      { get: { operationId: 'feed_changes_atom', tags: ['LOOP feeds'], summary: 'Changes as an Atom feed', responses: { '200': { description: 'An Atom 1.0 feed, newest version first.', content: { 'application/atom+xml': { schema: { type: 'string' } } } } } } },
    ],
    [
      downloadPath('manifest.json'),
      { get: { operationId: 'downloads_manifest', tags: ['Downloads'], summary: 'SHA-256 and size of every feed and download', responses: jsonResponse('The manifest.', schemaRef(ctx, 'manifest')) } },
    ],
    [
      downloadPath('versions.json'),
      { get: { operationId: 'downloads_versions', tags: ['Downloads'], summary: 'Released dataset versions and their snapshots', responses: jsonResponse('The versions.', schemaRef(ctx, 'versions')) } },
    ],
  ];
}

// --- The document ---

function info(ctx: PublishContext): Json {
  const { config } = ctx;
  return {
    title: `${config.site.name} open data API`,
    version: FEED_SCHEMA_VERSION,
    summary: `${config.site.name} listings as an Open Referral UK 3.0 API and as LOOP JSON feeds.`,
    description: [
      `Static files: no keys, no rate limits beyond the host's, CORS open (Access-Control-Allow-Origin: *). ${config.licence.attribution}.`,
      '',
      `Every ORUK path works on every host LOOP documents, GitHub Pages included (there as copies with JSON bodies), and is also a file with .json added (${ORUK_BASE}/services/{id}.json). Page N of a list is ${ORUK_BASE}/{endpoint}/page/{n} (or the file ${ORUK_BASE}/{endpoint}/page/{n}.json). ${config.edge ? '' : 'Static hosting cannot read a query: ?page=N answers page 1 (except on Netlify, built there). '}${parametersSentence(config.edge)} Dataset version ${ctx.build.datasetVersion}.`,
    ].join('\n'),
    contact: { name: config.publisher.name, email: config.publisher.email, ...(config.publisher.url ? { url: config.publisher.url } : {}) },
    license: { name: config.licence.data.name, url: config.licence.data.url },
  };
}

function tags(): Json[] {
  return [
    { name: 'Open Referral UK', description: 'Open Referral UK 3.0 (HSDS 3.0 UK profile); objects are full HSDS 3.0, a superset of the profile.' },
    { name: 'LOOP feeds', description: 'LOOP\'s own feeds, wrapped {schema_version, dataset_version, generated_at, licence, attribution, count, items}.' },
    { name: 'Downloads', description: 'Bulk download metadata.' },
  ];
}

/** The `page` query parameter and the ORUK `Page` wrapper every list response uses. */
function components(): Json {
  return {
    parameters: {
      page: { name: 'page', in: 'query', required: false, description: 'Page number, from 1. Static hosting cannot read a query and answers page 1 (except Netlify, built there, or with LOOP\'s optional edge layer): read {endpoint}/page/{n} or {endpoint}/page/{n}.json instead.', schema: { type: 'integer', minimum: 1 } },
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
  };
}

/** `orukPageSize`: the ORUK API's page size in this build (publish()'s orukPageSize), so the document says it truly. */
export function openApiDocument(ctx: PublishContext, options: { orukPageSize?: number } = {}): Json {
  return {
    openapi: '3.1.0',
    info: info(ctx),
    servers: [{ url: ctx.url('/').replace(/\/$/, ''), description: 'The published site' }],
    // Open data: no keys, no sign-in. Declared, so tools do not guess.
    security: [],
    tags: tags(),
    paths: Object.fromEntries([...orukPaths(ctx, options.orukPageSize ?? DEFAULT_ORUK_PAGE_SIZE), ...feedPaths(ctx)]),
    components: components(),
  };
}
