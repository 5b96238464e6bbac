/**
 * The local backend `npm run cms` starts answers only the local web form: the right Host (no DNS rebinding), the
 * admin page's Origin (no cross-site request from another page in the browser), this run's token, and paths inside
 * data/ and the media folder. Every refused write leaves the repository as it was. The published form's policy allows
 * no loopback address.
 */
import { existsSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { MEDIA_FOLDER, cmsConfigYaml } from '../../src/cms/config.ts';
import { pathProblem, startLocalBackend, type LocalBackend } from '../../src/cms/local-backend.ts';
import { adminFiles, contentSecurityPolicy } from '../../src/cms/page.ts';
import { loadConfig } from '../../src/checks/load.ts';
import { fixtureCopy } from '../support/data.ts';
import { repoRoot } from '../support/shared.ts';

const PAGE = 'http://127.0.0.1:4321';
const LOOPBACK = /127\.0\.0\.1|localhost|\[::1\]|0\.0\.0\.0/;

interface Answer {
  status: number;
  body: string;
}

/** A POST with exactly these headers (fetch would not let a test set Host). */
function post(backend: LocalBackend, body: unknown, options: { host?: string; origin?: string | null; token?: string | null } = {}): Promise<Answer> {
  const token = options.token === undefined ? backend.token : options.token;
  const headers: Record<string, string> = { 'Content-Type': 'application/json', Host: options.host ?? `127.0.0.1:${backend.port}` };
  const origin = options.origin === undefined ? PAGE : options.origin;
  if (origin !== null) headers.Origin = origin;
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: backend.port, method: 'POST', path: `/api/v1${token === null ? '' : `?token=${encodeURIComponent(token)}`}`, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

function persist(path: string, raw = 'name: written\n') {
  return { action: 'persistEntry', params: { branch: 'main', entry: { slug: 'x', path, raw }, assets: [], options: { collectionName: 'organisations', commitMessage: 'test', useWorkflow: false, status: 'draft' } } };
}

describe('the local backend', () => {
  let repo: string;
  let backend: LocalBackend;
  beforeAll(async () => {
    repo = fixtureCopy();
    mkdirSync(join(repo, '.git'));
    backend = await startLocalBackend({ repo, mode: 'fs', pageOrigins: [PAGE], folders: ['data', MEDIA_FOLDER] });
  });
  afterAll(() => backend?.close());

  test('listens on 127.0.0.1 only, and its URL carries the token', () => {
    expect(backend.origin).toBe(`http://127.0.0.1:${backend.port}`);
    expect(new URL(backend.url).searchParams.get('token')).toBe(backend.token);
    expect(backend.token.length).toBeGreaterThanOrEqual(32);
  });

  test('the local web form can write into data/ (so the refusals below are the guard, not a broken setup)', async () => {
    const answer = await post(backend, persist('data/organisations/new-org.yaml'));
    expect(answer.status, answer.body).toBe(200);
    expect(readFileSync(join(repo, 'data/organisations/new-org.yaml'), 'utf8')).toBe('name: written\n');
    const info = await post(backend, { action: 'info' });
    expect(JSON.parse(info.body)).toMatchObject({ type: 'local_fs' });
  });

  test.each([
    ['a wrong Host (DNS rebinding)', { host: 'evil.example:8081' }, 'data/organisations/rebound.yaml'],
    ['a Host on another port', { host: '127.0.0.1:1' }, 'data/organisations/other-port.yaml'],
    ['a foreign Origin (another site in the browser)', { origin: 'https://evil.example' }, 'data/organisations/csrf.yaml'],
    ['a localhost Origin on another port', { origin: 'http://127.0.0.1:9999' }, 'data/organisations/csrf-local.yaml'],
    ['no Origin on a write', { origin: null }, 'data/organisations/no-origin.yaml'],
    ['no token', { token: null }, 'data/organisations/no-token.yaml'],
    ['a wrong token', { token: 'guessed' }, 'data/organisations/wrong-token.yaml'],
  ])('%s is refused with 403 and writes nothing', async (_name, options, path) => {
    const answer = await post(backend, persist(path), options);
    expect(answer.status).toBe(403);
    expect(existsSync(join(repo, path))).toBe(false);
  });

  test.each([
    ['.git/config', '.git/config'],
    ['.git/hooks/pre-commit', '.git/hooks/pre-commit'],
    ['../escaped.yaml', '../escaped.yaml'],
    ['data/../.git/config', '.git/config'],
    ['data/../package.json', 'package.json'],
    ['data/./organisations/dot.yaml', 'data/organisations/dot.yaml'],
    ['data/.import-state/x.yaml', 'data/.import-state/x.yaml'],
    ['src/cms/config.ts', 'src/cms/config.ts'],
    ['loop.config.yaml', 'loop.config.yaml'],
    ['/tmp/absolute.yaml', '/tmp/absolute.yaml'],
    ['data\\..\\..\\escaped.yaml', 'escaped.yaml'],
  ])('a write to %s is refused and writes nothing', async (path, written) => {
    const before = existsSync(join(repo, written)) ? readFileSync(join(repo, written), 'utf8') : null;
    const answer = await post(backend, persist(path, 'pwned: true\n'));
    expect(answer.status, answer.body).toBe(403);
    expect(existsSync(join(repo, written)) ? readFileSync(join(repo, written), 'utf8') : null).toBe(before);
  });

  test('paths anywhere in a request are checked: renames, assets, media, deletions, listings', async () => {
    const bodies = [
      { action: 'persistEntry', params: { branch: 'main', entry: { slug: 'x', path: 'data/organisations/a.yaml', raw: 'a: 1\n', newPath: '.git/a.yaml' }, assets: [], options: { commitMessage: 'm', useWorkflow: false, status: 'draft' } } },
      { action: 'persistEntry', params: { branch: 'main', entry: { slug: 'x', path: 'data/organisations/b.yaml', raw: 'b: 1\n' }, assets: [{ path: '.git/hooks/post-checkout', content: 'ZWNobw==', encoding: 'base64' }], options: { commitMessage: 'm', useWorkflow: false, status: 'draft' } } },
      { action: 'persistMedia', params: { branch: 'main', asset: { path: '.git/hooks/pre-push', content: 'ZWNobw==', encoding: 'base64' }, options: { commitMessage: 'm', useWorkflow: false, status: 'draft' } } },
      { action: 'deleteFiles', params: { branch: 'main', paths: ['data/organisations/chapeltown-carers.yaml', 'package.json'], options: { commitMessage: 'm', useWorkflow: false, status: 'draft' } } },
      { action: 'deleteFile', params: { branch: 'main', path: 'loop.config.yaml', options: { commitMessage: 'm', useWorkflow: false, status: 'draft' } } },
      { action: 'entriesByFolder', params: { branch: 'main', folder: '.', extension: 'yaml', depth: 5 } },
      { action: 'getEntry', params: { branch: 'main', path: '../../etc/passwd' } },
      { action: 'getMedia', params: { branch: 'main', mediaFolder: '.git' } },
    ];
    for (const body of bodies) expect((await post(backend, body)).status, JSON.stringify(body)).toBe(403);
    expect(existsSync(join(repo, 'data/organisations/a.yaml'))).toBe(false);
    expect(existsSync(join(repo, 'data/organisations/b.yaml'))).toBe(false);
    expect(existsSync(join(repo, '.git/hooks'))).toBe(false);
    expect(existsSync(join(repo, 'data/organisations/chapeltown-carers.yaml'))).toBe(true);
    expect(existsSync(join(repo, 'loop.config.yaml'))).toBe(true);
  });

  test('a path through a symbolic link inside data/ is refused', async () => {
    symlinkSync(join(repo, '.git'), join(repo, 'data', 'linked'));
    const answer = await post(backend, persist('data/linked/config', 'pwned: true\n'));
    expect(answer.status).toBe(403);
    expect(existsSync(join(repo, '.git', 'config'))).toBe(false);
  });

  test('the path rule on its own', () => {
    const folders = ['data', MEDIA_FOLDER];
    expect(pathProblem(repo, folders, 'data/services/x/y.yaml')).toBeNull();
    expect(pathProblem(repo, folders, 'data')).toBeNull();
    expect(pathProblem(repo, folders, `${MEDIA_FOLDER}/logo.png`)).toBeNull();
    expect(pathProblem(repo, folders, 'public/admin/index.html')).toMatch(/only data and public\/uploads/);
    expect(pathProblem(repo, folders, 'data-evil/x.yaml')).toMatch(/only/);
    expect(pathProblem(repo, folders, 'C:\\x')).not.toBeNull();
    expect(pathProblem(repo, folders, 'data/x\0.yaml')).not.toBeNull();
    expect(pathProblem(repo, folders, 42)).not.toBeNull();
  });
});

describe('the published web form reaches no server on the reader\'s machine', () => {
  const { config } = loadConfig(join(repoRoot, 'loop.config.yaml'), repoRoot);
  test('its Content-Security-Policy and config name no loopback address', () => {
    expect(contentSecurityPolicy().join('; ')).not.toMatch(LOOPBACK);
    expect(cmsConfigYaml(config!)).not.toMatch(LOOPBACK);
    for (const [path, text] of adminFiles(config!)) expect(text, path).not.toMatch(LOOPBACK);
  });
  test('the committed public/admin files do not either', () => {
    for (const path of ['public/admin/index.html', 'public/admin/config.yml']) expect(readFileSync(join(repoRoot, path), 'utf8'), path).not.toMatch(LOOPBACK);
  });
  test('only the page `npm run cms` serves names its backend, token and all', () => {
    const url = 'http://127.0.0.1:8081/api/v1?token=abc';
    const files = adminFiles(config!, { localBackendUrl: url });
    expect(files.get('public/admin/config.yml')).toContain(url);
    expect(files.get('public/admin/index.html')).toContain('connect-src \'self\' https://api.github.com http://127.0.0.1:8081;');
  });
});
