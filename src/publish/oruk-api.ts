/**
 * The Open Referral UK 3.0 API as static files under /oruk/v3/: `index.json` (GET /), and for services,
 * service_at_locations, taxonomies, taxonomy_terms and (HSDS) organizations a first page (`services.json`), every
 * page (`services/page/<n>.json`) and every item (`services/<uuid>.json`). `_redirects` maps the API's own URLs
 * (`/services`, `/services?page=2`, `/services/<uuid>`) to these files.
 *
 * Paging: every list is paged, DEFAULT_ORUK_PAGE_SIZE items a page unless the build says otherwise
 * (LOOP_ORUK_PAGE_SIZE); the page size declared in `size` is the one every page uses, so page N always starts at
 * item (N-1)*size+1. The default is a bound on every list file, not only on requests: see DEFAULT_ORUK_PAGE_SIZE.
 *
 * Hosts without rewrite rules (GitHub Pages, plain static hosting) map an extensionless URL to a file by their own
 * conventions only: `/dir` is redirected to `/dir/`, which serves `dir/index.html`, and (GitHub Pages) `/x` serves
 * `x.html`. So the
 * same JSON bodies are also written under those names: `index.html` (GET /), `services.html` and
 * `services/index.html` (GET /services, page 1), `services/<uuid>/index.html` (GET /services/{id}, through the
 * host's redirect to `/services/<uuid>/`), and `services/page/<n>/index.html` (page N by path, `/services/page/N`,
 * as on Netlify and Cloudflare). The ORUK validator
 * and ordinary clients read the body as JSON whatever the content type. `?page=N` cannot be answered there (the
 * query is ignored, page 1 comes back): docs/feeds/README.md has the host-by-endpoint table.
 */
import { ORUK_ENDPOINTS, OPENAPI_PATH, orukIndexPath, orukItemPath, orukListPath, orukPagePath, type OrukEndpoint } from '../urls/site.ts';
import { linesOf } from './lines.ts';
import { fileOf, json, type OutputFiles, type PublishContext } from './context.ts';
import { parametersSentence } from '../edge/parameters.ts';
import type { OrukPageInfo } from '../edge/query.ts';
import {
  ORUK_PROFILE_URL,
  ORUK_VERSION,
  orukOrganization,
  orukOrganizationSummary,
  orukService,
  orukServiceAtLocation,
  orukServiceAtLocationListItem,
  orukServicesListItem,
  orukTaxonomy,
  orukTaxonomyTerm,
  serviceAtLocationPairs,
  type OrukObject,
} from './oruk.ts';

/**
 * Items per page of every ORUK list, by default. Chosen for two things at once (docs/feeds/README.md, "Paging"):
 *
 * - one page still holds every service of a city directory (Leeds has about 3,000), because DfE's importer reads
 *   only the first response;
 * - every list file stays well inside what hosts and consumers accept at region scale: a services list item is
 *   about 2.3 kB on average and 3.9 kB at most in the example data (1.3 kB in the generated 100,000), so a page is
 *   6.5 MB at 100,000 generated services, about 12 MB at the example's richness, and under 20 MB even if every item
 *   were as large as the largest, against Cloudflare Pages' 25 MiB per file (`npm run bench -- --only oruk`).
 *   10,000 was too many: 12.9 MB generated, 23 MB at the example's richness, past 25 MiB with longer records.
 */
export const DEFAULT_ORUK_PAGE_SIZE = 5_000;

export interface OrukPage extends OrukPageInfo {
  contents: OrukObject[];
}

/** Splits items into pages of `size`; there is always a page 1 (empty when there are no items). */
export function pages(items: readonly OrukObject[], size: number): OrukPage[] {
  if (!Number.isInteger(size) || size < 1) throw new Error(`the ORUK page size must be a whole number of at least 1, not ${size}`);
  const total = items.length;
  const count = Math.max(1, Math.ceil(total / size));
  const out: OrukPage[] = [];
  for (let n = 1; n <= count; n++) {
    const contents = items.slice((n - 1) * size, n * size);
    out.push({ total_items: total, total_pages: count, page_number: n, size, first_page: n === 1, last_page: n === count, empty: contents.length === 0, contents });
  }
  return out;
}

/** services.ndjson once it is on disk in this publish (servicesFileOf): the full services are read back from it. */
const servicesFiles = new WeakMap<PublishContext, string>();

/**
 * Tells the writers of this publish that `file` holds the full services, one JSON text per line in Dataset order
 * (services.ndjson, written whole before the HSDS tables and the API, which then read it back instead of making
 * every service again). Nothing is kept in memory: at 100,000 services the services were about 1 GB as objects
 * and 0.7 GB again as text, held from the downloads to the end of the API (issue #19).
 */
export function readServicesFrom(ctx: PublishContext, file: string): void {
  servicesFiles.set(ctx, file);
}

/** services.ndjson of this publish, once it is on disk (readServicesFrom). */
export function servicesFileOf(ctx: PublishContext): string | undefined {
  return servicesFiles.get(ctx);
}

/** The full services' texts from the file, checked to be one per listing. */
function* fileTexts(ctx: PublishContext, file: string): Generator<string> {
  let count = 0;
  for (const line of linesOf(file)) {
    count += 1;
    yield line;
  }
  if (count !== ctx.dataset.listings.length) throw new Error(`${file} has ${count} services, not ${ctx.dataset.listings.length}`);
}

/**
 * Every listing as a fully nested ORUK service's JSON text, in Dataset order (the API's item files and the NDJSON
 * lines): read back from services.ndjson once it is written, else made one at a time.
 */
export function* fullServiceTexts(ctx: PublishContext): Generator<string> {
  const file = servicesFiles.get(ctx);
  if (file) yield* fileTexts(ctx, file);
  else for (const l of ctx.dataset.listings) yield json(orukService(ctx.dataset, l, { context: ctx }));
}

/** Every listing as a fully nested ORUK service, in Dataset order, made (or read back) one at a time: never all held. */
export function* fullServices(ctx: PublishContext): Generator<OrukObject> {
  const file = servicesFiles.get(ctx);
  if (file) for (const text of fileTexts(ctx, file)) yield JSON.parse(text) as OrukObject;
  else for (const l of ctx.dataset.listings) yield orukService(ctx.dataset, l, { context: ctx });
}

function* lazily<T, U>(items: readonly T[], make: (item: T, index: number) => U): Generator<U> {
  for (let i = 0; i < items.length; i++) yield make(items[i]!, i);
}

interface Endpoint {
  list: OrukObject[];
  /** Each item with its id, as an object or already serialised; made as they are read. */
  items: Iterable<[id: string, item: OrukObject | string]>;
}

function endpoints(ctx: PublishContext): Record<OrukEndpoint, () => Endpoint> {
  const { dataset } = ctx;
  return {
    services: () => {
      return {
        list: dataset.listings.map((l) => orukServicesListItem(dataset, l, ctx)),
        items: (function* (): Generator<[string, string]> {
          let i = 0;
          for (const text of fullServiceTexts(ctx)) yield [dataset.listings[i++]!.id, text];
        })(),
      };
    },
    service_at_locations: () => {
      const pairs = serviceAtLocationPairs(dataset);
      return {
        list: pairs.map(([s, i]) => orukServiceAtLocationListItem(dataset, s, i)),
        items: lazily(pairs, ([s, i]) => {
          const item = orukServiceAtLocation(dataset, s, i, ctx);
          return [item.id as string, item];
        }),
      };
    },
    taxonomies: () => ({
      list: ctx.vocabularies.all.map((v) => orukTaxonomy(v)),
      items: lazily(ctx.vocabularies.all, (v) => [v.id, orukTaxonomy(v, { terms: true })]),
    }),
    taxonomy_terms: () => {
      const terms = ctx.vocabularies.terms().map(orukTaxonomyTerm);
      return { list: terms, items: terms.map((t) => [t.id as string, t]) };
    },
    organizations: () => ({
      list: dataset.organisations.map((o) => orukOrganizationSummary(dataset, o, ctx)),
      items: lazily(dataset.organisations, (o) => [o.id, orukOrganization(dataset, o, ctx)]),
    }),
  };
}

/**
 * GET /: ORUK 3.0's three fields, plus HSDS 3.1's `description` and `publisher` (who runs the API and where to send
 * feedback about the data). ORUK 3.0's schema for GET / allows other properties, so it stays valid there.
 */
export function orukIndex(ctx: PublishContext, pageSize = DEFAULT_ORUK_PAGE_SIZE): OrukObject {
  const { site, publisher, licence } = ctx.config;
  const paging = `Every list is paged, ${pageSize.toLocaleString('en-GB')} items a page: total_pages says how many, and page N of a list is <list>/page/N.`;
  return {
    version: ORUK_VERSION,
    profile: ORUK_PROFILE_URL,
    openapi_url: ctx.url(OPENAPI_PATH),
    // Said plainly, because a consumer filtering by category would otherwise get every service with a 200.
    description: `${site.title}. ${licence.attribution}. ${paging} ${parametersSentence(ctx.config.edge)}`,
    publisher: { name: publisher.name, ...(publisher.url ? { url: publisher.url } : {}), email: publisher.email },
  };
}

/** The extensionless-URL copies of a .json file for hosts without rewrites: see the module comment. */
function htmlCopies(jsonFile: string, kind: 'index' | 'list' | 'item'): string[] {
  const base = jsonFile.replace(/\.json$/, '');
  if (kind === 'index') return [`${base}.html`];
  if (kind === 'list') return [`${base}.html`, `${base}/index.html`];
  // A folder's index, not `<id>.html`: plain static servers (nginx, S3) redirect `/services/<id>` to
  // `/services/<id>/` and serve its index.html, but never try `.html`; GitHub Pages does the same, Netlify serves
  // it as the path's `index.html` alternative, Cloudflare's rule answers first.
  return [`${base}/index.html`];
}

export interface OrukApiOptions {
  pageSize?: number;
  /** Also write the `.html`/`index.html` copies hosts without rewrites need (default true). */
  htmlCopies?: boolean;
}

export function orukApiFiles(ctx: PublishContext, options: OrukApiOptions = {}): OutputFiles {
  return new Map(orukApiEntries(ctx, options));
}

/** The same files, generated one at a time (publish() writes each as it comes, so they are never all in memory). */
export function* orukApiEntries(ctx: PublishContext, options: OrukApiOptions = {}): Generator<[string, string]> {
  const size = options.pageSize ?? DEFAULT_ORUK_PAGE_SIZE;
  const copies = options.htmlCopies ?? true;
  function* file(path: string, text: string, kind?: 'index' | 'list' | 'item'): Generator<[string, string]> {
    yield [path, text];
    if (copies && kind) for (const copy of htmlCopies(path, kind)) yield [copy, text];
  }
  yield* file(fileOf(orukIndexPath()), json(orukIndex(ctx, size)), 'index');
  const all = endpoints(ctx);
  for (const endpoint of ORUK_ENDPOINTS) {
    const { list, items } = all[endpoint]();
    for (const page of pages(list, size)) {
      const text = json(page);
      if (page.page_number === 1) yield* file(fileOf(orukListPath(endpoint)), text, 'list');
      yield* file(fileOf(orukPagePath(endpoint, page.page_number)), text, 'item');
    }
    for (const [id, item] of items) yield* file(fileOf(orukItemPath(endpoint, id)), typeof item === 'string' ? item : json(item), 'item');
  }
}
