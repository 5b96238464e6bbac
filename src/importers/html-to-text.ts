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

/** Dropped elements that have no closing tag, so they never open a dropped region. */
const VOID_DROPPED = new Set(['meta', 'link', 'base', 'input', 'source', 'track']);

/**
 * The parser's listener: collects paragraphs (`blocks`) from the tags and text as they arrive. Bold, emphasis and
 * links are written as markers into `current.parts` when they open and rewritten when they close.
 */
class Paragraphs {
  readonly blocks: { list: boolean; text: string }[] = [];
  private current: Block = { list: false, parts: [] };
  /** How many dropped elements (script, form, ...) we are inside: their content is skipped. */
  private dropDepth = 0;
  private readonly listStack: string[] = [];
  /** Open bold/emphasis markers: the index of the piece holding the marker. */
  private readonly marks: { tag: string; marker: string; part: number }[] = [];
  private readonly links: { href: string | undefined; part: number }[] = [];
  private readonly plain: boolean;

  constructor(plain: boolean) {
    this.plain = plain;
  }

  onopentag(name: string, attribs: Record<string, string>): void {
    if (this.dropDepth > 0 || DROPPED.has(name)) {
      if (!VOID_DROPPED.has(name)) this.dropDepth++;
      return;
    }
    if (!this.openBlock(name)) this.openInline(name, attribs);
  }

  ontext(data: string): void {
    if (this.dropDepth > 0) return;
    this.current.parts.push(data.replace(/[\r\n\t]+/g, ' '));
  }

  onclosetag(name: string): void {
    if (this.dropDepth > 0) {
      if (DROPPED.has(name) && !VOID_DROPPED.has(name)) this.dropDepth--;
      return;
    }
    if (name === 'ul' || name === 'ol') {
      this.listStack.pop();
      this.startBlock(false);
    } else if (name === 'li' || BLOCKS.has(name)) this.startBlock(false);
    else if (HEADINGS.has(name)) {
      this.close(name);
      this.startBlock(false);
    } else if (BOLD.has(name) || EMPHASIS.has(name)) this.close(name);
    else if (name === 'a') this.closeLink();
  }

  /** Ends the paragraph in progress (kept unless it is empty or only markers). */
  flush(): void {
    const text = this.current.parts.join('').replace(/[ \t\f\v\u00a0]+/g, ' ').replace(/ *\n */g, '\n').trim();
    if (text && !/^(\*\*|_|\s)*$/.test(text)) this.blocks.push({ list: this.current.list, text });
    this.current = { list: this.listStack.length > 0 && this.current.list, parts: [] };
  }

  /** A tag that starts a paragraph (or a table cell): handled, true; otherwise false. */
  private openBlock(name: string): boolean {
    if (name === 'br') this.startBlock(this.current.list);
    else if (name === 'li') this.startBlock(true);
    else if (name === 'ul' || name === 'ol') {
      this.startBlock(false);
      this.listStack.push(name);
    } else if (BLOCKS.has(name)) this.startBlock(this.listStack.length > 0 && this.current.list);
    else if (HEADINGS.has(name)) {
      this.startBlock(false);
      this.open(name, '**');
    } else if (CELLS.has(name)) this.current.parts.push(' ');
    else return false;
    return true;
  }

  private openInline(name: string, attribs: Record<string, string>): void {
    if (BOLD.has(name)) this.open(name, '**');
    else if (EMPHASIS.has(name)) this.open(name, '_');
    else if (name === 'a') this.links.push({ href: safeHref(attribs.href), part: this.current.parts.length });
    else if (name === 'img' && attribs.alt?.trim()) this.current.parts.push(` ${attribs.alt.trim()} `);
  }

  private open(tag: string, marker: string): void {
    if (this.plain) return;
    this.marks.push({ tag, marker, part: this.current.parts.length });
    this.current.parts.push(marker);
  }

  private close(tag: string): void {
    if (this.plain) return;
    const { marks, current } = this;
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
    for (const l of this.links) if (l.part > at) l.part = at;
  }

  /** </a>: the words since <a> become [words](href), when the link is kept. */
  private closeLink(): void {
    const link = this.links.pop();
    if (!link || this.plain || !link.href) return;
    const { parts } = this.current;
    const words = parts.slice(link.part).join('');
    const label = words.replace(/\[|\]/g, '').replace(/\s+/g, ' ').trim();
    parts.length = Math.min(link.part, parts.length);
    parts.push(label ? `${/^\s/.test(words) ? ' ' : ''}[${label}](${link.href})${/\s$/.test(words) ? ' ' : ''}` : ` ${link.href} `);
    for (const m of this.marks) if (m.part >= link.part) m.part = -1;
  }

  // Bold or a link left open across a paragraph break is closed at the break and opened again after it.
  private startBlock(list = false): void {
    const pending = this.marks.filter((m) => m.part >= 0);
    for (let i = pending.length - 1; i >= 0; i--) this.close(pending[i]!.tag);
    this.marks.length = 0;
    this.flush();
    this.current = { list, parts: [] };
    for (const mark of pending) this.open(mark.tag, mark.marker);
    for (const link of this.links) link.part = this.current.parts.length;
  }
}

/** The paragraphs as the listing format writes them: blank lines between, "- " items together, wrapped. */
function layout(blocks: readonly { list: boolean; text: string }[], width: number): string {
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

/** Converts HTML to the markdown subset (or to plain text). Never throws; unknown tags keep their text. */
export function htmlToText(html: string, options: HtmlToTextOptions = {}): string {
  const plain = options.plain ?? false;
  const paragraphs = new Paragraphs(plain);
  const parser = new Parser(
    {
      onopentag: (name, attribs) => paragraphs.onopentag(name, attribs),
      ontext: (data) => paragraphs.ontext(data),
      onclosetag: (name) => paragraphs.onclosetag(name),
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true, recognizeSelfClosing: true },
  );
  parser.write(html);
  parser.end();
  paragraphs.flush();
  if (plain) return paragraphs.blocks.map((b) => b.text).join(' ').replace(/\s+/g, ' ').trim();
  return layout(paragraphs.blocks, options.wrap ?? 110);
}
