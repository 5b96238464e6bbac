import { describe, expect, test } from 'vitest';
import { htmlToText, looksLikeHtml, wrapParagraph } from '../../src/importers/html-to-text.ts';

describe('htmlToText', () => {
  test('paragraphs, headings, lists, bold, emphasis and links become the markdown subset', () => {
    const html = '<h1>About us</h1><p>We help <strong>carers</strong> and <em>families</em>.</p><ul><li>Advice</li><li><b>Breaks</b></li></ul><p>See <a href="https://example.org/more">our site</a>.</p>';
    expect(htmlToText(html)).toBe('**About us**\n\nWe help **carers** and _families_.\n\n- Advice\n- **Breaks**\n\nSee [our site](https://example.org/more).');
  });

  test('scripts, styles, iframes and forms are dropped with their content', () => {
    const html = '<p>Hello</p><script>alert("x")</script><style>p{color:red}</style><iframe src="https://evil.example.com"></iframe><form><input value="x"><button>Go</button></form><noscript>enable js</noscript><p>World</p>';
    const text = htmlToText(html);
    expect(text).toBe('Hello\n\nWorld');
    expect(text).not.toMatch(/alert|color|evil|enable js|Go/);
  });

  test('links to anything but http(s) keep their words and lose the link', () => {
    const text = htmlToText('<p><a href="javascript:alert(1)">Click</a> <a href="data:text/html,x">data</a> <a href="mailto:a@b.org">mail us</a> <a href=" JAVASCRIPT:alert(1)">shout</a> <a href="https://ok.example.org/a b(c)">fine</a></p>');
    expect(text).toBe('Click data mail us shout [fine](https://ok.example.org/a%20b%28c%29)');
    expect(text).not.toMatch(/javascript|data:|mailto/i);
  });

  test('event handler attributes never reach the output', () => {
    const text = htmlToText('<p onclick="steal()" style="x">Text <img src=x onerror="alert(1)" alt="A logo"></p>');
    expect(text).toBe('Text A logo');
  });

  test('entities are decoded and non-breaking spaces become spaces', () => {
    expect(htmlToText('<p>Fish &amp; chips&nbsp;&pound;5 &#8211; &lt;b&gt;</p>')).toBe('Fish & chips £5 – <b>');
  });

  test('unclosed and mis-nested tags still give readable text', () => {
    expect(htmlToText('<p>One<p>Two <b>bold<p>three')).toBe('One\n\nTwo **bold**\n\n**three**');
    expect(htmlToText('<b><i>deep</b></i> end')).toBe('**_deep_** end');
  });

  test('empty markup gives an empty string, not stray markers', () => {
    expect(htmlToText('<p><b> </b></p><ul><li></li></ul>')).toBe('');
  });

  test('plain mode (single-line fields) gives words only', () => {
    expect(htmlToText('<h2>Name</h2> <b>of</b> <a href="https://x.org">thing</a>', { plain: true })).toBe('Name of thing');
  });

  test('long paragraphs are wrapped like hand-written files, never inside a link', () => {
    const words = Array.from({ length: 60 }, (_, i) => `word${i}`).join(' ');
    const text = htmlToText(`<p>${words} <a href="https://example.org/a-long-path">a link with words</a> end</p>`);
    for (const line of text.split('\n')) expect(line.length).toBeLessThanOrEqual(110 + 60);
    expect(text.replace(/\n/g, ' ')).toContain('[a link with words](https://example.org/a-long-path)');
    expect(wrapParagraph('aaa bbb ccc', 7)).toBe('aaa bbb\nccc');
  });

  test('huge input does not throw', () => {
    const html = `<div>${'<b>x</b> '.repeat(50_000)}</div>${'<div>'.repeat(5000)}`;
    expect(() => htmlToText(html)).not.toThrow();
  });

  test('looksLikeHtml tells markup from plain text with a < in it', () => {
    expect(looksLikeHtml('<p>hi</p>')).toBe(true);
    expect(looksLikeHtml('Fish &amp; chips')).toBe(true);
    expect(looksLikeHtml('for ages < 18 and > 5')).toBe(false);
    expect(looksLikeHtml('plain')).toBe(false);
  });
});
