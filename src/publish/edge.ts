/**
 * The edge query layer's published parts (docs/feeds/edge.md), written only when loop.config.yaml sets `edge`:
 *
 * - `/oruk/v3/query-index.json`: what the filters read, one row per item of each ORUK list, in list order
 *   (src/edge/query-index.ts). Built from the very objects the static API publishes, so a filter agrees with what
 *   a consumer reads in the item, and with where each item lies in the page files (src/edge/page-layout.ts), learnt
 *   from their text as the oruk publisher writes them.
 * - `edge: cloudflare`: `_worker.js` (a Pages Functions "advanced mode" worker, the bundle of src/edge/cloudflare.ts)
 *   and `_routes.json` (so only the five list URLs start the worker; every other request is a plain static one).
 * - `edge: netlify`: `.netlify/v1/edge-functions/loop-oruk-query.js` in the project folder, Netlify's place for
 *   functions a build generates (its Frameworks API), outside the published folder so the function is not served as
 *   a file; the function declares its own paths (`config`).
 *
 * The function code is bundled with esbuild from src/edge/, which imports nothing but its own files and the URL
 * module, so the bundle is small and needs no packages at the edge.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { QUERY_PATHS } from '../edge/respond.ts';
import { layoutOf, packLayout, type PageLayout } from '../edge/page-layout.ts';
import { buildWordIndex, stamped, WORD_SHARD_BYTES } from '../edge/word-index.ts';
import { layoutPath, ORGANIZATIONS_PATH, POSTCODES_PATH, QUERY_INDEX_FORMAT, SHARD_BYTES, indexedText, searchPostcode, shardPath, wordsPath, type QueryIndex, type QueryIndexHead, type QueryRow, type ShardInfo } from '../edge/query-index.ts';
import type { LoopConfig } from '../model/config.ts';
import { ORUK_BASE, ORUK_ENDPOINTS, orukQueryIndexPath, type OrukEndpoint } from '../urls/site.ts';
import { fileOf, json, type OutputFiles, type PublishContext } from './context.ts';
import { fullServices } from './oruk-api.ts';
import { orukOrganizationSummary, serviceAtLocationPairs, type OrukObject } from './oruk.ts';
import { serviceWords } from './service-words.ts';

type Edge = NonNullable<LoopConfig['edge']>;

/** Where the Netlify function goes, relative to the project folder (the one holding loop.config.yaml). */
export const NETLIFY_FUNCTION = '.netlify/v1/edge-functions/loop-oruk-query.js';

const ENTRY: Record<Edge, URL> = {
  cloudflare: new URL('../edge/cloudflare.ts', import.meta.url),
  netlify: new URL('../edge/netlify.ts', import.meta.url),
};

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function age(value: unknown): number | undefined {
  return typeof value === 'number' ? value : undefined;
}

const PAGE_FILE = new RegExp(`^${fileOf(ORUK_BASE)}/([a-z_]+)/page/([1-9][0-9]*)\\.json$`);

/** Where the items lie in each static page file, learnt from the files' text as they are written. */
export class PageLayouts {
  private readonly pages = new Map<string, PageLayout[]>();

  /** Notes a published file: a list page's layout is kept, anything else passes. */
  add(path: string, text: string | Uint8Array): void {
    const m = PAGE_FILE.exec(path);
    if (!m || typeof text !== 'string') return;
    const layout = layoutOf(text);
    if (!layout) throw new Error(`${path}: not an ORUK list page the edge layer can read`);
    const list = this.pages.get(m[1]!) ?? [];
    list[Number(m[2]) - 1] = layout;
    this.pages.set(m[1]!, list);
  }

  /** The files, passed on as they come, each noted on the way. */
  *watch<T extends string | Uint8Array>(entries: Iterable<[string, T]>): Generator<[string, T]> {
    for (const entry of entries) {
      this.add(entry[0], entry[1]);
      yield entry;
    }
  }

  all(): Record<OrukEndpoint, PageLayout[]> {
    return Object.fromEntries(ORUK_ENDPOINTS.map((e) => [e, this.pages.get(e) ?? []])) as Record<OrukEndpoint, PageLayout[]>;
  }
}

/** The query index of a build: `pageSize` is the static API's page size, `pages` its page files' layouts. */
export function queryIndex(ctx: PublishContext, pageSize: number, pages: Record<OrukEndpoint, PageLayout[]>): QueryIndex {
  const { dataset, vocabularies } = ctx;
  const terms: [string, string][] = vocabularies.terms().map((t) => [t.id, t.vocabulary.id]);
  const termIndex = new Map(terms.map(([id], i) => [id, i]));
  const organizations = dataset.organisations.map((o) => o.id);
  const organisationIndex = new Map(organizations.map((id, i) => [id, i]));

  const termsOf = (service: OrukObject): { k?: number[]; names: string[] } => {
    const k: number[] = [];
    const names: string[] = [];
    for (const attribute of (service.attributes as OrukObject[] | undefined) ?? []) {
      const term = attribute.taxonomy_term as OrukObject | undefined;
      const id = text(term?.id);
      if (!term || !id) continue;
      let i = termIndex.get(id);
      if (i === undefined) {
        i = terms.push([id, text(term.taxonomy_id) ?? '']) - 1;
        termIndex.set(id, i);
      }
      if (!k.includes(i)) k.push(i);
      const name = text(term.name);
      if (name) names.push(name);
    }
    return { ...(k.length ? { k } : {}), names };
  };

  const serviceRows = new Map<string, QueryRow>();
  const services = Array.from(fullServices(ctx), (service) => {
    const { names, ...k } = termsOf(service);
    const o = organisationIndex.get(text(service.organization_id) ?? '');
    const m = text(service.last_modified);
    const a = age(service.minimum_age);
    const b = age(service.maximum_age);
    const row: QueryRow = {
      ...serviceWords(service, names),
      ...(o !== undefined ? { o } : {}),
      ...k,
      ...(m !== undefined ? { m } : {}),
      ...(a !== undefined ? { a } : {}),
      ...(b !== undefined ? { b } : {}),
    };
    serviceRows.set(text(service.id) ?? '', row);
    return row;
  });

  // A service at a location is found by what finds its service, and by the venue's name and address.
  const serviceAtLocations = serviceAtLocationPairs(dataset).map(([service, i]): QueryRow => {
    const row = serviceRows.get(service.id)!;
    const location = dataset.location(service.locations![i]!.location);
    const address = location?.address;
    const g: [number, number] | undefined = location?.latitude !== undefined && location.longitude !== undefined ? [location.latitude, location.longitude] : undefined;
    // Its name is "<service> at <venue>" (oruk.ts), so the venue's names are name words too.
    return { ...row, s: indexedText(row.s, location?.name, location?.alternate_name, address?.address_1, address?.address_2, address?.city, address?.postal_code), t: indexedText(row.t, location?.name, location?.alternate_name), ...(g ? { g } : {}) };
  });

  const taxonomies = vocabularies.all.map((v): QueryRow => ({ s: indexedText(v.name, v.description), t: indexedText(v.name) }));
  const taxonomyTerms = vocabularies.terms().map((t): QueryRow => ({ s: indexedText(t.name, t.description, t.code), t: indexedText(t.name), k: [termIndex.get(t.id)!] }));
  const organisations = dataset.organisations.map((o): QueryRow => {
    const summary = orukOrganizationSummary(dataset, o, ctx);
    return { s: indexedText(text(summary.name), text(summary.alternate_name), text(summary.description)), t: indexedText(text(summary.name), text(summary.alternate_name)) };
  });

  return {
    format: QUERY_INDEX_FORMAT,
    page_size: pageSize,
    terms,
    organizations,
    endpoints: { services, service_at_locations: serviceAtLocations, taxonomies, taxonomy_terms: taxonomyTerms, organizations: organisations },
    pages,
    postcodes: venuePostcodes(ctx),
  };
}

/**
 * The postcodes `postcode` is answered from: every postcode of LOOP's own venues with coordinates (the centroid of
 * the venues with it, usually one point), and every postcode district (outward code) of them, at the centroid of
 * the district's venues. No outside lookup: a postcode none of the venues has, in a district none of them is in, is
 * not known (docs/feeds/edge.md).
 */
export function venuePostcodes(ctx: PublishContext): Record<string, [number, number]> {
  const sums = new Map<string, [number, number, number]>();
  const add = (key: string, latitude: number, longitude: number) => {
    const sum = sums.get(key) ?? [0, 0, 0];
    sums.set(key, [sum[0] + latitude, sum[1] + longitude, sum[2] + 1]);
  };
  for (const location of ctx.dataset.locations) {
    const postcode = searchPostcode(location.address?.postal_code ?? '');
    if (!postcode || !postcode.includes(' ') || location.latitude === undefined || location.longitude === undefined) continue;
    add(postcode, location.latitude, location.longitude);
    add(postcode.split(' ')[0]!, location.latitude, location.longitude);
  }
  const round = (n: number) => Math.round(n * 1e6) / 1e6;
  return Object.fromEntries([...sums].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([key, [lat, lon, n]]) => [key, [round(lat / n), round(lon / n)]]));
}

/**
 * The index as the files the edge reads (query-index.ts): the head, each endpoint's shards (runs of whole static
 * pages, cut when their files reach SHARD_BYTES), its pages' layouts and its word index (word-index.ts), the
 * organisation ids and the venues' postcodes. `build` ties them together: a stamp of
 * this build's data and page files, so an edge function refuses parts of two builds.
 */
export function* indexFiles(index: QueryIndex, build: { datasetVersion: string; generatedAt: string; commit?: string }, options: { shardBytes?: number; wordShardBytes?: number } = {}): Generator<[string, string]> {
  const size = index.page_size;
  const limit = options.shardBytes ?? SHARD_BYTES;
  const stamp = createHash('sha256').update(JSON.stringify([build.datasetVersion, build.generatedAt, build.commit ?? '', size]));
  for (const endpoint of ORUK_ENDPOINTS) stamp.update(JSON.stringify([endpoint, index.endpoints[endpoint].length, index.pages[endpoint].map((p) => p.length)]));
  const stampText = stamp.digest('hex').slice(0, 32);
  const endpoints = {} as QueryIndexHead['endpoints'];
  for (const endpoint of ORUK_ENDPOINTS) {
    const rows = index.endpoints[endpoint];
    const layouts = index.pages[endpoint];
    const shards: ShardInfo[] = [];
    let fields: string[] = [];
    let texts: string[] = [];
    let bytes = 0;
    let current: ShardInfo | undefined;
    const close = function* (): Generator<[string, string]> {
      if (!current) return;
      const n = shards.push(current) - 1;
      const head = `{"build":${JSON.stringify(stampText)},"from":${current.from},`;
      yield [fileOf(shardPath(endpoint, n)), `${head}"rows":[${fields.join(',')}]}`];
      yield [fileOf(shardPath(endpoint, n, true)), `${head}"s":[${texts.join(',')}]}`];
      fields = [];
      texts = [];
      bytes = 0;
      current = undefined;
    };
    for (let p = 0; p < Math.max(1, layouts.length); p++) {
      const from = p * size;
      const to = Math.min(rows.length, from + size);
      const pageFields: string[] = [];
      const pageTexts: string[] = [];
      for (let i = from; i < to; i++) {
        const { s, t: _name, ...rest } = rows[i]!;
        pageFields.push(JSON.stringify(rest));
        pageTexts.push(JSON.stringify(s));
      }
      // Each page's layout is a file of its own, so an answer reads the layouts of its pages and no shard's rows.
      const packed = packLayout(layouts[p] ?? { length: 0, starts: [], ends: [] });
      yield [fileOf(layoutPath(endpoint, p + 1)), `{"build":${JSON.stringify(stampText)},"from":${p + 1},"length":${packed.length},"items":${JSON.stringify(packed.items)}}`];
      const pageBytes = pageFields.reduce((n, f) => n + f.length + 1, 0) + pageTexts.reduce((n, t) => n + t.length + 1, 0);
      if (current && bytes + pageBytes > limit) yield* close();
      current ??= { from, to: from, page: p + 1 };
      current.to = to;
      fields.push(...pageFields);
      texts.push(...pageTexts);
      bytes += pageBytes;
    }
    yield* close();
    // The word index, so a search reads the files of its words rather than every shard's text (word-index.ts).
    const words = buildWordIndex(rows.map((r) => r.s), rows.map((r) => r.t), options.wordShardBytes ?? WORD_SHARD_BYTES);
    for (const [n, body] of words.suffixes.entries()) yield [fileOf(wordsPath(endpoint, 'suffixes', n)), stamped(stampText, body)];
    for (const [n, body] of words.postings.entries()) yield [fileOf(wordsPath(endpoint, 'postings', n)), stamped(stampText, body)];
    endpoints[endpoint] = { count: rows.length, shards, words: words.info };
  }
  const head: QueryIndexHead = { format: QUERY_INDEX_FORMAT, page_size: size, build: stampText, terms: index.terms, endpoints };
  yield [fileOf(ORGANIZATIONS_PATH), `{"build":${JSON.stringify(stampText)},"from":0,"ids":${JSON.stringify(index.organizations)}}`];
  yield [fileOf(POSTCODES_PATH), JSON.stringify(index.postcodes)];
  yield [fileOf(orukQueryIndexPath()), json(head)];
}

/** The index's files, as the oruk publisher writes them (it needs the full services, which that publisher holds). */
export function queryIndexFiles(ctx: PublishContext, pageSize: number, pages: Record<OrukEndpoint, PageLayout[]>): Generator<[string, string]> {
  return indexFiles(queryIndex(ctx, pageSize, pages), ctx.build);
}

/** One host's function as a single ES module, bundled by esbuild from src/edge/. */
export async function bundleFunction(edge: Edge): Promise<string> {
  const { build } = await import('esbuild');
  const entry = fileURLToPath(ENTRY[edge]);
  const result = await build({
    entryPoints: [entry],
    // Paths in the bundle's comments are relative to the repository, so the bytes do not depend on where it is.
    absWorkingDir: join(dirname(entry), '..', '..'),
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    charset: 'utf8',
    legalComments: 'none',
    write: false,
    banner: { js: `// Generated by LOOP (src/edge/${edge}.ts, bundled by src/publish/edge.ts): the ORUK query layer. Do not edit: rebuild.` },
  });
  return result.outputFiles[0]!.text;
}

/** The Cloudflare Pages files, at the root of the output folder. */
export async function cloudflareFiles(): Promise<OutputFiles> {
  const routes = { version: 1, description: 'LOOP: only the ORUK list endpoints run the query function (src/publish/edge.ts)', include: [...QUERY_PATHS], exclude: [] };
  return new Map([
    ['_worker.js', await bundleFunction('cloudflare')],
    ['_routes.json', `${JSON.stringify(routes, null, 2)}\n`],
  ]);
}

/**
 * Puts the Netlify function in place in the project folder when the config asks for it (written beside, then
 * renamed, so Netlify never reads half a file), and removes one an earlier build left when it does not.
 */
export async function placeNetlifyFunction(config: LoopConfig, projectDir: string): Promise<string | undefined> {
  const path = join(projectDir, NETLIFY_FUNCTION);
  if (config.edge !== 'netlify') {
    if (existsSync(path)) rmSync(path);
    return undefined;
  }
  const code = await bundleFunction('netlify');
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, code);
  renameSync(temporary, path);
  return path;
}

