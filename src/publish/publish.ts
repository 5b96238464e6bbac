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
 *
 * Each writer is a pure function of the context; the list of them, in order, is publishers.ts. This module runs
 * them, writes their files and keeps the hash of each for the manifest (so the whole output is never held in
 * memory at once).
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { webcrypto } from 'node:crypto';
import { dirname, join, resolve } from 'node:path';
import type { Dataset } from '../dataset/dataset.ts';
import { defaultDataDir, findConfig } from '../checks/load.ts';
import { History, loadHistory } from '../history/history.ts';
import type { LoopConfig } from '../model/config.ts';
import { fileOf, makeContext, buildInfo, type BuildInfo, type PublishContext } from './context.ts';
import type { FileFacts } from './manifest.ts';
import { PUBLISHERS, type Publisher, type PublishRun } from './publishers.ts';
import { LOCK_FILE_NAME, lockText } from './versions.ts';

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
  /** Items per ORUK page; default 10,000 (one page at Leeds scale). */
  orukPageSize?: number;
  /** Add newly published releases to the lock file. */
  updateLock?: boolean;
  log?: (message: string) => void;
}

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

export async function publish(dataset: Dataset, outDir: string, options: PublishOptions = {}): Promise<PublishResult> {
  const started = performance.now();
  const log = options.log ?? (() => {});
  const root = resolve(options.root ?? '.');
  const dataDir = resolve(root, options.dataDir ?? defaultDataDir(root));
  const configPath = resolve(root, options.configPath ?? findConfig(dataDir, root));
  const lockPath = resolve(root, options.lockPath ?? join(dirname(configPath), LOCK_FILE_NAME));
  const history = options.history ?? (await loadHistory(dataset, { dataDir, root }));
  log(history.describe());
  const build = options.build ?? buildInfo(dataset, history);
  const ctx: PublishContext = makeContext(dataset, { history, build, ...(options.config ? { config: options.config } : {}) });

  const out = resolve(outDir);
  for (const owned of PUBLISHERS.flatMap((p) => p.owns)) rmSync(join(out, fileOf(owned)), { recursive: true, force: true });
  const written = new Map<string, FileFacts>();
  const made = new Set<string>();
  let bytes = 0;
  // Files are written, and hashed for the manifest, asynchronously on libuv's thread pool, a bounded number at a
  // time, so the disk and the hashing work while the main thread generates the next output.
  const inFlight = new Set<Promise<void>>();
  let failure: unknown;
  const write = async (files: Iterable<[string, string | Uint8Array]>, prefix = '') => {
    for (const [path, content] of files) {
      if (failure) throw failure;
      const rel = `${prefix}${path}`;
      const full = join(out, rel);
      const dir = dirname(full);
      if (!made.has(dir)) {
        mkdirSync(dir, { recursive: true });
        made.add(dir);
      }
      const data = typeof content === 'string' ? Buffer.from(content) : content;
      bytes += data.byteLength;
      const task: Promise<void> = Promise.all([writeFile(full, data), webcrypto.subtle.digest('SHA-256', data)])
        .then(([, digest]) => {
          written.set(rel, { sha256: Buffer.from(digest).toString('hex'), size: data.byteLength });
        })
        .catch((error: unknown) => {
          failure ??= error;
        })
        .finally(() => inFlight.delete(task));
      inFlight.add(task);
      if (inFlight.size >= 64) await Promise.race(inFlight);
    }
  };
  /** Everything handed to write() so far is on disk and in `written`. */
  const settled = async () => {
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
  const run: PublishRun = { ctx, lockPath, configPath, write, settled, written, ...(options.orukPageSize !== undefined ? { orukPageSize: options.orukPageSize } : {}) };
  // What may start early does (the zip compresses in worker threads while the API and feeds are written).
  const early = new Map<Publisher, unknown>();
  for (const publisher of PUBLISHERS) if (publisher.start) early.set(publisher, await phase('downloads', () => publisher.start!(run)));
  for (const publisher of PUBLISHERS) await phase(publisher.name, () => publisher.write(run, early.get(publisher)));
  await settled();
  const versions = run.versions ?? { added: [] };

  let lockWritten: string | undefined;
  if (versions.added.length) {
    if (options.updateLock) {
      writeFileSync(lockPath, lockText(run.versions!.lock));
      lockWritten = lockPath;
      log(`recorded new release(s) ${versions.added.join(', ')} in ${lockPath}: commit it`);
    } else {
      log(`new release(s) ${versions.added.join(', ')} published for the first time; run \`npx loop publish --update-lock\` and commit ${LOCK_FILE_NAME} so later builds keep them byte-identical`);
    }
  }
  const ms = performance.now() - started;
  log(`published ${written.size} feed and download files (${(bytes / 1024 / 1024).toFixed(1)} MiB), dataset version ${build.datasetVersion}, in ${Math.round(ms)} ms`);
  return { build, history, files: written, bytes, newReleases: versions.added, ...(lockWritten ? { lockWritten } : {}), ms, phases };
}
