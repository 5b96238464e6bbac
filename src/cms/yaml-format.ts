/**
 * How the web form reads and writes listing files. Decap's own YAML writer would reformat a volunteer's whole file
 * on every save, write `key: ''` for fields left empty (which the validator rejects), and lose the comments. This
 * format, registered for each kind by the admin bundle, instead:
 *
 * - drops what the form leaves empty (blank text, empty lists and sections), trims text, and writes `cost: free`
 *   for the form's "Free of charge" box alone;
 * - writes a new file in the model's field order, with the `$schema` line editors use for autocomplete;
 * - changes an existing file only where a top-level field's value changed, keeping every other line (comments,
 *   quoting, layout) byte for byte, so a pull request from the form shows just what the person changed: "still
 *   accurate" is a one-line diff.
 *
 * Whatever the original looked like, the text written always reads back as exactly the form's data (checked here,
 * and by a property test); when a surgical edit cannot guarantee that, the whole file is written afresh.
 *
 * Runs in the browser (bundled into /admin/loop-cms.js) and in Node (tests): no Node APIs.
 */
import { isMap, isScalar, parseDocument, visit, Document, type Scalar } from 'yaml';
import { MAX_ALIAS_COUNT, YAML_OPTIONS } from '../dataset/yaml-options.ts';
import { derivedJsonSchema } from '../model/json-schema.ts';
import { SCHEMAS } from '../model/kinds.ts';

export type FormKind = 'organisation' | 'service' | 'resource' | 'location' | 'taxonomy';
export const FORM_KINDS: readonly FormKind[] = ['service', 'resource', 'organisation', 'location', 'taxonomy'];

/** The custom format the admin bundle registers for each kind (src/cms/admin.ts), named in config.yml. */
export function formatName(kind: FormKind): string {
  return `loop-${kind}`;
}

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export type Data = Record<string, unknown>;

interface SchemaNode {
  type?: string;
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
  anyOf?: SchemaNode[];
}

const schemas = new Map<FormKind, SchemaNode>();
function schemaOf(kind: FormKind): SchemaNode {
  let schema = schemas.get(kind);
  if (!schema) {
    schema = derivedJsonSchema(SCHEMAS[kind]) as SchemaNode;
    schemas.set(kind, schema);
  }
  return schema;
}

/** Folder depth of each kind's files under the repository root, for the `$schema` comment's relative path. */
const DEPTH: Record<FormKind, number> = { service: 3, resource: 3, organisation: 2, location: 2, taxonomy: 2 };

export function schemaComment(kind: FormKind): string {
  return `# yaml-language-server: $schema=${'../'.repeat(DEPTH[kind])}schemas/${kind}.schema.json`;
}

/** Parses a listing file the way the validator does (YAML 1.2 core schema: dates and times stay text). */
export function parseListing(text: string): Data {
  const doc = parseDocument(text, { ...YAML_OPTIONS, prettyErrors: true });
  if (doc.errors.length) throw new Error(`this file has a YAML error: ${doc.errors[0]!.message.split('\n')[0]}`);
  const value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) as unknown;
  if (value === null || value === undefined) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw new Error('this file is not a block of fields');
  return value as Data;
}

/** File -> form: the shapes the form shows where they differ from the file (see src/cms/fields.ts, unionField). */
export function toForm(kind: FormKind, data: Data): Data {
  if ((kind === 'service' || kind === 'resource') && data.cost === 'free') return { ...data, cost: { free: true } };
  return data;
}

function isEmpty(value: unknown): boolean {
  if (value === undefined || value === null || value === '') return true;
  if (typeof value === 'number') return Number.isNaN(value);
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === 'object') return Object.keys(value).length === 0;
  return false;
}

/** Trims text, drops blanks and empty lists/sections, and orders keys as the model declares them. */
function clean(value: unknown, schema: SchemaNode | undefined): unknown {
  if (typeof value === 'string') return value.trim();
  if (Array.isArray(value)) {
    const item = schema?.items;
    return value.map((v) => clean(v, item)).filter((v) => !isEmpty(v));
  }
  if (value !== null && typeof value === 'object') {
    const objectSchema = schema?.properties ? schema : schema?.anyOf?.find((b) => b.type === 'object');
    const declared = Object.keys(objectSchema?.properties ?? {});
    const keys = [...declared.filter((k) => k in value), ...Object.keys(value).filter((k) => !declared.includes(k))];
    const out: Record<string, unknown> = {};
    for (const key of keys) {
      const cleaned = clean((value as Record<string, unknown>)[key], objectSchema?.properties?.[key]);
      if (!isEmpty(cleaned)) out[key] = cleaned;
    }
    return out;
  }
  return value;
}

/** Form -> file data: what will be written, before any formatting. */
export function fromForm(kind: FormKind, data: Data): Data {
  const out = clean(data, schemaOf(kind)) as Data;
  if ((kind === 'service' || kind === 'resource') && out.cost && typeof out.cost === 'object') {
    const cost = out.cost as Record<string, unknown>;
    if (cost.free === true && Object.keys(cost).length === 1) out.cost = 'free';
  }
  return out;
}

export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((v, i) => sameValue(v, b[i]));
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k) => k in b && sameValue((a as Data)[k], (b as Data)[k]));
  }
  return false;
}

const TIME = /^\d\d:\d\d$/;
const LINE_WIDTH = 118;

/** One top-level field in LOOP's house style: short lists inline, long text folded, multi-line text literal. */
export function renderField(key: string, value: unknown): string {
  const doc = new Document({ [key]: value as Json });
  visit(doc, {
    Seq(_, seq) {
      const short = (item: unknown): boolean =>
        isScalar(item) && !(typeof item.value === 'string' && (item.value.includes('\n') || item.value.length > 60));
      if (seq.items.every(short)) seq.flow = true;
    },
    Scalar(_, scalar: Scalar) {
      if (typeof scalar.value !== 'string') return;
      // "09:30" is a sexagesimal number to YAML 1.1 readers; quoting keeps it a time for every consumer.
      if (TIME.test(scalar.value)) scalar.type = 'QUOTE_DOUBLE';
      else if (scalar.value.includes('\n')) {
        // `|` rather than `|-`: the usual way to write a block of text, and what LOOP's example files do.
        if (!scalar.value.endsWith('\n')) scalar.value = `${scalar.value}\n`;
        scalar.type = 'BLOCK_LITERAL';
      }
      else if (scalar.value.length > LINE_WIDTH - 20) scalar.type = 'BLOCK_FOLDED';
    },
  });
  return doc.toString({ lineWidth: LINE_WIDTH, minContentWidth: 40, flowCollectionPadding: false });
}

function freshFile(kind: FormKind, data: Data): string {
  return `${schemaComment(kind)}\n${Object.entries(data).map(([k, v]) => renderField(k, v)).join('')}`;
}

interface Span {
  key: string;
  /** First and last line (0-based, inclusive) of `key: value`. */
  first: number;
  last: number;
}

/** Where each top-level field sits in the original text; undefined when the file is not a plain block mapping. */
function spansOf(text: string): { spans: Span[]; data: Data } | undefined {
  const doc = parseDocument(text, YAML_OPTIONS);
  if (doc.errors.length || !isMap(doc.contents)) return undefined;
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  const lineOf = (offset: number): number => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  const spans: Span[] = [];
  for (const pair of doc.contents.items) {
    if (!isScalar(pair.key) || typeof pair.key.value !== 'string' || !pair.key.range) return undefined;
    const start = pair.key.range[0];
    const first = lineOf(start);
    if (start !== lineStarts[first]) return undefined; // a key not at the start of its line: not block style
    const node = pair.value as { range?: [number, number, number] } | null;
    const end = node?.range ? node.range[1] : pair.key.range[1];
    let last = lineOf(Math.max(start, end - 1));
    // A block scalar's range can run over the blank lines after it: they belong to the layout, not the value.
    while (last > first && /^\s*(#.*)?$/.test(text.slice(lineStarts[last], lineStarts[last + 1] ?? text.length).replace(/\r?\n$/, ''))) last--;
    spans.push({ key: pair.key.value, first, last });
  }
  if (doc.contents.flow) return undefined;
  return { spans, data: doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) as Data };
}

/** Changes only the top-level fields whose values differ; undefined when that cannot be done safely. */
function editFile(kind: FormKind, original: string, data: Data): string | undefined {
  const found = spansOf(original);
  if (!found) return undefined;
  const newline = original.includes('\r\n') ? '\r\n' : '\n';
  const lines = original.split(/\r?\n/);
  const endsWithNewline = original.endsWith('\n');
  if (endsWithNewline) lines.pop();
  const byKey = new Map(found.spans.map((s) => [s.key, s]));
  const render = (key: string): string[] => renderField(key, data[key]).replace(/\n$/, '').split('\n');
  type Edit = { at: number; remove: number; insert: string[] };
  const edits: Edit[] = [];
  // Compared as the form would write them: a description that only gained a trailing newline is unchanged.
  const before = fromForm(kind, toForm(kind, found.data));
  for (const span of found.spans) {
    if (!(span.key in data)) edits.push({ at: span.first, remove: span.last - span.first + 1, insert: [] });
    else if (!sameValue(before[span.key], data[span.key])) edits.push({ at: span.first, remove: span.last - span.first + 1, insert: render(span.key) });
  }
  // New fields go after the nearest field before them in the model's order (or before the first field).
  const order = Object.keys(data);
  for (const [i, key] of order.entries()) {
    if (byKey.has(key)) continue;
    const before = order.slice(0, i).reverse().find((k) => byKey.has(k));
    const at = before ? byKey.get(before)!.last + 1 : (found.spans[0]?.first ?? lines.length);
    edits.push({ at, remove: 0, insert: render(key) });
  }
  // Apply from the bottom up so earlier line numbers stay valid; insertions at one place keep their order.
  edits
    .map((e, i) => ({ ...e, i }))
    .sort((a, b) => b.at - a.at || b.i - a.i)
    .forEach((e) => lines.splice(e.at, e.remove, ...e.insert));
  const text = `${lines.join(newline)}${endsWithNewline ? newline : ''}`;
  return readsBackAs(kind, text, data) ? text : undefined;
}

/**
 * Form data -> file text. With `original` (the file as it was read), only changed fields are rewritten; without
 * it, a new file is written. Either way the result reads back as `fromForm(kind, data)` (`readsBackAs`).
 */
export function writeListing(kind: FormKind, formData: Data, original?: string): string {
  const data = fromForm(kind, formData);
  if (original !== undefined) {
    const edited = editFile(kind, original, data);
    if (edited !== undefined) return edited;
  }
  return freshFile(kind, data);
}

/** True when a file, read as the form reads it, holds exactly this (normalised) data: the writer's safety net. */
export function readsBackAs(kind: FormKind, text: string, data: Data): boolean {
  try {
    return sameValue(fromForm(kind, toForm(kind, parseListing(text))), data);
  } catch {
    return false;
  }
}
