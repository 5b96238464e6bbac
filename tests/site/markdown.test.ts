import fc from 'fast-check';
import { Parser } from 'htmlparser2';
import { describe, expect, test } from 'vitest';
import { markdownToText, renderMarkdown, safeHref } from '../../src/site/format/markdown.ts';

/** Every tag and attribute in some HTML, as the browser's parser would see them. */
function tagsOf(html: string): { name: string; attributes: Record<string, string> }[] {
  const tags: { name: string; attributes: Record<string, string> }[] = [];
  const parser = new Parser({ onopentag: (name, attributes) => tags.push({ name, attributes }) }, { decodeEntities: true });
  parser.write(html);
  parser.end();
  return tags;
}

describe('the markdown subset', () => {
  test('paragraphs, lists, bold, emphasis and links', () => {
    const html = renderMarkdown('Our workers can help you:\n\n- understand a **carer\'s assessment**\n- check your _benefits_\n  and Carer Element\n\nSee [our page](https://www.example.org/a?b=1&c=2).');
    expect(html).toBe(
      '<p>Our workers can help you:</p>\n<ul><li>understand a <strong>carer&#39;s assessment</strong></li><li>check your <em>benefits</em>\nand Carer Element</li></ul>\n<p>See <a href="https://www.example.org/a?b=1&amp;c=2">our page</a>.</p>',
    );
  });
  test('a list straight after a paragraph line, and a paragraph straight after a list', () => {
    expect(renderMarkdown('It has:\n- one\n- two\nThen more.')).toBe('<p>It has:</p>\n<ul><li>one</li><li>two</li></ul>\n<p>Then more.</p>');
  });
  test('lines of one paragraph stay one paragraph; CRLF is fine', () => {
    expect(renderMarkdown('one\r\ntwo\r\n\r\nthree')).toBe('<p>one\ntwo</p>\n<p>three</p>');
  });
  test('snake_case, lone markers and unclosed markup stay text', () => {
    expect(renderMarkdown('file_name_here and 2 * 3 and **open')).toBe('<p>file_name_here and 2 * 3 and **open</p>');
    expect(renderMarkdown('** spaced ** and _ spaced _')).toBe('<p>** spaced ** and _ spaced _</p>');
    expect(renderMarkdown('# Not a heading\n> not a quote')).toBe('<p># Not a heading\n&gt; not a quote</p>');
  });
  test('links: only http(s), normalised; link text keeps bold and emphasis but cannot hold another link', () => {
    expect(renderMarkdown('[**Bold** link](https://a.example.org/x y)')).toBe('<p>[<strong>Bold</strong> link](https://a.example.org/x y)</p>');
    expect(renderMarkdown('[**Bold** _link_](https://a.example.org/(x))')).toBe('<p><a href="https://a.example.org/(x)"><strong>Bold</strong> <em>link</em></a></p>');
    expect(renderMarkdown('[a [b] c](https://a.example.org/)')).toBe('<p>[a [b] c](https://a.example.org/)</p>');
    expect(safeHref('HTTPS://A.example.org/"><script>')).toBe('https://a.example.org/%22%3E%3Cscript%3E');
    expect(safeHref('javascript:alert(1)')).toBeNull();
    expect(safeHref('//evil.example.org')).toBeNull();
    expect(safeHref('https://')).toBeNull();
  });
});

describe('hostile input is shown as text, never run', () => {
  const cases = [
    '<script>alert(1)</script>',
    '<img src=x onerror="alert(1)">',
    '[click](javascript:alert(1))',
    '[click](JaVaScRiPt:alert(1))',
    '[click]( javascript:alert(1))',
    '[click](data:text/html;base64,PHNjcmlwdD4=)',
    '[click](vbscript:msgbox(1))',
    '[x](https://ok.example.org/" onmouseover="alert(1))',
    '**<b onclick=alert(1)>bold</b>**',
    '[<svg onload=alert(1)>](https://ok.example.org/)',
    '- <iframe src="https://evil.example.org"></iframe>',
    '"><script>alert(1)</script>',
    '&lt;script&gt; already escaped',
    '[[[[nested](https://a.example.org/)](https://b.example.org/)](https://c.example.org/)',
  ];
  test.each(cases)('%s', (input) => {
    const html = renderMarkdown(input);
    for (const tag of tagsOf(html)) {
      expect(['p', 'ul', 'li', 'strong', 'em', 'a']).toContain(tag.name);
      expect(Object.keys(tag.attributes).filter((a) => a !== 'href')).toEqual([]);
      if (tag.name === 'a') expect(tag.attributes.href).toMatch(/^https?:\/\/[^\s"<>]+$/);
    }
    expect(html).not.toMatch(/<(script|img|svg|iframe|b )/i);
    expect(html).not.toMatch(/href="(?!https?:)/i);
  });
  test('the same holds for any input (property)', () => {
    const pieces = fc.constantFrom('<', '>', '"', "'", '&', '[', ']', '(', ')', '**', '_', '- ', '\n', '\n\n', 'javascript:', 'https://x.example.org/', 'onerror=', 'script', ' ', 'a');
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 40 }).map((p) => p.join('')), (input) => {
        const html = renderMarkdown(input);
        for (const tag of tagsOf(html)) {
          if (!['p', 'ul', 'li', 'strong', 'em', 'a'].includes(tag.name)) return false;
          if (Object.keys(tag.attributes).some((a) => a !== 'href')) return false;
          if (tag.name === 'a' && !/^https?:\/\//.test(tag.attributes.href ?? '')) return false;
        }
        return true;
      }),
      { numRuns: 500 },
    );
  });
  test('huge and adversarial input renders without crashing', () => {
    const huge = `${'**a _b [c](https://x.example.org/) '.repeat(2_000)}\n- item\n`.repeat(5);
    const html = renderMarkdown(huge);
    expect(html.length).toBeGreaterThan(huge.length);
    const adversarial = '**a '.repeat(5_000) + '_b '.repeat(5_000) + '[x'.repeat(5_000);
    expect(renderMarkdown(adversarial)).toContain('**a **a');
  });
});

describe('plain text', () => {
  test('text without markup comes through whole, only escaped', () => {
    const text = 'Tea & cake <3, "free" for 5\'s and 10s — café, naïve; 50% off';
    expect(renderMarkdown(text)).toBe(`<p>${text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;')}</p>`);
  });
  test('markup removed, words kept', () => {
    expect(markdownToText('Come **along**.\n\n- one\n- two [three](https://a.example.org/)\n\n<b>x</b>')).toBe('Come along. one; two three <b>x</b>');
  });
});

/**
 * How much text the renderer's string and regex primitives walk over while rendering `input`: the characters each
 * search scans, each slice copies, each regex is run on. A deterministic stand-in for time (no timed tests): linear
 * work grows 4x with 4x the input, quadratic work 16x. The wall-clock figure is in `npm run bench -- --only markdown`.
 */
function workToRender(input: string): number {
  let work = 0;
  let lastIndex = 0;
  // A regex run scans from where it starts (lastIndex for global ones) to the end of its match, or of the text.
  const regexWork = (self: unknown, args: unknown[], result: unknown): number => {
    const from = (self as RegExp).global || (self as RegExp).sticky ? lastIndex : 0;
    const match = (self as RegExp).global || (self as RegExp).sticky ? (self as RegExp).lastIndex : null;
    return (match && result ? match : String(args[0]).length) - from + 1;
  };
  const string = String.prototype as unknown as Record<string, (...args: unknown[]) => unknown>;
  const regexp = RegExp.prototype as unknown as Record<string, (...args: unknown[]) => unknown>;
  const measured: [Record<string, (...args: unknown[]) => unknown>, string, (self: unknown, args: unknown[], result: unknown) => number][] = [
    [string, 'indexOf', (self, args, result) => ((result as number) < 0 ? (self as string).length : (result as number)) - Number(args[1] ?? 0) + 1],
    [string, 'lastIndexOf', (self) => (self as string).length],
    [string, 'includes', (self) => (self as string).length],
    [string, 'slice', (_self, _args, result) => (result as string).length + 1],
    [string, 'substring', (_self, _args, result) => (result as string).length + 1],
    [string, 'trim', (self) => (self as string).length + 1],
    [string, 'trimEnd', (self) => (self as string).length + 1],
    [string, 'trimStart', (self) => (self as string).length + 1],
    [string, 'replace', (self) => (self as string).length + 1],
    [string, 'split', (self) => (self as string).length + 1],
    [regexp, 'exec', regexWork],
    [regexp, 'test', regexWork],
  ];
  const originals = measured.map(([target, name]) => target[name]!);
  // Parsing a web address reads all of it.
  const OriginalURL = globalThis.URL;
  globalThis.URL = class extends OriginalURL {
    constructor(url: string | URL, base?: string | URL) {
      work += String(url).length;
      super(url, base);
    }
  };
  measured.forEach(([target, name, cost], i) => {
    const original = originals[i]!;
    target[name] = function (this: unknown, ...args: unknown[]) {
      if (this instanceof RegExp) lastIndex = this.lastIndex;
      const result = original.apply(this, args);
      work += cost(this, args, result);
      return result;
    };
  });
  try {
    renderMarkdown(input);
  } finally {
    globalThis.URL = OriginalURL;
    measured.forEach(([target, name], i) => {
      target[name] = originals[i]!;
    });
  }
  return work;
}

describe('adversarial input costs work in proportion to its length', () => {
  const shapes: Record<string, (n: number) => string> = {
    'asterisks': (n) => '*'.repeat(n),
    'underscore-letter': (n) => '_a'.repeat(n / 2),
    'space-underscore-letter': (n) => ' _a'.repeat(n / 3),
    'underscore-space': (n) => '_ a'.repeat(n / 3),
    'opening brackets': (n) => '['.repeat(n),
    'brackets then closers': (n) => `${'['.repeat(n / 2)}${']'.repeat(n / 2)}`,
    'backticks': (n) => '`'.repeat(n),
    'bold openers': (n) => '**a'.repeat(n / 3),
    'bold with spaces': (n) => '** a'.repeat(n / 4),
    'angle brackets': (n) => '<'.repeat(n),
    'backslashes': (n) => 'a\\'.repeat(n / 2),
    'unclosed link destinations': (n) => '[a]('.repeat(n / 4),
    'nested link destinations': (n) => '[a](https://x.example.org/'.repeat(n / 26),
    'nested broken link destinations, closed': (n) => `${'[a](http://['.repeat(n / 26)}${')'.repeat(n / 26)}`,
    'nested link destinations, closed': (n) => `${'[a](https://x.example.org/'.repeat(n / 52)}${')'.repeat(n / 52)}`,
    'emphasis around bold': (n) => ' _**a'.repeat(n / 5),
    'mixed': (n) => '*_[`<\\(]) '.repeat(n / 10),
  };
  test.each(Object.keys(shapes))('%s', (shape) => {
    const make = shapes[shape]!;
    const small = workToRender(make(10_000));
    const large = workToRender(make(40_000));
    expect(large / small, `work for 10,000 characters: ${small}, for 40,000: ${large}`).toBeLessThanOrEqual(8);
  });
  test('and renders it as the escaped text it is', () => {
    expect(renderMarkdown(' _a'.repeat(3_000))).toBe(`<p>${' _a'.repeat(3_000).trim()}</p>`);
    expect(renderMarkdown('[a]('.repeat(2_500))).toBe(`<p>${'[a]('.repeat(2_500)}</p>`);
    expect(renderMarkdown(`a${' '.repeat(40_000)}b\n`)).toBe(`<p>a${' '.repeat(40_000)}b</p>`);
    expect(renderMarkdown('<'.repeat(10_000))).toBe(`<p>${'&lt;'.repeat(10_000)}</p>`);
    expect(renderMarkdown(`[long](https://x.example.org/${'a'.repeat(2_100)})`)).toBe(`<p>[long](https://x.example.org/${'a'.repeat(2_100)})</p>`);
  });
});
