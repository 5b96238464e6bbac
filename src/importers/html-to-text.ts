/**
 * HTML from other directories, turned into the listing format's text: paragraphs, "- " lists, **bold**, _emphasis_
 * and [links](https://...). Everything else is reduced to its text. Scripts, styles, embedded objects and forms are
 * dropped with their content; links to anything but http(s) keep their words and lose the link; event handlers and
 * other attributes never reach the output because only text and http(s) link targets are copied.
 */
import { Parser } from 'htmlparser2';

/** Elements whose content is never shown to a reader of the listing. */
const DROPPED = new Set([
  'script', 'style', 'noscript', 'template', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'svg', 'math',
  'head', 'title', 'meta', 'link', 'base', 'form', 'button', 'select', 'option', 'textarea', 'input', 'canvas',
  'video', 'audio', 'source', 'track', 'map', 'dialog',
]);

/** Elements that start and end a paragraph of their own. */
const BLOCKS = new Set([
  'p', 'div', 'section', 'article', 'header', 'footer', 'main', 'aside', 'nav', 'blockquote', 'pre', 'address',
  'figure', 'figcaption', 'table', 'thead', 'tbody', 'tfoot', 'tr', 'dl', 'dt', 'dd', 'ul', 'ol', 'hr', 'details',
  'summary', 'fieldset', 'center',
]);
const HEADINGS = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6']);
const BOLD = new Set(['strong', 'b']);
const EMPHASIS = new Set(['em', 'i', 'cite']);
const CELLS = new Set(['td', 'th']);

/** A quick test for markup, so plain text with a stray "<" (e.g. "age < 18") is left alone. */
export function looksLikeHtml(text: string): boolean {
  return /<\/?[a-z][a-z0-9]*(\s[^<>]*)?\/?>|&(#\d+|#x[0-9a-f]+|[a-z]+);/i.test(text);
}

export interface HtmlToTextOptions {
  /** Plain text for single-line fields: no markup at all, links become their words. */
  plain?: boolean;
  /**
   * Wrap paragraphs at this many characters, as people write them in the YAML files (a single line break inside a
   * paragraph is a soft wrap in the listing format). 0 turns wrapping off. Default 110.
   */
  wrap?: number;
}

/** Breaks a paragraph at spaces so no line is longer than `width`, never inside a [link](...). */
export function wrapParagraph(text: string, width: number, continuation = ''): string {
  if (width <= 0 || text.length <= width) return text;
  const words = text.split(' ');
  const lines: string[] = [];
  let current = '';
  let depth = 0;
  for (const word of words) {
    const candidate = current ? `${current} ${word}` : word;
    const limit = lines.length ? width - continuation.length : width;
    if (current && candidate.length > limit && depth === 0) {
      lines.push(current);
      current = word;
    } else current = candidate;
    for (const ch of word) {
      if (ch === '[' || ch === '(') depth++;
      else if ((ch === ']' || ch === ')') && depth > 0) depth--;
    }
  }
  if (current) lines.push(current);
  return lines.join(`\n${continuation}`);
}

function safeHref(href: string | undefined): string | undefined {
  if (!href) return undefined;
  const trimmed = href.trim();
  if (!/^https?:\/\//i.test(trimmed)) return undefined;
  try {
    const url = new URL(trimmed);
    if (url.username || url.password || !url.hostname.includes('.')) return undefined;
    // Spaces and brackets would end the markdown link early.
    return url.toString().replace(/[()\s]/g, (c) => (c === '(' ? '%28' : c === ')' ? '%29' : '%20'));
  } catch {
    return undefined;
  }
}

interface Block {
  list: boolean;
  /** The text so far, in pieces: markers close by rewriting only the pieces after their own, so long text stays linear. */
  parts: string[];
}

/** Converts HTML to the markdown subset (or to plain text). Never throws; unknown tags keep their text. */
export function htmlToText(html: string, options: HtmlToTextOptions = {}): string {
  const plain = options.plain ?? false;
  const blocks: { list: boolean; text: string }[] = [];
  let current: Block = { list: false, parts: [] };
  let dropDepth = 0;
  const listStack: string[] = [];
  /** Open bold/emphasis markers: the index of the piece holding the marker. */
  const marks: { tag: string; marker: string; part: number }[] = [];
  const links: { href: string | undefined; part: number }[] = [];

  const flush = () => {
    const text = current.parts.join('').replace(/[ \t\f\v\u00a0]+/g, ' ').replace(/ *\n */g, '\n').trim();
    if (text && !/^(\*\*|_|\s)*$/.test(text)) blocks.push({ list: current.list, text });
    current = { list: listStack.length > 0 && current.list, parts: [] };
  };

  const open = (tag: string, marker: string) => {
    if (plain) return;
    marks.push({ tag, marker, part: current.parts.length });
    current.parts.push(marker);
  };
  const close = (tag: string) => {
    if (plain) return;
    const index = marks.map((m) => m.tag).lastIndexOf(tag);
    if (index < 0) return;
    const [mark] = marks.splice(index, 1);
    const at = mark!.part;
    if (at >= current.parts.length || current.parts[at] !== mark!.marker) return;
    const inner = current.parts.slice(at + 1).join('');
    current.parts.length = at;
    if (!inner.trim()) {
      // Nothing but spaces between the markers: drop the markers, keep the spaces.
      current.parts.push(inner);
      return;
    }
    const trailing = /\s*$/.exec(inner)![0];
    const leading = /^\s*/.exec(inner)![0];
    current.parts.push(`${leading}${mark!.marker}${inner.trim()}${mark!.marker}${trailing}`);
    // Markers opened inside this one now live in the merged piece; they can no longer be closed separately.
    for (const m of marks) if (m.part > at) m.part = -1;
    for (const l of links) if (l.part > at) l.part = at;
  };

  // Bold or a link left open across a paragraph break is closed at the break and opened again after it.
  const startBlock = (list = false) => {
    const pending = marks.filter((m) => m.part >= 0);
    for (let i = pending.length - 1; i >= 0; i--) close(pending[i]!.tag);
    marks.length = 0;
    flush();
    current = { list, parts: [] };
    for (const mark of pending) open(mark.tag, mark.marker);
    for (const link of links) link.part = current.parts.length;
  };

  const parser = new Parser(
    {
      onopentag(name, attribs) {
        if (dropDepth > 0 || DROPPED.has(name)) {
          if (!['meta', 'link', 'base', 'input', 'source', 'track'].includes(name)) dropDepth++;
          return;
        }
        if (name === 'br') {
          startBlock(current.list);
          return;
        }
        if (name === 'li') {
          startBlock(true);
          return;
        }
        if (name === 'ul' || name === 'ol') {
          startBlock(false);
          listStack.push(name);
          return;
        }
        if (BLOCKS.has(name)) {
          startBlock(listStack.length > 0 && current.list);
          return;
        }
        if (HEADINGS.has(name)) {
          startBlock(false);
          open(name, '**');
          return;
        }
        if (CELLS.has(name)) {
          current.parts.push(' ');
          return;
        }
        if (BOLD.has(name)) open(name, '**');
        else if (EMPHASIS.has(name)) open(name, '_');
        else if (name === 'a') links.push({ href: safeHref(attribs.href), part: current.parts.length });
        else if (name === 'img' && attribs.alt?.trim()) current.parts.push(` ${attribs.alt.trim()} `);
      },
      ontext(data) {
        if (dropDepth > 0) return;
        current.parts.push(data.replace(/[\r\n\t]+/g, ' '));
      },
      onclosetag(name) {
        if (dropDepth > 0) {
          if (DROPPED.has(name) && !['meta', 'link', 'base', 'input', 'source', 'track'].includes(name)) dropDepth--;
          return;
        }
        if (name === 'ul' || name === 'ol') {
          listStack.pop();
          startBlock(false);
          return;
        }
        if (name === 'li' || BLOCKS.has(name)) {
          startBlock(false);
          return;
        }
        if (HEADINGS.has(name)) {
          close(name);
          startBlock(false);
          return;
        }
        if (BOLD.has(name) || EMPHASIS.has(name)) close(name);
        else if (name === 'a') {
          const link = links.pop();
          if (!link || plain || !link.href) return;
          const words = current.parts.slice(link.part).join('');
          const label = words.replace(/\[|\]/g, '').replace(/\s+/g, ' ').trim();
          current.parts.length = Math.min(link.part, current.parts.length);
          current.parts.push(label ? `${/^\s/.test(words) ? ' ' : ''}[${label}](${link.href})${/\s$/.test(words) ? ' ' : ''}` : ` ${link.href} `);
          for (const m of marks) if (m.part >= link.part) m.part = -1;
        }
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true, recognizeSelfClosing: true },
  );
  parser.write(html);
  parser.end();
  flush();

  if (plain) return blocks.map((b) => b.text).join(' ').replace(/\s+/g, ' ').trim();
  const width = options.wrap ?? 110;
  let out = '';
  blocks.forEach((block, i) => {
    const text = block.list
      ? wrapParagraph(`- ${block.text.replace(/\n/g, ' ')}`, width, '  ')
      : block.text
          .split('\n')
          .map((l) => wrapParagraph(l, width))
          .join('\n');
    if (i > 0) out += block.list && blocks[i - 1]!.list ? '\n' : '\n\n';
    out += text;
  });
  return out;
}
