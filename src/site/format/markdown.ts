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

/** Index of the ")" closing a link destination that starts at `from`, allowing balanced parentheses. */
function closingParen(s: string, from: number): number {
  let depth = 0;
  for (let i = from; i < s.length; i++) {
    const ch = s[i]!;
    if (/\s/.test(ch)) return -1;
    if (ch === '(') depth++;
    else if (ch === ')') {
      if (depth === 0) return i;
      depth--;
    }
  }
  return -1;
}

/** Parses inline markup; `inLink` stops links nesting inside link text. */
export function parseInline(s: string, inLink = false): Inline[] {
  const out: Inline[] = [];
  let text = '';
  const flush = () => {
    if (text) out.push({ type: 'text', text });
    text = '';
  };
  let i = 0;
  while (i < s.length) {
    const ch = s[i]!;
    if (ch === '*' && s[i + 1] === '*') {
      const close = s.indexOf('**', i + 2);
      const inner = close > i + 2 ? s.slice(i + 2, close) : '';
      if (inner && inner.trim() === inner) {
        flush();
        out.push({ type: 'strong', children: parseInline(inner, inLink) });
        i = close + 2;
        continue;
      }
    } else if (ch === '_' && !isWordChar(s[i - 1])) {
      // snake_case and file_names stay as they are: emphasis needs a non-word character either side.
      let close = s.indexOf('_', i + 1);
      while (close !== -1 && isWordChar(s[close + 1])) close = s.indexOf('_', close + 1);
      const inner = close > i + 1 ? s.slice(i + 1, close) : '';
      if (inner && inner.trim() === inner) {
        flush();
        out.push({ type: 'em', children: parseInline(inner, inLink) });
        i = close + 1;
        continue;
      }
    } else if (ch === '[' && !inLink) {
      const end = s.indexOf(']', i + 1);
      const label = end > i + 1 ? s.slice(i + 1, end) : '';
      if (label && !label.includes('[') && s[end + 1] === '(') {
        const close = closingParen(s, end + 2);
        const href = close > end + 2 ? safeHref(s.slice(end + 2, close)) : null;
        if (href) {
          flush();
          out.push({ type: 'link', href, children: parseInline(label, true) });
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
    const line = raw.replace(/\s+$/, '');
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
