/**
 * The static hosts LOOP documents, each serving a published folder the way that host does, by its own engine where
 * one is on the npm registry, so the ORUK walk (tests/publish/hosts.test.ts) sees what a consumer would:
 *
 * - Netlify: `_redirects` parsed by `@netlify/redirect-parser` (Netlify's build-time parser; any error fails) and
 *   matched by `netlify-redirector` (the WebAssembly matcher `netlify dev` uses), wrapped in `netlify dev`'s own
 *   order of work: a file at the path (or its `.html` / `index.html` alternatives) wins over a rule that is not
 *   forced; a rewrite serves the target's file or 404. `_headers` read by `@netlify/headers-parser` (Netlify's
 *   build-time parser; any error fails) and applied by its rules' own `forRegExp`.
 * - Cloudflare Pages: `wrangler pages dev` itself, on loopback; its output is kept so tests can read what it says
 *   about the rules.
 * - GitHub Pages and plain static hosting: tests/support/github-pages.ts.
 * - `npx loop serve`: src/serve/.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, extname, join, normalize, sep } from 'node:path';
import { parseAllHeaders, type Header } from '@netlify/headers-parser';
import { parseAllRedirects } from '@netlify/redirect-parser';
import redirector from 'netlify-redirector';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=UTF-8',
  '.json': 'application/json',
};

export interface RunningHost {
  /** The site's root URL, without a trailing slash (the base path included where the host has one). */
  site: string;
  close(): Promise<void>;
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('the server has no port');
  return `http://127.0.0.1:${address.port}`;
}

function closer(server: Server): () => Promise<void> {
  return () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
}

/** What Netlify's build-time parser makes of `_redirects`: the rules, and every error it reports. */
export async function netlifyRedirects(root: string): Promise<{ redirects: unknown[]; errors: string[] }> {
  const { redirects, errors } = await parseAllRedirects({ redirectsFiles: [join(root, '_redirects')], configRedirects: [], minimal: false });
  return { redirects, errors: errors.map((e: unknown) => (e instanceof Error ? e.message : String(e))) };
}

/** What Netlify's build-time parser makes of a `_headers` file: the rules, and every error it reports. */
export async function netlifyHeaders(file: string): Promise<{ rules: Header[]; errors: string[] }> {
  const { headers, errors } = await parseAllHeaders({ headersFiles: [file], configHeaders: undefined, minimal: false });
  return { rules: headers as Header[], errors: errors.map((e) => e.message) };
}

/** The headers Netlify's rules give a path: every matching rule's, in file order. */
export function netlifyHeadersFor(rules: readonly Header[], path: string): Record<string, string> {
  return Object.assign({}, ...rules.filter((r) => r.forRegExp.test(path)).map((r) => r.values)) as Record<string, string>;
}

/** `netlify dev`'s static lookup: the path itself, then `x.html`/`x.htm`/`x/index.html` (or `x/` -> `x.html`...). */
function netlifyStatic(root: string, path: string): string | null {
  const alternatives = [path];
  if (path.endsWith('/')) {
    if (path !== '/') alternatives.push(`${path.slice(0, -1)}.html`, `${path.slice(0, -1)}.htm`);
    alternatives.push(`${path}index.html`, `${path}index.htm`);
  } else if (!/\.(html?|png|jpg|js|css|svg|gif|ico|woff|woff2)$/.test(path)) {
    alternatives.push(`${path}.html`, `${path}.htm`, `${path}/index.html`, `${path}/index.htm`);
  }
  for (const candidate of alternatives) {
    const full = normalize(join(root, candidate));
    if (full !== root && !full.startsWith(root + sep)) return null;
    if (existsSync(full) && statSync(full).isFile()) return full;
  }
  return null;
}

/** Netlify, as `netlify dev` serves a folder (see the module comment). Throws when the parser reports errors. */
export async function startNetlify(rootIn: string): Promise<RunningHost> {
  const root = normalize(rootIn).replace(/[\\/]+$/, '');
  const { redirects, errors } = await netlifyRedirects(root);
  if (errors.length) throw new Error(`Netlify rejects _redirects:\n${errors.join('\n')}`);
  // netlify-cli hands the parser's rules to netlify-redirector renamed as the matcher expects them: `from` is
  // `origin` and `query` is `params` (src/utils/redirects.ts there); without that a query rule matches any query.
  const rules = (redirects as { from: string; query: Record<string, string> }[]).map(({ from, query, ...rest }) => ({ ...rest, origin: from, params: query }));
  const matcher = await redirector.parseJSON(JSON.stringify(rules), {});
  const parsedHeaders = existsSync(join(root, '_headers')) ? await netlifyHeaders(join(root, '_headers')) : { rules: [], errors: [] };
  if (parsedHeaders.errors.length) throw new Error(`Netlify rejects _headers:\n${parsedHeaders.errors.join('\n')}`);
  const headerRules = parsedHeaders.rules;
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = decodeURIComponent(url.pathname);
    const send = (file: string | null, requestPath: string) => {
      if (!file) {
        res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', Connection: 'close' }).end('Not Found');
        return;
      }
      const body = readFileSync(file);
      const headers: Record<string, string> = { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream', Connection: 'close' };
      Object.assign(headers, netlifyHeadersFor(headerRules, requestPath));
      res.writeHead(200, headers).end(body);
    };
    const match = matcher.match({ scheme: 'http', host: url.host, path, query: url.search.replace(/^\?/, ''), getHeader: (name) => String(req.headers[name.toLowerCase()] ?? ''), getCookie: () => '' });
    const file = netlifyStatic(root, path);
    if (!match || !match.to || (file && !match.force)) {
      send(file, path);
      return;
    }
    const status = match.status ?? 301;
    if (status >= 300 && status < 400) {
      res.writeHead(status, { Location: match.to, Connection: 'close' }).end();
      return;
    }
    const dest = new URL(match.to, 'http://localhost');
    send(netlifyStatic(root, decodeURIComponent(dest.pathname)), dest.pathname);
  });
  const site = await listen(server);
  return { site, close: closer(server) };
}

export interface Wrangler extends RunningHost {
  /** Everything wrangler printed so far (colours off). */
  output(): string;
}

/** A free port on loopback: wrangler needs one named up front. */
async function freePort(): Promise<number> {
  const server = createServer();
  const url = await listen(server);
  await closer(server)();
  return Number(new URL(url).port);
}

/**
 * `wrangler pages dev <root>` on loopback, ready when it says so (its own "Ready on" line, not a timer). It runs
 * with its working folder and state in a temporary folder, so nothing is written to the checkout, and is stopped
 * by its process group (wrangler starts workerd as a child).
 */
export async function startWrangler(root: string): Promise<Wrangler> {
  // wrangler's CLI itself (its bin script only re-spawns this one), so the process stopped is the one that writes
  // its logs; the package's exports hide both, so the path comes from its main entry.
  const cli = join(dirname(createRequire(import.meta.url).resolve('wrangler')), 'cli.js');
  const work = mkdtempSync(join(tmpdir(), 'loop-wrangler-'));
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, ['--no-warnings', cli, 'pages', 'dev', root, '--ip', '127.0.0.1', '--port', String(port), '--persist-to', join(work, 'state')], {
    cwd: work,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its logs and settings go to the temporary folder too, not the user's ~/.config.
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', WRANGLER_SEND_METRICS: 'false', CI: '1', XDG_CONFIG_HOME: join(work, 'config'), WRANGLER_LOG_PATH: join(work, 'logs') },
  });
  let output = '';
  const ready = new Promise<void>((resolve, reject) => {
    const read = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (/Ready on http/.test(output)) resolve();
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
    child.once('exit', (code) => reject(new Error(`wrangler pages dev exited (${code}) before it was ready:\n${output}`)));
    child.once('error', reject);
  });
  const stop = async () => {
    if (child.exitCode === null && child.pid !== undefined) {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // already gone
      }
      await exited;
      // Anything it started and left behind (workerd, helpers still writing logs) goes with the group, and the
      // folder is removed only once the group is empty, or a late log file would leave it behind.
      const gone = () => {
        try {
          process.kill(-child.pid!, 0);
          return false;
        } catch {
          return true;
        }
      };
      if (!gone()) process.kill(-child.pid, 'SIGKILL');
      for (let i = 0; i < 500 && !gone(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
    }
    rmSync(work, { recursive: true, force: true });
  };
  try {
    await ready;
  } catch (error) {
    await stop();
    throw error;
  }
  return { site: `http://127.0.0.1:${port}`, output: () => output.replace(/\u001b\[[0-9;]*m/g, ''), close: stop };
}
