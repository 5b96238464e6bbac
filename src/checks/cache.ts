/**
 * A cache of checked files (issue #19): a file whose bytes, path and read limits are unchanged is not parsed or
 * schema-checked again, its outcome (record, diagnostics, top-level positions, the facts the dataset rules use) is
 * read back instead.
 *
 * Two files per data folder in a cache folder (by default node_modules/.cache/loop):
 * - `checks-<scope>.bin`, the index: for every file its path, the git blob id of the bytes checked, the size, times
 *   and inode it had then, its kind, slug and facts (src/checks/facts.ts), and where its outcome lies in
 * - `checks-<scope>.dat`: every outcome, each serialised on its own (v8.serialize, the structured clone the worker
 *   threads send outcomes through, so a cached outcome is exactly what checking the file gives) after a random
 *   token the index names. A reader that needs a few outcomes (`loop validate --changed-since`) reads those
 *   slices only; a full run reads the file once.
 *
 * When is an unchanged file not read at all?
 * - **Its stat matches, as in git's index.** Size, modification and change times (nanoseconds) and inode equal
 *   those recorded when its bytes were hashed. An edit changes the modification time (and a tool that restores it,
 *   like `touch -d` or an archive extractor, still changes the change time, which no user call can set). The one
 *   gap is an edit within the same timestamp tick as the recorded stat (the "racy git" problem): so a stat is
 *   trusted only when both times were at least RACY_MARGIN_MS older than the start of the run that hashed the
 *   file. A file edited just before or during a run is hashed again next time, until its times are old enough.
 *   (The margin covers coarse filesystem timestamps and small clock differences; a network filesystem whose clock
 *   runs far from this machine's should run with `--no-cache`.)
 * - **git says it is unchanged** (`loop validate --changed-since`, src/history/changed.ts): a tracked file outside
 *   the changed set has exactly the bytes of its blob in git's index, which git itself verified (git status
 *   compares stat data and, for racily clean entries, the content). The index records the same blob id for the
 *   bytes it checked (`blobId`), so the outcome is taken by that id without even a stat. With a clean/smudge filter
 *   or line-ending conversion the ids differ, and the file is a miss: never a wrong answer.
 *
 * Safe to delete, truncate or corrupt: anything that does not deserialise to this format, this code fingerprint and
 * a matching token is ignored (and replaced by the next full run). The key includes a fingerprint of the code that
 * decides a file's outcome (src/model, src/dataset, the per-file checks, the yaml and zod versions), so upgrading
 * LOOP or editing a schema never serves a stale answer. Dataset-wide rules run again unless every input of the
 * last full run is unchanged: then its report, kept in `checks-<scope>.report` (src/checks/report-cache.ts), is
 * the answer.
 */
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, existsSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, renameSync, rmSync, statSync, utimesSync, writeFileSync, type BigIntStats } from 'node:fs';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import type { FileOutcome } from './check-file.ts';
import type { FileFacts } from './facts.ts';
import type { FileKind } from '../model/kinds.ts';
import { readLimited, type ReadLimits } from '../dataset/read.ts';
import type { Diagnostic } from '../dataset/diagnostic.ts';
import { readReport, reportBytes, storedKey } from './report-cache.ts';

const FORMAT = 'loop-check-cache-4';
/** Cache files kept per cache folder (one pair per data folder): temporary data folders (tests, previews) come and go. */
const KEEP = 16;
/** How much older than the run that hashed a file its times must be for its stat to be trusted (see above). */
export const RACY_MARGIN_MS = 3000;
const TOKEN_BYTES = 16;
const SRC = join(import.meta.dirname, '..');

let fingerprint: string | undefined;

/** A hash of every source file that can change what checking one file says, and of the libraries it uses. */
function codeFingerprint(): string {
  if (fingerprint) return fingerprint;
  const hash = createHash('sha256').update(FORMAT).update(process.versions.v8);
  const sources: string[] = [];
  for (const folder of ['model', 'dataset']) {
    for (const entry of readdirSync(join(SRC, folder), { recursive: true, withFileTypes: true })) {
      if (entry.isFile() && entry.name.endsWith('.ts')) sources.push(join(entry.parentPath, entry.name));
    }
  }
  for (const file of ['check-file.ts', 'schema.ts', 'suggest.ts', 'cache.ts', 'facts.ts']) sources.push(join(SRC, 'checks', file));
  for (const file of sources.sort()) hash.update(file.slice(SRC.length)).update(readFileSync(file));
  for (const name of ['yaml', 'zod', 'libphonenumber-js']) {
    try {
      hash.update(name).update(String((JSON.parse(readFileSync(join(SRC, '..', 'node_modules', name, 'package.json'), 'utf8')) as { version?: unknown }).version));
    } catch {
      // Not installed beside the sources (a bundled build): the source hash still changes with every release.
    }
  }
  return (fingerprint = hash.digest('hex'));
}

/** git's object id of a blob with these bytes (SHA-1 repositories): what `git ls-files -s` prints for a clean file. */
export function blobId(bytes: Uint8Array): string {
  return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}

/** The file's stat as the cache records it. */
export interface Stamp {
  size: bigint;
  mtime: bigint;
  ctime: bigint;
  ino: bigint;
}

/** One file in the index. */
export interface CacheEntry extends Stamp {
  display: string;
  /** The read limits it was checked under. */
  limits: string;
  blob: string;
  /** Whether the stamp may stand for the bytes (the racy-git guard). */
  trusted: boolean;
  kind?: FileKind;
  slug?: string;
  /** Whether the file passed its own checks (its record is in the Dataset). */
  valid: boolean;
  facts?: FileFacts;
  /** Where its outcome lies in the .dat file. */
  at: number;
  length: number;
}

/**
 * The index as written: one column per field rather than one object per file, so that reading 200,000 entries is a
 * few large strings and typed arrays (v8 deserialises those at memory speed) instead of 200,000 objects, each
 * spelling out its property names. Strings are joined by NUL (lists inside a field by SOH), which no path, slug,
 * id or key contains... and if one did, the entry would merely fail to match.
 */
interface Stored {
  format: string;
  code: string;
  token: string;
  count: number;
  paths: string;
  displays: string;
  limits: string;
  /** 40 hex characters per file. */
  blobs: string;
  /** size, mtime, ctime, ino per file. */
  stamps: BigInt64Array;
  /** bit 0: trusted, bit 1: valid. */
  flags: Uint8Array;
  kinds: string;
  slugs: string;
  ids: string;
  organisations: string;
  locations: string;
  keys: string;
  at: Float64Array;
  lengths: Float64Array;
}

const NUL = '\0';
const SOH = '\u0001';

function isStored(value: unknown, code: string): value is Stored {
  if (value === null || typeof value !== 'object') return false;
  const v = value as Partial<Stored>;
  if (v.format !== FORMAT || v.code !== code || typeof v.token !== 'string' || typeof v.count !== 'number') return false;
  const n = v.count;
  return (
    v.stamps instanceof BigInt64Array && v.stamps.length === 4 * n && v.flags instanceof Uint8Array && v.flags.length === n &&
    v.at instanceof Float64Array && v.at.length === n && v.lengths instanceof Float64Array && v.lengths.length === n &&
    typeof v.blobs === 'string' && v.blobs.length === 40 * n &&
    [v.paths, v.displays, v.limits, v.kinds, v.slugs, v.ids, v.organisations, v.locations, v.keys].every((c) => typeof c === 'string')
  );
}

const split = (column: string, n: number): string[] | undefined => {
  const parts = n === 0 ? [] : column.split(NUL);
  return parts.length === n ? parts : undefined;
};

/**
 * `split` for a column of a few values repeated (kinds, read limits): each value made once and shared, where `split`
 * makes a string per entry (short strings are copied): at 200,000 entries a tenth of reading the index (issue #19).
 */
function splitRepeated(column: string, n: number): string[] | undefined {
  if (n === 0) return [];
  const values: string[] = [];
  const parts = new Array<string>(n);
  let start = 0;
  for (let i = 0; i < n; i++) {
    const next = column.indexOf(NUL, start);
    const last = i === n - 1;
    if (last !== next < 0) return undefined; // More or fewer entries than the count.
    const end = last ? column.length : next;
    const length = end - start;
    let value: string | undefined;
    for (let j = 0; j < values.length && value === undefined; j++) if (values[j]!.length === length && column.startsWith(values[j]!, start)) value = values[j];
    if (value === undefined) {
      if (values.length === 16) return split(column, n); // Not a column of a few values after all.
      value = column.slice(start, end);
      values.push(value);
    }
    parts[i] = value;
    start = end + 1;
  }
  return parts;
}

/** The index in memory: the columns, and where each path is; an entry object is made only when asked for. */
export class Index {
  /** Where each path is: made on first use (a map of 200,000 paths takes a tenth of a second to fill). */
  private at: Map<string, number> | undefined;
  /** Entries 0 to sorted - 1 are in ascending path order (as `save` writes them); made on first use. */
  private sorted: number | undefined;
  /** Where each path after the sorted ones is. */
  private tail: Map<string, number> | undefined;
  private cleared = false;
  private readonly columns: { paths: string[]; displays: string[]; limits: string[]; kinds: string[]; slugs: string[]; ids: string[]; organisations: string[]; locations: string[]; keys: string[] } | undefined;

  private readonly stored: Stored | undefined;

  constructor(stored?: Stored) {
    this.stored = stored;
    if (!stored) return;
    const n = stored.count;
    const paths = split(stored.paths, n);
    const columns = {
      paths,
      displays: split(stored.displays, n),
      limits: splitRepeated(stored.limits, n),
      kinds: splitRepeated(stored.kinds, n),
      slugs: split(stored.slugs, n),
      ids: split(stored.ids, n),
      organisations: split(stored.organisations, n),
      locations: split(stored.locations, n),
      keys: split(stored.keys, n),
    };
    if (!paths || Object.values(columns).some((c) => c === undefined)) return;
    this.columns = columns as NonNullable<Index['columns']>;
  }

  get size(): number {
    return this.columns && !this.cleared ? this.columns.paths.length : 0;
  }

  clear(): void {
    this.cleared = true;
  }

  /** The number of `dataPath`'s entry. */
  private numberOf(dataPath: string): number | undefined {
    if (!this.columns || this.cleared) return undefined;
    if (!this.at) {
      this.at = new Map();
      this.columns.paths.forEach((path, i) => this.at!.set(path, i));
    }
    return this.at.get(dataPath);
  }

  /**
   * `numberOf` for paths asked in ascending order (as git lists a folder's files): a walk along the sorted entries,
   * so no map of every path is made; a path out of order is looked up in it after all.
   */
  walker(): (dataPath: string) => number | undefined {
    const paths = this.columns?.paths ?? [];
    if (this.sorted === undefined) {
      let sorted = paths.length > 0 ? 1 : 0;
      while (sorted < paths.length && paths[sorted - 1]! < paths[sorted]!) sorted++;
      this.sorted = sorted;
    }
    const sorted = this.sorted;
    let at = 0;
    let last = '';
    return (dataPath) => {
      if (!this.columns || this.cleared) return undefined;
      if (dataPath < last) return this.numberOf(dataPath);
      last = dataPath;
      while (at < sorted && paths[at]! < dataPath) at++;
      if (at < sorted && paths[at] === dataPath) return at;
      if (!this.tail) {
        this.tail = new Map();
        for (let i = sorted; i < paths.length; i++) this.tail.set(paths[i]!, i);
      }
      return this.tail.get(dataPath);
    };
  }

  /**
   * The blob id recorded for `dataPath` when it was checked under `display` and `limits`, its stat is trusted, and
   * `stat` still matches it; read from the columns without making an entry (asked of every file in a full run).
   */
  unchangedBlob(dataPath: string, display: string, limits: string, stat: () => BigIntStats | undefined): string | undefined {
    const i = this.numberOf(dataPath);
    const s = this.stored;
    const c = this.columns;
    if (i === undefined || !s || !c || (s.flags[i]! & 1) === 0 || c.displays[i] !== display || c.limits[i] !== limits) return undefined;
    const now = stat();
    if (!now?.isFile()) return undefined;
    const t = s.stamps;
    return t[4 * i] === now.size && t[4 * i + 1] === now.mtimeNs && t[4 * i + 2] === now.ctimeNs && t[4 * i + 3] === now.ino ? s.blobs.slice(40 * i, 40 * i + 40) : undefined;
  }

  /**
   * The number of `dataPath`'s entry when it was checked under `limits`, shown as `prefix` + `dataPath`, with the bytes
   * of blob id `blob`; -1 otherwise. Read from the columns without making anything: `loop validate --changed-since`
   * asks it of every file git vouches for, in git's order, so `find` is best a `walker()`.
   */
  vouched(dataPath: string, prefix: string, limits: string, blob: string, find: (dataPath: string) => number | undefined = (path) => this.numberOf(path)): number {
    const i = find(dataPath);
    const s = this.stored;
    const c = this.columns;
    if (i === undefined || !s || !c || blob.length !== 40 || !s.blobs.startsWith(blob, 40 * i) || c.limits[i] !== limits) return -1;
    const display = c.displays[i]!;
    return display.length === prefix.length + dataPath.length && display.startsWith(prefix) && display.endsWith(dataPath) ? i : -1;
  }

  // One field of entry `i` (a number `vouched` gave), as `entryAt(i)` would give it, without making the entry.
  pathAt(i: number): string {
    return this.columns!.paths[i]!;
  }

  displayAt(i: number): string {
    return this.columns!.displays[i]!;
  }

  kindAt(i: number): FileKind | undefined {
    return (this.columns!.kinds[i] || undefined) as FileKind | undefined;
  }

  slugAt(i: number): string | undefined {
    return this.columns!.slugs[i] || undefined;
  }

  validAt(i: number): boolean {
    return (this.stored!.flags[i]! & 2) !== 0;
  }

  /** `facts.id`. */
  idAt(i: number): string | undefined {
    return this.columns!.ids[i] || undefined;
  }

  /** `facts.organisation`. */
  organisationAt(i: number): string | undefined {
    return this.columns!.organisations[i] || undefined;
  }

  /** Whether `facts.locations` (a service's venues) holds one of `slugs`. */
  locatedAtAny(i: number, slugs: ReadonlySet<string>): boolean {
    return this.kindAt(i) === 'service' && hasAny(this.columns!.locations[i]!, slugs);
  }

  /** Whether `facts.keys` (a listing's duplicates keys) holds one of `keys`. */
  hasAnyKey(i: number, keys: ReadonlySet<string>): boolean {
    const kind = this.kindAt(i);
    return (kind === 'service' || kind === 'resource') && hasAny(this.columns!.keys[i]!, keys);
  }

  get(dataPath: string): CacheEntry | undefined {
    const i = this.numberOf(dataPath);
    return i === undefined ? undefined : this.entryAt(i);
  }

  /** Entry `i` (a number `vouched` gave). */
  entryAt(i: number): CacheEntry | undefined {
    const s = this.stored;
    const c = this.columns;
    if (!s || !c || i < 0 || i >= s.count) return undefined;
    const kind = c.kinds[i]!;
    const slug = c.slugs[i]!;
    const facts: FileFacts = {};
    const id = c.ids[i]!;
    const organisation = c.organisations[i]!;
    if (id) facts.id = id;
    if (organisation) facts.organisation = organisation;
    if (kind === 'service') facts.locations = c.locations[i] ? c.locations[i]!.split(SOH) : [];
    if (kind === 'service' || kind === 'resource') facts.keys = c.keys[i] ? c.keys[i]!.split(SOH) : [];
    const flags = s.flags[i]!;
    return {
      display: c.displays[i]!,
      limits: c.limits[i]!,
      blob: s.blobs.slice(40 * i, 40 * i + 40),
      size: s.stamps[4 * i]!,
      mtime: s.stamps[4 * i + 1]!,
      ctime: s.stamps[4 * i + 2]!,
      ino: s.stamps[4 * i + 3]!,
      trusted: (flags & 1) !== 0,
      valid: (flags & 2) !== 0,
      ...(kind ? { kind: kind as FileKind } : {}),
      ...(slug ? { slug } : {}),
      facts,
      at: s.at[i]!,
      length: s.lengths[i]!,
    };
  }
}

/** Whether a list joined by SOH holds one of `values`, looked for in the joined text (no list is made). */
function hasAny(joined: string, values: ReadonlySet<string>): boolean {
  if (joined === '') return false;
  for (const value of values) {
    if (value === '') {
      if (joined.split(SOH).includes('')) return true;
      continue;
    }
    for (let at = joined.indexOf(value); at >= 0; at = joined.indexOf(value, at + 1)) {
      const end = at + value.length;
      if ((at === 0 || joined.charCodeAt(at - 1) === 1) && (end === joined.length || joined.charCodeAt(end) === 1)) return true;
    }
  }
  return false;
}

function toStored(code: string, token: string, entries: Map<string, CacheEntry>): Stored {
  const n = entries.size;
  const stamps = new BigInt64Array(4 * n);
  const flags = new Uint8Array(n);
  const at = new Float64Array(n);
  const lengths = new Float64Array(n);
  const columns: Record<'paths' | 'displays' | 'limits' | 'blobs' | 'kinds' | 'slugs' | 'ids' | 'organisations' | 'locations' | 'keys', string[]> = {
    paths: [], displays: [], limits: [], blobs: [], kinds: [], slugs: [], ids: [], organisations: [], locations: [], keys: [],
  };
  let i = 0;
  for (const [path, e] of entries) {
    columns.paths.push(path);
    columns.displays.push(e.display);
    columns.limits.push(e.limits);
    columns.blobs.push(e.blob.length === 40 ? e.blob : '0'.repeat(40));
    columns.kinds.push(e.kind ?? '');
    columns.slugs.push(e.slug ?? '');
    columns.ids.push(e.facts?.id ?? '');
    columns.organisations.push(e.facts?.organisation ?? '');
    columns.locations.push((e.facts?.locations ?? []).join(SOH));
    columns.keys.push((e.facts?.keys ?? []).join(SOH));
    stamps.set([e.size, e.mtime, e.ctime, e.ino], 4 * i);
    flags[i] = (e.trusted ? 1 : 0) | (e.valid ? 2 : 0);
    at[i] = e.at;
    lengths[i] = e.length;
    i++;
  }
  return {
    format: FORMAT, code, token, count: n, stamps, flags, at, lengths,
    paths: columns.paths.join(NUL), displays: columns.displays.join(NUL), limits: columns.limits.join(NUL), blobs: columns.blobs.join(''),
    kinds: columns.kinds.join(NUL), slugs: columns.slugs.join(NUL), ids: columns.ids.join(NUL), organisations: columns.organisations.join(NUL),
    locations: columns.locations.join(NUL), keys: columns.keys.join(NUL),
  };
}

function isOutcome(value: unknown, dataPath: string, display: string): value is FileOutcome {
  if (value === null || typeof value !== 'object') return false;
  const v = value as Partial<FileOutcome>;
  return v.dataPath === dataPath && v.display === display && Array.isArray(v.diagnostics) && typeof v.top === 'object' && v.top !== null;
}

/** The read limits as the index records them. */
export const limitsKey = (limits: ReadLimits) => `${limits.maxFileBytes}/${limits.maxAliasCount}`;

function stampOf(stat: BigIntStats): Stamp {
  return { size: stat.size, mtime: stat.mtimeNs, ctime: stat.ctimeNs, ino: stat.ino };
}

/**
 * What looking a file up gives: its cached outcome (and its blob id), or what checking it needs: its bytes and blob id
 * when they had to be read to compare with a known entry, else only the stamp (the checker reads the file and gives
 * the blob id).
 */
export type Lookup = { outcome: FileOutcome; blob: string } | { bytes?: Uint8Array; blob?: string; stamp?: Stamp };

export class CheckCache {
  readonly path: string;
  readonly data: string;
  /** The last full run's report (src/checks/report-cache.ts). */
  readonly report: string;
  private readonly code: string;
  private readonly token: string;
  private readonly old: Index;
  /** Entries of this run: kept ones (with their outcome's serialised bytes) and new ones. */
  private readonly used = new Map<string, { entry: CacheEntry; bytes?: Uint8Array; outcome?: FileOutcome }>();
  private datBytes: Buffer | undefined;
  private datFd: number | undefined;
  private added = 0;
  private restamped = 0;
  /** Times at or after this (ns since the epoch) are too recent for a stat to stand for the bytes. */
  private readonly racyFrom = BigInt(Date.now() - RACY_MARGIN_MS) * 1_000_000n;
  hits = 0;

  /** How many files the stored index holds an outcome for (of any data, before this run looks anything up). */
  get entries(): number {
    return this.old.size;
  }

  /** The stored index, read by entry number (`loop validate --changed-since`). */
  get index(): Index {
    return this.old;
  }

  /** `dir` is the cache folder; `scope` tells data folders apart (their absolute path). */
  constructor(dir: string, scope: string) {
    this.code = codeFingerprint();
    const base = baseOf(dir, scope);
    this.path = `${base}.bin`;
    this.data = `${base}.dat`;
    this.report = `${base}.report`;
    const stored = this.read();
    this.old = new Index(stored);
    this.token = stored?.token ?? '';
  }

  /** Whether this is the cache `new CheckCache(dir, scope)` would open. */
  opened(dir: string, scope: string): boolean {
    return this.path === `${baseOf(dir, scope)}.bin`;
  }

  private read(): Stored | undefined {
    try {
      if (!existsSync(this.path)) return undefined;
      const value: unknown = deserialize(readFileSync(this.path));
      return isStored(value, this.code) ? value : undefined;
    } catch {
      // Truncated or corrupt (a killed write, a different Node): start again.
      return undefined;
    }
  }

  /** One entry's outcome, read from its slice of the .dat file (a fresh object each time); undefined if unreadable. */
  outcomeOf(dataPath: string, entry: CacheEntry): FileOutcome | undefined {
    const bytes = this.slice(entry);
    if (!bytes) return undefined;
    try {
      const outcome: unknown = deserialize(bytes);
      return isOutcome(outcome, dataPath, entry.display) ? outcome : undefined;
    } catch {
      return undefined;
    }
  }

  /** The .dat file's token, read once: the index and the .dat file must have been written together. */
  private datMatches(head: Uint8Array): boolean {
    return this.token !== '' && Buffer.from(head.subarray(0, TOKEN_BYTES)).toString('hex') === this.token;
  }

  private slice(entry: CacheEntry): Uint8Array | undefined {
    if (entry.at < TOKEN_BYTES || entry.length <= 0) return undefined;
    try {
      if (this.datBytes) return entry.at + entry.length <= this.datBytes.length ? this.datBytes.subarray(entry.at, entry.at + entry.length) : undefined;
      if (this.datFd === undefined) {
        const fd = openSync(this.data, 'r');
        const head = new Uint8Array(TOKEN_BYTES);
        if (readSync(fd, head, 0, TOKEN_BYTES, 0) !== TOKEN_BYTES || !this.datMatches(head)) {
          // Not the .dat file this index was written with (a killed or concurrent write): nothing in it is ours.
          closeSync(fd);
          this.old.clear();
          return undefined;
        }
        this.datFd = fd;
      }
      const out = new Uint8Array(entry.length);
      return readSync(this.datFd, out, 0, entry.length, entry.at) === entry.length ? out : undefined;
    } catch {
      return undefined;
    }
  }

  /** Reads the whole .dat file at once: a full run needs nearly every outcome. */
  readAll(): void {
    if (this.datBytes || this.old.size === 0) return;
    try {
      const bytes = readFileSync(this.data);
      if (bytes.length >= TOKEN_BYTES && this.datMatches(bytes)) this.datBytes = bytes;
      else this.old.clear();
    } catch {
      this.old.clear();
    }
  }

  /**
   * A full run's look-up of one listed file: by its stat when that can be trusted, else by reading and hashing it.
   * A miss hands back the bytes (so they are not read twice), their blob id and the stat taken before reading.
   */
  lookup(dataPath: string, display: string, limits: ReadLimits, fullPath: string): Lookup {
    const entry = this.old.get(dataPath);
    const known = entry !== undefined && entry.display === display && entry.limits === limitsKey(limits) ? entry : undefined;
    let stat: BigIntStats | undefined;
    try {
      stat = lstatSync(fullPath, { bigint: true });
    } catch {
      stat = undefined;
    }
    if (!stat?.isFile()) return {};
    const stamp = stampOf(stat);
    if (known?.trusted && known.size === stamp.size && known.mtime === stamp.mtime && known.ctime === stamp.ctime && known.ino === stamp.ino) {
      const outcome = this.keep(dataPath, known);
      if (outcome) return { outcome, blob: known.blob };
    }
    // Never seen under these limits: nothing to compare the bytes with, so the checker reads and hashes the file
    // itself (checkFile's `blob`), in a worker for a large dataset. Read here, a cold region's bytes would all sit in
    // this thread until checked, and the allocator keeps that peak for the life of the process (a build: 1 GB at
    // 100,000 services, issue #19). The stamp is taken before the checker reads, as a stamp must be.
    if (!known) return { stamp };
    const read = readLimited(fullPath, display, limits);
    // Unreadable or too large: checking it again costs nothing, and it is never cached.
    if ('diagnostic' in read) return {};
    const blob = blobId(read.bytes);
    if (known && known.blob === blob) {
      const trusted = this.trustworthy(stamp);
      const restamped = { ...known, ...stamp, trusted };
      const outcome = this.keep(dataPath, restamped);
      if (outcome) {
        if (trusted !== known.trusted || stamp.mtime !== known.mtime || stamp.ctime !== known.ctime || stamp.ino !== known.ino || stamp.size !== known.size) this.restamped++;
        return { outcome, blob };
      }
    }
    return { bytes: read.bytes, blob, stamp };
  }

  /**
   * The blob id of a listed file's bytes when its stat vouches for them (as `lookup`'s first test), without reading
   * it or its outcome: enough to tell whether the last full run's report still stands. Undefined otherwise.
   */
  unchangedBlob(dataPath: string, display: string, limits: string, fullPath: string): string | undefined {
    return this.old.unchangedBlob(dataPath, display, limits, () => {
      try {
        return lstatSync(fullPath, { bigint: true, throwIfNoEntry: false });
      } catch {
        return undefined; // Unreadable (a folder that lost its permissions): not vouched for.
      }
    });
  }

  /** The last full run's findings, if they were stored under `key`. */
  reportFor(key: string): Diagnostic[] | undefined {
    return readReport(this.report, key);
  }

  /** Keeps a full run's findings under `key` (not written again when the stored report has that key already). */
  saveReport(key: string, diagnostics: readonly Diagnostic[]): void {
    if (storedKey(this.report) === key) return;
    try {
      const bytes = reportBytes(key, diagnostics);
      if (!bytes) {
        // A finding of a shape the report cannot keep exactly: no report, and no stale one either.
        rmSync(this.report, { force: true });
        return;
      }
      mkdirSync(join(this.report, '..'), { recursive: true });
      writeWhole(this.report, bytes);
    } catch {
      // A read-only checkout or a full disk: the report is an optimisation, never a reason to fail.
    }
  }

  /** Marks the cache as used without writing it (a run answered from the report), so pruning keeps it. */
  touch(): void {
    try {
      const now = new Date();
      utimesSync(this.path, now, now);
    } catch {
      // Never written, or read-only: nothing to keep fresh.
    }
  }

  private trustworthy(stamp: Stamp): boolean {
    return stamp.mtime < this.racyFrom && stamp.ctime < this.racyFrom;
  }

  private keep(dataPath: string, entry: CacheEntry): FileOutcome | undefined {
    const bytes = this.slice(entry);
    if (!bytes) return undefined;
    let outcome: unknown;
    try {
      outcome = deserialize(bytes);
    } catch {
      return undefined;
    }
    if (!isOutcome(outcome, dataPath, entry.display)) return undefined;
    this.used.set(dataPath, { entry, bytes });
    this.hits++;
    return outcome;
  }

  /** Records a freshly checked file: `blob` and `stamp` as `lookup` gave them, taken before the file was read. */
  set(outcome: FileOutcome, limits: ReadLimits, blob: string, stamp: Stamp): void {
    const entry: CacheEntry = {
      display: outcome.display,
      limits: limitsKey(limits),
      blob,
      ...stamp,
      trusted: this.trustworthy(stamp),
      valid: outcome.data !== undefined,
      ...(outcome.kind ? { kind: outcome.kind } : {}),
      ...(outcome.slug ? { slug: outcome.slug } : {}),
      ...(outcome.facts ? { facts: outcome.facts } : {}),
      at: 0,
      length: 0,
    };
    // Serialised now, before the loader completes the record in place (slug, file, listing are added to it); the
    // blob id is the entry's, not the outcome's.
    const { blob: _checked, ...stored } = outcome;
    this.used.set(outcome.dataPath, { entry, bytes: serialize(stored) });
    this.added++;
  }

  /**
   * Writes the entries used this time (so deleted files drop out): the .dat file and the index when an outcome
   * changed, the index alone when only stats changed (a checkout touched files, or racy ones became old enough).
   */
  save(): void {
    this.close();
    const outcomesChanged = this.added > 0 || this.used.size !== this.old.size;
    if (!outcomesChanged && this.restamped === 0) {
      // Unchanged: only marked as used, so pruning keeps the caches of the folders people actually check.
      this.touch();
      return;
    }
    try {
      mkdirSync(join(this.path, '..'), { recursive: true });
      const entries = new Map<string, CacheEntry>();
      let token = this.token;
      if (outcomesChanged) {
        const tokenBytes = randomBytes(TOKEN_BYTES);
        token = tokenBytes.toString('hex');
        const parts: Uint8Array[] = [tokenBytes];
        let at = TOKEN_BYTES;
        for (const [dataPath, { entry, bytes }] of this.inPathOrder()) {
          if (!bytes) continue;
          parts.push(bytes);
          entries.set(dataPath, { ...entry, at, length: bytes.length });
          at += bytes.length;
        }
        writeWhole(this.data, Buffer.concat(parts));
      } else {
        for (const [dataPath, { entry }] of this.inPathOrder()) entries.set(dataPath, entry);
      }
      writeWhole(this.path, serialize(toStored(this.code, token, entries)));
      prune(join(this.path, '..'));
    } catch {
      // A read-only checkout or a full disk: the cache is an optimisation, never a reason to fail.
    }
  }

  /** The entries of this run by path, in the order git lists files: `Index.walker` then needs no map of every path. */
  private inPathOrder(): [string, { entry: CacheEntry; bytes?: Uint8Array }][] {
    return [...this.used].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  }

  /** Lets go of the .dat file (a reader that never saves calls this when done). */
  close(): void {
    if (this.datFd !== undefined) closeSync(this.datFd);
    this.datFd = undefined;
  }
}

/** The cache files' path without the extension. */
function baseOf(dir: string, scope: string): string {
  return join(dir, `checks-${createHash('sha256').update(scope).digest('hex').slice(0, 16)}`);
}

/** Written beside and renamed into place, so a reader never sees half a file. */
function writeWhole(path: string, bytes: Uint8Array): void {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, bytes);
  renameSync(temporary, path);
}

/** Keeps the KEEP most recently used caches in `dir`, so folders that no longer exist do not pile up. */
function prune(dir: string): void {
  const files = readdirSync(dir).filter((name) => /^checks-[0-9a-f]{16}\.bin$/.test(name));
  if (files.length <= KEEP) return;
  const byAge = files.map((name) => ({ name, at: statSync(join(dir, name)).mtimeMs })).sort((a, b) => b.at - a.at);
  for (const { name } of byAge.slice(KEEP)) {
    rmSync(join(dir, name), { force: true });
    rmSync(join(dir, name.replace(/\.bin$/, '.dat')), { force: true });
    rmSync(join(dir, name.replace(/\.bin$/, '.report')), { force: true });
  }
}
