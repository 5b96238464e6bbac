/**
 * Characters that change how text looks or reads without being seen: bidirectional controls (which can make
 * "exe.txt" display as "txt.exe"), zero-width and other invisible characters (which make two different names look
 * the same, or a blank name look filled in), and control characters. Browser-safe: the web form runs this too.
 *
 * Joiners are the exception that real writing needs. U+200D ZERO WIDTH JOINER builds emoji sequences (👩‍⚕️) and,
 * with U+200C ZERO WIDTH NON-JOINER, shapes letters in Arabic, Persian, Urdu and the Indic scripts (Bengali,
 * Devanagari, Gujarati, Gurmukhi...) that Leeds' communities write in. So a joiner is allowed straight after a
 * letter or mark of a script that joins letters (anything but Latin, Greek and Cyrillic, whose letters never need
 * one and where a joiner only hides a difference), and a ZWJ between emoji; anywhere else it is reported. Likewise
 * tag characters are allowed only inside the flag sequences that need them (🏴󠁧󠁢󠁥󠁮󠁧󠁿 England).
 */

export type TextShape = 'line' | 'prose';

export interface HiddenCharacter {
  /** The character as it appears in the value. */
  character: string;
  /** Index in the value (UTF-16 units). */
  index: number;
  /** Plain words: what it is and why it is refused. */
  message: string;
}

const BIDI: Record<number, string> = {
  0x202a: 'a left-to-right embedding',
  0x202b: 'a right-to-left embedding',
  0x202c: 'a pop-directional-formatting character',
  0x202d: 'a left-to-right override',
  0x202e: 'a right-to-left override',
  0x2066: 'a left-to-right isolate',
  0x2067: 'a right-to-left isolate',
  0x2068: 'a first-strong isolate',
  0x2069: 'a pop-directional-isolate character',
};

/** Invisible marks that only nudge neutral characters (brackets, full stops) between right-to-left and left-to-right. */
const BIDI_MARKS: Record<number, string> = {
  0x200e: 'a left-to-right mark',
  0x200f: 'a right-to-left mark',
  0x061c: 'an Arabic letter mark',
};

const INVISIBLE: Record<number, string> = {
  0x200b: 'a zero-width space',
  0x200c: 'a zero-width non-joiner',
  0x200d: 'a zero-width joiner',
  0x2060: 'a word joiner',
  0xfeff: 'a zero-width no-break space (byte-order mark)',
  0x00ad: 'a soft hyphen',
  0x034f: 'a combining grapheme joiner',
  0x115f: 'a Hangul filler',
  0x1160: 'a Hangul filler',
  0x3164: 'a Hangul filler',
  0xffa0: 'a Hangul filler',
  0x180e: 'a Mongolian vowel separator',
};

const LINE_BREAKS = new Set([0x0a, 0x0b, 0x0c, 0x0d, 0x85, 0x2028, 0x2029]);

/**
 * Format characters that are visible: the Arabic and Kaithi number signs and the Syriac abbreviation mark
 * are drawn over the digits or word that follows.
 */
const VISIBLE_FORMAT = /[\u0600-\u0605\u06dd\u070f\u0890\u0891\u08e2\u{110bd}\u{110cd}]/u;

/** A quick scan for anything worth a closer look; most text has none and costs one regex test. */
const SUSPECT = /[\p{Cc}\p{Cf}\p{Cs}\u034f\u115f\u1160\u3164\uffa0\u2028\u2029]/gu;

const JOINING_LETTER = /[\p{L}\p{M}]/u;
const NON_JOINING_SCRIPT = /[\p{Script_Extensions=Latin}\p{Script_Extensions=Greek}\p{Script_Extensions=Cyrillic}\p{Script_Extensions=Common}\p{Script_Extensions=Inherited}]/u;
const EMOJI_BEFORE_JOINER = /[\p{Extended_Pictographic}\p{Emoji_Modifier}\ufe0f\u20e3]/u;
const EMOJI = /\p{Extended_Pictographic}/u;
const WAVING_BLACK_FLAG = 0x1f3f4;
const CANCEL_TAG = 0xe007f;

function hex(code: number): string {
  return `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
}

function codePointBefore(text: string, index: number): string | undefined {
  if (index === 0) return undefined;
  const low = text.charCodeAt(index - 1);
  if (index >= 2 && low >= 0xdc00 && low <= 0xdfff) {
    const high = text.charCodeAt(index - 2);
    if (high >= 0xd800 && high <= 0xdbff) return text.slice(index - 2, index);
  }
  return text[index - 1];
}

function codePointAfter(text: string, index: number, character: string): string | undefined {
  const code = text.codePointAt(index + character.length);
  return code === undefined ? undefined : String.fromCodePoint(code);
}

function joinerIsWriting(text: string, index: number, code: number, character: string): boolean {
  const before = codePointBefore(text, index);
  if (before === undefined) return false;
  if (JOINING_LETTER.test(before) && !NON_JOINING_SCRIPT.test(before)) return true;
  if (code !== 0x200d) return false;
  const after = codePointAfter(text, index, character);
  return EMOJI_BEFORE_JOINER.test(before) && after !== undefined && EMOJI.test(after);
}

/** Tag characters spell a subdivision flag after 🏴 and end with CANCEL TAG; alone they smuggle hidden text. */
function tagIsFlag(text: string, index: number): boolean {
  let start = index;
  for (;;) {
    const before = codePointBefore(text, start);
    if (before === undefined) return false;
    const code = before.codePointAt(0)!;
    if (code === WAVING_BLACK_FLAG) break;
    if (code < 0xe0020 || code > 0xe007e) return false;
    start -= before.length;
  }
  for (let i = index; i < text.length; ) {
    const code = text.codePointAt(i)!;
    if (code === CANCEL_TAG) return true;
    if (code < 0xe0020 || code > 0xe007e) return false;
    i += 2;
  }
  return false;
}

function describe(code: number, shape: TextShape): string | null {
  const name = `(${hex(code)})`;
  if (LINE_BREAKS.has(code)) {
    if (shape === 'prose' && (code === 0x0a || code === 0x0d)) return null;
    return `contains a line break ${name}: keep it on one line`;
  }
  if (code === 0x09) return shape === 'prose' ? null : `contains a tab ${name}: use a space instead`;
  if (BIDI[code]) return `contains ${BIDI[code]} ${name}, which can disguise text by reordering how it reads`;
  if (BIDI_MARKS[code]) {
    // In paragraphs that mix Urdu or Arabic with English these marks place punctuation; they cannot reorder words.
    return shape === 'prose' ? null : `contains ${BIDI_MARKS[code]} ${name}, an invisible character that can disguise text`;
  }
  if (code === 0x00ad && shape === 'prose') return null;
  if (code === 0x200c || code === 0x200d) {
    return `contains ${INVISIBLE[code]} ${name} outside an emoji or a word in a script that joins letters (Arabic, Urdu, Bengali...): here it is invisible and only hides a difference`;
  }
  if (code >= 0xe0000 && code <= 0xe007f) return `contains an invisible tag character ${name}, which can carry hidden text`;
  if (INVISIBLE[code]) return `contains ${INVISIBLE[code]} ${name}, which is invisible and makes different text look the same`;
  if (code >= 0xd800 && code <= 0xdfff) return `contains a broken character (an unpaired surrogate, ${hex(code)})`;
  if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) return `contains a control character ${name}, which is invisible`;
  return `contains an invisible formatting character ${name}`;
}

/**
 * The first character in `text` that has no place in a field of this shape, or null. `line` is a name or any
 * other one-line field; `prose` is a description, where line breaks, tabs, soft hyphens and the bidirectional
 * marks (not the overrides or isolates) are part of ordinary writing.
 */
export function findHiddenCharacter(text: string, shape: TextShape, from = 0): HiddenCharacter | null {
  SUSPECT.lastIndex = from;
  for (let m = SUSPECT.exec(text); m; m = SUSPECT.exec(text)) {
    const character = m[0];
    const code = character.codePointAt(0)!;
    if (VISIBLE_FORMAT.test(character)) continue;
    if ((code === 0x200c || code === 0x200d) && joinerIsWriting(text, m.index, code, character)) continue;
    if (code >= 0xe0020 && code <= 0xe007f && tagIsFlag(text, m.index)) continue;
    const message = describe(code, shape);
    if (message) return { character, index: m.index, message };
  }
  return null;
}

/** `text` without the characters `findHiddenCharacter` reports (importers use this to clean what they bring in). */
export function removeHiddenCharacters(text: string, shape: TextShape): string {
  let out = '';
  let kept = 0;
  for (let found = findHiddenCharacter(text, shape); found; found = findHiddenCharacter(text, shape, kept)) {
    const code = found.character.codePointAt(0)!;
    out += text.slice(kept, found.index) + (LINE_BREAKS.has(code) || code === 0x09 ? ' ' : '');
    kept = found.index + found.character.length;
  }
  return out + text.slice(kept);
}
