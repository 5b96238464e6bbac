/**
 * The last full check's report, kept beside the check cache (issue #19): when a full run finds every file unchanged
 * (by its stat, as src/checks/cache.ts trusts one) and nothing else that decides a finding has changed, the report
 * is the last one, so it is read back instead of rebuilding the Dataset and running every dataset rule again. At
 * 100,000 services that was 40 s of a cached run's 41 (the duplicates rule's pairs above all); what is left is
 * listing the folder and a stat per file.
 *
 * The report is stored under a key that hashes everything a finding of a file or of a dataset rule can depend on:
 * - every listed YAML file's path and the git blob id of its bytes (the outcome of checking a file is a function
 *   of its path and bytes, and the dataset rules see only those outcomes);
 * - the paths diagnostics show (the data folder's prefix), the read limits, the configuration as parsed, and the
 *   date findings are judged on (freshness, end dates);
 * - the code: every source file of `src/checks` and of the floors it may import (`build`, `model`, `urls`,
 *   `dataset`, `edge`: tests/repo/layers.test.ts keeps it so), the versions of the libraries they use, Node's V8.
 * What the folder listing itself reports (links, files that are not YAML, the configuration's own findings) is
 * worked out again on every run and is not part of the stored report.
 *
 * Like the check cache it is safe to delete, truncate or corrupt: a file that does not read back as this format
 * with this key is ignored, and the next full run writes it again.
 */
import { createHash } from 'node:crypto';
import { closeSync, openSync, readdirSync, readFileSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import type { Diagnostic } from '../dataset/diagnostic.ts';

const FORMAT = 'loop-check-report-2';
const SRC = join(import.meta.dirname, '..');
/** `src/checks` and every folder it may import from (the floors below it, DEVELOPERS.md). */
const FOLDERS = ['build', 'model', 'urls', 'dataset', 'edge', 'checks'];
/** The libraries those folders import. */
const LIBRARIES = ['yaml', 'zod', 'libphonenumber-js'];
/** The key's length in the file's head: a sha-256 in hex. */
const KEY_CHARS = 64;

let fingerprint: string | undefined;

/**
 * A hash of the code that decides any finding of a full check, worked out once per process. The loader asks for it
 * before a run's checks (`reportCode`), not when the report is stored, so a source edited while a run goes on is
 * never taken for the code that made its report.
 */
export function reportCode(): string {
  if (fingerprint) return fingerprint;
  const hash = createHash('sha256').update(FORMAT).update(process.versions.v8);
  const sources: string[] = [];
  for (const folder of FOLDERS) {
    for (const entry of readdirSync(join(SRC, folder), { recursive: true, withFileTypes: true })) {
      if (entry.isFile() && entry.name.endsWith('.ts')) sources.push(join(entry.parentPath, entry.name));
    }
  }
  for (const file of sources.sort()) hash.update(file.slice(SRC.length)).update('\0').update(readFileSync(file));
  for (const name of LIBRARIES) {
    try {
      hash.update(name).update(String((JSON.parse(readFileSync(join(SRC, '..', 'node_modules', name, 'package.json'), 'utf8')) as { version?: unknown }).version));
    } catch {
      // Not installed beside the sources (a bundled build): the source hash still changes with every release.
    }
  }
  return (fingerprint = hash.digest('hex'));
}

/** What a full check's report depends on besides the code (see above). */
export interface ReportInputs {
  asOf: string;
  /** The configuration as parsed (its JSON: the rules read nothing else of it). */
  config: unknown;
  prefix: string;
  limits: string;
  /** Every listed YAML file, in the listing's order: its path in the data folder and its bytes' git blob id. */
  files: readonly (readonly [path: string, blob: string])[];
}

export function reportKey(inputs: ReportInputs): string {
  const hash = createHash('sha256').update(reportCode()).update('\0');
  hash.update(inputs.asOf).update('\0').update(JSON.stringify(inputs.config) ?? '').update('\0').update(inputs.prefix).update('\0').update(inputs.limits).update('\0');
  hash.update(String(inputs.files.length)).update('\0');
  // One update per file would be 200,000 calls across the native boundary: joined in chunks instead.
  let chunk = '';
  for (const [path, blob] of inputs.files) {
    chunk += `${path}\0${blob}\n`;
    if (chunk.length > 1 << 16) {
      hash.update(chunk);
      chunk = '';
    }
  }
  return hash.update(chunk).digest('hex');
}

/**
 * The findings as columns: a few long strings and typed arrays, which V8 reads back at memory speed, where an
 * object per finding took 2 s at 100,000 services (250,000 findings, most of them long duplicate warnings).
 * Strings are concatenated and cut by their lengths (a message may quote any character a YAML file can hold).
 */
interface Columns {
  count: number;
  /** Which optional fields each finding has: bit 0 endLine, 1 endColumn, 2 hint; bit 3 an error, else a warning. */
  flags: Uint8Array;
  /** line, column, endLine, endColumn per finding (0 when absent). */
  numbers: Int32Array;
  files: string;
  rules: string;
  messages: string;
  hints: string;
  /** The length of each finding's file, rule, message and hint. */
  lengths: Uint32Array;
}

/** A finding's fields in the order every LOOP finding is made in (the Diagnostic interface's). */
const FIELDS = ['file', 'line', 'column', 'endLine', 'endColumn', 'severity', 'rule', 'message', 'hint'];

/**
 * True when the finding is exactly what `decode` makes of its columns: its fields a subset of FIELDS in that
 * order, of the right types. The command prints findings as they are (JSON keeps the order of fields), so a finding
 * of another shape is never stored in columns: the run's report is then not kept at all.
 */
function encodable(d: Diagnostic): boolean {
  let at = 0;
  for (const key of Object.keys(d)) {
    const i = FIELDS.indexOf(key, at);
    if (i < 0) return false;
    at = i + 1;
  }
  return (
    typeof d.file === 'string' && Number.isInteger(d.line) && Number.isInteger(d.column) && (d.severity === 'error' || d.severity === 'warning') &&
    typeof d.rule === 'string' && typeof d.message === 'string' && ('endLine' in d ? Number.isInteger(d.endLine) : true) &&
    ('endColumn' in d ? Number.isInteger(d.endColumn) : true) && ('hint' in d ? typeof d.hint === 'string' : true)
  );
}

function encode(diagnostics: readonly Diagnostic[]): Columns | undefined {
  const n = diagnostics.length;
  const flags = new Uint8Array(n);
  const numbers = new Int32Array(4 * n);
  const lengths = new Uint32Array(4 * n);
  const files: string[] = [];
  const rules: string[] = [];
  const messages: string[] = [];
  const hints: string[] = [];
  for (let i = 0; i < n; i++) {
    const d = diagnostics[i]!;
    if (!encodable(d)) return undefined;
    flags[i] = ('endLine' in d ? 1 : 0) | ('endColumn' in d ? 2 : 0) | ('hint' in d ? 4 : 0) | (d.severity === 'error' ? 8 : 0);
    numbers.set([d.line, d.column, d.endLine ?? 0, d.endColumn ?? 0], 4 * i);
    lengths.set([d.file.length, d.rule.length, d.message.length, d.hint?.length ?? 0], 4 * i);
    files.push(d.file);
    rules.push(d.rule);
    messages.push(d.message);
    if (d.hint !== undefined) hints.push(d.hint);
  }
  return { count: n, flags, numbers, lengths, files: files.join(''), rules: rules.join(''), messages: messages.join(''), hints: hints.join('') };
}

function isColumns(value: unknown): value is Columns {
  if (value === null || typeof value !== 'object') return false;
  const v = value as Partial<Columns>;
  const n = v.count;
  return (
    typeof n === 'number' && v.flags instanceof Uint8Array && v.flags.length === n && v.numbers instanceof Int32Array && v.numbers.length === 4 * n &&
    v.lengths instanceof Uint32Array && v.lengths.length === 4 * n && [v.files, v.rules, v.messages, v.hints].every((c) => typeof c === 'string')
  );
}

function decode(c: Columns): Diagnostic[] | undefined {
  const out: Diagnostic[] = new Array(c.count);
  let file = 0;
  let rule = 0;
  let message = 0;
  let hint = 0;
  for (let i = 0; i < c.count; i++) {
    const flags = c.flags[i]!;
    const fileEnd = file + c.lengths[4 * i]!;
    const ruleEnd = rule + c.lengths[4 * i + 1]!;
    const messageEnd = message + c.lengths[4 * i + 2]!;
    // Built field by field in FIELDS' order, as the finding was made.
    const d: Partial<Diagnostic> = { file: c.files.slice(file, fileEnd), line: c.numbers[4 * i]!, column: c.numbers[4 * i + 1]! };
    if (flags & 1) d.endLine = c.numbers[4 * i + 2]!;
    if (flags & 2) d.endColumn = c.numbers[4 * i + 3]!;
    d.severity = flags & 8 ? 'error' : 'warning';
    d.rule = c.rules.slice(rule, ruleEnd);
    d.message = c.messages.slice(message, messageEnd);
    if (flags & 4) {
      const hintEnd = hint + c.lengths[4 * i + 3]!;
      d.hint = c.hints.slice(hint, hintEnd);
      hint = hintEnd;
    }
    out[i] = d as Diagnostic;
    file = fileEnd;
    rule = ruleEnd;
    message = messageEnd;
  }
  // Every string used up exactly: otherwise the columns do not belong together.
  return file === c.files.length && rule === c.rules.length && message === c.messages.length && hint === c.hints.length ? out : undefined;
}

/** The findings stored under `key`, in the order the run made them; undefined when there are none for it. */
export function readReport(path: string, key: string): Diagnostic[] | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    // The key first, so a report for other inputs costs 64 bytes' read, not the whole file.
    const head = Buffer.alloc(KEY_CHARS);
    if (readSync(fd, head, 0, KEY_CHARS, 0) !== KEY_CHARS || head.toString('latin1') !== key) return undefined;
    const value: unknown = deserialize(readFileSync(path).subarray(KEY_CHARS));
    if (value === null || typeof value !== 'object') return undefined;
    const stored = value as { format?: unknown; key?: unknown; diagnostics?: unknown };
    // The key again inside the payload: a head from one write and a body from another never pass.
    return stored.format === FORMAT && stored.key === key && isColumns(stored.diagnostics) ? decode(stored.diagnostics) : undefined;
  } catch {
    // Missing, truncated or garbled: no report.
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * The file's bytes for a report: the key, then the serialised findings (written whole by the caller). Undefined
 * when a finding cannot be stored exactly (see `encodable`).
 */
export function reportBytes(key: string, diagnostics: readonly Diagnostic[]): Buffer | undefined {
  const columns = encode(diagnostics);
  return columns ? Buffer.concat([Buffer.from(key, 'latin1'), serialize({ format: FORMAT, key, diagnostics: columns })]) : undefined;
}

/** The key of the report stored in `path`, if any (so an unchanged report is not written again). */
export function storedKey(path: string): string | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const head = Buffer.alloc(KEY_CHARS);
    return readSync(fd, head, 0, KEY_CHARS, 0) === KEY_CHARS ? head.toString('latin1') : undefined;
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
