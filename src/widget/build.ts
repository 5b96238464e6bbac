/**
 * Builds the widget with esbuild and lays out what the site publishes under /widget/v1/:
 *
 *   loop-widget.js, loop-widget.mjs          the current build (classic script and ES module): always the newest
 *                                            v1 widget, for pages that want updates without touching their HTML
 *   <version>/loop-widget.js, .mjs           every release, byte for byte as released: pages pin one with an SRI
 *                                            hash (integrity="sha384-…"), so its bytes can never change
 *   integrity.json                           sha384 and sizes of all of these, and the snippet to paste
 *
 * Releases are committed in widget-releases/<version>/ (`npm run widget -- --release`), because a static site is
 * rebuilt from scratch: a pinned file must survive every later build. The current source must be the release of
 * WIDGET_VERSION (tests/widget/release.test.ts): change the widget, bump WIDGET_VERSION, release, commit.
 *
 * Node only (the site build, `npm run widget`, tests); nothing here reaches the browser.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build, transformSync, type Plugin } from 'esbuild';
import { WIDGET_BASE, widgetPath } from '../urls/site.ts';
import { stagedSync } from '../publish/staging.ts';
import { scriptTag } from './snippet.ts';
import { STYLES } from './styles.ts';
import { WIDGET_VERSION } from './version.ts';

export const WIDGET_FILES = { classic: 'loop-widget.js', module: 'loop-widget.mjs' } as const;
export const RELEASES_DIR = 'widget-releases';
/** The budget for the classic script, gzipped (the issue: at most 12 kB). */
export const GZIP_BUDGET_BYTES = 12_000;

export interface WidgetFile {
  name: string;
  bytes: Uint8Array;
  /** "sha384-<base64>", as the integrity attribute wants it. */
  integrity: string;
  size: number;
  gzipSize: number;
}

export interface WidgetRelease {
  version: string;
  files: WidgetFile[];
}

export interface WidgetBuild {
  /** Built from the current source. */
  current: WidgetRelease;
  /** Every committed release, newest first. */
  releases: WidgetRelease[];
  /** The release pages should pin: the newest. Undefined only before the first release. */
  pinned: WidgetRelease | undefined;
  /** True when the current source is exactly the release of WIDGET_VERSION. */
  released: boolean;
}

export function widgetFile(name: string, bytes: Uint8Array): WidgetFile {
  return {
    name,
    bytes,
    integrity: `sha384-${createHash('sha384').update(bytes).digest('base64')}`,
    size: bytes.length,
    gzipSize: gzipSync(bytes, { level: 9 }).length,
  };
}

/** styles.ts is readable CSS in a template string; the bundle gets it minified. */
const minifiedStyles: Plugin = {
  name: 'loop-widget-styles',
  setup(esbuild) {
    esbuild.onLoad({ filter: /[\\/]widget[\\/]styles\.ts$/ }, () => {
      const css = transformSync(STYLES, { loader: 'css', minify: true }).code.trim();
      return { contents: `export const STYLES = ${JSON.stringify(css)};`, loader: 'ts' };
    });
  },
};

/** Bundles one entry (src/widget/classic.ts or module.ts). Deterministic: the same source gives the same bytes. */
export async function bundle(root: string, entry: 'classic' | 'module'): Promise<{ bytes: Uint8Array; inputs: string[] }> {
  const result = await build({
    absWorkingDir: root,
    entryPoints: [join(root, 'src', 'widget', `${entry}.ts`)],
    bundle: true,
    write: false,
    format: entry === 'classic' ? 'iife' : 'esm',
    platform: 'browser',
    target: ['es2022'],
    minify: true,
    legalComments: 'none',
    charset: 'ascii',
    banner: { js: `/*! LOOP widget ${WIDGET_VERSION} (MIT licence). Shows listings from LOOP's /feeds/v1/. */` },
    metafile: true,
    plugins: [minifiedStyles],
    logLevel: 'silent',
  });
  return { bytes: result.outputFiles[0]!.contents, inputs: Object.keys(result.metafile.inputs) };
}

function readRelease(dir: string, version: string): WidgetRelease | undefined {
  const files = Object.values(WIDGET_FILES).map((name) => {
    const path = join(dir, version, name);
    return existsSync(path) ? widgetFile(name, new Uint8Array(readFileSync(path))) : undefined;
  });
  return files.every(Boolean) ? { version, files: files as WidgetFile[] } : undefined;
}

/** "1.10.0" after "1.9.2". */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d) return d;
  }
  return 0;
}

export function readReleases(root: string): WidgetRelease[] {
  const dir = join(root, RELEASES_DIR);
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && /^\d+\.\d+\.\d+$/.test(e.name))
    .map((e) => readRelease(dir, e.name))
    .filter((r): r is WidgetRelease => r !== undefined)
    .sort((a, b) => compareVersions(b.version, a.version));
}

const same = (a: WidgetRelease, b: WidgetRelease): boolean => a.files.every((f, i) => f.integrity === b.files[i]?.integrity);

export async function buildWidget(root = process.cwd()): Promise<WidgetBuild> {
  const [classic, module] = await Promise.all([bundle(root, 'classic'), bundle(root, 'module')]);
  const current: WidgetRelease = { version: WIDGET_VERSION, files: [widgetFile(WIDGET_FILES.classic, classic.bytes), widgetFile(WIDGET_FILES.module, module.bytes)] };
  const releases = readReleases(root);
  const ofVersion = releases.find((r) => r.version === WIDGET_VERSION);
  return { current, releases, pinned: releases[0], released: ofVersion !== undefined && same(ofVersion, current) };
}

export class ReleaseError extends Error {}

/** Records the current build as the release of WIDGET_VERSION; refuses to change a version already released. */
export function release(root: string, build: WidgetBuild): string {
  const dir = join(root, RELEASES_DIR, build.current.version);
  const existing = build.releases.find((r) => r.version === build.current.version);
  if (existing) {
    if (same(existing, build.current)) return `widget ${build.current.version} is already released with these bytes`;
    throw new ReleaseError(`widget ${build.current.version} was released with different bytes, and a released version never changes (pages pin its SRI hash): bump WIDGET_VERSION in src/widget/version.ts, then release again`);
  }
  const newest = build.releases[0];
  if (newest && compareVersions(build.current.version, newest.version) <= 0) throw new ReleaseError(`WIDGET_VERSION ${build.current.version} is not newer than the last release, ${newest.version}`);
  mkdirSync(dir, { recursive: true });
  for (const file of build.current.files) writeFileSync(join(dir, file.name), file.bytes);
  return `released widget ${build.current.version} into ${RELEASES_DIR}/${build.current.version}/: commit it`;
}

export interface IntegrityFile {
  path: string;
  url: string;
  integrity: string;
  size: number;
  gzip_size: number;
}

function entries(release: WidgetRelease, url: (path: string) => string, pinned: boolean): IntegrityFile[] {
  return release.files.map((f) => {
    const path = widgetPath(f.name, pinned ? release.version : undefined);
    return { path, url: url(path), integrity: f.integrity, size: f.size, gzip_size: f.gzipSize };
  });
}

/** /widget/v1/integrity.json: what to pin, with hashes of every file served under /widget/v1/. */
export function integrityDocument(build: WidgetBuild, url: (path: string) => string) {
  const pinned = build.pinned;
  const pinnedFiles = pinned ? entries(pinned, url, true) : [];
  return {
    version: pinned?.version ?? null,
    description: 'The LOOP widget. Pin a release with its integrity hash (Subresource Integrity), or load the moving v1 address for automatic updates without a hash.',
    snippet: pinnedFiles[0] ? scriptTag(pinnedFiles[0]) : null,
    files: pinnedFiles,
    latest: { version: build.current.version, note: 'These change with every release: never pin them with an integrity hash.', files: entries(build.current, url, false) },
    releases: build.releases.map((r) => ({ version: r.version, files: entries(r, url, true) })),
  };
}

/**
 * Writes /widget/v1/ into a site folder (dist/); returns the paths written, relative to it. The folder is staged
 * and replaced whole (src/publish/staging.ts), so a failure leaves the previous widget as it was.
 */
export function writeWidget(outDir: string, build: WidgetBuild, url: (path: string) => string): string[] {
  return stagedSync(outDir, [WIDGET_BASE.slice(1)], (staging) => {
    const written: string[] = [];
    const put = (path: string, bytes: Uint8Array | string) => {
      const full = join(staging, path.slice(1));
      mkdirSync(join(full, '..'), { recursive: true });
      writeFileSync(full, bytes);
      written.push(path.slice(1));
    };
    for (const file of build.current.files) put(widgetPath(file.name), file.bytes);
    for (const r of build.releases) for (const file of r.files) put(widgetPath(file.name, r.version), file.bytes);
    put(widgetPath('integrity.json'), `${JSON.stringify(integrityDocument(build, url), null, 2)}\n`);
    return written;
  });
}

const KEY = Symbol.for('loop.widget');
type Holder = { [KEY]?: Promise<WidgetBuild> };

/**
 * The build the site publishes, made once per site build and shared (through globalThis, as Vite loads pages in
 * their own module graph) by src/integrations/widget.ts, which writes it, and the embed pages, which show its hashes.
 */
export function getWidgetBuild(root = process.cwd()): Promise<WidgetBuild> {
  const holder = globalThis as Holder;
  return (holder[KEY] ??= buildWidget(root));
}

/** Forgets the shared build (the next getWidgetBuild builds again): for a new site build in the same process. */
export function resetWidgetBuild(): void {
  delete (globalThis as Holder)[KEY];
}
