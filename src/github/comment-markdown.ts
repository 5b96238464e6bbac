/**
 * Turning text a pull request controls (file names, messages that quote YAML values) into GitHub Markdown that
 * shows it literally. A bot comment is trusted-looking, so a file named `**Approved** @org/team` must not become
 * bold text that pings a team.
 *
 * Two layers:
 * - Markdown and HTML: every ASCII punctuation character is backslash-escaped (CommonMark lets any of them be, and
 *   an escaped character never starts markup: no emphasis, links, images, HTML, code spans, headings, table cell
 *   breaks or maths). Line breaks become spaces and other control characters visible symbols, so nothing can start
 *   a new block or break out of a table row.
 * - GitHub's own linking, which runs on the rendered text afterwards (so escapes do not stop it): @mentions,
 *   #123 / owner/repo#123 / GH-123 references and bare URLs (`https://…`, `www.…`, e-mail addresses). A zero-width
 *   space after `@`, `#` and `:`, inside `GH-` and after `www` breaks each pattern without changing what people read.
 *
 * Invisible formatting characters (bidirectional overrides, zero-width characters) are shown as U+FFFD, so a file
 * name cannot display as something it is not.
 */

const ZWSP = '&#8203;';
const ASCII_PUNCTUATION = /[!-/:-@[-`{-~]/;
/** Bidirectional controls, zero-width characters, word joiners and the byte-order mark. */
const INVISIBLE = /[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/;

/** Control characters as their visible Unicode "control picture" (␊ for a line feed), DEL as ␡. */
function controlPicture(code: number): string {
  return code === 0x7f ? '\u2421' : code < 0x20 ? String.fromCharCode(0x2400 + code) : '\ufffd';
}

/**
 * Plain text, safe anywhere inline: in a paragraph, a list item, a table cell or link text. Line breaks become
 * spaces (a message reads on) unless `lineBreaks: 'visible'` (a file name shows that it has one).
 */
export function mdText(text: string, options: { lineBreaks?: 'space' | 'visible' } = {}): string {
  const flat = options.lineBreaks === 'visible' ? text : text.replace(/\r\n|[\r\n\u2028\u2029]/g, ' ');
  let out = '';
  let i = 0;
  for (const ch of flat) {
    const code = ch.codePointAt(0)!;
    if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) out += controlPicture(code);
    else if (ch === '\u2028' || ch === '\u2029') out += '\u2424';
    else if (INVISIBLE.test(ch)) out += '\ufffd';
    else if (ASCII_PUNCTUATION.test(ch)) {
      out += `\\${ch}`;
      if (ch === '@' || ch === '#' || ch === ':') out += ZWSP;
      else if (ch === '-' && /gh$/i.test(flat.slice(Math.max(0, i - 2), i))) out = `${out.slice(0, -2)}${ZWSP}\\-`;
      else if (ch === '.' && /(^|[^a-z0-9])www$/i.test(flat.slice(Math.max(0, i - 4), i))) out = `${out.slice(0, -2)}${ZWSP}\\.`;
    } else out += ch;
    i += ch.length;
  }
  return out;
}

/**
 * Text in code font. Raw `<code>` rather than a backtick code span: a code span cannot carry a `|` inside a table
 * cell reliably (GitHub splits cells before it reads code spans), while escaped text inside `<code>` can.
 */
export function mdCode(text: string): string {
  return `<code>${mdText(text, { lineBreaks: 'visible' })}</code>`;
}

/**
 * A repository path as URL path segments: percent-encoded so that nothing in it (`)`, spaces, `#`, `?`, `..`) can
 * end the Markdown link or change where it points.
 */
export function urlPath(path: string): string {
  return path
    .split('/')
    .map((segment) => (segment === '.' || segment === '..' ? segment.replace(/\./g, '%2E') : encodeURIComponent(segment).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)))
    .join('/');
}
