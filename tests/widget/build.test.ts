/**
 * The built widget: its size budget, what goes into it, reproducible bytes, the release discipline behind pinned
 * SRI hashes, and what /widget/v1/ holds.
 */
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { FEED_SCHEMA_VERSION } from '../../src/publish/feed-model.ts';
import { FEEDS_BASE, WIDGET_BASE } from '../../src/urls/site.ts';
import { GZIP_BUDGET_BYTES, RELEASES_DIR, ReleaseError, WIDGET_FILES, bundle, buildWidget, compareVersions, integrityDocument, readReleases, release, widgetFile, writeWidget, type WidgetBuild } from '../../src/widget/build.ts';
import { WIDGET_VERSION } from '../../src/widget/version.ts';
import { repoRoot } from '../support/shared.ts';

let build: WidgetBuild;
const temp: string[] = [];
beforeAll(async () => {
  build = await buildWidget(repoRoot);
});
afterAll(() => {
  for (const dir of temp) rmSync(dir, { recursive: true, force: true });
});
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'loop-widget-build-'));
  temp.push(dir);
  return dir;
};
const sha384 = (bytes: Uint8Array) => `sha384-${createHash('sha384').update(bytes).digest('base64')}`;

describe('the bundles', () => {
  test(`the classic script is at most ${GZIP_BUDGET_BYTES} bytes gzipped (the module too)`, () => {
    for (const file of build.current.files) {
      expect(file.gzipSize, `${file.name}: ${file.gzipSize} bytes gzipped`).toBeLessThanOrEqual(GZIP_BUDGET_BYTES);
      expect(file.gzipSize).toBeGreaterThan(1000);
    }
  });

  test('the gzip figure is a real gzip of the bytes', () => {
    const file = build.current.files[0]!;
    expect(file.size).toBe(file.bytes.length);
    expect(file.integrity).toBe(sha384(file.bytes));
  });

  test('building twice gives the same bytes, so a release can be checked against the source', async () => {
    const again = await bundle(repoRoot, 'classic');
    expect(sha384(again.bytes)).toBe(build.current.files[0]!.integrity);
  });

  test('the classic script is one IIFE and the module exports the element', () => {
    const classic = new TextDecoder().decode(build.current.files[0]!.bytes);
    const module = new TextDecoder().decode(build.current.files[1]!.bytes);
    expect(classic).toMatch(new RegExp(`^/\\*! LOOP widget ${WIDGET_VERSION.replace(/\./g, '\\.')} .*\\*/\\n"use strict";\\(\\(\\)=>\\{`));
    expect(classic.trimEnd()).toMatch(/\}\)\(\);$/);
    expect(classic).not.toMatch(/\bexport\b|import\.meta/);
    expect(module).toMatch(/export\s*\{[^}]*LoopListingsElement/);
    expect(module).toMatch(/import\.meta\.url/);
    // Readable CSS in the source, minified in the bundle.
    expect(classic).not.toMatch(/\n {2}display: block/);
  });
});

describe('versions and releases', () => {
  test('the widget major version is the feed major version it reads', () => {
    const major = WIDGET_VERSION.split('.')[0];
    expect(FEED_SCHEMA_VERSION.split('.')[0]).toBe(major);
    expect(WIDGET_BASE).toBe(`/widget/v${major}`);
    expect(FEEDS_BASE).toBe(`/feeds/v${major}`);
    expect(WIDGET_VERSION).toMatch(/^\d+\.\d+\.\d+$/);
  });

  test(`the current source is exactly release ${WIDGET_VERSION} in ${RELEASES_DIR}/ (change the widget: bump WIDGET_VERSION, npm run widget -- --release, commit)`, () => {
    const released = build.releases.find((r) => r.version === WIDGET_VERSION);
    expect(released, `${RELEASES_DIR}/${WIDGET_VERSION}/ is missing: run npm run widget -- --release`).toBeDefined();
    expect(
      build.released,
      `the widget source no longer builds to release ${WIDGET_VERSION}; pages pin its SRI hash, so it must never change. Bump WIDGET_VERSION in src/widget/version.ts and run npm run widget -- --release`,
    ).toBe(true);
    expect(build.pinned?.version).toBe(WIDGET_VERSION);
  });

  test('every committed release has both files, within budget', () => {
    for (const r of build.releases) {
      expect(r.files.map((f) => f.name)).toEqual(Object.values(WIDGET_FILES));
      expect(r.files[0]!.gzipSize).toBeLessThanOrEqual(GZIP_BUDGET_BYTES);
    }
  });

  test('versions compare as numbers', () => {
    expect(['1.9.2', '1.10.0', '1.2.0', '2.0.0'].sort((a, b) => compareVersions(a, b))).toEqual(['1.2.0', '1.9.2', '1.10.0', '2.0.0']);
  });

  test('release writes a new version, and refuses to change a released one or to go backwards', () => {
    const root = tempDir();
    const files = (text: string) => Object.values(WIDGET_FILES).map((name) => widgetFile(name, new TextEncoder().encode(`${text} ${name}`)));
    const make = (version: string, text: string): WidgetBuild => {
      const releases = readReleases(root);
      return { current: { version, files: files(text) }, releases, pinned: releases[0], released: false };
    };
    expect(release(root, make('1.0.0', 'first'))).toMatch(/released widget 1\.0\.0 .*commit it/);
    expect(readFileSync(join(root, RELEASES_DIR, '1.0.0', 'loop-widget.js'), 'utf8')).toBe('first loop-widget.js');
    expect(release(root, make('1.0.0', 'first'))).toMatch(/already released/);
    expect(() => release(root, make('1.0.0', 'changed'))).toThrow(ReleaseError);
    expect(() => release(root, make('1.0.0', 'changed'))).toThrow(/bump WIDGET_VERSION/);
    expect(release(root, make('1.1.0', 'second'))).toMatch(/1\.1\.0/);
    expect(() => release(root, make('1.0.5', 'late'))).toThrow(/not newer than the last release, 1\.1\.0/);
    expect(readReleases(root).map((r) => r.version)).toEqual(['1.1.0', '1.0.0']);
  });

  test('an incomplete release folder is not a release', () => {
    const root = tempDir();
    mkdirSync(join(root, RELEASES_DIR, '1.0.0'), { recursive: true });
    writeFileSync(join(root, RELEASES_DIR, '1.0.0', 'loop-widget.js'), 'x');
    mkdirSync(join(root, RELEASES_DIR, 'notes'), { recursive: true });
    expect(readReleases(root)).toEqual([]);
  });
});

describe('/widget/v1/', () => {
  test('holds the moving files, every release and integrity.json with hashes of exactly those bytes', () => {
    const out = tempDir();
    const site = 'https://loop.example.org/loop/';
    const written = writeWidget(out, build, (path) => new URL(path.slice(1), site).href);
    expect(written).toEqual(expect.arrayContaining(['widget/v1/loop-widget.js', 'widget/v1/loop-widget.mjs', `widget/v1/${WIDGET_VERSION}/loop-widget.js`, `widget/v1/${WIDGET_VERSION}/loop-widget.mjs`, 'widget/v1/integrity.json']));
    const doc = JSON.parse(readFileSync(join(out, 'widget/v1/integrity.json'), 'utf8')) as ReturnType<typeof integrityDocument>;
    expect(doc.version).toBe(WIDGET_VERSION);
    const all = [...doc.files, ...doc.latest.files, ...doc.releases.flatMap((r) => r.files)];
    for (const entry of all) {
      const bytes = readFileSync(join(out, entry.path.slice(1)));
      expect(entry.integrity, entry.path).toBe(sha384(bytes));
      expect(entry.size).toBe(bytes.length);
      expect(entry.url).toBe(`${site}${entry.path.slice(1)}`);
    }
    expect(doc.files[0]!.url).toBe(`${site}widget/v1/${WIDGET_VERSION}/loop-widget.js`);
    expect(doc.snippet).toBe(`<script src="${doc.files[0]!.url}" integrity="${doc.files[0]!.integrity}" crossorigin="anonymous" defer></script>`);
    const moving = readFileSync(join(out, 'widget/v1/loop-widget.js'));
    expect(doc.latest.files[0]!.gzip_size).toBe(gzipSync(moving, { level: 9 }).length);
    expect(gunzipSync(gzipSync(moving)).equals(moving)).toBe(true);
  });

  test('a release made by an older build keeps being served byte for byte', () => {
    const root = tempDir();
    cpSync(join(repoRoot, RELEASES_DIR), join(root, RELEASES_DIR), { recursive: true });
    mkdirSync(join(root, RELEASES_DIR, '0.9.0'), { recursive: true });
    for (const name of Object.values(WIDGET_FILES)) writeFileSync(join(root, RELEASES_DIR, '0.9.0', name), `old ${name}`);
    const releases = readReleases(root);
    const out = tempDir();
    writeWidget(out, { ...build, releases, pinned: releases[0] }, (path) => `https://x.example${path}`);
    expect(readFileSync(join(out, 'widget/v1/0.9.0/loop-widget.js'), 'utf8')).toBe('old loop-widget.js');
    expect(existsSync(join(out, `widget/v1/${WIDGET_VERSION}/loop-widget.js`))).toBe(true);
  });

  test('a write that fails midway leaves the previous widget as it was, with no staging folder', () => {
    const out = tempDir();
    writeWidget(out, build, (path) => `https://old.example${path}`);
    const before = readFileSync(join(out, 'widget/v1/integrity.json'), 'utf8');
    writeFileSync(join(out, 'widget/v1/loop-widget.js'), 'the previous widget');
    // integrity.json is written last, after the bundles: its addresses fail here.
    expect(() => writeWidget(out, build, () => {
      throw new Error('no address');
    })).toThrow('no address');
    expect(readFileSync(join(out, 'widget/v1/loop-widget.js'), 'utf8')).toBe('the previous widget');
    expect(readFileSync(join(out, 'widget/v1/integrity.json'), 'utf8')).toBe(before);
    expect(readdirSync(out)).toEqual(['widget']);
  });
});
