import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, test } from 'vitest';
import { runLoop } from '../support/cli.ts';
import { AS_OF, edit, fixtureCopy } from '../support/data.ts';

describe('loop publish', () => {
  test('writes the open data for a data folder, without the site', async () => {
    const dir = fixtureCopy();
    const out = mkdtempSync(join(tmpdir(), 'loop-cli-publish-'));
    const { code, stdout, stderr } = await runLoop(['publish', '--data', 'data', '--out', out, '--as-of', AS_OF, '--base-url', 'https://directory.example.org/'], { cwd: dir });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(/no git history \(the data folder is not in a git repository\)/);
    expect(stdout).toMatch(/published \d+ feed and download files/);
    for (const path of ['oruk/v3/index.json', 'oruk/v3/services.json', 'feeds/v1/listings.json', 'downloads/loop-data.zip', 'downloads/manifest.json', 'schemas/v1/listings.schema.json', 'openapi.json', '_headers', '_redirects']) {
      expect(existsSync(join(out, path)), path).toBe(true);
    }
    expect(JSON.parse(readFileSync(join(out, 'oruk/v3/index.json'), 'utf8'))).toMatchObject({ openapi_url: 'https://directory.example.org/openapi.json' });
    expect(readFileSync(join(out, '_redirects'), 'utf8')).toContain('/oruk/v3/services/:id /oruk/v3/services/:id.json 200');
  });

  test('invalid data publishes nothing and exits 1 with the validator\'s diagnostics', async () => {
    const dir = fixtureCopy(edit('services/chapeltown-carers/carers-drop-in.yaml', 'minimum_age: 18', 'minimum_age: old'));
    const out = mkdtempSync(join(tmpdir(), 'loop-cli-publish-'));
    const { code, stderr } = await runLoop(['publish', '--data', 'data', '--out', out, '--as-of', AS_OF], { cwd: dir });
    expect(code).toBe(1);
    expect(stderr).toMatch(/carers-drop-in\.yaml:\d+:\d+/);
    expect(stderr).toMatch(/nothing was published/);
    expect(existsSync(join(out, 'oruk'))).toBe(false);
  });

  test('a publish that fails after writing feeds leaves the previous output byte for byte, with no staging folder', async () => {
    const dir = fixtureCopy();
    const out = mkdtempSync(join(tmpdir(), 'loop-cli-publish-'));
    const args = ['publish', '--data', 'data', '--out', out, '--as-of', AS_OF];
    expect((await runLoop(args, { cwd: dir })).code).toBe(0);
    const snapshot = () => readdirSync(out, { recursive: true, withFileTypes: true }).map((e) => {
      const full = join(e.parentPath, e.name);
      return [relative(out, full), e.isFile() ? readFileSync(full).toString('base64') : 'folder'];
    }).sort();
    const before = snapshot();
    // A locked release cannot be rebuilt without git: publish fails at the release snapshots, after it has written
    // the ORUK API, the feeds and the downloads (into its staging folder).
    writeFileSync(join(dir, 'published-versions.json'), JSON.stringify({ versions: { '2026.11.1': { tag: 'data-2026.11.1', commit: 'a'.repeat(40), files: { 'loop-data.zip': { sha256: '0'.repeat(64), size: 1 } } } } }));
    writeFileSync(join(dir, 'data/services/chapeltown-carers/carers-drop-in.yaml'), readFileSync(join(dir, 'data/services/chapeltown-carers/carers-drop-in.yaml'), 'utf8').replace('minimum_age: 18', 'minimum_age: 16'));
    const failed = await runLoop(args, { cwd: dir });
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/cannot be rebuilt/);
    expect(snapshot()).toEqual(before);
  });

  test('usage errors exit 2', async () => {
    const dir = fixtureCopy();
    for (const args of [['--oruk-page-size', '0'], ['--base-url', 'javascript:alert(1)'], ['--as-of', 'tomorrow'], ['--surprise'], ['--data', 'nowhere']]) {
      const { code, stderr } = await runLoop(['publish', ...args], { cwd: dir });
      expect(code, args.join(' ')).toBe(2);
      expect(stderr, args.join(' ')).toMatch(/Usage: npx loop publish/);
    }
  });
});
