/**
 * Finding the line of a path in a file after its syntax tree has been let go. Checking a file records where each
 * top-level field is (enough for almost every dataset rule); anything deeper re-reads and re-parses just that file,
 * which only happens for the few files that have such findings.
 */
import { readFileSync } from 'node:fs';
import { isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import type { PathSegment, Position } from './source.ts';
import { SourceFile } from './source.ts';

/** key -> [keyLine, keyCol, keyEndLine, keyEndCol, valueLine, valueCol, valueEndLine, valueEndCol] */
export type TopLevelPositions = Record<string, number[]>;

/**
 * Value positions of some deeper paths, recorded while the file was parsed (`deepPositions`): JSON of the path ->
 * [line, column, endLine, endColumn] (or [line, column]: what `SourceFile.locate` gives). For the deep paths dataset rules report on in many files at once (a phone
 * number shared across a region), so that reporting them does not parse each file again (issue #19).
 */
export type DeepPositions = Record<string, number[]>;

export interface Locator {
  locate(path: readonly PathSegment[], options?: { key?: boolean }): Position;
}

export function topLevelPositions(source: SourceFile): TopLevelPositions {
  const out: TopLevelPositions = {};
  const contents = source.doc?.contents;
  if (!isMap(contents)) return out;
  for (const pair of contents.items) {
    if (!isScalar(pair.key) || !pair.key.range) continue;
    const name = String(pair.key.value);
    if (name in out) continue;
    const [ks, ke] = pair.key.range;
    const value = pair.value as { range?: [number, number, number] } | null;
    // Collections point at their first line only, as SourceFile.locate does.
    const [vs, ve] = value?.range ? (isMap(value) || isSeq(value) ? [value.range[0], value.range[0]] : [value.range[0], value.range[1]]) : [ks, ke];
    const k1 = source.positionOfOffset(ks);
    const k2 = source.positionOfOffset(ke);
    const v1 = source.positionOfOffset(vs);
    const v2 = source.positionOfOffset(ve);
    out[name] = [k1.line, k1.column, k2.line, k2.column, v1.line, v1.column, v2.line, v2.column];
  }
  return out;
}

/** The value positions of `paths` (each of which exists in `source`), as `LazyLocator` reads them back. */
export function deepPositions(source: SourceFile, paths: readonly (readonly PathSegment[])[]): DeepPositions {
  const out: DeepPositions = {};
  for (const path of paths) {
    const at = source.locate(path);
    out[JSON.stringify(path)] = at.endLine === undefined || at.endColumn === undefined ? [at.line, at.column] : [at.line, at.column, at.endLine, at.endColumn];
  }
  return out;
}

export class LazyLocator implements Locator {
  private parsed: SourceFile | undefined;
  private readonly fullPath: string;
  private readonly display: string;
  private readonly top: TopLevelPositions;
  private readonly deep: DeepPositions | undefined;

  constructor(fullPath: string, display: string, top: TopLevelPositions, deep?: DeepPositions) {
    this.fullPath = fullPath;
    this.display = display;
    this.top = top;
    this.deep = deep;
  }

  locate(path: readonly PathSegment[], options: { key?: boolean } = {}): Position {
    if (path.length === 0) return { line: 1, column: 1 };
    const known = path.length === 1 ? this.top[String(path[0])] : undefined;
    if (known) {
      const [l, c, el, ec] = options.key ? known.slice(0, 4) : known.slice(4, 8);
      return { line: l!, column: c!, endLine: el!, endColumn: ec! };
    }
    const recorded = path.length > 1 && !options.key ? this.deep?.[JSON.stringify(path)] : undefined;
    if (recorded) return recorded.length < 4 ? { line: recorded[0]!, column: recorded[1]! } : { line: recorded[0]!, column: recorded[1]!, endLine: recorded[2]!, endColumn: recorded[3]! };
    if (!this.parsed) {
      let text = '';
      try {
        text = readFileSync(this.fullPath, 'utf8').replace(/^\uFEFF/, '');
      } catch {
        return { line: 1, column: 1 };
      }
      const lines = new LineCounter();
      this.parsed = new SourceFile(this.display, text, lines, parseDocument(text, { lineCounter: lines, uniqueKeys: false }));
    }
    return this.parsed.locate(path, options);
  }
}
