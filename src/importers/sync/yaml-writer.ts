/**
 * Writing listing files the way people write them: the `$schema` line first, keys in the model's order, block
 * style, quotes only where YAML needs them (and around times, which YAML 1.1 tools read as numbers), short lists
 * of words in brackets, long text as `|` or `>-` blocks.
 *
 * Updating an existing file changes only the text of the fields that changed: everything else (comments, blank
 * lines, the author's quoting and wrapping, fields the import does not own) stays byte for byte. Edits go as deep
 * as the change (one key of one schedule of one venue), so comments beside untouched parts survive too.
 */
import { isMap, isScalar, isSeq, parseDocument, Scalar, visit, type Document, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import { keysAt } from '../../model/walk.ts';
import type { PathSegment } from '../../dataset/source.ts';
import { FOLDERS, SCHEMAS, type FileKind } from '../../model/kinds.ts';

type Json = Record<string, unknown>;

const LINE_WIDTH = 118;
const TIME = /^\d{1,2}:\d{2}$/;

/** `# yaml-language-server: $schema=../../schemas/service.schema.json`, relative to where the file lives. */
export function schemaLine(kind: FileKind): string {
  const depth = kind === 'service' || kind === 'resource' ? 3 : kind === 'synonyms' ? 1 : 2;
  return `# yaml-language-server: $schema=${'../'.repeat(depth)}schemas/${kind}.schema.json`;
}

export function folderOf(kind: FileKind): string {
  return FOLDERS[kind];
}

/**
 * Top-level keys of services and resources in the order people write them (and the example data uses): what it is
 * first, then who it is for, how to get it, and the bookkeeping (tags, provenance, review) last. Other kinds, and
 * nested objects, follow the model's own order.
 */
const LISTING_ORDER: Partial<Record<FileKind, string[]>> = {
  service: [
    'id', 'name', 'alternate_name', 'organisation', 'kind', 'status', 'summary', 'description', 'url', 'email', 'categories', 'needs',
    'circumstances', 'conditions', 'audiences', 'minimum_age', 'maximum_age', 'eligibility_description', 'cost', 'languages',
    'delivery', 'phones', 'schedules', 'locations', 'confidential_location', 'service_areas', 'referral', 'wait_time', 'required_documents',
    'accreditations', 'interpretation_services', 'information', 'social', 'contacts', 'accessibility', 'funding', 'alert',
    'end_date', 'tags', 'provenance', 'reviewed', 'reviewed_by',
  ],
  resource: [
    'id', 'name', 'alternate_name', 'organisation', 'format', 'status', 'summary', 'description', 'url', 'email', 'duration',
    'platforms', 'publisher', 'published', 'categories', 'needs', 'circumstances', 'conditions', 'audiences', 'minimum_age',
    'maximum_age', 'eligibility_description', 'cost', 'languages', 'accessibility', 'clinically_reviewed', 'social', 'alert',
    'end_date', 'tags', 'provenance', 'reviewed', 'reviewed_by',
  ],
};

const orders = new Map<string, string[]>();

/** The order keys are written in at `path` inside a file of `kind` (list positions do not matter). */
export function keyOrder(kind: FileKind, path: PathSegment[]): string[] {
  const cacheKey = `${kind}|${path.map((p) => (typeof p === 'number' ? '#' : p)).join('.')}`;
  let order = orders.get(cacheKey);
  if (!order) {
    const model = keysAt(SCHEMAS[kind], path);
    const house = path.length === 0 ? LISTING_ORDER[kind] : undefined;
    order = house ? [...house, ...model.filter((k) => !house.includes(k))] : model;
    orders.set(cacheKey, order);
  }
  return order;
}

/** A copy of `value` with object keys in house order (unknown keys last, as given). */
export function ordered(kind: FileKind, value: unknown, path: PathSegment[] = []): unknown {
  if (Array.isArray(value)) return value.map((item, i) => ordered(kind, item, [...path, i]));
  if (value === null || typeof value !== 'object') return value;
  const keys = keyOrder(kind, path);
  const entries = Object.entries(value as Json).filter(([, v]) => v !== undefined);
  entries.sort(([a], [b]) => {
    const ia = keys.indexOf(a);
    const ib = keys.indexOf(b);
    return (ia < 0 ? Infinity : ia) - (ib < 0 ? Infinity : ib);
  });
  return Object.fromEntries(entries.map(([k, v]) => [k, ordered(kind, v, [...path, k])]));
}

// ---------------------------------------------------------------------------------------------------------------
// A small emitter for the shapes listing files have (maps, lists, text, numbers, booleans). It is much quicker than
// building a yaml Document for each of thousands of imported records, and it writes the house style directly. It
// is conservative: anything it is not sure YAML would read back as the same text is double-quoted (JSON string
// syntax, which YAML 1.2 reads as written). A property test checks every value reads back unchanged.

const RESERVED = /^(?:true|false|yes|no|on|off|y|n|null|~|[-+]?\.inf|\.nan)$/i;
const NUMBER_LIKE = /^[-+]?(?:\d[\d_,]*(?:\.[\d_]*)?|\.\d[\d_]*)(?:e[-+]?\d+)?$|^0[xob][0-9a-f_]+$/i;
const UNSAFE_CHARS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff\ud800-\udfff]/;

/** Can `text` be written without quotes and read back as the same string (by YAML 1.2 and 1.1 readers)? */
function plainSafe(text: string, flow: boolean): boolean {
  if (!text || text !== text.trim() || UNSAFE_CHARS.test(text)) return false;
  if (/^[-?:,[\]{}#&*!|>'"%@`]/.test(text)) return false;
  if (/: |:$| #|\s\s/.test(text)) return false;
  if (RESERVED.test(text) || NUMBER_LIKE.test(text)) return false;
  // 10:30 is a number (sexagesimal) and 2026-01-01T10:00 a timestamp to YAML 1.1 tools; plain dates stay, as people write them.
  if (/^[-+]?\d+(:[0-5]?\d)+(\.\d*)?$/.test(text) || /^\d{4}-\d\d?-\d\d?([Tt ]|$)/.test(text.replace(/^\d{4}-\d\d-\d\d$/, ''))) return false;
  if (flow && /[,[\]{}]/.test(text)) return false;
  return true;
}

function quoted(text: string): string {
  return JSON.stringify(text).replace(/[\u0085\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Lines of at most `width` characters, broken at single spaces (so folding gives back the same text). */
function foldLines(text: string, width: number): string[] | undefined {
  if (text.includes('  ') || /[\t\n]/.test(text) || text !== text.trim()) return undefined;
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(' ')) {
    if (current && current.length + 1 + word.length > width) {
      lines.push(current);
      current = word;
    } else current = current ? `${current} ${word}` : word;
  }
  lines.push(current);
  return lines;
}

/** A scalar after "key: " or "- ", at `indent` (the column the key or dash is at). */
function scalarText(value: unknown, indent: number): string {
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : quoted(String(value));
  if (typeof value === 'boolean') return String(value);
  if (value === null || value === undefined) return 'null';
  const text = String(value);
  const pad = ' '.repeat(indent + 2);
  if (TIME.test(text)) return quoted(text);
  if (text.includes('\n')) {
    const body = text.replace(/\n+$/, '');
    const trailing = text.length - body.length;
    const lines = body.split('\n');
    const literalOk = !/\r/.test(text) && !UNSAFE_CHARS.test(text.replace(/\n/g, '')) && /^[^ \t\n]/.test(body) && lines.every((l) => !/[ \t]$/.test(l)) && trailing <= 1;
    if (literalOk) return `|${trailing ? '' : '-'}\n${lines.map((l) => (l ? pad + l : '')).join('\n')}`;
    return quoted(text);
  }
  if (text.length > 100 && !UNSAFE_CHARS.test(text)) {
    const lines = foldLines(text, Math.max(40, LINE_WIDTH - indent - 2));
    if (lines && lines.length > 1) return `>-\n${lines.map((l) => pad + l).join('\n')}`;
  }
  return plainSafe(text, false) ? text : quoted(text);
}

function isScalarValue(value: unknown): boolean {
  return value === null || typeof value !== 'object';
}

/** `[a, b]` for a short list of simple words (term slugs, days, codes), as people write them; else undefined. */
function flowList(items: unknown[]): string | undefined {
  if (!items.length || !items.every((i) => typeof i === 'number' || (typeof i === 'string' && plainSafe(i, true) && /^[\p{L}\p{N}]/u.test(i)))) return undefined;
  const text = `[${items.map(String).join(', ')}]`;
  return text.length <= 82 ? text : undefined;
}

function keyText(key: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? key : quoted(key);
}

function emitMap(map: Json, indent: number, out: string[], firstPrefix?: string): void {
  const pad = ' '.repeat(indent);
  let first = true;
  for (const [key, value] of Object.entries(map)) {
    if (value === undefined) continue;
    const lead = first && firstPrefix !== undefined ? firstPrefix : pad;
    first = false;
    const k = keyText(key);
    if (isScalarValue(value)) out.push(`${lead}${k}: ${scalarText(value, indent)}`);
    else if (Array.isArray(value)) {
      const flow = value.length === 0 ? '[]' : flowList(value);
      if (flow) out.push(`${lead}${k}: ${flow}`);
      else {
        out.push(`${lead}${k}:`);
        emitList(value, indent + 2, out);
      }
    } else if (Object.keys(value as Json).filter((x) => (value as Json)[x] !== undefined).length === 0) out.push(`${lead}${k}: {}`);
    else {
      out.push(`${lead}${k}:`);
      emitMap(value as Json, indent + 2, out);
    }
  }
}

function emitList(list: unknown[], indent: number, out: string[]): void {
  const pad = ' '.repeat(indent);
  for (const item of list) {
    if (isScalarValue(item)) out.push(`${pad}- ${scalarText(item, indent)}`);
    else if (Array.isArray(item)) {
      const flow = item.length === 0 ? '[]' : flowList(item);
      if (flow) out.push(`${pad}- ${flow}`);
      else {
        out.push(`${pad}-`);
        emitList(item, indent + 2, out);
      }
    } else if (Object.keys(item as Json).filter((x) => (item as Json)[x] !== undefined).length === 0) out.push(`${pad}- {}`);
    else emitMap(item as Json, indent + 2, out, `${pad}- `);
  }
}

/** YAML text for a value (a whole record, a pair, a list item), in the house style, ending with a newline. */
export function toYaml(value: unknown): string {
  const out: string[] = [];
  if (Array.isArray(value)) {
    const flow = value.length === 0 ? '[]' : undefined;
    if (flow) out.push(flow);
    else emitList(value, 0, out);
  } else if (value !== null && typeof value === 'object') {
    if (Object.values(value).every((v) => v === undefined)) out.push('{}');
    else emitMap(value as Json, 0, out);
  } else out.push(scalarText(value, -2));
  return `${out.join('\n')}\n`;
}

/** The yaml library's rendering, for the rare fallback edit through the Document API. */
function styleDocument(doc: Document): void {
  visit(doc, {
    Scalar(key, node) {
      if (key === 'key' || typeof node.value !== 'string') return;
      if (TIME.test(node.value)) node.type = Scalar.QUOTE_DOUBLE;
      else if (node.value.includes('\n') && !/^\s|[ \t]\n|\s$/.test(node.value.replace(/\n$/, ''))) node.type = Scalar.BLOCK_LITERAL;
    },
  });
}

const TO_STRING = { lineWidth: LINE_WIDTH, minContentWidth: 40, flowCollectionPadding: false, indentSeq: true } as const;

/** The whole text of a new file. */
export function newFileText(kind: FileKind, record: Json, comment?: string): string {
  const header = [schemaLine(kind), ...(comment ? comment.split('\n').map((l) => `# ${l}`.trimEnd()) : [])].join('\n');
  return `${header}\n${toYaml(ordered(kind, record))}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Editing existing files in place.

interface Edit {
  start: number;
  end: number;
  text: string;
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

function columnOf(text: string, offset: number): number {
  return offset - lineStart(text, offset);
}

function indent(text: string, spaces: number, firstLine: boolean): string {
  const pad = ' '.repeat(spaces);
  return text
    .split('\n')
    .map((l, i) => ((i > 0 || firstLine) && l ? pad + l : l))
    .join('\n');
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

/** Sorted keys, no undefined: a value's identity regardless of how it was written. */
export function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Json)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([k, v]) => [k, canonical(v)]),
    );
  }
  return value;
}

function isBlockMap(node: unknown): node is YAMLMap {
  return isMap(node) && !node.flow;
}
function isBlockSeq(node: unknown): node is YAMLSeq {
  return isSeq(node) && !node.flow;
}
function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

class Editor {
  readonly edits: Edit[] = [];
  /** Set when an edit cannot be made in place; the caller then rewrites the file through the Document API. */
  failed = false;
  private readonly text: string;
  private readonly kind: FileKind;

  constructor(text: string, kind: FileKind) {
    this.text = text;
    this.kind = kind;
  }

  private pairText(key: string, value: unknown, path: PathSegment[]): string {
    return toYaml({ [key]: ordered(this.kind, value, path) });
  }

  /** Replaces the whole pair (key through the end of its value, trailing comment included). */
  private replacePair(pair: Pair, key: string, value: unknown, path: PathSegment[]): void {
    const keyNode = pair.key as Node;
    const valueNode = pair.value as Node | null;
    const start = keyNode.range![0];
    const end = valueNode?.range ? valueNode.range[2] : keyNode.range![2];
    const original = this.text.slice(start, end);
    let replacement = indent(this.pairText(key, value, path), columnOf(this.text, start), false);
    // Keep a comment written beside a one-line value ("organisation: x # see ...") when the new value is one line.
    const comment = valueNode && (isScalar(valueNode) || (isSeq(valueNode) && valueNode.flow)) ? (valueNode as Scalar).comment : undefined;
    if (comment && !replacement.trimEnd().includes('\n')) replacement = `${replacement.trimEnd()} #${comment}\n`;
    if (!original.endsWith('\n')) replacement = replacement.replace(/\n$/, '');
    this.edits.push({ start, end, text: replacement });
  }

  /** Removes a pair with the comment lines directly above it. */
  private deletePair(map: YAMLMap, index: number): void {
    const pair = map.items[index]!;
    const keyNode = pair.key as Node;
    const valueNode = pair.value as Node | null;
    const keyStart = keyNode.range![0];
    let start = lineStart(this.text, keyStart);
    if (this.text.slice(start, keyStart).trim() !== '') {
      // The key shares its line with a "- " (first key of a list item): not removable on its own.
      this.failed = true;
      return;
    }
    const previousEnd = index > 0 ? ((map.items[index - 1]!.value as Node | null)?.range?.[2] ?? start) : start;
    const above = this.text.slice(previousEnd, start);
    if (previousEnd < start && /^(\s*#[^\n]*\n)+$/.test(above)) start = previousEnd;
    const end = valueNode?.range ? valueNode.range[2] : keyNode.range![2];
    this.edits.push({ start, end, text: '' });
  }

  private insertPair(map: YAMLMap, key: string, value: unknown, path: PathSegment[]): void {
    const order = keyOrder(this.kind, path.slice(0, -1));
    const position = order.indexOf(key);
    let after: Pair | undefined;
    let best = -1;
    for (const pair of map.items) {
      const i = order.indexOf(String((pair.key as Scalar).value));
      if (i >= 0 && (position < 0 || i < position) && i > best) {
        best = i;
        after = pair;
      }
    }
    const first = map.items[0];
    if (!first) {
      this.failed = true;
      return;
    }
    const firstKey = first.key as Node;
    const column = columnOf(this.text, firstKey.range![0]);
    if (after) {
      const end = (after.value as Node | null)?.range?.[2] ?? (after.key as Node).range![2];
      const needsNewline = end > 0 && this.text[end - 1] !== '\n';
      this.edits.push({ start: end, end, text: `${needsNewline ? '\n' : ''}${indent(this.pairText(key, value, path), column, true)}` });
    } else {
      const start = lineStart(this.text, firstKey.range![0]);
      if (this.text.slice(start, firstKey.range![0]).trim() !== '') {
        this.failed = true;
        return;
      }
      this.edits.push({ start, end: start, text: indent(this.pairText(key, value, path), column, true) });
    }
  }

  /** Makes the block map `map` (whose current value is `current`) hold `next`, touching only what differs. */
  editMap(map: YAMLMap, current: Json, next: Json, path: PathSegment[], owned?: Set<string>): void {
    const keys = new Set([...Object.keys(current), ...Object.keys(next)]);
    for (const key of keys) {
      if (owned && !owned.has(key)) continue;
      const was = current[key];
      const will = next[key];
      if (same(was, will)) continue;
      const index = map.items.findIndex((p) => isScalar(p.key) && String(p.key.value) === key);
      const pair = index >= 0 ? map.items[index]! : undefined;
      if (will === undefined) {
        if (pair) this.deletePair(map, index);
        continue;
      }
      if (!pair) {
        this.insertPair(map, key, will, [...path, key]);
        continue;
      }
      this.editValue(pair, key, was, will, [...path, key]);
    }
  }

  private editValue(pair: Pair, key: string, was: unknown, will: unknown, path: PathSegment[]): void {
    const node = pair.value;
    if (isBlockMap(node) && isObject(was) && isObject(will) && node.items.length > 0) {
      this.editMap(node, was, will, path);
      return;
    }
    if (isBlockSeq(node) && Array.isArray(was) && Array.isArray(will) && was.length === will.length && node.items.length === was.length) {
      will.forEach((item, i) => {
        if (same(was[i], item)) return;
        const itemNode = node.items[i];
        if (isBlockMap(itemNode) && isObject(was[i]) && isObject(item) && itemNode.items.length > 0) this.editMap(itemNode, was[i] as Json, item, [...path, i]);
        else this.replaceItem(itemNode as Node, item, [...path, i]);
      });
      return;
    }
    if (
      isBlockSeq(node) && Array.isArray(was) && Array.isArray(will) && was.length > 0 && will.length > was.length &&
      node.items.length === was.length && was.every((item, i) => same(item, will[i]))
    ) {
      // Items added at the end (new taxonomy terms, a new phone line): the existing items stay as written.
      const last = node.items.at(-1) as Node;
      const end = last.range![2];
      const dash = Math.max(0, columnOf(this.text, last.range![0]) - 2);
      const added = indent(toYaml(ordered(this.kind, will.slice(was.length), path)), dash, true);
      this.edits.push({ start: end, end, text: `${this.text[end - 1] === '\n' ? '' : '\n'}${added}` });
      return;
    }
    this.replacePair(pair, key, will, path.slice(0, -1).concat(key));
  }

  private replaceItem(node: Node, value: unknown, path: PathSegment[]): void {
    if (!node?.range) {
      this.failed = true;
      return;
    }
    const [start, , end] = node.range;
    const original = this.text.slice(start, end);
    let replacement = indent(toYaml(ordered(this.kind, value, path)), columnOf(this.text, start), false);
    if (!original.endsWith('\n')) replacement = replacement.replace(/\n$/, '');
    this.edits.push({ start, end, text: replacement });
  }
}

function applyEdits(text: string, edits: Edit[]): string {
  const sorted = [...edits].sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  let limit = Infinity;
  for (const edit of sorted) {
    if (edit.end > limit) throw new Error('overlapping edits');
    out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
    limit = edit.start;
  }
  return out;
}

/**
 * Rewrites the top-level fields in `owned` so the file holds `next` (fields absent from `next` are removed), and
 * leaves every other byte alone. Falls back to the yaml Document API (comments kept, layout normalised) in the rare
 * shapes a text edit cannot handle, and checks the result reads back as intended either way.
 */
export function updateFileText(kind: FileKind, text: string, next: Json, owned: Iterable<string>): string {
  const doc = parseDocument(text, { version: '1.2' });
  const contents = doc.contents;
  const current = (doc.toJS() ?? {}) as Json;
  const ownedSet = new Set(owned);
  const target: Json = { ...current };
  for (const key of ownedSet) {
    if (next[key] === undefined) delete target[key];
    else target[key] = next[key];
  }
  if (same(current, target)) return text;
  let result: string | undefined;
  if (isBlockMap(contents) && doc.errors.length === 0) {
    const editor = new Editor(text, kind);
    editor.editMap(contents, current, target, [], ownedSet);
    if (!editor.failed) {
      try {
        result = applyEdits(text, editor.edits);
      } catch {
        result = undefined;
      }
    }
  }
  if (result === undefined || !same(parseDocument(result, { version: '1.2' }).toJS(), target)) {
    for (const key of ownedSet) {
      if (target[key] === undefined) doc.deleteIn([key]);
      else doc.setIn([key], doc.createNode(ordered(kind, target[key], [key])));
    }
    styleDocument(doc);
    result = doc.toString(TO_STRING);
    if (!same(parseDocument(result, { version: '1.2' }).toJS(), target)) throw new Error('the updated file does not read back as intended');
  }
  return result;
}

/** Appends items to a top-level list (e.g. `terms:` of a taxonomy), keeping everything else as it is. */
export function appendToList(kind: FileKind, text: string, key: string, items: unknown[]): string {
  if (!items.length) return text;
  const doc = parseDocument(text, { version: '1.2' });
  const current = (doc.toJS() ?? {}) as Json;
  const list = Array.isArray(current[key]) ? (current[key] as unknown[]) : [];
  return updateFileText(kind, text, { ...current, [key]: [...list, ...items] }, [key]);
}
