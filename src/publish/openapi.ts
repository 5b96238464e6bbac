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

function jsonResponse(description: string, schema: Json): Json {
  return { '200': { description, content: { 'application/json': { schema } } } };
}

function page(items: Json): Json {
  return { allOf: [{ $ref: '#/components/schemas/Page' }], properties: { contents: { type: 'array', items } } };
}

const idParameter = (what: string): Json => ({ name: 'id', in: 'path', required: true, description: `The UUID of the ${what}.`, schema: { type: 'string', format: 'uuid' } });

export function openApiDocument(ctx: PublishContext): Json {
  const ref = (name: string) => ({ $ref: ctx.url(schemaPath(name)) });
  const orukList = (name: string, what: string, items: Json): Json => ({
    get: {
      operationId: `list_${name}`,
      tags: ['Open Referral UK'],
      summary: `Paginated list of ${what}`,
      description: `Every ${what.replace(/s$/, '')} on one page by default (page size ${DEFAULT_ORUK_PAGE_SIZE.toLocaleString('en-GB')}). Static file: ${ORUK_BASE}/${name}.json, and ${ORUK_BASE}/${name}/page/{n}.json for each page.`,
      parameters: [{ $ref: '#/components/parameters/page' }, ...(ctx.config.edge ? openApiQueryParameters(name as OrukEndpoint) : [])],
      responses: jsonResponse(`A page of ${what}.`, page(items)),
    },
  });
  const orukItem = (name: string, what: string, schema: Json): Json => ({
    parameters: [idParameter(what)],
    get: {
      operationId: `get_${name}`,
      tags: ['Open Referral UK'],
      summary: `One ${what}, fully nested`,
      description: `Static file: ${ORUK_BASE}/${name}/{id}.json`,
      responses: { ...jsonResponse(`The ${what}.`, schema), '404': { description: `No ${what} has this id.` } },
    },
  });
  const feed = (path: string, name: string, summary: string, schema: string): [string, Json] => [
    path,
    { get: { operationId: `feed_${name}`, tags: ['LOOP feeds'], summary, responses: jsonResponse(summary, ref(schema)) } },
  ];
  // OpenAPI path parameters match one segment, never a "/": a vocabulary slug with a group ("ward/armley") is
  // declared as two parameters, {group}/{slug}, beside the one-segment form.
  const segment = { type: 'string', pattern: '^[a-z0-9]+(?:-[a-z0-9]+)*$' };
  const sliceGet = (folder: string, what: string, suffix: string): Json => ({
    operationId: `feed_${folder}_slice${suffix}`,
    tags: ['LOOP feeds'],
    summary: `Listings for one ${what}`,
    responses: { ...jsonResponse(`Listings for the ${what}.`, ref('listings')), '404': { description: `No such ${what}.` } },
  });
  const slice = (folder: string, what: string, grouped = true): [string, Json][] => [
    [
      `${FEEDS_BASE}/${folder}/{slug}.json`,
      { parameters: [{ name: 'slug', in: 'path', required: true, description: `The ${what}'s slug (see taxonomies.json), e.g. carers-support.`, schema: segment }], get: sliceGet(folder, what, '') },
    ],
    ...((grouped ? [[
      `${FEEDS_BASE}/${folder}/{group}/{slug}.json`,
      {
        parameters: [
          { name: 'group', in: 'path', required: true, description: `For a ${what} whose slug has a group: the part before it, e.g. ward in ward/armley.`, schema: segment },
          { name: 'slug', in: 'path', required: true, description: `The rest of the ${what}'s slug, e.g. armley in ward/armley.`, schema: segment },
        ],
        get: sliceGet(folder, what, '_grouped'),
      },
    ]] : []) as [string, Json][]),
  ];
  const paths: Json = {
    [`${ORUK_BASE}/`]: {
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
    ...Object.fromEntries([
      feed(feedPath('index'), 'index', 'Every LOOP feed and download', 'feed-index'),
      feed(feedPath('listings'), 'listings', 'Every service and resource, compact', 'listings'),
      feed(feedPath('organisations'), 'organisations', 'Every organisation', 'organisations'),
      feed(feedPath('taxonomies'), 'taxonomies', 'Every vocabulary and term', 'taxonomies'),
      feed(feedPath('changes'), 'changes', 'Records added, changed and removed per dataset version', 'changes'),
      ...slice('categories', 'category'),
      ...slice('needs', 'need'),
      ...slice('audiences', 'audience'),
      ...slice('areas', 'area'),
      ...slice('tags', 'tag', false),
      ...slice('organisations', 'organisation', false),
      [
        `${FEEDS_BASE}/listings/{id}.json`,
        { parameters: [idParameter('listing')], get: { operationId: 'feed_record', tags: ['LOOP feeds'], summary: 'One listing in LOOP\'s own format', responses: { ...jsonResponse('The listing.', ref('record')), '404': { description: 'No listing has this id.' } } } },
      ],
      [
        `${FEEDS_BASE}/history/{id}.json`,
        { parameters: [idParameter('listing')], get: { operationId: 'feed_history', tags: ['LOOP feeds'], summary: 'Every change to one listing', responses: { ...jsonResponse('The listing\'s history, newest first.', ref('history')), '404': { description: 'No listing has this id.' } } } },
      ],
      [
        CHANGES_ATOM_PATH,
        { get: { operationId: 'feed_changes_atom', tags: ['LOOP feeds'], summary: 'Changes as an Atom feed', responses: { '200': { description: 'An Atom 1.0 feed, newest version first.', content: { 'application/atom+xml': { schema: { type: 'string' } } } } } } },
      ],
      [
        downloadPath('manifest.json'),
        { get: { operationId: 'downloads_manifest', tags: ['Downloads'], summary: 'SHA-256 and size of every feed and download', responses: jsonResponse('The manifest.', ref('manifest')) } },
      ],
      [
        downloadPath('versions.json'),
        { get: { operationId: 'downloads_versions', tags: ['Downloads'], summary: 'Released dataset versions and their snapshots', responses: jsonResponse('The versions.', ref('versions')) } },
      ],
    ]),
  };
  return {
    openapi: '3.1.0',
    info: {
      title: `${ctx.config.site.name} open data API`,
      version: FEED_SCHEMA_VERSION,
      summary: `${ctx.config.site.name} listings as an Open Referral UK 3.0 API and as LOOP JSON feeds.`,
      description: [
        `Static files: no keys, no rate limits beyond the host's, CORS open (Access-Control-Allow-Origin: *). ${ctx.config.licence.attribution}.`,
        '',
        `Every ORUK path works on every host LOOP documents, GitHub Pages included (there as copies with JSON bodies), and is also a file with .json added (${ORUK_BASE}/services/{id}.json). Page N of a list is ${ORUK_BASE}/{endpoint}/page/{n} (or the file ${ORUK_BASE}/{endpoint}/page/{n}.json). ${ctx.config.edge ? '' : 'Static hosting cannot read a query: ?page=N answers page 1 (except on Netlify, built there). '}${parametersSentence(ctx.config.edge)} Dataset version ${ctx.build.datasetVersion}.`,
      ].join('\n'),
      contact: { name: ctx.config.publisher.name, email: ctx.config.publisher.email, ...(ctx.config.publisher.url ? { url: ctx.config.publisher.url } : {}) },
      license: { name: ctx.config.licence.data.name, url: ctx.config.licence.data.url },
    },
    servers: [{ url: ctx.url('/').replace(/\/$/, ''), description: 'The published site' }],
    // Open data: no keys, no sign-in. Declared, so tools do not guess.
    security: [],
    tags: [
      { name: 'Open Referral UK', description: 'Open Referral UK 3.0 (HSDS 3.0 UK profile); objects are full HSDS 3.0, a superset of the profile.' },
      { name: 'LOOP feeds', description: 'LOOP\'s own feeds, wrapped {schema_version, dataset_version, generated_at, licence, attribution, count, items}.' },
      { name: 'Downloads', description: 'Bulk download metadata.' },
    ],
    paths,
    components: {
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
    },
  };
}
