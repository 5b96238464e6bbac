/**
 * The small markdown subset listing descriptions may use: paragraphs, "- " lists, **bold**, _emphasis_ and
 * [links](https://...). Everything else is text. This is deliberately not a markdown library: contributors' words
 * reach the public site, so the renderer escapes every character it does not itself produce and can only emit
 * <p>, <ul>, <li>, <strong>, <em> and <a href="http(s)://..."> — no attribute or tag from the input survives.
 */

export type Inline =
  | { type: 'text'; text: string }
  | { type: 'strong'; children: Inline[] }
  | { type: 'em'; children: Inline[] }
  | { type: 'link'; href: string; children: Inline[] };

export type Block = { type: 'paragraph'; children: Inline[] } | { type: 'list'; items: Inline[][] };

const LIST_ITEM = /^ {0,3}- +(.*)$/;

/**
 * The longest link destination that is made a link (2,048, the limit sitemaps and many servers keep to). Parsing
 * an address costs its length, and destinations can nest ("[a](http://[[a](http://[...))"), so without a cap a
 * description of broken links costs the square of its length.
 */
const MAX_HREF = 2_048;

function isWordChar(ch: string | undefined): boolean {
  return ch !== undefined && /[\p{L}\p{N}]/u.test(ch);
}

/** A web address people can safely follow, normalised (spaces and quotes percent-encoded), or null. */
export function safeHref(raw: string): string | null {
  if (!/^https?:\/\//i.test(raw)) return null;
  try {
    const url = new URL(raw);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

function isSpace(code: number): boolean {
  if (code < 128) return code === 32 || (code >= 9 && code <= 13);
  return /\s/.test(String.fromCharCode(code));
}

/**
 * For every position p of `s`, the ")" that closes a link destination starting at p (allowing balanced
 * parentheses, stopping at whitespace), or -1. One pass from the right: the ")" closing a destination that starts
 * at p is the nearest ")" after p at the same parenthesis depth as p, with no whitespace in between. Asking at
 * each "](" instead, by scanning forwards, is quadratic on "[a]([a]([a](...".
 */
function linkClosers(s: string): Int32Array {
  const closers = new Int32Array(s.length + 1).fill(-1);
  // depth[p]: "(" minus ")" before p. Only differences matter, so it may go negative.
  const depth = new Int32Array(s.length + 1);
  for (let i = 0; i < s.length; i++) depth[i + 1] = depth[i]! + (s[i] === '(' ? 1 : s[i] === ')' ? -1 : 0);
  const nearest = new Map<number, number>();
  for (let p = s.length - 1; p >= 0; p--) {
    const code = s.charCodeAt(p);
    if (isSpace(code)) {
      if (nearest.size) nearest.clear();
      continue;
    }
    if (code === 0x29) nearest.set(depth[p]!, p);
    closers[p] = nearest.get(depth[p]!) ?? -1;
  }
  return closers;
}

/**
 * Forward searches that never scan the same stretch twice. Within one call of `parseInline` the place a search
 * starts from only moves forward, so the answer found last time stands until the search starts past it: each
 * search resumes where the previous one stopped, and a pattern that is not there is looked for once.
 */
class Scanner {
  private readonly s: string;
  private readonly found = new Map<string, number>();
  private closers: Int32Array | undefined;

  constructor(s: string) {
    this.s = s;
  }

  /** The first index at or after `from` where `find` (starting from an index) answers, -1 for none, cached. */
  private next(key: string, from: number, find: (from: number) => number): number {
    const known = this.found.get(key);
    if (known !== undefined && (known === -1 || known >= from)) return known;
    const at = find(from);
    this.found.set(key, at);
    return at;
  }

  indexOf(text: string, from: number): number {
    return this.next(text, from, (f) => this.s.indexOf(text, f));
  }

  /** The "_" that can close emphasis: not followed by a letter or digit (snake_case stays as it is). */
  emphasisCloser(from: number): number {
    return this.next('em', from, (f) => {
      let close = this.s.indexOf('_', f);
      while (close !== -1 && isWordChar(this.s[close + 1])) close = this.s.indexOf('_', close + 1);
      return close;
    });
  }

  linkCloser(from: number): number {
    this.closers ??= linkClosers(this.s);
    return this.closers[from] ?? -1;
  }
}

/** Markup may not start or end with a space: "** spaced **" stays text. */
function trimmed(s: string, start: number, end: number): boolean {
  return end > start && !/\s/.test(s[start]!) && !/\s/.test(s[end - 1]!);
}

/** Parses inline markup; `inLink` stops links nesting inside link text. */
export function parseInline(s: string, inLink = false): Inline[] {
  const out: Inline[] = [];
  const scan = new Scanner(s);
  let text = '';
  const flush = () => {
    if (text) out.push({ type: 'text', text });
    text = '';
  };
  let i = 0;
  while (i < s.length) {
    const ch = s[i]!;
    if (ch === '*' && s[i + 1] === '*') {
      const close = scan.indexOf('**', i + 2);
      if (close > i + 2 && trimmed(s, i + 2, close)) {
        flush();
        out.push({ type: 'strong', children: parseInline(s.slice(i + 2, close), inLink) });
        i = close + 2;
        continue;
      }
    } else if (ch === '_' && !isWordChar(s[i - 1])) {
      // snake_case and file_names stay as they are: emphasis needs a non-word character either side.
      const close = scan.emphasisCloser(i + 1);
      if (close > i + 1 && trimmed(s, i + 1, close)) {
        flush();
        out.push({ type: 'em', children: parseInline(s.slice(i + 1, close), inLink) });
        i = close + 1;
        continue;
      }
    } else if (ch === '[' && !inLink) {
      const end = scan.indexOf(']', i + 1);
      const nextOpen = end > i + 1 ? scan.indexOf('[', i + 1) : -1;
      // The label may not hold another "[".
      if (end > i + 1 && (nextOpen === -1 || nextOpen > end) && s[end + 1] === '(') {
        const close = scan.linkCloser(end + 2);
        const href = close > end + 2 && close - (end + 2) <= MAX_HREF ? safeHref(s.slice(end + 2, close)) : null;
        if (href) {
          flush();
          out.push({ type: 'link', href, children: parseInline(s.slice(i + 1, end), true) });
          i = close + 1;
          continue;
        }
      }
    }
    text += ch;
    i++;
  }
  flush();
  return out;
}

/** Splits text into paragraphs and lists. Indented lines continue a list item; blank lines end a block. */
export function parseBlocks(source: string): Block[] {
  const blocks: Block[] = [];
  let paragraph: string[] = [];
  let items: string[][] | null = null;
  const endParagraph = () => {
    if (paragraph.length) blocks.push({ type: 'paragraph', children: parseInline(paragraph.join('\n')) });
    paragraph = [];
  };
  const endList = () => {
    if (items) blocks.push({ type: 'list', items: items.map((lines) => parseInline(lines.join('\n'))) });
    items = null;
  };
  for (const raw of source.replace(/\r\n?/g, '\n').split('\n')) {
    // trimEnd, not replace(/\s+$/): that regex backtracks quadratically over a long run of inner spaces.
    const line = raw.trimEnd();
    if (!line.trim()) {
      endParagraph();
      endList();
      continue;
    }
    const item = LIST_ITEM.exec(line);
    if (item) {
      endParagraph();
      items ??= [];
      items.push([item[1]!]);
    } else if (items && /^\s/.test(line)) {
      items.at(-1)!.push(line.trim());
    } else {
      endList();
      paragraph.push(line.trim());
    }
  }
  endParagraph();
  endList();
  return blocks;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ESCAPES[ch]!);
}

function inlineHtml(nodes: Inline[]): string {
  return nodes
    .map((node) => {
      switch (node.type) {
        case 'text':
          return escapeHtml(node.text);
        case 'strong':
          return `<strong>${inlineHtml(node.children)}</strong>`;
        case 'em':
          return `<em>${inlineHtml(node.children)}</em>`;
        case 'link':
          return `<a href="${escapeHtml(node.href)}">${inlineHtml(node.children)}</a>`;
      }
    })
    .join('');
}

function inlineText(nodes: Inline[]): string {
  return nodes.map((node) => (node.type === 'text' ? node.text : inlineText(node.children))).join('');
}

/** Safe HTML for a description. */
export function renderMarkdown(source: string): string {
  return parseBlocks(source)
    .map((block) =>
      block.type === 'paragraph'
        ? `<p>${inlineHtml(block.children)}</p>`
        : `<ul>${block.items.map((item) => `<li>${inlineHtml(item)}</li>`).join('')}</ul>`,
    )
    .join('\n');
}

/** The same words without markup, for meta descriptions, JSON-LD and search: paragraphs become single spaces. */
export function markdownToText(source: string): string {
  return parseBlocks(source)
    .map((block) => (block.type === 'paragraph' ? inlineText(block.children) : block.items.map(inlineText).join('; ')))
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim();
}
