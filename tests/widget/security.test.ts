/**
 * The widget runs on strangers' pages, so what it must never do is checked in its source and its bundle: no
 * HTML parsing of any kind (listing text must only ever become text nodes), no code from strings, no inline event
 * handlers, and no address of anyone but the LOOP site it was loaded from. The browser tests prove the same with
 * hostile listings; this catches a regression before it ever renders.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { bundle } from '../../src/widget/build.ts';
import { repoRoot } from '../support/shared.ts';

const FORBIDDEN: [string, RegExp][] = [
  ['innerHTML', /\binnerHTML\b/],
  ['outerHTML', /\bouterHTML\b/],
  ['insertAdjacentHTML', /\binsertAdjacentHTML\b/],
  ['document.write', /\bdocument\s*\.\s*write(ln)?\b/],
  ['createContextualFragment', /\bcreateContextualFragment\b/],
  ['DOMParser', /\bDOMParser\b/],
  ['setHTMLUnsafe / parseHTMLUnsafe', /\b(set|parse)HTMLUnsafe\b/],
  ['srcdoc', /\bsrcdoc\b/],
  ['eval', /\beval\s*\(/],
  ['new Function', /\bnew\s+Function\s*\(/],
  ['setTimeout with a string', /setTimeout\(\s*['"`]/],
  ['inline event handler attribute', /setAttribute\(\s*['"`]on/i],
  ['javascript: URL', /javascript:/i],
  ['absolute address of another site', /\bhttps?:\/\/[\w.-]/i],
];

/** Forbidden uses in a text, ignoring comments in TypeScript sources (which may name them to forbid them). */
export function violations(text: string, isSource: boolean): string[] {
  const code = isSource ? text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:])\/\/.*$/gm, '$1') : text;
  return FORBIDDEN.filter(([, pattern]) => pattern.test(code)).map(([name]) => name);
}

describe('the widget never parses HTML, runs strings or calls other sites', () => {
  let sources: { path: string; text: string }[] = [];
  let bundles: { name: string; text: string }[] = [];
  beforeAll(async () => {
    const classic = await bundle(repoRoot, 'classic');
    const module = await bundle(repoRoot, 'module');
    // Every source file that reaches the browser, as esbuild saw them: a new module is checked without listing it here.
    const inputs = [...new Set([...classic.inputs, ...module.inputs])];
    sources = inputs.map((path) => ({ path, text: readFileSync(join(repoRoot, path), 'utf8') }));
    bundles = [
      { name: 'loop-widget.js', text: new TextDecoder().decode(classic.bytes) },
      { name: 'loop-widget.mjs', text: new TextDecoder().decode(module.bytes) },
    ];
  });

  test('the check itself catches each forbidden use', () => {
    const samples = [
      'el.innerHTML = item.name',
      'li.outerHTML = x',
      "el.insertAdjacentHTML('beforeend', summary)",
      'document.write(name)',
      'document .writeln(x)',
      'range.createContextualFragment(html)',
      'new DOMParser().parseFromString(s, "text/html")',
      'el.setHTMLUnsafe(s)',
      'frame.srcdoc = s',
      'eval(code)',
      'new Function("return 1")',
      "setTimeout('alert(1)', 1)",
      "a.setAttribute('onclick', x)",
      "a.href = 'javascript:void 0'",
      'fetch("https://tracker.example.com/pixel")',
    ];
    for (const sample of samples) expect(violations(sample, false), sample).not.toEqual([]);
    expect(violations('el.textContent = name; el.append(summary); // innerHTML is never used', true)).toEqual([]);
  });

  test('the bundle is built only from the widget\'s own modules and the public URL module (no zod, no Node code, not the site\'s other URLs)', () => {
    expect(sources.length).toBeGreaterThan(4);
    for (const { path } of sources) expect(path, path).toMatch(/^src\/(widget\/(classic|module|element|dom|format|listings|options|styles)\.ts|urls\/public\.ts)$/);
  });

  test('no source file that reaches the browser uses any of them', () => {
    const found = sources.flatMap(({ path, text }) => violations(text, true).map((v) => `${path}: ${v}`));
    expect(found).toEqual([]);
  });

  test('neither built file uses any of them', () => {
    const found = bundles.flatMap(({ name, text }) => violations(text, false).map((v) => `${name}: ${v}`));
    expect(found).toEqual([]);
  });

  test('listing text reaches the page only through append (text nodes) and attribute values', () => {
    const element = sources.find((s) => s.path === 'src/widget/element.ts')!.text;
    expect(element).toMatch(/textContent = /);
    expect(sources.find((s) => s.path === 'src/widget/dom.ts')!.text).toMatch(/element\.append\(child\)/);
    // Links are made in one place, which takes only checked addresses.
    expect(element).not.toMatch(/\bh\(\s*'a'/);
    expect(element).not.toMatch(/\.href\s*=/);
  });
});
