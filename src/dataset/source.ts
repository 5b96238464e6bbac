/**
 * A parsed YAML file with the means to turn a path inside it (["phones", 0, "number"]) into a line and column.
 */
import { isMap, isPair, isScalar, isSeq, LineCounter, type Document, type Node, type Pair, type Scalar } from 'yaml';

/** YAML's named escapes in double-quoted strings, for finding a character written as one. */
const YAML_ESCAPES: Record<number, string> = { 0x00: '\\0', 0x07: '\\a', 0x08: '\\b', 0x09: '\\t', 0x0a: '\\n', 0x0b: '\\v', 0x0c: '\\f', 0x0d: '\\r', 0x1b: '\\e', 0x85: '\\N', 0x2028: '\\L', 0x2029: '\\P' };

export type PathSegment = string | number;

export interface Position {
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
}

export class SourceFile {
  /** Path relative to the repository (or data folder's parent), forward slashes. */
  readonly file: string;
  readonly text: string;
  readonly doc: Document.Parsed | undefined;
  private readonly lines: LineCounter;

  constructor(file: string, text: string, lines: LineCounter, doc?: Document.Parsed) {
    this.file = file;
    this.text = text;
    this.lines = lines;
    this.doc = doc;
  }

  positionOfOffset(offset: number): { line: number; column: number } {
    const { line, col } = this.lines.linePos(Math.max(0, Math.min(offset, this.text.length)));
    return { line, column: col };
  }

  private range(offsets: readonly [number, number, ...number[]] | null | undefined): Position {
    if (!offsets) return { line: 1, column: 1 };
    const start = this.positionOfOffset(offsets[0]);
    const end = this.positionOfOffset(offsets[1]);
    return { ...start, endLine: end.line, endColumn: end.column };
  }

  /**
   * The position of the value at `path`, or of its key when `key` is set. When the path does not exist (a missing
   * required field), the deepest node that does exist is used: the error points at the object missing the field.
   */
  locate(path: readonly PathSegment[], options: { key?: boolean } = {}): Position {
    let node: unknown = this.doc?.contents;
    let pair: Pair | undefined;
    for (const segment of path) {
      if (isMap(node)) {
        const found = node.items.find((item) => isScalar(item.key) && String(item.key.value) === String(segment));
        if (!found) break;
        pair = found;
        node = found.value;
      } else if (isSeq(node) && typeof segment === 'number' && segment < node.items.length) {
        pair = undefined;
        node = node.items[segment];
      } else {
        break;
      }
    }
    if (options.key && pair && isScalar(pair.key)) return this.range(pair.key.range);
    if (node && typeof node === 'object' && 'range' in node) {
      const n = node as Node;
      // A whole map or sequence spans many lines: point at its first line only.
      if (isMap(n) || isSeq(n)) return this.range([n.range![0], n.range![0]]);
      return this.range(n.range);
    }
    if (isPair(pair) && isScalar(pair.key)) return this.range(pair.key.range);
    return { line: 1, column: 1 };
  }

  /**
   * Where `character` first appears inside the value at `path`: written as itself, or as a YAML escape in a
   * double-quoted value ("\u202E"). Falls back to the value's own position.
   */
  locateCharacter(path: readonly PathSegment[], character: string): Position {
    const node = this.nodeAt(path);
    if (!node?.range) return this.locate(path);
    // A block scalar's range starts at its "|" or ">" header, whose own line break is not part of the value.
    const from = node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED' ? this.text.indexOf('\n', node.range[0]) + 1 : node.range[0];
    const slice = this.text.slice(from, node.range[1]);
    const code = character.codePointAt(0)!;
    const hex = code.toString(16);
    const lower = slice.toLowerCase();
    const offsets = [
      slice.indexOf(character),
      lower.indexOf(`\\u${hex.padStart(4, '0')}`),
      lower.indexOf(`\\u${hex.padStart(8, '0')}`),
      code < 0x100 ? lower.indexOf(`\\x${hex.padStart(2, '0')}`) : -1,
      YAML_ESCAPES[code] ? slice.indexOf(YAML_ESCAPES[code]) : -1,
    ].filter((i) => i >= 0);
    if (!offsets.length) return this.locate(path);
    return this.positionOfOffset(from + Math.min(...offsets));
  }

  private nodeAt(path: readonly PathSegment[]): Scalar | undefined {
    let node: unknown = this.doc?.contents;
    for (const segment of path) {
      if (isMap(node)) node = node.items.find((item) => isScalar(item.key) && String(item.key.value) === String(segment))?.value;
      else if (isSeq(node) && typeof segment === 'number') node = node.items[segment];
      else return undefined;
    }
    return isScalar(node) ? node : undefined;
  }

  frame(line: number, column: number, context = 1): string {
    return codeFrame(this.text, line, column, context);
  }
}

/** A few lines around `line` with a caret under `column`, for the pretty format. */
export function codeFrame(text: string, line: number, column: number, context = 1): string {
  const all = text.split(/\r?\n/);
  const from = Math.max(1, line - context);
  const to = Math.min(all.length, line + context);
  const width = String(to).length;
  const out: string[] = [];
  for (let n = from; n <= to; n++) {
    const shown = (all[n - 1] ?? '').replace(/\t/g, '→').slice(0, 160);
    out.push(`${n === line ? '>' : ' '} ${String(n).padStart(width)} | ${shown}`);
    if (n === line) out.push(`  ${' '.repeat(width)} | ${' '.repeat(Math.max(0, Math.min(column - 1, 160)))}^`);
  }
  return out.join('\n');
}
