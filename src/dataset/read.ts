/**
 * Reading data/: every YAML file, parsed once, with source positions. Hostile input (binary files, YAML bombs,
 * enormous files, deep nesting) becomes a diagnostic, never an exception.
 */
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { LineCounter, parseDocument } from 'yaml';
import { MAX_ALIAS_COUNT, YAML_OPTIONS } from './yaml-options.ts';
import type { Diagnostic } from './diagnostic.ts';
import { walkFolder, type FolderContents } from './folder.ts';
import { SourceFile } from './source.ts';

export interface ReadLimits {
  maxFileBytes: number;
  maxAliasCount: number;
}

export const DEFAULT_LIMITS: ReadLimits = { maxFileBytes: 256 * 1024, maxAliasCount: MAX_ALIAS_COUNT };

/** Files in data/ that are not listings and are expected. */
const IGNORED = new Set(['README.md', 'LICENSE', 'LICENSE.md', 'LICENCE.md', 'CODEOWNERS']);

/**
 * Every regular file under `dataDir` (sorted, relative, forward slashes), plus the symbolic links and special files
 * found there, which are never followed or opened: the caller reports them. Hidden entries (.import-state, .git)
 * are not data and are skipped, though a hidden link is still reported.
 */
export function listDataFiles(dataDir: string): FolderContents {
  return walkFolder(dataDir, { skipHidden: true });
}

/** The error for a symbolic link in data/: names the link, never its target or the target's content. */
export function linkDiagnostic(display: string): Diagnostic {
  return diagnostic(
    display,
    'file-link',
    'this is a symbolic link; LOOP never follows links in the data folder, because a link can reach files outside the repository',
    undefined,
    'replace the link with the real file (git-tracked data never needs a link)',
  );
}

/** The error for a socket, FIFO or device in data/: never opened (a FIFO would block forever). */
export function specialFileDiagnostic(display: string): Diagnostic {
  return diagnostic(display, 'file-read', 'this is not a regular file (a pipe, socket or device), so LOOP does not read it');
}

function diagnostic(file: string, rule: string, message: string, position: { line: number; column: number } = { line: 1, column: 1 }, hint?: string): Diagnostic {
  return { file, ...position, severity: 'error', rule, message, ...(hint ? { hint } : {}) };
}

function tooLarge(displayPath: string, size: number, limits: ReadLimits): Diagnostic {
  // A vocabulary grows by terms, not by long text (issue #16: an import once wrote ~1,900 terms into one file).
  const vocabulary = /(^|\/)taxonomies\/[^/]+$/.test(displayPath);
  return diagnostic(
    displayPath,
    'file-size',
    `the file is ${Math.round(size / 1024)} kB; a ${vocabulary ? 'vocabulary' : 'listing'} file may be at most ${Math.round(limits.maxFileBytes / 1024)} kB`,
    undefined,
    vocabulary
      ? 'split its terms across several files of the same kind (imported terms: one file per source vocabulary, see docs/importing.md#unmapped-terms)'
      : 'move long text to your own website and link to it',
  );
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Parses one file's bytes. `displayPath` is what diagnostics show (relative to the repository). */
export function parseYaml(displayPath: string, bytes: Uint8Array, limits: ReadLimits = DEFAULT_LIMITS): { file?: SourceFile; value?: unknown; diagnostics: Diagnostic[] } {
  if (bytes.length > limits.maxFileBytes) return { diagnostics: [tooLarge(displayPath, bytes.length, limits)] };
  if (bytes.length === 0) return { diagnostics: [diagnostic(displayPath, 'yaml-syntax', 'the file is empty')] };
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return { diagnostics: [diagnostic(displayPath, 'encoding', 'this is not a UTF-8 text file (is it a binary file, or saved in another encoding?)', undefined, 'save the file as UTF-8 text')] };
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.includes('\u0000')) {
    return { diagnostics: [diagnostic(displayPath, 'encoding', 'the file contains a NUL byte: is it a binary file?')] };
  }
  const lineCounter = new LineCounter();
  try {
    const doc = parseDocument(text, { ...YAML_OPTIONS, lineCounter });
    const file = new SourceFile(displayPath, text, lineCounter, doc);
    const diagnostics: Diagnostic[] = [];
    for (const error of doc.errors) {
      diagnostics.push(diagnostic(displayPath, 'yaml-syntax', yamlMessage(error.code, error.message), file.positionOfOffset(error.pos[0]), yamlHint(error.code)));
    }
    for (const warning of doc.warnings) {
      diagnostics.push({ ...diagnostic(displayPath, 'yaml-syntax', yamlMessage(warning.code, warning.message), file.positionOfOffset(warning.pos[0])), severity: 'error' });
    }
    if (diagnostics.length > 0) return { file, diagnostics };
    if (doc.contents === null) return { file, diagnostics: [diagnostic(displayPath, 'yaml-syntax', 'the file has no content')] };
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: limits.maxAliasCount });
    } catch (error) {
      const message = error instanceof Error && /alias/i.test(error.message)
        ? `too many YAML aliases (more than ${limits.maxAliasCount}); write the values out instead of using *references`
        : 'the file is nested too deeply to read';
      return { file, diagnostics: [diagnostic(displayPath, 'yaml-syntax', message)] };
    }
    return { file, value, diagnostics: [] };
  } catch (error) {
    // The parser itself gave up (e.g. a stack overflow on pathological nesting): report, never crash.
    return { diagnostics: [diagnostic(displayPath, 'yaml-syntax', `could not read the file: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`)] };
  }
}

function yamlMessage(code: string, message: string): string {
  const first = message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
  switch (code) {
    case 'DUPLICATE_KEY':
      return 'this key appears twice in the same block; keep one';
    case 'TAB_AS_INDENT':
      return 'tabs cannot be used to indent YAML; use spaces';
    case 'MULTIPLE_DOCS':
      return 'the file holds more than one YAML document ("---"); put one listing in each file';
    case 'TAG_RESOLVE_FAILED':
      return `unknown YAML tag: ${first}`;
    default:
      return `YAML syntax: ${first}`;
  }
}

function yamlHint(code: string): string | undefined {
  if (code === 'TAB_AS_INDENT') return 'set your editor to insert spaces when you press Tab';
  if (code === 'BAD_INDENT' || code === 'MISSING_CHAR') return 'check the indentation and quotes on this line and the one above';
  return undefined;
}

/** Files that are neither YAML nor expected companions (README.md...): reported, never silently skipped. */
export function isIgnoredCompanion(rel: string): boolean {
  return IGNORED.has(rel.split('/').at(-1)!);
}

export type ReadOutcome = { bytes: Uint8Array } | { diagnostic: Diagnostic };

/** Reads a file, refusing oversized ones before loading them (one open, one fstat, one read). */
export function readLimited(fullPath: string, display: string, limits: ReadLimits): ReadOutcome {
  let fd: number | undefined;
  try {
    // O_NOFOLLOW: a file swapped for a link after the folder was listed is refused, not followed (not on Windows).
    fd = openSync(fullPath, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
    const stat = fstatSync(fd);
    if (!stat.isFile()) return { diagnostic: specialFileDiagnostic(display) };
    const size = stat.size;
    if (size > limits.maxFileBytes) return { diagnostic: tooLarge(display, size, limits) };
    const bytes = new Uint8Array(size);
    let read = 0;
    while (read < size) {
      const n = readSync(fd, bytes, read, size - read, read);
      if (n === 0) break;
      read += n;
    }
    return { bytes: read === size ? bytes : bytes.subarray(0, read) };
  } catch (error) {
    return { diagnostic: diagnostic(display, 'file-read', `could not read the file: ${error instanceof Error ? error.message : String(error)}`) };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

export { diagnostic as fileDiagnostic };
