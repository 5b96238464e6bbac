/**
 * The site's security headers, defined once: `_headers` (src/publish/hosting.ts) sends them on hosts that honour
 * it (Netlify, Cloudflare Pages, `npx loop serve`), and the page layouts repeat what a `<meta>` can carry for hosts
 * that do not (GitHub Pages).
 *
 * The pages need little: their own scripts and styles as files (astro.config.mjs never inlines either, so no
 * 'unsafe-inline'), Pagefind's WebAssembly ('wasm-unsafe-eval'), JSON-LD (a data block, which CSP does not govern),
 * and on the near-me page a postcode lookup on postcodes.io. The embed page (/embed/) is made to be framed by other
 * people's sites, so it alone allows any frame ancestor; every other page refuses to be framed.
 */

/** The postcode lookup the near-me page makes (free, open data, no key). */
export const POSTCODES_API = 'https://api.postcodes.io/';

export const REFERRER_POLICY = 'strict-origin-when-cross-origin';

function policy(directives: [string, ...string[]][]): string {
  return directives.map((d) => d.join(' ')).join('; ');
}

const PAGE_DIRECTIVES: [string, ...string[]][] = [
  ['default-src', "'self'"],
  ['script-src', "'self'", "'wasm-unsafe-eval'"],
  ['style-src', "'self'"],
  ['img-src', "'self'"],
  ['connect-src', "'self'", new URL(POSTCODES_API).origin],
  ['object-src', "'none'"],
  ['base-uri', "'self'"],
  ['form-action', "'self'"],
];

/** For `<meta http-equiv>`: the same policy without frame-ancestors, which a meta tag cannot carry. */
export const PAGE_POLICY_META = policy(PAGE_DIRECTIVES);

/** Every page but the embed page: not framable anywhere (clickjacking). */
export const PAGE_POLICY = policy([...PAGE_DIRECTIVES, ['frame-ancestors', "'none'"]]);

/** The embed page: the same, but any site may frame it; that is what it is for. */
export const EMBED_POLICY = policy([...PAGE_DIRECTIVES, ['frame-ancestors', '*']]);

/**
 * Feeds, downloads, schemas and the widget's files are data (or a script other sites load), never documents: if a
 * browser is ever made to render one, it runs nothing and loads nothing.
 */
export const DATA_POLICY = policy([
  ['default-src', "'none'"],
  ['frame-ancestors', "'none'"],
]);
