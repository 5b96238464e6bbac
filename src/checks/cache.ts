/**
 * A content-hash cache of checked files (issue #19): a file whose bytes, path and read limits are unchanged is not
 * parsed or schema-checked again, its outcome (record, diagnostics, top-level positions) is read back instead.
 *
 * The cache is one file per data folder in a cache folder (by default node_modules/.cache/loop), written with
 * v8.serialize, the same structured clone the worker threads already send their outcomes through, so a cached
 * outcome is exactly what checking the file would give. It is safe to delete; a corrupt, truncated or foreign file
 * is ignored (and replaced on the next run). Its key includes a fingerprint of the code that decides a file's
 * outcome (src/model, src/dataset, the per-file checks, the yaml and zod versions), so upgrading LOOP or editing a
 * schema never serves a stale answer. Dataset-wide rules always run again: they are cheap next to parsing and
 * their answers depend on every file.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import type { FileOutcome } from './check-file.ts';
import type { ReadLimits } from '../dataset/read.ts';

const FORMAT = 'loop-check-cache-1';
/** Cache files kept per cache folder (one per data folder): temporary data folders (tests, previews) come and go. */
const KEEP = 16;
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
  for (const file of ['check-file.ts', 'schema.ts', 'suggest.ts', 'cache.ts']) sources.push(join(SRC, 'checks', file));
  for (const file of sources.sort()) hash.update(file.slice(SRC.length)).update(readFileSync(file));
  for (const name of ['yaml', 'zod']) {
    try {
      hash.update(name).update(String((JSON.parse(readFileSync(join(SRC, '..', 'node_modules', name, 'package.json'), 'utf8')) as { version?: unknown }).version));
    } catch {
      // Not installed beside the sources (a bundled build): the source hash still changes with every release.
    }
  }
  return (fingerprint = hash.digest('hex'));
}

interface Stored {
  format: string;
  code: string;
  entries: Map<string, FileOutcome>;
}

function isStored(value: unknown, code: string): value is Stored {
  if (value === null || typeof value !== 'object') return false;
  const v = value as Partial<Stored>;
  return v.format === FORMAT && v.code === code && v.entries instanceof Map;
}

function isOutcome(value: unknown, dataPath: string, display: string): value is FileOutcome {
  if (value === null || typeof value !== 'object') return false;
  const v = value as Partial<FileOutcome>;
  return v.dataPath === dataPath && v.display === display && Array.isArray(v.diagnostics) && typeof v.top === 'object' && v.top !== null;
}

export class CheckCache {
  readonly path: string;
  private readonly code: string;
  private readonly old: Map<string, FileOutcome>;
  private readonly used = new Map<string, FileOutcome>();
  private added = 0;
  hits = 0;

  /** `dir` is the cache folder; `scope` tells data folders apart (their absolute path). */
  constructor(dir: string, scope: string) {
    this.code = codeFingerprint();
    this.path = join(dir, `checks-${createHash('sha256').update(scope).digest('hex').slice(0, 16)}.bin`);
    this.old = this.read();
  }

  private read(): Map<string, FileOutcome> {
    try {
      if (!existsSync(this.path)) return new Map();
      const value: unknown = deserialize(readFileSync(this.path));
      return isStored(value, this.code) ? value.entries : new Map();
    } catch {
      // Truncated or corrupt (a killed write, a different Node): start again.
      return new Map();
    }
  }

  /** The key of one file's content as the checks would see it. */
  static key(dataPath: string, display: string, limits: ReadLimits, bytes: Uint8Array): string {
    return createHash('sha1').update(`${dataPath}\0${display}\0${limits.maxFileBytes}\0${limits.maxAliasCount}\0`).update(bytes).digest('base64');
  }

  get(key: string, dataPath: string, display: string): FileOutcome | undefined {
    const found = this.old.get(key);
    if (!isOutcome(found, dataPath, display)) return undefined;
    this.used.set(key, found);
    this.hits++;
    return found;
  }

  set(key: string, outcome: FileOutcome): void {
    this.used.set(key, outcome);
    this.added++;
  }

  /** Writes the outcomes used this time (so deleted files drop out), only when something changed. */
  save(): void {
    if (this.added === 0 && this.used.size === this.old.size) {
      // Unchanged: only marked as used, so pruning keeps the caches of the folders people actually check.
      try {
        const now = new Date();
        utimesSync(this.path, now, now);
      } catch {
        // Never written (nothing to cache) or read-only: nothing to keep fresh.
      }
      return;
    }
    try {
      mkdirSync(join(this.path, '..'), { recursive: true });
      const temporary = `${this.path}.${process.pid}.tmp`;
      writeFileSync(temporary, serialize({ format: FORMAT, code: this.code, entries: this.used } satisfies Stored));
      renameSync(temporary, this.path);
      prune(join(this.path, '..'));
    } catch {
      // A read-only checkout or a full disk: the cache is an optimisation, never a reason to fail.
    }
  }
}

/** Keeps the KEEP most recently written cache files in `dir`, so folders that no longer exist do not pile up. */
function prune(dir: string): void {
  const files = readdirSync(dir).filter((name) => /^checks-[0-9a-f]{16}\.bin$/.test(name));
  if (files.length <= KEEP) return;
  const byAge = files.map((name) => ({ name, at: statSync(join(dir, name)).mtimeMs })).sort((a, b) => b.at - a.at);
  for (const { name } of byAge.slice(KEEP)) rmSync(join(dir, name), { force: true });
}
