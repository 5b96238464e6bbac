/**
 * One real `astro build` of the fixture: the publish integration runs after the site is built and writes the open
 * data into the build's output folder, from the Dataset the LOOP integration validated, with git history.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { repoRoot } from '../support/shared.ts';
import { AS_OF } from '../support/data.ts';

describe('astro build', () => {
  const out = mkdtempSync(join(tmpdir(), 'loop-astro-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  test('writes the ORUK API, feeds, downloads, schemas and hosting rules into dist/', () => {
    const run = spawnSync(join(repoRoot, 'node_modules', '.bin', 'astro'), ['build', '--outDir', out], {
      cwd: repoRoot,
      env: { ...process.env, LOOP_DATA: 'tests/fixtures/valid', LOOP_AS_OF: AS_OF, LOOP_BASE_URL: 'http://localhost:4321/', LOOP_ORUK_PAGE_SIZE: '3' },
      encoding: 'utf8',
      timeout: 240_000,
    });
    const output = `${run.stdout}\n${run.stderr}`;
    expect(run.status, output).toBe(0);
    expect(output).toMatch(/\[loop-publish\] published \d+ feed and download files/);
    for (const path of ['oruk/v3/index.json', 'oruk/v3/services/page/2.json', 'feeds/v1/listings.json', 'feeds/v1/changes.atom', 'downloads/hsds/datapackage.json', 'downloads/manifest.json', 'schemas/v1/record.schema.json', 'openapi.json', '_headers', '_redirects']) {
      expect(existsSync(join(out, path)), path).toBe(true);
    }
    const services = JSON.parse(readFileSync(join(out, 'oruk/v3/services.json'), 'utf8')) as { total_items: number; size: number };
    expect(services).toMatchObject({ total_items: 4, size: 3 });
    const listings = JSON.parse(readFileSync(join(out, 'feeds/v1/listings.json'), 'utf8')) as { dataset_version: string; items: { page_url: string }[] };
    expect(listings.items[0]!.page_url).toMatch(/^http:\/\/localhost:4321\/services\//);
    // The fixture is committed in this repository, so the version names a commit (unless this is a tarball).
    expect(listings.dataset_version).toMatch(/^(\d{4}-\d{2}-\d{2}-[0-9a-f]{7}(-modified)?|unversioned-\d{4}-\d{2}-\d{2})$/);
    expect(readFileSync(join(out, '_headers'), 'utf8')).toContain('/oruk/v3/*\n  Access-Control-Allow-Origin: *');
  }, 300_000);
});
