/**
 * A small static file server for dist/ that honours `_headers` and `_redirects` like Netlify and Cloudflare
 * Pages, so feeds can be tested over HTTP locally exactly as consumers will see them.
 */
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { MEDIA_TYPES } from '../urls/media-types.ts';
import { findRedirect, headersFor, parseHeaders, parseRedirects, type HeaderRule, type RedirectRule } from './rules.ts';

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

function isDirectory(root: string, urlPath: string): boolean {
  const file = resolveFile(root, urlPath);
  return file !== null && file.endsWith(`${sep}index.html`) && !urlPath.endsWith('index.html');
}

/** "/loop" -> "/loop/", "" -> "/". */
function normaliseBase(base: string | undefined): string {
  const trimmed = (base ?? '/').replace(/^\/*/, '/').replace(/\/*$/, '/');
  return trimmed === '//' ? '/' : trimmed;
}

export function handler(root: string, options: { base?: string } = {}): (req: IncomingMessage, res: ServerResponse) => void {
  // Re-read rules on each request would be slow; a rebuild restarts `npm start` anyway.
  const rules = readRules(root);
  const base = normaliseBase(options.base);
  return (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (req.method !== 'GET' && req.method !== 'HEAD' && req.method !== 'OPTIONS') {
      res.writeHead(405, { Allow: 'GET, HEAD, OPTIONS' }).end();
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
        if (notFound && req.method === 'GET') createReadStream(notFound).pipe(res);
        else res.end(notFound ? undefined : 'Not found');
        return;
      }
      url.pathname = url.pathname.slice(base.length - 1);
    }
    let path = url.pathname;
    let status = 200;
    const redirect = findRedirect(rules.redirects, path, url.searchParams, (p) => resolveFile(root, p) !== null);
    if (redirect) {
      if (redirect.status >= 300 && redirect.status < 400) {
        const to = redirect.to.startsWith('/') ? `${base}${redirect.to.slice(1)}` : redirect.to;
        res.writeHead(redirect.status, { Location: to, 'Access-Control-Allow-Origin': '*' }).end();
        return;
      }
      path = redirect.to.split('?')[0]!;
      status = redirect.status;
    }
    if (!path.endsWith('/') && isDirectory(root, path)) {
      res.writeHead(301, { Location: `${base}${path.slice(1)}/${url.search}` }).end();
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
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found');
      return;
    }
    headers['Content-Length'] = String(statSync(file).size);
    res.writeHead(status, headers);
    if (req.method === 'HEAD') res.end();
    else createReadStream(file).pipe(res);
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
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}
