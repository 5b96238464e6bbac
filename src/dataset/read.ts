/**
 * Reading data/: every YAML file, parsed once, with source positions. Hostile input (binary files, YAML bombs,
 * enormous files, deep nesting) becomes a diagnostic, never an exception.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import type { Diagnostic } from '../checks/diagnostic.ts';
import { SourceFile } from './source.ts';

export interface ReadLimits {
  maxFileBytes: number;
  maxAliasCount: number;
}

export const DEFAULT_LIMITS: ReadLimits = { maxFileBytes: 256 * 1024, maxAliasCount: 20 };

export interface ParsedFile {
  source: SourceFile;
  /** Path relative to the data folder, forward slashes: services/org/name.yaml */
  dataPath: string;
  value: unknown;
}

/** Files in data/ that are not listings and are expected. */
const IGNORED = new Set(['README.md', 'LICENSE', 'LICENSE.md', 'LICENCE.md', 'CODEOWNERS']);

/** Every file under `dataDir`, sorted, as paths relative to it with forward slashes. */
export function listDataFiles(dataDir: string): string[] {
  const entries = readdirSync(dataDir, { recursive: true, withFileTypes: true });
  const files: string[] = [];
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const rel = relative(dataDir, join(entry.parentPath, entry.name)).split(sep).join('/');
    if (rel.split('/').some((part) => part.startsWith('.'))) continue;
    files.push(rel);
  }
  return files.sort();
}

function diagnostic(file: string, rule: string, message: string, position: { line: number; column: number } = { line: 1, column: 1 }, hint?: string): Diagnostic {
  return { file, ...position, severity: 'error', rule, message, ...(hint ? { hint } : {}) };
}

function tooLarge(displayPath: string, size: number, limits: ReadLimits): Diagnostic {
  return diagnostic(
    displayPath,
    'file-size',
    `the file is ${Math.round(size / 1024)} kB; a listing file may be at most ${Math.round(limits.maxFileBytes / 1024)} kB`,
    undefined,
    'move long text to your own website and link to it',
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
    const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false, version: '1.2', strict: true, stringKeys: false });
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

export interface ReadResult {
  files: ParsedFile[];
  /** How many YAML files were examined, including those that could not be parsed. */
  checked: number;
  /** Problems found while reading: unreadable, unparseable or unexpected files. */
  diagnostics: Diagnostic[];
}

/**
 * Reads and parses every YAML file in `dataDir`. `displayPrefix` is prepended to paths in diagnostics so they are
 * clickable from the repository root (e.g. "data/").
 */
export function readDataFolder(dataDir: string, displayPrefix: string, limits: ReadLimits = DEFAULT_LIMITS): ReadResult {
  const files: ParsedFile[] = [];
  const diagnostics: Diagnostic[] = [];
  let checked = 0;
  for (const rel of listDataFiles(dataDir)) {
    const display = `${displayPrefix}${rel}`;
    if (!/\.ya?ml$/.test(rel)) {
      if (!IGNORED.has(rel.split('/').at(-1)!)) {
        diagnostics.push({ ...diagnostic(display, 'file-name', 'this is not a .yaml file, so LOOP ignores it'), severity: 'warning' });
      }
      continue;
    }
    checked++;
    let bytes: Uint8Array;
    try {
      const size = statSync(join(dataDir, rel)).size;
      if (size > limits.maxFileBytes) {
        diagnostics.push(tooLarge(display, size, limits));
        continue;
      }
      bytes = readFileSync(join(dataDir, rel));
    } catch (error) {
      diagnostics.push(diagnostic(display, 'file-read', `could not read the file: ${error instanceof Error ? error.message : String(error)}`));
      continue;
    }
    const parsed = parseYaml(display, bytes, limits);
    diagnostics.push(...parsed.diagnostics);
    if (parsed.file && parsed.diagnostics.length === 0) files.push({ source: parsed.file, dataPath: rel, value: parsed.value });
  }
  return { files, checked, diagnostics };
}
