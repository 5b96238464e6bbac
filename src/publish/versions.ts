/**
 * Dataset versions and release snapshots.
 *
 * Every build has a dataset version (`<UTC date>-<commit>`, see context.ts). A release is a git tag
 * `data-<version>` (e.g. `data-2026.11.1`) on a commit; its snapshot is the bulk downloads (the same files as
 * /downloads/) built from that commit's own data, published under /downloads/archive/<version>/ and listed in
 * /downloads/versions.json. Snapshots never change once published:
 *
 * - Each build rebuilds every release's snapshot from the tag's commit (git is the database: no bytes are stored
 *   beside it), judged as of the tag's date and with the tag's config, so the result depends only on the commit
 *   and LOOP's code.
 * - `published-versions.json` (beside loop.config.yaml, committed) records the SHA-256 and size of every file of
 *   every published snapshot, and the commit its tag pointed at. A build whose snapshot of a locked release differs
 *   in any byte, whose tag moved, or that cannot rebuild a locked release (tag missing, data no longer valid) fails
 *   and says which file and why. A release not yet in the lock is new: it is published, and
 *   `npx loop publish --update-lock` adds it to the lock (existing entries are never rewritten).
 *
 * So a change to LOOP's writers that would alter an old snapshot's bytes is caught by the build. The remedy is
 * never to edit the lock: keep the old output (see docs/feeds/VERSIONING.md).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { unzipSync } from 'fflate';
import type { z } from 'zod';
import { validateData } from '../checks/load.ts';
import { archiveZip, openRepo } from '../history/git.ts';
import { loadHistoryAt, type ReleaseTag } from '../history/history.ts';
import { todayInUK } from '../model/clock.ts';
import { archivePath, downloadPath } from '../urls/site.ts';
import { fileOf, json, makeContext, utc, type OutputFiles, type PublishContext } from './context.ts';
import type { versionsModel } from './feed-model.ts';
import { envelope } from './feeds.ts';
import { downloadFiles } from './bulk/downloads.ts';

export const LOCK_FILE_NAME = 'published-versions.json';

export interface LockedFile {
  sha256: string;
  size: number;
}

export interface LockedVersion {
  tag: string;
  commit: string;
  files: Record<string, LockedFile>;
}

export interface VersionLock {
  versions: Record<string, LockedVersion>;
}

/** A build that would change, drop or fail to rebuild a published snapshot. */
export class SnapshotError extends Error {
  override name = 'SnapshotError';
}

export function sha256(content: string | Uint8Array): string {
  return createHash('sha256').update(content).digest('hex');
}

export function byteLength(content: string | Uint8Array): number {
  return typeof content === 'string' ? Buffer.byteLength(content) : content.byteLength;
}

export function readLock(path: string): VersionLock {
  if (!existsSync(path)) return { versions: {} };
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new SnapshotError(`${path}: not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const versions = (value as { versions?: unknown })?.versions;
  if (!versions || typeof versions !== 'object' || Array.isArray(versions)) throw new SnapshotError(`${path}: expected {"versions": {...}}`);
  for (const [version, entry] of Object.entries(versions as Record<string, unknown>)) {
    const e = entry as Partial<LockedVersion>;
    const filesOk = e.files && typeof e.files === 'object' && Object.values(e.files).every((f) => typeof f?.sha256 === 'string' && typeof f?.size === 'number');
    if (typeof e.tag !== 'string' || typeof e.commit !== 'string' || !filesOk) throw new SnapshotError(`${path}: the entry for ${version} needs tag, commit and files {path: {sha256, size}}`);
  }
  return value as VersionLock;
}

/** The lock as committed: versions and files in sorted order, so diffs show only what was added. */
export function lockText(lock: VersionLock): string {
  const versions: Record<string, LockedVersion> = {};
  for (const version of Object.keys(lock.versions).sort()) {
    const entry = lock.versions[version]!;
    versions[version] = { tag: entry.tag, commit: entry.commit, files: Object.fromEntries(Object.keys(entry.files).sort().map((f) => [f, entry.files[f]!])) };
  }
  return `${JSON.stringify({ $comment: 'Published release snapshots of the LOOP dataset and the SHA-256 of every file. Written by `npx loop publish --update-lock`; never edit an existing entry: published versions never change.', versions }, null, 2)}\n`;
}

function lockEntry(release: ReleaseTag, files: OutputFiles): LockedVersion {
  const out: Record<string, LockedFile> = {};
  for (const path of [...files.keys()].sort()) out[path] = { sha256: sha256(files.get(path)!), size: byteLength(files.get(path)!) };
  return { tag: release.tag, commit: release.commit.sha, files: out };
}

/** Differences between a rebuilt snapshot and its lock entry, in words; empty when identical. */
export function compareSnapshot(locked: LockedVersion, rebuilt: LockedVersion): string[] {
  const problems: string[] = [];
  if (locked.commit !== rebuilt.commit) problems.push(`tag ${locked.tag} now points at ${rebuilt.commit.slice(0, 7)}, but the snapshot was published from ${locked.commit.slice(0, 7)}: a release tag must never move`);
  for (const [path, file] of Object.entries(locked.files)) {
    const now = rebuilt.files[path];
    if (!now) problems.push(`${path} would disappear`);
    else if (now.sha256 !== file.sha256 || now.size !== file.size) problems.push(`${path} would change (${file.size} bytes, sha256 ${file.sha256.slice(0, 12)}… -> ${now.size} bytes, ${now.sha256.slice(0, 12)}…)`);
  }
  for (const path of Object.keys(rebuilt.files)) if (!locked.files[path]) problems.push(`${path} would be added`);
  return problems;
}

export interface SnapshotSource {
  /** The config file of the current build (its path at the tag's commit is tried first). */
  configPath: string;
}

/** Rebuilds a release's snapshot files (paths relative to its archive folder) from the tag's commit. */
export async function buildSnapshot(ctx: PublishContext, release: ReleaseTag, source: SnapshotSource): Promise<OutputFiles> {
  const where = ctx.history.repository;
  if (!where) throw new SnapshotError(`release ${release.tag} cannot be rebuilt without git history`);
  const { repo, reason } = await openRepo(where.top);
  if (!repo) throw new SnapshotError(`release ${release.tag} cannot be rebuilt: ${reason}`);
  const configGit = relative(where.top, resolve(source.configPath)).split(sep).join('/');
  const tmp = mkdtempSync(join(tmpdir(), 'loop-release-'));
  try {
    const paths = [where.dataPath === '' ? '.' : where.dataPath];
    let zip: Buffer;
    let configPath = join(tmp, configGit);
    try {
      zip = await archiveZip(repo, release.commit.sha, [...paths, configGit]);
    } catch {
      // The config was not in the repository at that commit: judge the old data by today's settings.
      zip = await archiveZip(repo, release.commit.sha, paths);
      configPath = resolve(source.configPath);
    }
    for (const [name, bytes] of Object.entries(unzipSync(new Uint8Array(zip)))) {
      if (name.endsWith('/')) continue;
      const full = join(tmp, name);
      if (!full.startsWith(tmp + sep)) continue;
      mkdirSync(dirname(full), { recursive: true });
      writeFileSync(full, bytes);
    }
    const asOf = todayInUK(new Date(release.commit.date));
    const result = await validateData({ dataDir: join(tmp, where.dataPath), configPath, root: tmp, asOf });
    if (!result.dataset || result.errors > 0) {
      const first = result.diagnostics.filter((d) => d.severity === 'error').slice(0, 5).map((d) => `  ${d.file}:${d.line}:${d.column} ${d.message}`);
      throw new SnapshotError(`release ${release.tag} cannot be rebuilt: its data has ${result.errors} error(s) under the current rules:\n${first.join('\n')}`);
    }
    const history = await loadHistoryAt(result.dataset, { repoDir: where.top, dataPath: where.dataPath, rev: release.commit.sha, treeRoot: tmp, root: tmp });
    const snapshot = makeContext(result.dataset, {
      history,
      build: { datasetVersion: release.version, generatedAt: release.commit.date, commit: release.commit.sha, dataCommit: release.commit.sha, asOf },
    });
    return downloadFiles(snapshot);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

export interface VersionsResult {
  /** archive/<version>/… (unless the caller wrote them as they were made) and versions.json, as dist/ paths. */
  files: OutputFiles;
  /** The lock with every release this build published (existing entries unchanged). */
  lock: VersionLock;
  /** Releases published for the first time (not yet in the lock). */
  added: string[];
}

export async function versionFiles(
  ctx: PublishContext,
  options: {
    lockPath: string;
    configPath: string;
    snapshot?: typeof buildSnapshot;
    /** Writes each snapshot's files as soon as it is checked, so only one release is held at a time (issue #19); without it they are returned in `files`. */
    write?: (files: OutputFiles) => Promise<void>;
  },
): Promise<VersionsResult> {
  const build = options.snapshot ?? buildSnapshot;
  const lock = readLock(options.lockPath);
  const history = ctx.history;
  const locked = Object.keys(lock.versions);
  if (!history.status.available && locked.length) {
    throw new SnapshotError(`${locked.length} released version(s) are recorded in ${options.lockPath}, but without git history (${history.status.reason}) they cannot be rebuilt, so this build would drop them. Build from a full clone.`);
  }
  const releases = new Map(history.releases.map((r) => [r.version, r]));
  const missing = locked.filter((v) => !releases.has(v));
  if (missing.length) {
    throw new SnapshotError(`released version(s) ${missing.join(', ')} are in ${options.lockPath} but their tags (${missing.map((v) => lock.versions[v]!.tag).join(', ')}) are not in this clone, so this build would drop them. Fetch tags (actions/checkout with fetch-depth: 0, or git fetch --tags).`);
  }
  const next: VersionLock = { versions: { ...lock.versions } };
  const added: string[] = [];
  const files: OutputFiles = new Map();
  const items: z.input<typeof versionsModel>['items'] = [];
  for (const release of history.releases) {
    const snapshot = await build(ctx, release, { configPath: options.configPath });
    const entry = lockEntry(release, snapshot);
    const previous = lock.versions[release.version];
    if (previous) {
      const problems = compareSnapshot(previous, entry);
      if (problems.length) {
        throw new SnapshotError(`published snapshot ${release.version} (${release.tag}) would change, and published versions never change:\n${problems.map((p) => `  - ${p}`).join('\n')}\nKeep LOOP's output for old releases byte-identical (see docs/feeds/VERSIONING.md); do not edit ${options.lockPath}.`);
      }
    } else {
      added.push(release.version);
      next.versions[release.version] = entry;
    }
    const archived: OutputFiles = new Map([...snapshot].map(([path, content]) => [fileOf(archivePath(release.version, path)), content]));
    if (options.write) await options.write(archived);
    else for (const [path, content] of archived) files.set(path, content);
    items.push({
      version: release.version,
      tag: release.tag,
      commit: release.commit.sha,
      date: utc(release.commit.date),
      url: ctx.url(archivePath(release.version)),
      files: Object.entries(entry.files).map(([path, f]) => ({ path: archivePath(release.version, path), url: ctx.url(archivePath(release.version, path)), sha256: f.sha256, size: f.size })),
    });
  }
  items.reverse();
  const doc: z.input<typeof versionsModel> = {
    ...envelope(ctx),
    current: { version: ctx.build.datasetVersion, ...(ctx.build.commit ? { commit: ctx.build.commit } : {}), date: ctx.build.generatedAt, downloads_url: ctx.url(downloadPath('')) },
    count: items.length,
    items,
  };
  files.set(fileOf(downloadPath('versions.json')), json(doc));
  return { files, lock: next, added };
}
