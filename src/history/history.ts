/**
 * What git knows about the data: when each record file last changed (HSDS `last_modified`), each record's history
 * (date, summary, commit) and, per dataset version (each first-parent commit touching the data folder), which
 * records were added, changed and removed. Built from one `git log` walk; see git.ts.
 *
 * When git cannot tell, we say so instead of guessing: no repository (a tarball) means no history and no
 * `last_modified`; in a shallow clone the oldest commit's "changes" are the whole tree, so files last touched there
 * get no `last_modified` and that commit is left out of the change feeds. File modification times are never used:
 * a fresh checkout sets them all to the checkout time, which would publish a false date.
 */
import { join, resolve } from 'node:path';
import { toDisplay } from '../checks/load.ts';
import type { AnyRecord, Dataset } from '../dataset/dataset.ts';
import { parseYaml } from '../dataset/read.ts';
import { placementOf, type FileKind } from '../model/kinds.ts';
import { headCommit, openRepo, readBlobs, readLog, reachableTags, repoPath, uncommitted, type CommitInfo, type LogCommit, type RepoInfo } from './git.ts';
import { fieldChanges, topLevel, versionPairs, type FieldChange, type FileVersion } from './fields.ts';

export type RecordChange = 'added' | 'changed' | 'renamed';

export interface HistoryEntry {
  /** Committer date with its UTC offset. */
  date: string;
  summary: string;
  /** Full commit SHA. */
  commit: string;
  change: RecordChange;
}

export interface ChangedRecord {
  kind: FileKind;
  /** The record's UUID (read from the file at that version when the record no longer exists). */
  id?: string;
  name?: string;
  slug?: string;
  /** The file's path (relative to the data folder's parent, as in the Dataset) at that version. */
  file: string;
  /** True when the record is in the current Dataset. */
  current: boolean;
}

export interface ChangeSet {
  /** The dataset version this commit made: see `versionOf`. */
  version: string;
  commit: string;
  date: string;
  summary: string;
  added: ChangedRecord[];
  changed: ChangedRecord[];
  removed: ChangedRecord[];
}

export interface HistoryStatus {
  /** False when git could not be read at all; `reason` says why. */
  available: boolean;
  reason?: string;
  /** A shallow clone: history before its oldest commit is unknown. */
  shallow: boolean;
  /** Files under the data folder with uncommitted changes (their `last_modified` is the last commit's). */
  uncommitted: string[];
}

export interface ReleaseTag {
  tag: string;
  version: string;
  commit: CommitInfo;
}

/** Release tags are `data-<version>`; the version must be safe in a URL path and start with a digit. */
export const RELEASE_TAG_PREFIX = 'data-';
export const RELEASE_VERSION = /^[0-9][0-9A-Za-z.-]{0,63}$/;

/** A dataset version: the commit's UTC date and short SHA, e.g. 2026-11-24-a1b2c3d. Sorts by date. */
export function versionOf(commit: Pick<CommitInfo, 'date' | 'short'>): string {
  return `${new Date(commit.date).toISOString().slice(0, 10)}-${commit.short}`;
}

/** Compares two ISO dates with offsets by the instant they name. */
export function laterDate(a: string | undefined, b: string | undefined): string | undefined {
  if (!a) return b;
  if (!b) return a;
  return Date.parse(b) > Date.parse(a) ? b : a;
}

export interface HistoryOptions {
  /** The data folder the Dataset was loaded from. */
  dataDir: string;
  /** The folder record `file` paths are relative to (LoadOptions.root; default the current directory). */
  root?: string;
  /** At most this many change sets (newest first); default 500. */
  maxChangeSets?: number;
}

export class History {
  readonly status: HistoryStatus;
  /** The commit being built (HEAD). */
  readonly head: CommitInfo | undefined;
  /** The newest commit that changed the data folder: it names the dataset version. */
  readonly dataHead: CommitInfo | undefined;
  /** Newest first. */
  readonly changeSets: readonly ChangeSet[];
  /** Release tags reachable from HEAD, oldest first. */
  readonly releases: readonly ReleaseTag[];
  /** Release tags that are not valid versions, so were ignored (reported by the build). */
  readonly ignoredTags: readonly string[];
  /** Where the history came from: the repository's top level and the data folder within it. */
  readonly repository: { top: string; dataPath: string } | undefined;
  private readonly entries: Map<string, HistoryEntry[]>;
  /** True when an entry list stops at the shallow boundary rather than at the file's creation. */
  private readonly truncated: Set<string>;
  /** Listing file -> commit -> the top-level fields that commit changed (see fields.ts). */
  private readonly fields: Map<string, Map<string, FieldChange[]>>;

  constructor(init: {
    status: HistoryStatus;
    head?: CommitInfo;
    dataHead?: CommitInfo;
    changeSets?: ChangeSet[];
    releases?: ReleaseTag[];
    ignoredTags?: string[];
    repository?: { top: string; dataPath: string };
    entries?: Map<string, HistoryEntry[]>;
    truncated?: Set<string>;
    fields?: Map<string, Map<string, FieldChange[]>>;
  }) {
    this.status = init.status;
    this.head = init.head;
    this.dataHead = init.dataHead;
    this.changeSets = init.changeSets ?? [];
    this.releases = init.releases ?? [];
    this.ignoredTags = init.ignoredTags ?? [];
    this.repository = init.repository;
    this.entries = init.entries ?? new Map();
    this.truncated = init.truncated ?? new Set();
    this.fields = init.fields ?? new Map();
  }

  /** No git: every question answers "unknown". */
  static unavailable(reason: string): History {
    return new History({ status: { available: false, reason, shallow: false, uncommitted: [] } });
  }

  /** A record file's history, newest first (`file` as in the Dataset: record.file). */
  historyOf(file: string): HistoryEntry[] {
    return this.entries.get(file) ?? [];
  }

  /**
   * The top-level fields one commit changed in a listing's file (`[]` when none did), or undefined when that is not
   * worked out: not a listing, the commit that added the file (all of its fields are new; see versionPairs), or the
   * version before the change is beyond a shallow clone.
   */
  fieldChangesOf(file: string, commit: string): FieldChange[] | undefined {
    return this.fields.get(file)?.get(commit);
  }

  /** True when the file's history is cut short by a shallow clone. */
  isTruncated(file: string): boolean {
    return this.truncated.has(file);
  }

  /**
   * When the file last changed in git (ISO date with offset), or undefined when git cannot tell: no repository,
   * a file never committed, or (shallow clone) a file last touched at the clone's boundary.
   */
  lastModified(file: string): string | undefined {
    return this.entries.get(file)?.[0]?.date;
  }

  /** The newest of several files' last changes: a service "or any related information" (HSDS last_modified). */
  lastModifiedOf(files: Iterable<string>): string | undefined {
    let latest: string | undefined;
    for (const file of files) latest = laterDate(latest, this.lastModified(file));
    return latest;
  }

  /** A one-line account of what the build could and could not learn from git, for the build log. */
  describe(): string {
    const s = this.status;
    if (!s.available) return `no git history (${s.reason ?? 'unknown reason'}): last_modified is omitted and the change feeds are empty`;
    const parts = [`git history: ${this.changeSets.length} dataset version${this.changeSets.length === 1 ? '' : 's'}`];
    if (this.dataHead) parts.push(`current ${versionOf(this.dataHead)}`);
    if (this.releases.length) parts.push(`${this.releases.length} release${this.releases.length === 1 ? '' : 's'}`);
    if (s.shallow) parts.push('SHALLOW CLONE: history before the oldest fetched commit is unknown, so some last_modified dates are omitted (fetch with fetch-depth: 0)');
    if (s.uncommitted.length) parts.push(`${s.uncommitted.length} data file${s.uncommitted.length === 1 ? ' has' : 's have'} uncommitted changes (dates are the last commit's)`);
    if (this.ignoredTags.length) parts.push(`ignored tags that are not valid versions: ${this.ignoredTags.join(', ')}`);
    return parts.join('; ');
  }
}

interface Located {
  kind: FileKind;
  slug: string;
}

/** Reads the repository's history of the data folder and relates it to the Dataset's records. */
export async function loadHistory(dataset: Dataset, options: HistoryOptions): Promise<History> {
  const root = resolve(options.root ?? '.');
  const dataDir = resolve(root, options.dataDir);
  const { repo, reason } = await openRepo(dataDir);
  if (!repo) return History.unavailable(reason ?? 'unknown');
  const dataPath = repoPath(repo, dataDir);
  if (dataPath === null) return History.unavailable('the data folder is outside the git repository');
  try {
    return await readHistory(repo, dataset, { dataPath, rev: 'HEAD', treeRoot: repo.top, root, working: true, maxChangeSets: options.maxChangeSets ?? 500 });
  } catch (error) {
    return History.unavailable(`git failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
  }
}

/**
 * The history as it was at an older commit (a release tag), for a Dataset loaded from that commit's tree copied to
 * `treeRoot` (same paths as in the repository). Record files are relative to `root`.
 */
export async function loadHistoryAt(dataset: Dataset, options: { repoDir: string; dataPath: string; rev: string; treeRoot: string; root: string }): Promise<History> {
  const { repo, reason } = await openRepo(options.repoDir);
  if (!repo) return History.unavailable(reason ?? 'unknown');
  return readHistory(repo, dataset, { dataPath: options.dataPath, rev: options.rev, treeRoot: options.treeRoot, root: options.root, working: false, maxChangeSets: 500 });
}

interface ReadSpec {
  /** The data folder, relative to the repository's top level ('' for the top level itself). */
  dataPath: string;
  rev: string;
  /** Where the tree whose files the Dataset holds lives (the work tree, or a copy of an old commit's tree). */
  treeRoot: string;
  /** What record files are relative to. */
  root: string;
  /** Look at the work tree (uncommitted changes) and release tags. */
  working: boolean;
  maxChangeSets: number;
}

/** Where a path in the repository stands in the Dataset: its record file and the record (if it still exists). */
interface RecordPaths {
  toDatasetFile(gitPath: string): string;
  /** The kind and slug of a record file in the data folder; undefined for anything else (README, synonyms). */
  locate(gitPath: string): Located | undefined;
  byFile: ReadonlyMap<string, AnyRecord>;
}

function recordPaths(dataset: Dataset, spec: ReadSpec): RecordPaths {
  const prefix = spec.dataPath === '' ? '' : `${spec.dataPath}/`;
  const byFile = new Map<string, AnyRecord>();
  for (const list of [dataset.organisations, dataset.listings, dataset.locations, dataset.taxonomies] as readonly (readonly AnyRecord[])[]) {
    for (const record of list) byFile.set(record.file, record);
  }
  return {
    byFile,
    // As the loader names record files (absolute outside the root), or no record would be found by its file.
    toDatasetFile: (gitPath) => toDisplay(spec.root, join(spec.treeRoot, gitPath)),
    locate(gitPath) {
      if (!gitPath.startsWith(prefix) || !/\.ya?ml$/.test(gitPath)) return undefined;
      const placement = placementOf(gitPath.slice(prefix.length));
      if ('problem' in placement || placement.kind === 'synonyms') return undefined;
      return { kind: placement.kind, slug: placement.slug };
    },
  };
}

/** A record file a commit touched: its path then, its path today, and its blob then (before the commit, if removed). */
type RawChange = [path: string, now: string, blob: string];

interface RawSet {
  commit: LogCommit;
  added: RawChange[];
  changed: RawChange[];
  removed: RawChange[];
}

interface WalkedLog {
  raw: RawSet[];
  entries: Map<string, HistoryEntry[]>;
  truncated: Set<string>;
  /** Each listing file's versions, newest first, for the fields each change touched. */
  versions: Map<string, FileVersion[]>;
}

/** Walks the log newest to oldest, following renames and deletions back to the file's path today. */
function walkLog(log: readonly LogCommit[], paths: RecordPaths): WalkedLog {
  const walked: WalkedLog = { raw: [], entries: new Map(), truncated: new Set(), versions: new Map() };
  // `alias` maps a path at this point in history to the file's path today.
  const alias = new Map<string, string>();
  for (const commit of log) {
    const set: RawSet = { commit, added: [], changed: [], removed: [] };
    for (const change of commit.changes) {
      const now = alias.get(change.path) ?? change.path;
      const file = paths.toDatasetFile(now);
      if (commit.boundary) {
        // A shallow clone's oldest commit lists every file as added: we do not know when they really changed.
        walked.truncated.add(file);
        continue;
      }
      const record: RawChange = [change.path, now, change.blob];
      if (change.status === 'D') {
        set.removed.push([change.path, now, change.before]);
        // Older commits touching this path were about the removed record, not whatever lives there today.
        alias.set(change.path, `\0removed:${commit.sha}:${change.path}`);
        continue;
      }
      const kind: RecordChange = change.status === 'A' ? 'added' : change.status === 'R' ? 'renamed' : 'changed';
      const where = now.startsWith('\0') ? undefined : paths.locate(now);
      if (where) {
        push(walked.entries, file, { date: commit.date, summary: commit.summary, commit: commit.sha, change: kind });
        if (where.kind === 'service' || where.kind === 'resource') {
          push(walked.versions, file, { commit: commit.sha, path: change.path, added: change.status === 'A', ...(change.status === 'R' && change.from ? { from: change.from } : {}), blob: change.blob, before: change.before });
        }
      }
      if (change.status === 'A') {
        set.added.push(record);
        alias.delete(change.path);
      } else if (change.status === 'R' && change.from) {
        set.changed.push(record);
        alias.set(change.from, now);
      } else set.changed.push(record);
    }
    if (!commit.boundary) walked.raw.push(set);
  }
  return walked;
}

/** The blobs to read in one `git cat-file` run: removed or renamed-away records' files, and every listing version the field changes need. */
function wantedBlobs(kept: readonly RawSet[], paths: RecordPaths, pairs: ReadonlyMap<string, readonly { after: string; before: string }[]>): string[] {
  const wanted: string[] = [];
  for (const set of kept) {
    for (const [path, now, blob] of set.added.concat(set.changed)) if (!paths.byFile.has(paths.toDatasetFile(now)) && paths.locate(path)) wanted.push(blob);
    for (const [path, , blob] of set.removed) if (paths.locate(path)) wanted.push(blob);
  }
  for (const list of pairs.values()) for (const p of list) wanted.push(p.after, p.before);
  return [...new Set(wanted)];
}

/** Each kept commit as a change set, naming records that no longer exist from the file as it was. */
function changeSetsOf(kept: readonly RawSet[], paths: RecordPaths, blobs: ReadonlyMap<string, Buffer | undefined>): ChangeSet[] {
  const describe = (path: string, now: string, blob: string): ChangedRecord | undefined => {
    const where = paths.locate(path);
    if (!where) return undefined;
    const record = now.startsWith('\0') ? undefined : paths.byFile.get(paths.toDatasetFile(now));
    if (record) return { kind: where.kind, id: record.id, name: record.name, slug: record.slug, file: paths.toDatasetFile(path), current: true };
    const facts = factsOf(blobs.get(blob), path);
    return { kind: where.kind, ...facts, slug: where.slug, file: paths.toDatasetFile(path), current: false };
  };
  return kept.map((set) => ({
    version: versionOf(set.commit),
    commit: set.commit.sha,
    date: set.commit.date,
    summary: set.commit.summary,
    added: set.added.map(([p, n, blob]) => describe(p, n, blob)).filter(isDefined).sort(byFileName),
    changed: set.changed.map(([p, n, blob]) => describe(p, n, blob)).filter(isDefined).sort(byFileName),
    removed: set.removed.map(([p, n, blob]) => describe(p, n, blob)).filter(isDefined).sort(byFileName),
  }));
}

/** Release tags reachable from HEAD, and the tags with the release prefix whose version is not one. */
async function releaseTags(repo: RepoInfo): Promise<{ releases: ReleaseTag[]; ignoredTags: string[] }> {
  const releases: ReleaseTag[] = [];
  const ignoredTags: string[] = [];
  for (const tag of await reachableTags(repo, `${RELEASE_TAG_PREFIX}*`)) {
    const version = tag.name.slice(RELEASE_TAG_PREFIX.length);
    if (RELEASE_VERSION.test(version)) releases.push({ tag: tag.name, version, commit: tag.commit });
    else ignoredTags.push(tag.name);
  }
  return { releases, ignoredTags };
}

async function readHistory(repo: RepoInfo, dataset: Dataset, spec: ReadSpec): Promise<History> {
  const pathspec = spec.dataPath === '' ? '.' : spec.dataPath;
  const head = await headCommit(repo, spec.rev);
  const log = await readLog(repo, [pathspec], { rev: spec.rev });
  const pending = spec.working ? await uncommitted(repo, [pathspec]) : [];
  const paths = recordPaths(dataset, spec);
  const { raw, entries, truncated, versions } = walkLog(log, paths);
  // Commits that changed no record (data/README.md, synonyms) are not dataset changes worth announcing.
  const kept = raw.filter((set) => [...set.added, ...set.changed, ...set.removed].some(([path]) => paths.locate(path))).slice(0, spec.maxChangeSets);
  const pairs = new Map([...versions].map(([file, list]) => [file, versionPairs(list)] as const));
  const blobs = await readBlobs(repo, wantedBlobs(kept, paths, pairs));
  const { releases, ignoredTags } = spec.working ? await releaseTags(repo) : { releases: [], ignoredTags: [] };
  const dataCommit = log.find((c) => !c.boundary) ?? log[0];
  return new History({
    status: { available: true, shallow: repo.shallow, uncommitted: pending.map(paths.toDatasetFile) },
    head,
    ...(dataCommit ? { dataHead: { sha: dataCommit.sha, short: dataCommit.short, date: dataCommit.date, summary: dataCommit.summary } } : {}),
    changeSets: changeSetsOf(kept, paths, blobs),
    releases,
    ignoredTags,
    repository: { top: repo.top, dataPath: spec.dataPath },
    entries,
    truncated,
    fields: fieldChangesByFile(pairs, blobs),
  });
}

/**
 * For each listing file, what each of its commits changed, from versions read once each (versionPairs) and parsed
 * once each however many pairs they are in.
 */
function fieldChangesByFile(pairs: Map<string, ReturnType<typeof versionPairs>>, blobs: Map<string, Buffer | undefined>): Map<string, Map<string, FieldChange[]>> {
  const parsed = new Map<string, Record<string, unknown> | undefined>();
  const read = (file: string, blob: string) => {
    if (!parsed.has(blob)) parsed.set(blob, topLevel(file, blobs.get(blob)));
    return parsed.get(blob);
  };
  const result = new Map<string, Map<string, FieldChange[]>>();
  for (const [file, list] of pairs) {
    const byCommit = new Map<string, FieldChange[]>();
    for (const { commit, after, before } of list) {
      const now = read(file, after);
      const was = read(file, before);
      // A version we could not read (beyond a shallow clone) leaves the change unknown rather than "everything".
      if (!now || !was) continue;
      byCommit.set(commit, fieldChanges(was, now));
    }
    result.set(file, byCommit);
  }
  return result;
}

function factsOf(blob: Buffer | undefined, path: string): { id?: string; name?: string } {
  if (!blob) return {};
  const parsed = parseYaml(path, blob);
  const value = parsed.value;
  if (!value || typeof value !== 'object') return {};
  const { id, name } = value as Record<string, unknown>;
  return { ...(typeof id === 'string' ? { id } : {}), ...(typeof name === 'string' ? { name } : {}) };
}

function push<V>(map: Map<string, V[]>, key: string, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function isDefined<T>(value: T | undefined): value is T {
  return value !== undefined;
}

function byFileName(a: ChangedRecord, b: ChangedRecord): number {
  return a.file < b.file ? -1 : a.file > b.file ? 1 : 0;
}
