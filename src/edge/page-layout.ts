/**
 * Where each item of a static list page lies in the page file's text, so the edge can copy the items an answer
 * needs as they are, without parsing a page of up to 10,000 items (JSON.parse of one such page costs more CPU than
 * an edge function is given). Worked out once, when the build writes the pages, by scanning the JSON text
 * itself, so it holds whatever the page writer's format is; the edge checks each file's length against it and
 * refuses a file from another build.
 */
import { decodeNumbers, encodeNumbers } from './compact-numbers.ts';

export interface PageLayout {
  /** The page file's length in UTF-16 code units (JavaScript string length). */
  length: number;
  /** Where each item of `contents` starts and ends (end exclusive), in list order. */
  starts: number[];
  ends: number[];
}

const QUOTE = 34;
const BACKSLASH = 92;
const OPEN = new Set([123, 91]); // { [
const CLOSE = new Set([125, 93]); // } ]
const CONTENTS = '"contents":';

/** The layout of a page's JSON text (an object with a `contents` array at its top level), or undefined. */
export function layoutOf(text: string): PageLayout | undefined {
  let depth = 0;
  let i = 0;
  let from = -1;
  // Find "contents": among the wrapper's own keys (depth 1), skipping every string.
  for (; i < text.length && from < 0; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      if (depth === 1 && text.startsWith(CONTENTS, i)) from = i + CONTENTS.length;
      else i = endOfString(text, i);
    } else if (OPEN.has(c)) depth++;
    else if (CLOSE.has(c)) depth--;
  }
  if (from < 0) return undefined;
  while (from < text.length && text.charCodeAt(from) !== 91) from++;
  const starts: number[] = [];
  const ends: number[] = [];
  depth = 0;
  for (i = from + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      if (depth === 0) starts.push(i);
      i = endOfString(text, i);
      if (depth === 0) ends.push(i + 1);
    } else if (OPEN.has(c)) {
      if (depth === 0) starts.push(i);
      depth++;
    } else if (CLOSE.has(c)) {
      if (depth === 0) return { length: text.length, starts, ends };
      if (--depth === 0) ends.push(i + 1);
    } else if (depth === 0 && c !== 44 && c !== 32 && c !== 10 && c !== 13 && c !== 9) {
      // A number, true, false or null at the top of contents: not an item list this layer reads.
      return undefined;
    }
  }
  return undefined;
}

/** The index of the closing quote of the string opening at `start`. */
function endOfString(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === BACKSLASH) i++;
    else if (c === QUOTE) return i;
  }
  return text.length;
}

/**
 * A layout as its published file holds it (issue #19): the page's length, and its items' places as one compact
 * string (compact-numbers.ts) of where the first starts, then each item's length and the gap to the next, about
 * four characters an item instead of twice its offsets' digits, so an answer drawing on a page reads a few kilobytes.
 */
export function packLayout(layout: PageLayout): { length: number; items: string } {
  const values: number[] = [];
  let at = 0;
  layout.starts.forEach((start, i) => {
    values.push(start - at, layout.ends[i]! - start);
    at = layout.ends[i]!;
  });
  return { length: layout.length, items: encodeNumbers(values) };
}

/** The layout `packLayout` packed. */
export function unpackLayout(packed: { length: number; items: string }): PageLayout {
  const starts: number[] = [];
  const ends: number[] = [];
  let at = 0;
  let start = true;
  decodeNumbers(packed.items, (value) => {
    at += value;
    (start ? starts : ends).push(at);
    start = !start;
  });
  return { length: packed.length, starts, ends };
}
