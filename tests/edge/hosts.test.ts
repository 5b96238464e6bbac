/**
 * The edge functions on the hosts' own runtimes, answering exactly what the core answers: the Cloudflare Pages
 * function under `wrangler pages dev` (workerd, Cloudflare's runtime, with the published `_routes.json`,
 * `_headers` and `_redirects`), and the Netlify Edge Function under Deno, Netlify's edge runtime, served by a tiny
 * harness (netlify-harness.ts). Both are the bundles the publish step writes, not the sources.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { answerQuery, type StaticFiles } from '../../src/edge/respond.ts';
import { NETLIFY_FUNCTION } from '../../src/publish/edge.ts';
import { repoRoot } from '../support/shared.ts';
import { publishExample } from './support.ts';

const BIN = join(repoRoot, 'node_modules', '.bin');

/** A port nobody listens on now (the OS picks it). */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Starts a server and resolves with the first line of its output that `ready` accepts; rejects if it exits first. */
function start(command: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }, ready: (line: string) => string | undefined): Promise<{ child: ChildProcess; found: string }> {
  const child = spawn(command, args, { cwd: options.cwd, env: { ...process.env, ...options.env }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let output = '';
    const look = (chunk: Buffer) => {
      output += chunk.toString();
      for (const line of output.split('\n')) {
        const found = ready(line.replace(/\x1b\[[0-9;]*m/g, ''));
        if (found !== undefined) return resolve({ child, found });
      }
    };
    child.stdout!.on('data', look);
    child.stderr!.on('data', look);
    child.once('exit', (code) => reject(new Error(`${command} exited (${code}) before it was ready:\n${output}`)));
  });
}

/** Ends a server this test started, and its children (workerd), by its process group. */
function stop(child: ChildProcess | undefined): void {
  if (child?.pid && child.exitCode === null) {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
}

/** The queries both hosts are asked, each answered by the core first. */
const QUERIES = [
  '/oruk/v3/services?page=2',
  '/oruk/v3/services?per_page=5&page=3',
  '/oruk/v3/services?search=carers&per_page=4',
  '/oruk/v3/services?text=Caf%C3%A9',
  '/oruk/v3/services?minimum_age=18&maximum_age=120',
  '/oruk/v3/services/?page=99',
  '/oruk/v3/service_at_locations?search=leeds&page=2',
  '/oruk/v3/taxonomy_terms?search=carers',
  '/oruk/v3/taxonomies?per_page=1',
  '/oruk/v3/organizations?search=leeds',
  '/oruk/v3/services?per_page=0',
  '/oruk/v3/services?colour=blue',
  '/oruk/v3/service_at_locations?postcode=LS7%203HB',
  '/oruk/v3/service_at_locations?postcode=ls73ex&proximity=2500&per_page=3',
  '/oruk/v3/service_at_locations?postcode=ZZ99%209ZZ',
  '/oruk/v3/services?search=%3Cscript%3Ealert(1)%3C%2Fscript%3E',
  // Through the word index (issue #19): two words, a word inside words with a filter, a short word beside a long one.
  '/oruk/v3/services?search=support+group&per_page=3',
  '/oruk/v3/service_at_locations?search=care&postcode=LS7%203HB&per_page=5',
  '/oruk/v3/services?search=a+leeds',
];

/** What the core must answer some queries (so a host agreeing with a core that fails, say with a 503, is caught). */
const STATUSES: Record<string, number> = {
  '/oruk/v3/services?page=2': 200,
  '/oruk/v3/service_at_locations?postcode=LS7%203HB': 200,
  '/oruk/v3/service_at_locations?postcode=ls73ex&proximity=2500&per_page=3': 200,
  '/oruk/v3/service_at_locations?postcode=ZZ99%209ZZ': 422,
  '/oruk/v3/services?colour=blue': 400,
  '/oruk/v3/services?search=carers&per_page=4': 200,
  '/oruk/v3/services?search=support+group&per_page=3': 200,
  '/oruk/v3/service_at_locations?search=care&postcode=LS7%203HB&per_page=5': 200,
};

async function answersOf(base: string, read: StaticFiles, withPath: (path: string) => string = (p) => p): Promise<void> {
  for (const path of QUERIES) {
    const expected = (await answerQuery(new Request(`https://loop.example.org${path}`), read))!;
    if (STATUSES[path] !== undefined) expect(expected.status, path).toBe(STATUSES[path]);
    const got = await fetch(`${base}${withPath(path)}`);
    expect({ path, status: got.status, type: got.headers.get('content-type'), cors: got.headers.get('access-control-allow-origin'), body: await got.text() }).toEqual({
      path,
      status: expected.status,
      type: expected.headers.get('content-type'),
      cors: '*',
      body: await expected.text(),
    });
  }
}

function reader(out: string): StaticFiles {
  return async (path) => {
    try {
      return readFileSync(join(out, path), 'utf8');
    } catch {
      return undefined;
    }
  };
}

describe('Cloudflare Pages function under wrangler pages dev', () => {
  let server: ChildProcess | undefined;
  let base = '';
  let out = '';
  beforeAll(async () => {
    const published = await publishExample('cloudflare', 10);
    out = published.out;
    const port = await freePort();
    // Its own devtools port too: other wrangler runs on this machine would clash on the default one.
    const inspector = await freePort();
    const env = { WRANGLER_SEND_METRICS: 'false', CI: 'true', NO_COLOR: '1', XDG_CONFIG_HOME: mkdtempSync(join(tmpdir(), 'loop-wrangler-')) };
    const args = ['pages', 'dev', out, '--ip', '127.0.0.1', '--port', String(port), '--compatibility-date', '2025-01-01', '--inspector-port', String(inspector), '--show-interactive-dev-session=false'];
    const started = await start(join(BIN, 'wrangler'), args, { cwd: published.dir, env }, (line) => (line.includes(`Ready on http://127.0.0.1:${port}`) ? '' : undefined));
    server = started.child;
    base = `http://127.0.0.1:${port}`;
  }, 180_000);
  afterAll(() => stop(server));

  test('every query gets the core\'s answer, headers included', async () => {
    await answersOf(base, reader(out));
  }, 120_000);

  test('without parameters the static file is served, byte for byte, with its hosting headers', async () => {
    for (const endpoint of ['services', 'service_at_locations', 'taxonomies', 'taxonomy_terms', 'organizations']) {
      const response = await fetch(`${base}/oruk/v3/${endpoint}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('access-control-allow-origin')).toBe('*');
      expect(await response.text()).toBe(readFileSync(join(out, 'oruk', 'v3', `${endpoint}.json`), 'utf8'));
    }
  }, 120_000);
});

describe('Netlify Edge Function under Deno', () => {
  let server: ChildProcess | undefined;
  let base = '';
  let out = '';
  beforeAll(async () => {
    const published = await publishExample('netlify', 10);
    out = published.out;
    const env = { DENO_DIR: mkdtempSync(join(tmpdir(), 'loop-deno-')), DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1' };
    const args = ['run', '--no-config', '--no-lock', '--no-prompt', '--allow-net=127.0.0.1', `--allow-read=${published.dir}`, join(repoRoot, 'tests', 'edge', 'netlify-harness.ts'), join(published.dir, NETLIFY_FUNCTION), out];
    const started = await start(join(BIN, 'deno'), args, { cwd: published.dir, env }, (line) => /^\{"port":\d+\}$/.test(line.trim()) ? line.trim() : undefined);
    server = started.child;
    base = `http://127.0.0.1:${(JSON.parse(started.found) as { port: number }).port}`;
  }, 120_000);
  afterAll(() => stop(server));

  test('every query gets the core\'s answer', async () => {
    await answersOf(base, reader(out));
  }, 120_000);

  test('without parameters the function steps aside and the static file is served', async () => {
    const response = await fetch(`${base}/oruk/v3/services`);
    expect(await response.text()).toBe(readFileSync(join(out, 'oruk', 'v3', 'services.json'), 'utf8'));
  });
});
