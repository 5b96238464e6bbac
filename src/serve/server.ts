/**
 * A small static file server for dist/ that honours `_headers` and `_redirects` like Netlify and Cloudflare
 * Pages, so feeds can be tested over HTTP locally exactly as consumers will see them.
 */
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { MEDIA_TYPES } from '../urls/media-types.ts';
import { findRedirect, headersFor, localLocation, parseHeaders, parseRedirects, redirectLocation, type HeaderRule, type RedirectRule } from './rules.ts';

export interface StaticServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

export interface ServerOptions {
  root: string;
  port?: number;
  host?: string;
  /**
   * The path the site is published under ("/loop/" for https://loop-leeds.github.io/loop/): files in root are
   * served below it, as on the real host, and "/" redirects there. Default "/".
   */
  base?: string;
}

function readRules(root: string): { headers: HeaderRule[]; redirects: RedirectRule[] } {
  const headersFile = join(root, '_headers');
  const redirectsFile = join(root, '_redirects');
  return {
    headers: existsSync(headersFile) ? parseHeaders(readFileSync(headersFile, 'utf8')) : [],
    redirects: existsSync(redirectsFile) ? parseRedirects(readFileSync(redirectsFile, 'utf8')) : [],
  };
}

/** Resolves a URL path to a file inside root (index.html for folders), or null. Never escapes root. */
export function resolveFile(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const full = normalize(join(root, decoded));
  if (full !== root && !full.startsWith(root.endsWith(sep) ? root : root + sep)) return null;
  try {
    const stat = statSync(full);
    if (stat.isFile()) return full;
    if (stat.isDirectory()) {
      const index = join(full, 'index.html');
      if (existsSync(index)) return index;
    }
  } catch {
    // fall through
  }
  if (!extname(full) && existsSync(`${full}.html`)) return `${full}.html`;
  return null;
}

/**
 * Whether a file exists at exactly this path: a rule is shadowed only by that, not by a folder's index.html or an
 * `x.html` beside it, so the ORUK API's own URLs reach its JSON files directly rather than through the `.html`
 * copies written for GitHub Pages (and `/oruk/v3/services` is not redirected to `/oruk/v3/services/` first).
 */
function isExactFile(root: string, urlPath: string): boolean {
  const file = resolveFile(root, urlPath);
  if (file === null) return false;
  try {
    return normalize(join(root, decodeURIComponent(urlPath))) === file;
  } catch {
    return false;
  }
}

function isDirectory(root: string, urlPath: string): boolean {
  const file = resolveFile(root, urlPath);
  return file !== null && file.endsWith(`${sep}index.html`) && !urlPath.endsWith('index.html');
}

/** "/loop" -> "/loop/", "" -> "/". */
function normaliseBase(base: string | undefined): string {
  const trimmed = (base ?? '/').replace(/^\/*/, '/').replace(/\/*$/, '/');
  return trimmed === '//' ? '/' : trimmed;
}

/** Longer request targets are refused before any work (the real hosts refuse them too). */
const MAX_URL_LENGTH = 8192;

/**
 * The request target as a URL with a clean path, or null when it is not a usable origin-form or absolute-form
 * target. It is parsed against a fixed origin by concatenation, never as a relative reference: `new URL('//[', base)`
 * reads `//[` as a host (and throws), and `//evil.example/x` would silently become another host's `/x`. Runs of
 * slashes collapse to one, so no path this server echoes into a `Location` can start with `//`.
 */
export function requestUrl(target: string): URL | null {
  let url: URL;
  try {
    if (target.startsWith('/')) url = new URL(`http://localhost${target}`);
    else if (/^https?:\/\//i.test(target)) url = new URL(target);
    else return null;
  } catch {
    return null;
  }
  url.pathname = url.pathname.replace(/\/{2,}/g, '/');
  return url;
}

function plain(res: ServerResponse, status: number, text: string, extra: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', ...extra }).end(text);
}

/** Streams a file; a read error (the file vanished, a folder) ends the response instead of crashing the server. */
function send(file: string, res: ServerResponse): void {
  const stream = createReadStream(file);
  stream.on('error', () => res.destroy());
  stream.pipe(res);
}

export function handler(root: string, options: { base?: string } = {}): (req: IncomingMessage, res: ServerResponse) => void {
  // Re-read rules on each request would be slow; a rebuild restarts `npm start` anyway.
  const rules = readRules(root);
  const base = normaliseBase(options.base);
  const answer = respond(root, base, rules);
  // No request, however malformed, may take the server down: whatever one request throws becomes its own 500.
  return (req, res) => {
    try {
      answer(req, res);
    } catch {
      if (!res.headersSent) plain(res, 500, 'Internal server error');
      else res.destroy();
    }
  };
}

function respond(root: string, base: string, rules: { headers: HeaderRule[]; redirects: RedirectRule[] }): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const target = req.url ?? '/';
    if (target.length > MAX_URL_LENGTH) {
      plain(res, 414, 'URI too long');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD' && req.method !== 'OPTIONS') {
      res.writeHead(405, { Allow: 'GET, HEAD, OPTIONS' }).end();
      return;
    }
    const url = requestUrl(target);
    if (!url) {
      plain(res, 400, 'Bad request');
      return;
    }
    if (base !== '/') {
      // Outside the base there is nothing, as on the real host; the bare base and "/" lead to the home page.
      if (url.pathname === '/' || `${url.pathname}/` === base) {
        res.writeHead(302, { Location: `${base}${url.search}` }).end();
        return;
      }
      if (!url.pathname.startsWith(base)) {
        const notFound = resolveFile(root, '/404.html');
        res.writeHead(404, { 'Content-Type': notFound ? 'text/html; charset=utf-8' : 'text/plain; charset=utf-8' });
        if (notFound && req.method === 'GET') send(notFound, res);
        else res.end(notFound ? undefined : 'Not found');
        return;
      }
      url.pathname = url.pathname.slice(base.length - 1);
    }
    let path = url.pathname;
    let status = 200;
    const redirect = findRedirect(rules.redirects, path, url.searchParams, (p) => isExactFile(root, p));
    if (redirect) {
      if (redirect.status >= 300 && redirect.status < 400) {
        const location = redirectLocation(base, redirect);
        if (location === null) {
          plain(res, 400, 'Bad request');
          return;
        }
        res.writeHead(redirect.status, { Location: location, 'Access-Control-Allow-Origin': '*' }).end();
        return;
      }
      path = redirect.to.split('?')[0]!;
      status = redirect.status;
    }
    if (!path.endsWith('/') && isDirectory(root, path)) {
      res.writeHead(301, { Location: `${localLocation(base, path)}/${url.search}` }).end();
      return;
    }
    let file = resolveFile(root, path);
    if (!file) {
      status = 404;
      file = resolveFile(root, '/404.html');
    }
    const headers: Record<string, string> = {};
    const type = file ? MEDIA_TYPES[extname(file)] : undefined;
    if (type) headers['Content-Type'] = type;
    for (const [name, value] of headersFor(rules.headers, path)) headers[name] = value;
    if (req.method === 'OPTIONS') {
      res.writeHead(204, { ...headers, 'Access-Control-Allow-Methods': 'GET, HEAD, OPTIONS' }).end();
      return;
    }
    if (!file) {
      plain(res, 404, 'Not found');
      return;
    }
    headers['Content-Length'] = String(statSync(file).size);
    res.writeHead(status, headers);
    if (req.method === 'HEAD') res.end();
    else send(file, res);
  };
}

export async function startStaticServer(options: ServerOptions): Promise<StaticServer> {
  const root = normalize(options.root);
  const server = createServer(handler(root, options.base ? { base: options.base } : {}));
  // Node closes idle keep-alive connections after 5 s; a client reusing one at that moment gets ECONNRESET. A
  // consumer pausing between requests (a validator compiling schemas) should not hit that, so keep them longer.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, resolveListen);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port ?? 0;
  return {
    url: `http://${host}:${port}`,
    port,
    // Stopping ends keep-alive connections too; otherwise a client's pooled connection kept close() waiting for
    // the 65-second keep-alive timeout.
    close: () =>
      new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      }),
  };
}
