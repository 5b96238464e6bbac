/**
 * The site build writes the open data while Astro renders (issue #19): preparePublish() writes every file into a
 * scratch folder, and finishPublish() moves them into the output folder through the same staging as publish(). The
 * result must be byte for byte what publish() gives, open-data index pages (with their sizes) included, and the
 * integration must start writing before the site is built.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import type { AstroIntegrationLogger } from 'astro';
import { describe, expect, test } from 'vitest';
import type { Dataset } from '../../src/dataset/dataset.ts';
import { validateDataSync } from '../../src/checks/load.ts';
import { History } from '../../src/history/history.ts';
import { PUBLISH_WORKER_MAX_LISTINGS, publishFeeds, publishInWorker } from '../../src/integrations/publish.ts';
import { finishPublish, preparePublish, publish, type PublishOptions } from '../../src/publish/publish.ts';
import { STAGING_PREFIX } from '../../src/publish/staging.ts';
import type { Publisher } from '../../src/publish/publishers.ts';
import { AS_OF, fixtureCopy } from '../support/data.ts';
import { filesUnder } from '../support/publish.ts';

const datasetOf = (dir: string): Dataset => validateDataSync({ dataDir: join(dir, 'data'), root: dir, asOf: AS_OF }).dataset!;
// Without git history a build is stamped with the time it runs: both publishes get the same stamp.
const BUILD = { datasetVersion: `unversioned-${AS_OF}`, generatedAt: '2026-01-01T00:00:00Z', asOf: AS_OF };
const options = (dir: string, more: PublishOptions = {}): PublishOptions => ({ root: dir, dataDir: join(dir, 'data'), history: History.unavailable('test'), build: BUILD, ...more });

/** An output folder as Astro leaves it: a site page and the open-data index page, its sizes still to fill in. */
function renderedSite(): string {
  const out = mkdtempSync(join(tmpdir(), 'loop-prepared-'));
  writeFileSync(join(out, 'index.html'), '<p>the home page</p>');
  mkdirSync(join(out, 'downloads'));
  writeFileSync(join(out, 'downloads', 'index.html'), '<p>CSV <span data-size-of="downloads/listings.csv">size</span></p>');
  return out;
}

describe('a publish prepared in a scratch folder and finished later', () => {
  test('gives byte for byte what publish() gives, the index pages sized, and leaves no scratch or staging folder', async () => {
    const dir = fixtureCopy();
    const whole = renderedSite();
    await publish(datasetOf(dir), whole, options(dir));

    const split = renderedSite();
    const scratch = join(mkdtempSync(join(tmpdir(), 'loop-scratch-')), 'publish');
    const prepared = await preparePublish(datasetOf(dir), scratch, options(dir));
    // Nothing reaches the output folder before it is finished (Astro owns it meanwhile).
    expect(filesUnder(split).size).toBe(3);
    await finishPublish(prepared, split);

    expect(filesUnder(split)).toEqual(filesUnder(whole));
    expect(readFileSync(join(split, 'downloads', 'index.html'), 'utf8')).toMatch(/data-size-of="downloads\/listings.csv">[\d.]+ (bytes|kB)</);
    expect(existsSync(scratch)).toBe(false);
    expect(readdirSync(split).filter((n) => n.startsWith(STAGING_PREFIX))).toEqual([]);
  });

  test("the site's own outputs (PublishOptions.publishers) run before the manifest, staged and placed with the rest, prepared or not", async () => {
    const dir = fixtureCopy();
    const order: string[] = [];
    const extra: Publisher = {
      name: 'site-extra',
      owns: ['/site/extra'],
      start: () => order.push('extra start'),
      async write(run) {
        // The publish's own outputs are written by now (services.ndjson among them); the manifest is not.
        order.push(`extra write after ${[...run.written.keys()].some((k) => k === 'downloads/services.ndjson') ? 'the downloads' : 'nothing'}`);
        await run.write([['site/extra/one.json', '{"one":1}']]);
      },
    };
    const whole = renderedSite();
    mkdirSync(join(whole, 'site', 'extra'), { recursive: true });
    writeFileSync(join(whole, 'site', 'extra', 'stale.json'), '{}');
    await publish(datasetOf(dir), whole, options(dir, { publishers: [extra] }));
    expect(order).toEqual(['extra start', 'extra write after the downloads']);
    expect(readFileSync(join(whole, 'site', 'extra', 'one.json'), 'utf8')).toBe('{"one":1}');
    // Its folder is replaced whole, as the publish's own are: nothing stale survives.
    expect(existsSync(join(whole, 'site', 'extra', 'stale.json'))).toBe(false);
    const manifest = JSON.parse(readFileSync(join(whole, 'downloads', 'manifest.json'), 'utf8')) as unknown;
    expect(JSON.stringify(manifest)).toContain('site/extra/one.json');

    const split = renderedSite();
    const scratch = join(mkdtempSync(join(tmpdir(), 'loop-scratch-')), 'publish');
    await finishPublish(await preparePublish(datasetOf(dir), scratch, options(dir, { publishers: [extra] })), split);
    expect(readFileSync(join(split, 'site', 'extra', 'one.json'), 'utf8')).toBe('{"one":1}');
    // Writing outside what it owns is refused, naming the file.
    const stray: Publisher = { name: 'stray', owns: ['/site/extra'], write: (run) => run.write([['site/elsewhere.json', '{}']]) };
    await expect(publish(datasetOf(dir), renderedSite(), options(dir, { publishers: [stray] }))).rejects.toThrow(/site\/elsewhere\.json, outside the paths it owns/);
  });

  test('a failure while preparing leaves no scratch folder and never touches the output', async () => {
    const dir = fixtureCopy();
    const scratch = join(mkdtempSync(join(tmpdir(), 'loop-scratch-')), 'publish');
    const beforeWrite = (path: string) => {
      if (path === 'downloads/manifest.json') throw new Error('injected');
    };
    await expect(preparePublish(datasetOf(dir), scratch, options(dir, { beforeWrite }))).rejects.toThrow('injected');
    expect(existsSync(scratch)).toBe(false);
  });
});

describe('the open-data integration', () => {
  test('starts writing the open data when the build starts, before the pages are built, and places it when they are', async () => {
    const dir = fixtureCopy();
    const root = mkdtempSync(join(tmpdir(), 'loop-root-'));
    const out = renderedSite();
    const logged: string[] = [];
    const logger = { info: (m: string) => logged.push(m), warn: (m: string) => logged.push(m) } as unknown as AstroIntegrationLogger;
    const saved = { LOOP_DATA: process.env.LOOP_DATA, LOOP_CACHE: process.env.LOOP_CACHE, LOOP_PUBLISH_WORKER: process.env.LOOP_PUBLISH_WORKER };
    process.env.LOOP_DATA = dir;
    process.env.LOOP_CACHE = '0';
    delete process.env.LOOP_PUBLISH_WORKER;
    try {
      const hooks = publishFeeds().hooks as Record<string, (options: object) => unknown>;
      await hooks['astro:config:done']!({ config: { root: pathToFileURL(`${root}/`) } });
      await hooks['astro:build:start']!({ logger });
      // The files appear in the scratch folder while "Astro renders" (here: while this waits).
      const manifest = join(root, '.cache', `publish-${process.pid}`, 'downloads', 'manifest.json');
      while (!existsSync(manifest)) await sleep(20);
      expect(existsSync(join(out, 'downloads', 'manifest.json'))).toBe(false);

      await hooks['astro:build:done']!({ dir: pathToFileURL(`${out}/`), logger });
      for (const path of ['oruk/v3/index.json', 'feeds/v1/listings.json', 'downloads/manifest.json', '_headers']) expect(existsSync(join(out, path)), path).toBe(true);
      expect(readFileSync(join(out, 'index.html'), 'utf8')).toBe('<p>the home page</p>');
      expect(existsSync(join(root, '.cache', `publish-${process.pid}`))).toBe(false);
      expect(logged.some((m) => /^published \d+ feed and download files/.test(m))).toBe(true);
    } finally {
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
      rmSync(root, { recursive: true, force: true });
    }
  });

  test('with LOOP_PUBLISH_WORKER=0 writes nothing until the site is built, then publishes as before', async () => {
    const dir = fixtureCopy();
    const root = mkdtempSync(join(tmpdir(), 'loop-root-'));
    const out = renderedSite();
    const logger = { info: () => {}, warn: () => {} } as unknown as AstroIntegrationLogger;
    const saved = { LOOP_DATA: process.env.LOOP_DATA, LOOP_CACHE: process.env.LOOP_CACHE, LOOP_PUBLISH_WORKER: process.env.LOOP_PUBLISH_WORKER };
    Object.assign(process.env, { LOOP_DATA: dir, LOOP_CACHE: '0', LOOP_PUBLISH_WORKER: '0' });
    try {
      const hooks = publishFeeds().hooks as Record<string, (options: object) => unknown>;
      await hooks['astro:config:done']!({ config: { root: pathToFileURL(`${root}/`) } });
      await hooks['astro:build:start']!({ logger });
      expect(existsSync(join(root, '.cache', `publish-${process.pid}`))).toBe(false);
      await hooks['astro:build:done']!({ dir: pathToFileURL(`${out}/`), logger });
      expect(existsSync(join(out, 'downloads', 'manifest.json'))).toBe(true);
    } finally {
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
      rmSync(root, { recursive: true, force: true });
    }
  });

  test('a region-sized dataset is published after rendering (one Dataset in memory), unless LOOP_PUBLISH_WORKER says otherwise', () => {
    expect(publishInWorker(undefined, PUBLISH_WORKER_MAX_LISTINGS)).toBe(true);
    expect(publishInWorker(undefined, PUBLISH_WORKER_MAX_LISTINGS + 1)).toBe(false);
    expect(publishInWorker('0', 10)).toBe(false);
    expect(publishInWorker('1', PUBLISH_WORKER_MAX_LISTINGS * 10)).toBe(true);
  });
});
