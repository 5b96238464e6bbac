/**
 * The web form's local backend for `npm run cms`: decap-server's own request handlers (embedded, not re-implemented)
 * behind a guard that every request passes first. decap-server alone answers any page that can reach the port: a
 * web page in the contributor's browser could write files through it (CSRF), a DNS-rebinding site could read them,
 * and a path such as `.git/hooks/pre-commit` was accepted because it is inside the repository. The guard:
 *
 * - listens on 127.0.0.1 only;
 * - accepts only `Host: 127.0.0.1:<port>` or `localhost:<port>` (a rebinding attack arrives with its own host name);
 * - accepts only the admin page's origin(s) in `Origin`, and requires an `Origin` on anything but GET/HEAD;
 * - requires a random token made for this run, which only the locally served admin page knows (it is in the
 *   backend URL the page's config gives Decap);
 * - lets a request name only paths inside data/ and the media folder: relative, normalised, no `..`, no hidden
 *   segment (`.git`), and no symbolic link on the way.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { lstatSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { join, posix, win32 } from 'node:path';

type RequestHandler = (req: IncomingMessage, res: ServerResponse) => void;
interface DecapMiddlewares {
  registerLocalFs(app: RequestHandler, options?: { logLevel?: string }): Promise<void>;
  registerLocalGit(app: RequestHandler, options?: { logLevel?: string }): Promise<void>;
}

const require = createRequire(import.meta.url);
const decap = require('decap-server/dist/middlewares.js') as DecapMiddlewares;
// decap-server's own express, so its middlewares get the app they were written for.
const express = createRequire(require.resolve('decap-server/package.json'))('express') as () => RequestHandler;

/** decap-server accepts bodies up to this size (media uploads are base64 in JSON). */
const MAX_BODY_BYTES = 50 * 1024 * 1024;
const API_PATH = '/api/v1';

export interface LocalBackendOptions {
  /** The repository the form edits. */
  repo: string;
  /** `fs` writes into the working tree; `git` follows the editorial workflow on local branches. */
  mode: 'fs' | 'git';
  /** Origins of the admin page allowed to call the backend, e.g. http://127.0.0.1:4321. */
  pageOrigins: readonly string[];
  /** Folders, relative to the repository, that requests may name (data/ and the media folder). */
  folders: readonly string[];
  /** Default: any free port. */
  port?: number;
  /** Default: 32 random bytes, base64url. */
  token?: string;
  logLevel?: string;
}

export interface LocalBackend {
  /** The URL to give Decap as `local_backend.url`: it carries the token. */
  url: string;
  origin: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

export type Refusal = { status: 400 | 403 | 404 | 413; reason: string };

/** Why `path` may not be named by a request, or null when it is inside one of `folders` and reaches no link. */
export function pathProblem(repo: string, folders: readonly string[], path: unknown): string | null {
  if (typeof path !== 'string' || path === '') return 'a path must be a non-empty string';
  if (path.includes('\0') || path.includes('\\')) return `${JSON.stringify(path)}: NUL and backslash are not allowed`;
  if (posix.isAbsolute(path) || win32.isAbsolute(path)) return `${JSON.stringify(path)}: absolute paths are not allowed`;
  const segments = path.replace(/\/$/, '').split('/');
  if (posix.normalize(path) !== path || segments.some((s) => s === '' || s === '.' || s === '..')) return `${JSON.stringify(path)}: the path must be normalised, without ".."`;
  if (segments.some((s) => s.startsWith('.'))) return `${JSON.stringify(path)}: hidden files and folders (.git...) are not allowed`;
  const clean = segments.join('/');
  if (!folders.some((folder) => clean === folder || clean.startsWith(`${folder}/`))) return `${JSON.stringify(path)}: only ${folders.join(' and ')} may be read or written`;
  let full = repo;
  for (const segment of segments) {
    full = join(full, segment);
    try {
      if (lstatSync(full).isSymbolicLink()) return `${JSON.stringify(path)}: symbolic links are not followed`;
    } catch {
      break; // the rest does not exist yet: a new file
    }
  }
  return null;
}

const PATH_KEYS = new Set(['path', 'newPath', 'folder', 'mediaFolder']);

/** Every path a decap-server request names, wherever its action keeps them (entry, dataFiles, assets, files...). */
export function pathsIn(value: unknown, into: unknown[] = []): unknown[] {
  if (Array.isArray(value)) for (const item of value) pathsIn(item, into);
  else if (value !== null && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      if (PATH_KEYS.has(key)) into.push(inner);
      else if (key === 'paths' && Array.isArray(inner)) into.push(...(inner as unknown[]));
      else pathsIn(inner, into);
    }
  }
  return into;
}

function sameSecret(given: string | null, token: string): boolean {
  if (given === null) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The checks on the request line and headers, before the body is read. */
export function refuseRequest(req: Pick<IncomingMessage, 'method' | 'url' | 'headers'>, port: number, pageOrigins: readonly string[], token: string): Refusal | null {
  const host = req.headers.host;
  if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) return { status: 403, reason: 'wrong Host: the local backend answers only 127.0.0.1 and localhost' };
  const origin = req.headers.origin;
  const reading = req.method === 'GET' || req.method === 'HEAD';
  if (origin === undefined ? !reading : !pageOrigins.includes(origin)) return { status: 403, reason: 'wrong Origin: only the local web form may call the local backend' };
  let url: URL;
  try {
    url = new URL(`http://127.0.0.1${req.url ?? '/'}`);
  } catch {
    return { status: 400, reason: 'bad request' };
  }
  if (!sameSecret(url.searchParams.get('token'), token)) return { status: 403, reason: 'missing or wrong token: open the web form from the address `npm run cms` printed' };
  if (url.pathname !== API_PATH) return { status: 404, reason: 'not found' };
  return null;
}

function readBody(req: IncomingMessage): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        resolve(null);
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function refuse(res: ServerResponse, refusal: Refusal): void {
  res.writeHead(refusal.status, { 'Content-Type': 'application/json; charset=utf-8' }).end(JSON.stringify({ error: refusal.reason }));
}

export async function startLocalBackend(options: LocalBackendOptions): Promise<LocalBackend> {
  const token = options.token ?? randomBytes(32).toString('base64url');
  const app = express();
  // decap-server reads its repository from the environment when its middleware is registered (synchronously).
  const saved = process.env.GIT_REPO_DIRECTORY;
  process.env.GIT_REPO_DIRECTORY = options.repo;
  const registered = (options.mode === 'git' ? decap.registerLocalGit : decap.registerLocalFs)(app, { logLevel: options.logLevel ?? 'warn' });
  if (saved === undefined) delete process.env.GIT_REPO_DIRECTORY;
  else process.env.GIT_REPO_DIRECTORY = saved;
  await registered;

  let port = options.port ?? 0;
  const guard = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const refusal = refuseRequest(req, port, options.pageOrigins, token);
    if (refusal) return refuse(res, refusal);
    if (req.method !== 'POST') return app(req, res);
    const body = await readBody(req);
    if (body === null) return refuse(res, { status: 413, reason: 'the request is too large' });
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch {
      return refuse(res, { status: 400, reason: 'the request is not JSON' });
    }
    const params = parsed !== null && typeof parsed === 'object' ? (parsed as { params?: unknown }).params : undefined;
    for (const path of pathsIn(params)) {
      const problem = pathProblem(options.repo, options.folders, path);
      if (problem) return refuse(res, { status: 403, reason: problem });
    }
    // body-parser (inside decap-server) skips a request whose body is already read and parsed.
    Object.assign(req, { body: parsed, _body: true });
    app(req, res);
  };
  const server = createServer((req, res) => {
    guard(req, res).catch(() => {
      if (!res.headersSent) refuse(res, { status: 400, reason: 'bad request' });
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  const address = server.address();
  port = typeof address === 'object' && address ? address.port : port;
  const origin = `http://127.0.0.1:${port}`;
  return {
    url: `${origin}${API_PATH}?token=${token}`,
    origin,
    port,
    token,
    close: () =>
      new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      }),
  };
}
