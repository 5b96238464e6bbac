/**
 * The last builds' search index parts, kept so a rebuild copies a part whose documents did not change instead of
 * having Pagefind index it again (issue #19: Pagefind has no incremental mode, but a region's index is made in
 * parts of SEARCH_PART_SIZE listings in name order, so editing one listing changes one part's documents).
 *
 * One folder per part in the cache folder (`<LOOP cache dir>/search/<key>/`: node_modules/.cache/loop/search by
 * default, see defaultCacheDir), named by a hash of everything that decides the part's files: the part's documents
 * (urls and HTML, in order) and its number, the Pagefind version, the index options and a fingerprint of the code
 * that hands documents to Pagefind. Pagefind writes the same files for the same documents (its file names are
 * hashes of their contents), so a copied part is byte-identical to the one indexing would write.
 *
 * Safe to delete, truncate or corrupt: an entry is used only when its manifest (written last, after every file)
 * names this key and every file it lists has the size and SHA-256 recorded; anything else is indexed again and the
 * entry replaced. Entries this build neither used nor wrote are removed beyond MAX_ENTRIES, oldest first.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

const FORMAT = 'loop-search-part-1';
const MANIFEST = 'manifest.json';
/** Parts kept from other builds (other data folders, earlier datasets) besides this build's own. */
const MAX_ENTRIES = 32;

/** What the key covers besides the documents: Pagefind's version, its options, the code driving it. */
export function searchCodeFingerprint(indexOptions: object): string {
  const hash = createHash('sha256').update(FORMAT).update(JSON.stringify(indexOptions));
  const here = import.meta.dirname;
  for (const file of ['pagefind-bundle.ts', 'search-cache.ts']) {
    try {
      hash.update(file).update(readFileSync(join(here, file)));
    } catch {
      // Bundled (no sources beside it): LOOP's version below still changes with every release.
    }
  }
  for (const pkg of [join(here, '..', '..', 'node_modules', 'pagefind', 'package.json'), join(here, '..', '..', 'package.json')]) {
    try {
      hash.update(String((JSON.parse(readFileSync(pkg, 'utf8')) as { version?: unknown }).version));
    } catch {
      hash.update('unknown');
    }
  }
  return hash.digest('hex');
}

/** The key of one part, built up from its documents as they are made. */
export class PartKey {
  private readonly hash = createHash('sha256');

  constructor(fingerprint: string, part: number) {
    this.hash.update(fingerprint).update(`\0${part}\0`);
  }

  add(url: string, html: string): void {
    this.hash.update(url).update('\0').update(html).update('\0');
  }

  digest(): string {
    return this.hash.digest('hex');
  }
}

interface Manifest {
  format: string;
  key: string;
  /** [path relative to the part's folder, size, sha256] of every file. */
  files: [string, number, string][];
}

function filesUnder(dir: string, skip: (rel: string) => boolean): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .filter((rel) => !skip(rel))
    .sort();
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export class SearchPartCache {
  readonly dir: string;
  /** Keys this build used or wrote: never pruned by it. */
  private readonly touched = new Set<string>();

  constructor(dir: string) {
    this.dir = dir;
  }

  /** Whether there is any entry at all (a first build need not hold a part's documents back to look one up). */
  isEmpty(): boolean {
    try {
      return !readdirSync(this.dir).some((name) => /^[0-9a-f]{64}$/.test(name));
    } catch {
      return true;
    }
  }

  /**
   * Copies entry `key` into `to` (a part's folder, made if need be) when it is whole; returns whether it did.
   * Every file is read and checked before any is written, so a bad entry leaves `to` untouched.
   */
  restore(key: string, to: string): boolean {
    const entry = join(this.dir, key);
    let files: [string, Buffer][];
    try {
      const manifest = JSON.parse(readFileSync(join(entry, MANIFEST), 'utf8')) as Manifest;
      if (manifest.format !== FORMAT || manifest.key !== key || !Array.isArray(manifest.files) || !manifest.files.length) throw new Error('not this entry');
      files = manifest.files.map(([rel, size, hash]) => {
        if (rel.startsWith('..') || rel.startsWith('/')) throw new Error('outside the entry');
        const bytes = readFileSync(join(entry, 'files', rel));
        if (bytes.length !== size || sha256(bytes) !== hash) throw new Error(`${rel} changed`);
        return [rel, bytes];
      });
    } catch {
      // Missing, partial or corrupt: indexed again, and the entry written afresh.
      rmSync(entry, { recursive: true, force: true });
      return false;
    }
    const made = new Set<string>();
    for (const [rel, bytes] of files) {
      const full = join(to, rel);
      const folder = dirname(full);
      if (!made.has(folder)) {
        mkdirSync(folder, { recursive: true });
        made.add(folder);
      }
      writeFileSync(full, bytes);
    }
    this.touched.add(key);
    const now = new Date();
    utimesSync(entry, now, now);
    return true;
  }

  /**
   * Keeps the part Pagefind has just written in `from` as entry `key`. `skip` leaves out what is not the part's
   * (part 0 is the bundle's root, with the other parts' folders inside it). Written beside, then renamed into
   * place, the manifest last: a killed build leaves at worst a folder no lookup accepts.
   */
  store(key: string, from: string, skip: (rel: string) => boolean = () => false): void {
    const entry = join(this.dir, key);
    const temporary = join(this.dir, `.${key}-${randomBytes(6).toString('hex')}`);
    try {
      const files: Manifest['files'] = [];
      for (const rel of filesUnder(from, skip)) {
        const bytes = readFileSync(join(from, rel));
        const full = join(temporary, 'files', rel);
        mkdirSync(dirname(full), { recursive: true });
        writeFileSync(full, bytes);
        files.push([rel, bytes.length, sha256(bytes)]);
      }
      writeFileSync(join(temporary, MANIFEST), JSON.stringify({ format: FORMAT, key, files } satisfies Manifest));
      rmSync(entry, { recursive: true, force: true });
      renameSync(temporary, entry);
      this.touched.add(key);
    } catch {
      // A cache that cannot be written only costs the next build the indexing.
    } finally {
      rmSync(temporary, { recursive: true, force: true });
    }
  }

  /** Removes leftovers and, beyond MAX_ENTRIES, the oldest entries this build did not touch. */
  prune(): void {
    let names: string[];
    try {
      names = readdirSync(this.dir);
    } catch {
      return;
    }
    const others: { name: string; time: number }[] = [];
    for (const name of names) {
      const full = join(this.dir, name);
      try {
        const stat = statSync(full);
        // A temporary folder left by a killed build (one running beside this build at most loses its entry).
        if (name.startsWith('.')) rmSync(full, { recursive: true, force: true });
        else if (!this.touched.has(name)) others.push({ name, time: stat.mtimeMs });
      } catch {
        // gone meanwhile
      }
    }
    others.sort((a, b) => b.time - a.time);
    for (const { name } of others.slice(Math.max(0, MAX_ENTRIES - this.touched.size))) rmSync(join(this.dir, name), { recursive: true, force: true });
  }
}
