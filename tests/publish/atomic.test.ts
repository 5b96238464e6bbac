/**
 * Publishing is all or nothing: the outputs are staged inside the output folder and moved into place only when
 * every file is written, so a publish that fails midway leaves the previous output byte for byte as it was (and
 * no staging folder), a successful one replaces it whole, and the site's own files are never touched.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { Dataset } from '../../src/dataset/dataset.ts';
import { validateDataSync } from '../../src/checks/load.ts';
import { History } from '../../src/history/history.ts';
import { publish, type PublishOptions } from '../../src/publish/publish.ts';
import { openStaging, STAGING_PREFIX } from '../../src/publish/staging.ts';
import { AS_OF, edit, fixtureCopy } from '../support/data.ts';
import { filesUnder } from '../support/publish.ts';

function datasetOf(dir: string): Dataset {
  return validateDataSync({ dataDir: join(dir, 'data'), root: dir, asOf: AS_OF }).dataset!;
}

const options = (dir: string, more: PublishOptions = {}): PublishOptions => ({ root: dir, dataDir: join(dir, 'data'), history: History.unavailable('test'), ...more });

class Injected extends Error {}

describe('publishing is atomic', () => {
  test('a publish into a fresh folder writes everything and leaves no staging folder', async () => {
    const dir = fixtureCopy();
    const out = join(mkdtempSync(join(tmpdir(), 'loop-atomic-')), 'fresh', 'dist');
    await publish(datasetOf(dir), out, options(dir));
    for (const path of ['oruk/v3/index.json', 'feeds/v1/listings.json', 'downloads/manifest.json', 'openapi.json', '_headers', '_redirects']) expect(existsSync(join(out, path)), path).toBe(true);
    expect(readdirSync(out).filter((n) => n.startsWith(STAGING_PREFIX))).toEqual([]);
  });

  test('a publish that fails midway leaves the previous output exactly as it was, and no staging folder', async () => {
    const dir = fixtureCopy();
    const out = mkdtempSync(join(tmpdir(), 'loop-atomic-'));
    mkdirSync(join(out, 'services'));
    writeFileSync(join(out, 'services', 'index.html'), '<p>a page of the site</p>');
    await publish(datasetOf(dir), out, options(dir));
    const before = filesUnder(out);

    const changed = fixtureCopy(edit('services/chapeltown-carers/carers-drop-in.yaml', 'minimum_age: 18', 'minimum_age: 16'));
    // Fail at several points: in the ORUK API, after the feeds, just before the manifest, at the hosting rules.
    for (const failAt of [5, 60, 'downloads/manifest.json', '_headers']) {
      let count = 0;
      const beforeWrite = (path: string) => {
        count += 1;
        if (count === failAt || path === failAt) throw new Injected(`failed at ${path}`);
      };
      await expect(publish(datasetOf(changed), out, options(changed, { beforeWrite }))).rejects.toBeInstanceOf(Injected);
      expect(filesUnder(out), `failing at ${failAt}`).toEqual(before);
    }
  });

  test('a publish with no failure replaces the previous output whole, and leaves the site alone', async () => {
    const dir = fixtureCopy();
    const out = mkdtempSync(join(tmpdir(), 'loop-atomic-'));
    await publish(datasetOf(dir), out, options(dir));
    writeFileSync(join(out, 'feeds', 'v1', 'stale.json'), '{}');
    writeFileSync(join(out, 'index.html'), '<p>the home page</p>');
    const before = readFileSync(join(out, 'feeds/v1/listings.json'), 'utf8');

    const changed = fixtureCopy(edit('services/chapeltown-carers/carers-drop-in.yaml', 'minimum_age: 18', 'minimum_age: 16'));
    await publish(datasetOf(changed), out, options(changed));
    expect(readFileSync(join(out, 'feeds/v1/listings.json'), 'utf8')).not.toBe(before);
    expect(existsSync(join(out, 'feeds', 'v1', 'stale.json'))).toBe(false);
    expect(readFileSync(join(out, 'index.html'), 'utf8')).toBe('<p>the home page</p>');
    expect(readdirSync(out).filter((n) => n.startsWith(STAGING_PREFIX))).toEqual([]);
  });

  test('a failed publish into a folder that did not exist leaves no folder', async () => {
    const dir = fixtureCopy();
    const parent = mkdtempSync(join(tmpdir(), 'loop-atomic-'));
    const out = join(parent, 'dist');
    const beforeWrite = () => {
      throw new Injected('no');
    };
    await expect(publish(datasetOf(dir), out, options(dir, { beforeWrite }))).rejects.toBeInstanceOf(Injected);
    expect(readdirSync(parent)).toEqual([]);
  });

  test('a staging folder left by a killed publish is removed by the next one', async () => {
    const dir = fixtureCopy();
    const out = mkdtempSync(join(tmpdir(), 'loop-atomic-'));
    // No process has this id (above the Linux maximum of 2^22).
    const leftover = join(out, `${STAGING_PREFIX}99999999-abc`);
    mkdirSync(join(leftover, 'feeds'), { recursive: true });
    await publish(datasetOf(dir), out, options(dir));
    expect(existsSync(leftover)).toBe(false);
  });
});

describe('staging', () => {
  const setUp = () => {
    const out = mkdtempSync(join(tmpdir(), 'loop-staging-'));
    mkdirSync(join(out, 'a'));
    writeFileSync(join(out, 'a', 'old.txt'), 'old a');
    writeFileSync(join(out, 'b.txt'), 'old b');
    writeFileSync(join(out, 'c.txt'), 'old c');
    return out;
  };

  test('a failure while moving outputs into place puts back what was already moved', () => {
    const out = setUp();
    const before = filesUnder(out);
    let renames = 0;
    const staging = openStaging(out, ['a', 'b.txt', 'c.txt'], {
      rename: (from, to) => {
        renames += 1;
        if (renames === 4) throw new Injected('the disk is full');
        renameSync(from, to);
      },
    });
    mkdirSync(join(staging.dir, 'a'));
    writeFileSync(join(staging.dir, 'a', 'new.txt'), 'new a');
    writeFileSync(join(staging.dir, 'b.txt'), 'new b');
    writeFileSync(join(staging.dir, 'c.txt'), 'new c');
    expect(() => staging.commit()).toThrow(Injected);
    expect(filesUnder(out)).toEqual(before);
  });

  test('commit replaces each owned path, removes those not staged, and leaves the rest', () => {
    const out = setUp();
    writeFileSync(join(out, 'mine.txt'), 'not owned');
    const staging = openStaging(out, ['a', 'b.txt', 'c.txt']);
    mkdirSync(join(staging.dir, 'a'));
    writeFileSync(join(staging.dir, 'a', 'new.txt'), 'new a');
    writeFileSync(join(staging.dir, 'b.txt'), 'new b');
    staging.commit();
    expect(Object.fromEntries(filesUnder(out))).toEqual({
      a: 'folder',
      'a/new.txt': Buffer.from('new a').toString('base64'),
      'b.txt': Buffer.from('new b').toString('base64'),
      'mine.txt': Buffer.from('not owned').toString('base64'),
    });
    rmSync(out, { recursive: true });
  });
});
