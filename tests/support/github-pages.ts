/**
 * A static server that behaves like GitHub Pages for the URL shapes the ORUK validator uses, so tests can walk the
 * API as it is served there: no _redirects or _headers (GitHub Pages ignores both), the site under a base path
 * (`/<repo>/`), and only these mappings:
 *
 * - a path naming a file serves it, with a content type by extension (.json application/json, .html text/html);
 * - a path naming a folder without a trailing slash answers 301 to the same path with one (even when `x.html`
 *   exists too: the worst case, and what happens to `/oruk/v3`);
 * - a path ending in `/` serves that folder's `index.html`, or 404;
 * - an extensionless path with no such file or folder serves `<path>.html` when it exists;
 * - anything else is 404. The query string is ignored.
 *
 * Every response carries `Access-Control-Allow-Origin: *`, as GitHub Pages sends.
 *
 * `startPlainStaticServer` is the same without the `x.html` step and without CORS: a plain static host (nginx,
 * Apache, S3 website hosting) with its defaults.
 */
import { createServer, type Server } from 'node:http';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.atom': 'application/atom+xml',
  '.csv': 'text/csv; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

export interface GitHubPagesServer {
  url: string;
  close(): Promise<void>;
}

type Answer = { status: 200; file: string } | { status: 301; location: string } | { status: 404 };

/** How GitHub Pages answers a path (already without the base), given the published folder. */
export function githubPagesAnswer(root: string, path: string, options: { htmlExtension?: boolean } = {}): Answer {
  const decoded = decodeURIComponent(path);
  const full = normalize(join(root, decoded));
  if (full !== root && !full.startsWith(root + sep)) return { status: 404 };
  const isDir = (p: string) => existsSync(p) && statSync(p).isDirectory();
  const isFile = (p: string) => existsSync(p) && statSync(p).isFile();
  if (decoded.endsWith('/')) return isFile(join(full, 'index.html')) ? { status: 200, file: join(full, 'index.html') } : { status: 404 };
  if (isFile(full)) return { status: 200, file: full };
  if (isDir(full)) return { status: 301, location: `${path}/` };
  if ((options.htmlExtension ?? true) && !extname(full) && isFile(`${full}.html`)) return { status: 200, file: `${full}.html` };
  return { status: 404 };
}

export async function startGitHubPagesServer(options: { root: string; base: string; plain?: boolean }): Promise<GitHubPagesServer> {
  const root = normalize(options.root).replace(/[\\/]+$/, '');
  const base = `/${options.base.replace(/^\/+|\/+$/g, '')}`;
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    // One request per connection: walks pause for seconds between requests (schema validation), and a kept-alive
    // socket the server times out meanwhile resets the client's next request.
    const cors: Record<string, string> = options.plain ? { Connection: 'close' } : { 'Access-Control-Allow-Origin': '*', Connection: 'close' };
    if (url.pathname !== base && !url.pathname.startsWith(`${base}/`)) {
      res.writeHead(404, cors).end();
      return;
    }
    const answer = url.pathname === base ? ({ status: 301, location: '/' } as const) : githubPagesAnswer(root, url.pathname.slice(base.length), { htmlExtension: !options.plain });
    if (answer.status === 301) {
      res.writeHead(301, { ...cors, Location: `${base}${answer.location}` }).end();
    } else if (answer.status === 404) {
      res.writeHead(404, { ...cors, 'Content-Type': 'text/html; charset=utf-8' }).end('<h1>404</h1>');
    } else {
      const body = readFileSync(answer.file);
      res.writeHead(200, { ...cors, 'Content-Type': TYPES[extname(answer.file)] ?? 'application/octet-stream', 'Content-Length': body.length }).end(body);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('the server has no port');
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: () => new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  };
}

/** A plain static host with its defaults: see the module comment. */
export function startPlainStaticServer(options: { root: string; base: string }): Promise<GitHubPagesServer> {
  return startGitHubPagesServer({ ...options, plain: true });
}
