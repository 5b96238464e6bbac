/**
 * `publish(dataset, outDir)`: every open-data output of a build, written into a folder (dist/ after the Astro
 * build, or any folder from `npx loop publish --out DIR`):
 *
 *   /oruk/v3/      Open Referral UK 3.0 API (oruk-api.ts, mapping in oruk.ts)
 *   /feeds/v1/     LOOP feeds (feeds.ts), changes and per-listing history (changes.ts)
 *   /downloads/    HSDS CSVs, spreadsheet, NDJSON, GeoJSON, zip (bulk/), release snapshots and versions.json
 *                  (versions.ts), manifest.json (manifest.ts)
 *   /schemas/v1/   JSON Schemas (schemas.ts)
 *   /openapi.json  OpenAPI 3.1 (openapi.ts)
 *   /_headers, /_redirects   hosting rules (hosting.ts)
 *   /_worker.js, /_routes.json, /oruk/v3/query-index.json   the edge query layer, when on (edge.ts)
 *
 * Each writer is a pure function of the context; the list of them, in order, is publishers.ts. This module runs
 * them, writes their files and keeps the hash of each for the manifest (so the whole output is never held in
 * memory at once). Files go into a staging
 * folder first and are moved into place only when all are written (staging.ts): a failed or killed publish leaves
 * the previous output as it was.
 */
import { cpSync, existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { open, writeFile } from 'node:fs/promises';
import { createHash, webcrypto } from 'node:crypto';
import { dirname, join, resolve } from 'node:path';
import type { Dataset } from '../dataset/dataset.ts';
import { defaultDataDir, findConfig } from '../checks/load.ts';
import { History, loadHistory } from '../history/history.ts';
import type { LoopConfig } from '../model/config.ts';
import { DOWNLOADS_BASE } from '../urls/site.ts';
import { buildInfo, fileOf, isWhole, makeContext, type BuildInfo, type Chunk, type PublishContext, type StreamedFiles } from './context.ts';
import { DiskWriter } from './disk.ts';
import { placeNetlifyFunction } from './edge.ts';
import { keepOpenDataPages, restoreOpenDataPages } from './open-data-pages.ts';
import type { FileFacts } from './manifest.ts';
import { PUBLISHERS, type Publisher, type PublishRun } from './publishers.ts';
import { staged } from './staging.ts';
import { LOCK_FILE_NAME, lockText } from './versions.ts';
import type { VersionLock, VersionsResult } from './versions.ts';

export interface PublishOptions {
  /** Git history; default: read from the data folder's repository. */
  history?: History;
  /** The data folder the Dataset came from (for git history); default $LOOP_DATA or ./data. */
  dataDir?: string;
  /** What record `file` paths are relative to (LoadOptions.root); default the current directory. */
  root?: string;
  /** loop.config.yaml of this build; default the one beside the data folder. */
  configPath?: string;
  /** The release lock; default published-versions.json beside loop.config.yaml. */
  lockPath?: string;
  /** The config with the address being built for (LOOP_BASE_URL); default the Dataset's. */
  config?: LoopConfig;
  /** Build identity; default from git (see buildInfo). */
  build?: BuildInfo;
  /** Items per ORUK page; default DEFAULT_ORUK_PAGE_SIZE, 5,000 (one page at Leeds scale, files bounded at a region's). */
  orukPageSize?: number;
  /**
   * Write the ORUK API's `.html`/`index.html` copies for hosts without rewrites (GitHub Pages); default true. They
   * double the API's size (docs/feeds/README.md), so a site only ever served by Netlify or Cloudflare can turn them off.
   */
  orukHtmlCopies?: boolean;
  /**
   * The build runs on Netlify (which sets NETLIFY=true): `_redirects` also answers `?page=N`, in query-matching
   * rules only Netlify reads (Cloudflare rejects them, so they are written only for a build on Netlify).
   */
  netlifyRules?: boolean;
  /** Add newly published releases to the lock file. */
  updateLock?: boolean;
  log?: (message: string) => void;
  /** Called before each file is written, with its output path; tests throw from it to fail a publish midway. */
  beforeWrite?: (path: string) => void;
  /**
   * Called with the size of every buffer handed to the disk: a whole file's, or each of a streamed file's (at most
   * WRITE_BUFFER plus one chunk). Tests check that no output holds the whole dataset at once.
   */
  onBuffer?: (path: string, bytes: number) => void;
  /**
   * Outputs of the layers above this one that the site build adds (src/integrations/publish-options.ts: the search
   * page's word index, whose cards only the site knows how to draw). They run after the publish's own outputs, before
   * the manifest, which covers them too; their folders are staged and placed like the others'.
   */
  publishers?: readonly Publisher[];
}

/** Streamed bytes are written once this many are waiting. */
export const WRITE_BUFFER = 1024 * 1024;

/**
 * Writes streamed chunks to `full` through one bounded buffer, hashing them as they go: a file of any size costs that
 * buffer (2 × WRITE_BUFFER), plus whatever single chunk its generator makes. Text is encoded straight into the
 * buffer, which is reused from flush to flush: at 100,000 services the publish streams gigabytes, and a fresh
 * Buffer per flush (each one external memory V8 counts towards its next full collection) cost a third of the
 * publish's time in allocation and collection (issue #19).
 */
export async function streamTo(full: string, chunks: Iterable<Chunk> | AsyncIterable<Chunk>, onChunk?: (bytes: number) => void): Promise<FileFacts> {
  const file = await open(full, 'w');
  const hash = createHash('sha256');
  const buffer = spareBuffers.pop() ?? Buffer.allocUnsafe(2 * WRITE_BUFFER);
  let used = 0;
  let size = 0;
  const put = async (data: Uint8Array) => {
    onChunk?.(data.byteLength);
    hash.update(data);
    size += data.byteLength;
    for (let done = 0; done < data.byteLength; ) done += (await file.write(data, done, data.byteLength - done)).bytesWritten;
  };
  const flush = async () => {
    if (!used) return;
    const data = buffer.subarray(0, used);
    used = 0;
    await put(data);
  };
  // Small strings are gathered and joined before they are encoded: one call per string costs more than the join.
  let text: string[] = [];
  let textLength = 0;
  const takeText = async () => {
    if (!textLength) return;
    let rest = text.length === 1 ? text[0]! : text.join('');
    text = [];
    textLength = 0;
    // A UTF-16 unit is at most 3 bytes of UTF-8: text that fits by that bound is encoded whole; longer text in as
    // many whole characters as fit (encodeInto never splits one), flushing between.
    if (rest.length * 3 <= buffer.byteLength - used) {
      used += buffer.write(rest, used, 'utf8');
      return;
    }
    while (rest.length) {
      if (buffer.byteLength - used < 4) await flush();
      const { read, written } = encoder.encodeInto(rest, buffer.subarray(used));
      used += written;
      rest = rest.slice(read);
    }
  };
  try {
    for await (const chunk of chunks) {
      if (typeof chunk === 'string') {
        text.push(chunk);
        textLength += chunk.length;
        if (textLength >= TEXT_BUFFER) await takeText();
      } else {
        await takeText();
        if (chunk.byteLength <= buffer.byteLength - used) {
          buffer.set(chunk, used);
          used += chunk.byteLength;
        } else {
          await flush();
          if (chunk.byteLength <= buffer.byteLength) {
            buffer.set(chunk, 0);
            used = chunk.byteLength;
          } else await put(chunk);
        }
      }
      if (used >= WRITE_BUFFER) await flush();
    }
    await takeText();
    await flush();
  } finally {
    spareBuffers.push(buffer);
    await file.close();
  }
  return { sha256: hash.digest('hex'), size };
}

/** streamTo's buffers, kept between files: a publish streams thousands of files, most of them small. */
const spareBuffers: Buffer[] = [];

const encoder = new TextEncoder();
/** Streamed text is gathered up to this many UTF-16 units before it is encoded. */
const TEXT_BUFFER = 256 * 1024;

export interface PublishResult {
  build: BuildInfo;
  history: History;
  /** Path (relative to the output folder) -> hash and size, for every file written. */
  files: Map<string, FileFacts>;
  bytes: number;
  /** Releases published for the first time. */
  newReleases: string[];
  /** Where the lock was written, when it was. */
  lockWritten?: string;
  ms: number;
  /** Milliseconds per output (generating and writing), for benchmarks and slow-build reports. */
  phases: Record<string, number>;
}

/** Owned places moved into place after all the others, in this order: the downloads (they hold the manifest), then the hosting rules. */
const MOVED_LAST = [DOWNLOADS_BASE, '/_redirects', '/_headers'];

/**
 * The folders (and files) the publishers own in the output folder, in the order they are moved into place once all
 * of them are written (staging.ts): each is replaced whole, so nothing stale survives, and the manifest (in the
 * downloads) and the hosting rules come last.
 */
function ownedBy(publishers: readonly Publisher[]): string[] {
  return publishers
    .flatMap((p) => p.owns)
    .map((path, i) => ({ path, rank: MOVED_LAST.includes(path) ? MOVED_LAST.indexOf(path) : -1, i }))
    .sort((a, b) => a.rank - b.rank || a.i - b.i)
    .map(({ path }) => fileOf(path));
}

/** The publish's own outputs with the site's (`options.publishers`) before the manifest, which must come last. */
function publishersFor(options: Pick<PublishOptions, 'publishers'>): Publisher[] {
  const last = PUBLISHERS.findIndex((p) => p.name === 'manifest');
  return [...PUBLISHERS.slice(0, last), ...(options.publishers ?? []), ...PUBLISHERS.slice(last)];
}

export async function publish(dataset: Dataset, outDir: string, options: PublishOptions = {}): Promise<PublishResult> {
  const started = performance.now();
  const { ctx, history, build, lockPath, configPath } = await setUp(dataset, options);

  // Everything is written into a staging folder and moved into place only when complete: a failure (or a kill)
  // midway leaves the output folder as it was, never new feeds without their manifest or hosting rules.
  // The site's index pages of the open-data folders (rendered by Astro before this runs) are kept and written back
  // into the staging folder with each file's size filled in, so they are swapped in with the files they describe.
  const pages = keepOpenDataPages(resolve(outDir));
  const { written, bytes, versions, phases } = await staged(resolve(outDir), ownedBy(publishersFor(options)), (out) => writeAll(ctx, out, { ...options, lockPath, configPath, pages }));
  const lockWritten = await afterPlacing({ config: ctx.config, configPath, lockPath, added: versions?.added ?? [], lock: versions?.lock, build, written, bytes, started }, options);
  return { build, history, files: written, bytes, newReleases: versions?.added ?? [], ...(lockWritten ? { lockWritten } : {}), ms: performance.now() - started, phases };
}

async function setUp(dataset: Dataset, options: PublishOptions) {
  const log = options.log ?? (() => {});
  const root = resolve(options.root ?? '.');
  const dataDir = resolve(root, options.dataDir ?? defaultDataDir(root));
  const configPath = resolve(root, options.configPath ?? findConfig(dataDir, root));
  const lockPath = resolve(root, options.lockPath ?? join(dirname(configPath), LOCK_FILE_NAME));
  const history = options.history ?? (await loadHistory(dataset, { dataDir, root }));
  log(history.describe());
  const build = options.build ?? buildInfo(dataset, history);
  const ctx: PublishContext = makeContext(dataset, { history, build, ...(options.config ? { config: options.config } : {}) });
  return { ctx, history, build, lockPath, configPath };
}

/**
 * A publish written but not yet in place (preparePublish): plain data, so a worker thread can hand it over. Its
 * files are in `dir`, laid out as in the output folder, without the open-data index pages.
 */
export interface PreparedPublish {
  dir: string;
  config: LoopConfig;
  configPath: string;
  lockPath: string;
  added: string[];
  lock: VersionLock | undefined;
  build: BuildInfo;
  written: Map<string, FileFacts>;
  bytes: number;
  phases: Record<string, number>;
  /** Milliseconds spent writing (the closing log line adds the time taken to move the files into place). */
  ms: number;
  /** The paths the publishers own, in the order they are placed. */
  owned: string[];
}

/**
 * The first half of a publish: every file written into `dir` (a fresh folder), not into the output folder. The site
 * build runs this while Astro renders pages, when the output folder is still Astro's (it empties it first), and
 * moves the result into place with finishPublish() once the pages are there.
 */
export async function preparePublish(dataset: Dataset, dir: string, options: PublishOptions = {}): Promise<PreparedPublish> {
  const started = performance.now();
  const { ctx, build, lockPath, configPath } = await setUp(dataset, options);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  try {
    const { written, bytes, versions, phases } = await writeAll(ctx, dir, { ...options, lockPath, configPath, pages: new Map() });
    return { dir, config: ctx.config, configPath, lockPath, added: versions?.added ?? [], lock: versions?.lock, build, written, bytes, phases, ms: performance.now() - started, owned: ownedBy(publishersFor(options)) };
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

/**
 * The second half: moves a prepared publish into `outDir` through a staging folder, exactly as publish() places its
 * own (the open-data index pages Astro rendered are kept and written back with the sizes filled in; all or nothing).
 */
export async function finishPublish(prepared: PreparedPublish, outDir: string, options: Pick<PublishOptions, 'log' | 'updateLock'> = {}): Promise<void> {
  const started = performance.now();
  const out = resolve(outDir);
  const pages = keepOpenDataPages(out);
  try {
    await staged(out, prepared.owned, (staging) => {
      for (const path of prepared.owned) {
        const from = join(prepared.dir, path);
        if (!existsSync(from)) continue;
        const to = join(staging, path);
        mkdirSync(dirname(to), { recursive: true });
        try {
          renameSync(from, to);
        } catch {
          // A different file system: copy instead.
          cpSync(from, to, { recursive: true });
        }
      }
      restoreOpenDataPages(staging, pages, (file) => prepared.written.get(file)?.size);
    });
  } finally {
    rmSync(prepared.dir, { recursive: true, force: true });
  }
  await afterPlacing({ ...prepared, started: started - prepared.ms }, options);
}

/** What follows once the output is in place: Netlify's function, the lock, the closing log line. */
async function afterPlacing(
  done: { config: LoopConfig; configPath: string; lockPath: string; added: string[]; lock: VersionLock | undefined; build: BuildInfo; written: Map<string, FileFacts>; bytes: number; started: number },
  options: Pick<PublishOptions, 'log' | 'updateLock'>,
): Promise<string | undefined> {
  const log = options.log ?? (() => {});
  // Netlify's function goes in the project folder, not the published one; only once the output is in place.
  const netlifyFunction = await placeNetlifyFunction(done.config, dirname(done.configPath));
  if (netlifyFunction) log(`wrote the Netlify query function ${netlifyFunction}`);

  let lockWritten: string | undefined;
  const { added } = done;
  if (done.lock && added.length) {
    if (options.updateLock) {
      writeFileSync(done.lockPath, lockText(done.lock));
      lockWritten = done.lockPath;
      log(`recorded new release(s) ${added.join(', ')} in ${done.lockPath}: commit it`);
    } else {
      log(`new release(s) ${added.join(', ')} published for the first time; run \`npx loop publish --update-lock\` and commit ${LOCK_FILE_NAME} so later builds keep them byte-identical`);
    }
  }
  const ms = performance.now() - done.started;
  log(`published ${done.written.size} feed and download files (${(done.bytes / 1024 / 1024).toFixed(1)} MiB), dataset version ${done.build.datasetVersion}, in ${Math.round(ms)} ms`);
  return lockWritten;
}

interface Written {
  written: Map<string, FileFacts>;
  bytes: number;
  /** The releases, from the versions publisher. */
  versions: VersionsResult | undefined;
  phases: Record<string, number>;
}

/** Runs every writer into `out` (the staging folder). */
async function writeAll(ctx: PublishContext, out: string, options: PublishOptions & { lockPath: string; configPath: string; pages: ReadonlyMap<string, string> }): Promise<Written> {
  const written = new Map<string, FileFacts>();
  const made = new Set<string>();
  const publishers = publishersFor(options);
  const owns = ownedBy(publishers);
  const owned = (rel: string) => owns.some((path) => rel === path || rel.startsWith(`${path}/`));
  let bytes = 0;
  // Large files are written, and hashed for the manifest, asynchronously on libuv's thread pool, a bounded number at
  // a time, so the disk and the hashing work while this thread generates the next output.
  const inFlight = new Set<Promise<void>>();
  let failure: unknown;
  // Small files are written and hashed on the disk thread, in batches (disk.ts).
  const disk = new DiskWriter(out, (rel, facts) => written.set(rel, facts));
  /** The last small text file queued, for the copy that may follow it. */
  let previous: { content: string; rel: string; size: number } | undefined;
  const write = async (files: StreamedFiles, prefix = '') => {
    for (const [path, content] of files) {
      if (failure) throw failure;
      const rel = `${prefix}${path}`;
      if (!owned(rel)) throw new Error(`publish wrote ${rel}, outside the paths it owns (${owns.join(', ')})`);
      options.beforeWrite?.(rel);
      if (isWhole(content) && disk.takes(content)) {
        // The ORUK API's copies for hosts without rewrites follow their JSON file with the very same text: those
        // are hard links to it, not the same bytes written again (a quarter of a region's open-data files).
        if (typeof content === 'string' && previous?.content === content) {
          disk.copy(rel, previous.rel);
          bytes += previous.size;
        } else {
          const size = disk.add(rel, content);
          options.onBuffer?.(rel, size);
          bytes += size;
          previous = typeof content === 'string' ? { content, rel, size } : undefined;
        }
        const room = disk.room();
        if (room) await room;
        continue;
      }
      const full = join(out, rel);
      const dir = dirname(full);
      if (!made.has(dir)) {
        mkdirSync(dir, { recursive: true });
        made.add(dir);
      }
      let task: Promise<void>;
      if (isWhole(content)) {
        // A large file, written and hashed on libuv's thread pool alongside.
        const data = typeof content === 'string' ? Buffer.from(content) : content;
        options.onBuffer?.(rel, data.byteLength);
        bytes += data.byteLength;
        task = Promise.all([writeFile(full, data), webcrypto.subtle.digest('SHA-256', data)]).then(([, digest]) => {
          written.set(rel, { sha256: Buffer.from(digest).toString('hex'), size: data.byteLength });
        });
      } else {
        // Chunks generated on this thread (a sync iterable) are written as they come, before the next file, so
        // only one buffer of them is held; chunks from elsewhere (the zip's worker) are pumped alongside.
        const streaming = streamTo(full, content, options.onBuffer ? (size) => options.onBuffer!(rel, size) : undefined).then((facts) => {
          bytes += facts.size;
          written.set(rel, facts);
        });
        if (Symbol.asyncIterator in content) task = streaming;
        else {
          await streaming;
          continue;
        }
      }
      const tracked: Promise<void> = task
        .catch((error: unknown) => {
          failure ??= error;
        })
        .finally(() => inFlight.delete(tracked));
      inFlight.add(tracked);
      if (inFlight.size >= 64) await Promise.race(inFlight);
    }
  };
  /** Everything handed to write() so far is on disk and in `written`. */
  const settled = async () => {
    await disk.drain();
    await Promise.all(inFlight);
    if (failure) throw failure;
  };
  const phases: Record<string, number> = {};
  const phase = async <T>(name: string, run: () => T | Promise<T>): Promise<T> => {
    const t = performance.now();
    const value = await run();
    phases[name] = performance.now() - t;
    return value;
  };
  try {
    const run: PublishRun = {
      ctx,
      dir: out,
      lockPath: options.lockPath,
      configPath: options.configPath,
      write,
      settled,
      written,
      ...(options.orukPageSize !== undefined ? { orukPageSize: options.orukPageSize } : {}),
      ...(options.orukHtmlCopies !== undefined ? { orukHtmlCopies: options.orukHtmlCopies } : {}),
      ...(options.netlifyRules ? { netlifyRules: true } : {}),
    };
    // What may start early does (the zip compresses in worker threads while the API and feeds are written).
    const early = new Map<Publisher, unknown>();
    // The zip's start writes the downloads; the others' only start work that runs alongside.
    for (const publisher of publishers) if (publisher.start) early.set(publisher, await phase(publisher.name === 'zip' ? 'downloads' : `${publisher.name} start`, () => publisher.start!(run)));
    for (const publisher of publishers) await phase(publisher.name, () => publisher.write(run, early.get(publisher)));
    await settled();
    restoreOpenDataPages(out, options.pages, (file) => written.get(file)?.size);
    return { written, bytes, versions: run.versions, phases };
  } finally {
    // After a failure, the writes under way finish (or, on the disk thread, stop) before the staging folder is removed.
    await Promise.allSettled(inFlight);
    await disk.close();
  }
}
