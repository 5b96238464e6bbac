/**
 * Hosting rules generated with the build, for Netlify and Cloudflare Pages (`npx loop serve` / `npm start` honour
 * the same files, see src/serve/):
 *
 * - `_headers`: CORS `Access-Control-Allow-Origin: *` on every feed, JSON content types (with charset) for the
 *   ORUK API, including its extensionless URLs, and caching: five minutes for everything current, a year and
 *   `immutable` for release snapshots, which never change. Each header is set by exactly one rule matching a path:
 *   Cloudflare joins the values of a header set by two matching rules ("*, *"), which browsers reject.
 * - `_redirects`: the ORUK API's own URLs (`/services`, `/services?page=2`, `/services/{id}`) rewritten (200) to
 *   the files. Netlify only applies a rule when no file exists at the path; Cloudflare always applies it, so each
 *   `:id.json` request is first rewritten to itself, or `/services/{id}.json` would become `{id}.json.json`.
 *   `?page=N` matching is Netlify syntax; other hosts serve page 1 (which holds every item at Leeds scale).
 *
 * Paths in both files are relative to the folder being served (dist/), without the site's base path: a host that
 * honours them serves that folder at the root of a domain, and `npx loop serve` applies them after removing the
 * base it mounts dist/ under.
 *
 * - Security headers (src/urls/security-policy.ts): a Content-Security-Policy, Referrer-Policy and
 *   X-Content-Type-Options on the pages and on every feed. Pages refuse to be framed except the embed page, which
 *   exists to be framed; because two matching rules would join their values (two policies, both enforced), the
 *   page rules name each top-level folder of the site instead of one `/*`, so the embed page matches only its own.
 *
 * GitHub Pages ignores both files: it sends `Access-Control-Allow-Origin: *` on every response anyway, and JSON
 * types by extension, but cannot rewrite; there the ORUK API's own URLs reach the `.html`/`index.html` copies with
 * JSON bodies that oruk-api.ts writes for it (docs/feeds/README.md has the host-by-URL table).
 */
import { TAXONOMY_KINDS } from '../model/vocabularies.ts';
import { MEDIA_TYPES, mediaTypeOf } from '../urls/media-types.ts';
import { DATA_POLICY, EMBED_POLICY, PAGE_POLICY, REFERRER_POLICY } from '../urls/security-policy.ts';
import {
  ORUK_BASE,
  ORUK_ENDPOINTS,
  DOWNLOADS_BASE,
  FEEDS_BASE,
  SCHEMAS_BASE,
  OPENAPI_PATH,
  WIDGET_BASE,
  DASHBOARD_BASE,
  EMBED_PAGES,
  PAGEFIND_BASE,
  PAGES,
  SITE_DATA_BASE,
  listingPath,
  locationPath,
  organisationPath,
  orukListPath,
  orukPagePath,
  orukIndexPath,
  termIndexPath,
} from '../urls/site.ts';
import type { OutputFiles, PublishContext } from './context.ts';

const CURRENT = 'public, max-age=300';
const IMMUTABLE = 'public, max-age=31536000, immutable';

function block(pattern: string, headers: [string, string][]): string {
  return [pattern, ...headers.map(([k, v]) => `  ${k}: ${v}`)].join('\n');
}

/**
 * `published` is every file the feeds wrote (paths relative to dist/): top-level downloads get their own rules
 * (type and caching) so that the archive's immutable caching never overlaps them.
 */
/** The first folder of a site path: "/services/a/b/" -> "/services". */
function folderOf(path: string): string {
  return `/${path.split('/')[1]}`;
}

/**
 * Where the site's HTML pages are, one pattern per top-level folder (and the few pages at the top), so that the
 * embed page is matched by its own rule only. tests/site/browser.test.ts checks that every page of a real build
 * matches exactly one of these or the embed page's.
 */
export function pagePatterns(): string[] {
  const folders = new Set<string>([
    ...Object.values(PAGES).filter((p) => p !== PAGES.home).map(folderOf),
    ...TAXONOMY_KINDS.map((kind) => folderOf(termIndexPath(kind))),
    folderOf(listingPath({ listing: 'service', slug: 'x' })),
    folderOf(listingPath({ listing: 'resource', slug: 'x' })),
    folderOf(organisationPath('x')),
    folderOf(locationPath('x')),
    DASHBOARD_BASE,
  ]);
  return ['/', '/index.html', '/404.html', ...[...folders].sort().map((f) => `${f}/*`), `${EMBED_PAGES.builder}*`, `${EMBED_PAGES.guide}*`];
}

export function headersFile(_ctx: PublishContext, published: Iterable<string>): string {
  const cors: [string, string] = ['Access-Control-Allow-Origin', '*'];
  const nosniff: [string, string] = ['X-Content-Type-Options', 'nosniff'];
  const referrer: [string, string] = ['Referrer-Policy', REFERRER_POLICY];
  const data: [string, string][] = [nosniff, referrer, ['Content-Security-Policy', DATA_POLICY]];
  // /feeds/v1/, /schemas/v1/ and /downloads/ are also pages (an index.html listing their files), and a host joins
  // two matching policies into two enforced ones, so these folders carry the page policy: still no inline code,
  // no plugins, not framable, and nosniff keeps their JSON and CSV from being read as HTML.
  const listed: [string, string][] = [nosniff, referrer, ['Content-Security-Policy', PAGE_POLICY]];
  const blocks: string[] = [
    '# Generated by LOOP (src/publish/hosting.ts) for Netlify and Cloudflare Pages. Do not edit: rebuild.',
    block(`${ORUK_BASE}/*`, [cors, ['Content-Type', MEDIA_TYPES['.json']!], ['Cache-Control', CURRENT], ...data]),
    block(`${FEEDS_BASE}/*`, [cors, ['Cache-Control', CURRENT], ...listed]),
    block(`${FEEDS_BASE}/changes.atom`, [['Content-Type', MEDIA_TYPES['.atom']!]]),
    // No folder-wide Content-Type: /schemas/v1/ is also a page (index.html); each schema gets its type below.
    block(`${SCHEMAS_BASE}/*`, [cors, ['Cache-Control', CURRENT], ...listed]),
    block(`${OPENAPI_PATH}`, [cors, ['Content-Type', MEDIA_TYPES['.json']!], ['Cache-Control', CURRENT], ...data]),
    block(`${WIDGET_BASE}/*`, [cors, ['Cache-Control', CURRENT], ...data]),
    block(`${DOWNLOADS_BASE}/*`, [cors, ...listed]),
    block(`${DOWNLOADS_BASE}/archive/*`, [['Cache-Control', IMMUTABLE]]),
    block(`${SITE_DATA_BASE}/*`, data),
    // Scripts and WebAssembly the pages load: a policy on these responses would not apply to the pages anyway.
    block(`${PAGEFIND_BASE}*`, [nosniff, referrer]),
    block('/_astro/*', [nosniff, referrer]),
    '# The pages: not framable, except the embed page, which other sites frame.',
    ...pagePatterns().map((pattern) => block(pattern, [nosniff, referrer, ['Content-Security-Policy', PAGE_POLICY]])),
    ...[EMBED_PAGES.frame, `${EMBED_PAGES.frame}index.html`].map((pattern) => block(pattern, [nosniff, referrer, ['Content-Security-Policy', EMBED_POLICY]])),
  ];
  const downloads = [...published].filter((p) => p.startsWith(`${DOWNLOADS_BASE.slice(1)}/`) && !p.startsWith(`${DOWNLOADS_BASE.slice(1)}/archive/`)).sort();
  for (const path of downloads) {
    const type = mediaTypeOf(path);
    blocks.push(block(`/${path}`, [...(type ? [['Content-Type', type] as [string, string]] : []), ['Cache-Control', CURRENT]]));
  }
  const schemas = [...published].filter((p) => p.startsWith(`${SCHEMAS_BASE.slice(1)}/`) && p.endsWith('.json')).sort();
  for (const path of schemas) blocks.push(block(`/${path}`, [['Content-Type', MEDIA_TYPES['.json']!]]));
  return `${blocks.join('\n\n')}\n`;
}

export function redirectsFile(_ctx: PublishContext): string {
  const lines = [
    '# Generated by LOOP (src/publish/hosting.ts) for Netlify and Cloudflare Pages. Do not edit: rebuild.',
    '# The Open Referral UK API at its own URLs: GET /, /services, /services?page=N, /services/{id}, and so on.',
    `${ORUK_BASE} ${orukIndexPath()} 200`,
    `${ORUK_BASE}/ ${orukIndexPath()} 200`,
  ];
  for (const endpoint of ORUK_ENDPOINTS) {
    const list = `${ORUK_BASE}/${endpoint}`;
    lines.push(
      `${list} page=:page ${orukPagePath(endpoint, 0).replace(/0\.json$/, ':page.json')} 200`,
      `${list} ${orukListPath(endpoint)} 200`,
      `${list}/ ${orukListPath(endpoint)} 200`,
      `${list}/:file.json ${list}/:file.json 200`,
      `${list}/:id ${list}/:id.json 200`,
    );
  }
  return `${lines.join('\n')}\n`;
}

export function hostingFiles(ctx: PublishContext, published: Iterable<string>): OutputFiles {
  return new Map([
    ['_headers', headersFile(ctx, published)],
    ['_redirects', redirectsFile(ctx)],
  ]);
}
