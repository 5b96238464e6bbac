/**
 * Lists of whole numbers as short JSON strings, for the edge's index files (word postings, page layouts): each number
 * in base 32, least significant digit first, a digit with more to follow offset by 32, in 64 characters JSON never
 * escapes. Small numbers (the gaps between neighbouring items) cost one character, against two or more as a JSON
 * number with its comma, and decoding needs no parse of an array.
 */

const DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < DIGITS.length; i++) VALUE[DIGITS.charCodeAt(i)] = i;

/** Non-negative whole numbers as one string. */
export function encodeNumbers(values: Iterable<number>): string {
  let out = '';
  for (let value of values) {
    if (!Number.isSafeInteger(value) || value < 0) throw new Error(`${value} is not a whole number of at least 0`);
    while (value >= 32) {
      out += DIGITS[32 + (value % 32)];
      value = Math.floor(value / 32);
    }
    out += DIGITS[value];
  }
  return out;
}

/** Calls `each` with every number `encodeNumbers` wrote, in order. */
export function decodeNumbers(text: string, each: (value: number) => void): void {
  let value = 0;
  let scale = 1;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const digit = code < 128 ? VALUE[code]! : -1;
    if (digit < 0) throw new Error('not an encoded number list');
    if (digit >= 32) {
      value += (digit - 32) * scale;
      scale *= 32;
      continue;
    }
    each(value + digit * scale);
    value = 0;
    scale = 1;
  }
}
