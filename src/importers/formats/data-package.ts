/**
 * A tabular data package, opened the way Frictionless opens one: from the zip, the folder, or `datapackage.json`
 * itself. The package root is the descriptor's folder, and every resource `path` is a POSIX path relative to it
 * (`services.csv`, `data/services.csv`); a path that leaves the package (`..`, `/etc/…`, `C:\…`) or is a URL is
 * refused, as the Frictionless path rules do (reference/frictionless-v2/dataresource.json, "path"). Unzipped
 * downloads often add one folder level (`pkg.zip` → `pkg/datapackage.json`), so the descriptor is looked for in
 * the folder given and then one or two levels down.
 */
import { closeSync, existsSync, openSync, readdirSync, readFileSync, readSync, statSync } from 'node:fs';
import { basename, dirname, join, posix } from 'node:path';
import { unzipSync } from 'fflate';
import { DamagedFileError } from './csv-file.ts';

export interface DataPackage {
  /** A name for the package when the source gives none: the folder's or the zip's name. */
  name: string;
  /** Where the package root is, for messages: `pkg.zip!/pkg/`, `exports/pkg/`. */
  label: string;
  /** The descriptor's text, when the package has one. */
  descriptor?: string;
  /** Paths of the files under the root, relative to it, POSIX-style. */
  files: string[];
  /** A file's size in bytes, without reading it. */
  size(path: string): number;
  read(path: string): Uint8Array;
}

const DESCRIPTOR = 'datapackage.json';
/** Files that say "a package root is here" when there is no descriptor. */
const ROOT_MARKERS = ['services.csv', 'organizations.csv'];
/** How far below the folder given a package root is looked for. */
const MAX_DEPTH = 2;

function isZip(path: string): boolean {
  if (/\.zip$/i.test(path)) return true;
  // The zip signature, read without reading the whole file.
  const head = Buffer.alloc(4);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, head, 0, 4, 0);
  } finally {
    closeSync(fd);
  }
  return head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04;
}

/** Files under a folder, relative to it, to a few levels down (a data package is shallow; a home folder is not). */
function listFolder(root: string, depth = MAX_DEPTH + 2): string[] {
  const out: string[] = [];
  const walk = (dir: string, rel: string, level: number) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (level < depth && !entry.name.startsWith('.') && entry.name !== '__MACOSX') walk(join(dir, entry.name), path, level + 1);
      } else if (entry.isFile()) out.push(path);
    }
  };
  walk(root, '', 0);
  return out;
}

/**
 * The package root among a list of paths: the shallowest folder with a descriptor, or else with services.csv or
 * organizations.csv (a package without a descriptor is read by HSDS file names).
 */
function findRoot(paths: string[]): string | undefined {
  const depthOf = (dir: string) => (dir === '.' ? 0 : dir.split('/').length);
  const dirsWith = (names: string[]) => new Set(paths.filter((p) => names.includes(posix.basename(p)) && !p.split('/').includes('__MACOSX')).map((p) => posix.dirname(p)));
  const withDescriptor = dirsWith([DESCRIPTOR]);
  const withTables = dirsWith(ROOT_MARKERS);
  for (let depth = 0; depth <= MAX_DEPTH; depth++) {
    for (const found of [withDescriptor, withTables]) {
      const here = [...found].filter((d) => depthOf(d) === depth);
      if (here.length > 1) throw new Error(`there are several data packages here (${here.sort().join(', ')}); import one at a time`);
      if (here.length === 1) return here[0];
    }
  }
  return undefined;
}

function under(root: string, paths: string[]): string[] {
  if (root === '.') return paths;
  return paths.filter((p) => p.startsWith(`${root}/`)).map((p) => p.slice(root.length + 1));
}

/** Opens a package from its zip, its folder, or its descriptor. */
export function openDataPackage(source: string, maxFileBytes: number): DataPackage {
  if (!existsSync(source)) throw new Error(`${source} does not exist`);
  if (statSync(source).isDirectory()) return fromFolder(source, listFolder(source));
  if (basename(source).toLowerCase().endsWith('.json')) {
    // The descriptor itself: its folder is the root, whatever the file is called.
    const root = dirname(source);
    const pkg = fromFolder(root, listFolder(root), '.');
    return { ...pkg, descriptor: readFileSync(source, 'utf8') };
  }
  if (isZip(source)) return fromZip(source, maxFileBytes);
  throw new Error(`${source} is neither a folder, a datapackage.json nor a zip file`);
}

function fromFolder(folder: string, all: string[], given?: string): DataPackage {
  const root = given ?? findRoot(all) ?? '.';
  const base = root === '.' ? folder : join(folder, ...root.split('/'));
  const files = under(root, all);
  const descriptor = files.includes(DESCRIPTOR) ? readFileSync(join(base, DESCRIPTOR), 'utf8') : undefined;
  return {
    name: basename(base),
    label: base,
    ...(descriptor !== undefined ? { descriptor } : {}),
    files,
    size: (path) => statSync(join(base, ...path.split('/'))).size,
    read: (path) => readFileSync(join(base, ...path.split('/'))),
  };
}

function fromZip(source: string, maxFileBytes: number): DataPackage {
  const tooBig: string[] = [];
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(readFileSync(source), {
      // Sizes come from the zip's directory: a table over the limit is never inflated (a zip bomb stays shut).
      filter: (file) => {
        if (file.originalSize > maxFileBytes) tooBig.push(file.name);
        return !file.name.endsWith('/') && file.originalSize <= maxFileBytes;
      },
    });
  } catch (error) {
    throw new DamagedFileError(`${basename(source)} is not a readable zip file (${error instanceof Error ? error.message : String(error)}); nothing was imported`);
  }
  if (tooBig.length) throw new Error(`${basename(source)}: ${tooBig.join(', ')} ${tooBig.length === 1 ? 'is' : 'are'} more than the ${Math.round(maxFileBytes / 1e6)} MB limit`);
  const all = Object.keys(entries).map((p) => p.replace(/\\/g, '/'));
  const root = findRoot(all) ?? '.';
  const files = under(root, all);
  const entry = (path: string): Uint8Array => {
    const bytes = entries[root === '.' ? path : `${root}/${path}`];
    if (!bytes) throw new Error(`${path} is not in ${basename(source)}`);
    return bytes;
  };
  const descriptor = files.includes(DESCRIPTOR) ? new TextDecoder().decode(entry(DESCRIPTOR)) : undefined;
  return {
    name: root === '.' ? basename(source).replace(/\.zip$/i, '') : posix.basename(root),
    label: `${basename(source)}${root === '.' ? '' : `!/${root}`}`,
    ...(descriptor !== undefined ? { descriptor } : {}),
    files,
    size: (path) => entry(path).length,
    read: entry,
  };
}

/**
 * A resource path as a path inside the package, or an error: Frictionless paths are POSIX, relative, and stay
 * inside the package; URLs are not followed (an import reads what was downloaded, nothing else).
 */
export function resourcePath(path: string, resource: string): string {
  const refuse = (why: string) => new DamagedFileError(`${DESCRIPTOR}: resource "${resource}" has path "${path}", which ${why}; nothing was imported`);
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(path)) throw refuse('is a URL (LOOP reads only the files in the package; download it into the package)');
  if (path.startsWith('/') || path.startsWith('~') || /^[a-z]:/i.test(path) || path.includes('\\')) throw refuse('is not a path relative to the package (Frictionless paths are relative, with / between folders)');
  const normal = posix.normalize(path);
  if (normal === '..' || normal.startsWith('../') || path.split('/').includes('..')) throw refuse('leaves the package (..)');
  return normal.replace(/^\.\//, '');
}
