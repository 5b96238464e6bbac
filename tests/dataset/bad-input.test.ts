/**
 * The bad-input corpus: whatever lands in data/, the validator answers with a clear diagnostic naming the file and
 * line, never a crash, and never drops a file silently.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { parseYaml } from '../../src/dataset/read.ts';
import { checkSchema } from '../../src/checks/schema.ts';
import { SCHEMAS } from '../../src/model/kinds.ts';
import { only, readFixture, validateWith } from '../support/data.ts';

const ORG = 'organisations/chapeltown-carers.yaml';
const SERVICE = 'services/chapeltown-carers/carers-drop-in.yaml';
const enc = (s: string) => new TextEncoder().encode(s);

function diagnosticsFor(text: string | Uint8Array) {
  const result = validateWith({ [SERVICE]: text });
  return result.diagnostics.filter((d) => d.file === `data/${SERVICE}`);
}

describe('malformed files', () => {
  test('broken YAML syntax names the line', () => {
    const found = diagnosticsFor('id: 6f1c3b9e-2d4a-4c8e-9b7a-1e2f3a4b5c6d\nname: "unclosed\nsummary: x\n');
    expect(found[0]).toMatchObject({ rule: 'yaml-syntax', severity: 'error' });
    expect(found[0]!.line).toBeGreaterThanOrEqual(2);
  });
  test('tabs used for indentation', () => {
    const text = readFixture(SERVICE).replace('  - location: chapeltown-community-hub', '\t- location: chapeltown-community-hub');
    const found = diagnosticsFor(text);
    expect(found.some((d) => d.rule === 'yaml-syntax' && /tabs|Tabs|tab/.test(d.message))).toBe(true);
  });
  test('a byte-order mark is tolerated', () => {
    expect(diagnosticsFor(`\uFEFF${readFixture(SERVICE)}`)).toEqual([]);
  });
  test('Windows line endings are tolerated and lines still count right', () => {
    const crlf = readFixture(SERVICE).replace(/\n/g, '\r\n').replace('summary:', 'summery:');
    const found = diagnosticsFor(crlf);
    expect(found.find((d) => d.rule === 'unknown-key')).toMatchObject({ line: 7, column: 1 });
  });
  test('duplicate keys', () => {
    const found = diagnosticsFor(`${readFixture(SERVICE)}name: Again\n`);
    expect(found[0]).toMatchObject({ rule: 'yaml-syntax', message: expect.stringMatching(/appears twice/) });
    expect(found[0]!.line).toBe(readFixture(SERVICE).split('\n').length);
  });
  test('a YAML bomb (billion laughs) is stopped', () => {
    const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 10; i++) {
      const prev = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      lines.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]`);
    }
    const started = performance.now();
    const found = diagnosticsFor(lines.join('\n'));
    expect(performance.now() - started).toBeLessThan(5000);
    expect(found[0]).toMatchObject({ rule: 'yaml-syntax', message: expect.stringMatching(/too many YAML aliases/) });
  });
  test('a multi-megabyte string is refused before parsing', () => {
    const found = diagnosticsFor(`id: x\ndescription: "${'A'.repeat(3 * 1024 * 1024)}"\n`);
    expect(found).toEqual([expect.objectContaining({ rule: 'file-size', line: 1, message: expect.stringMatching(/3072 kB; a listing file may be at most 256 kB/) })]);
  });
  test('a vocabulary over the size cap says to split its terms, not to move text to a website (issue #16)', () => {
    const terms = Array.from({ length: 1900 }, (_, i) => `  - slug: elsewhere/term-${i}\n    name: Term ${i}\n    description: From Elsewhere, vocabulary "AIRS", code BD-${i}; not yet mapped to a LOOP category.\n`).join('');
    const file = 'taxonomies/imported-categories.yaml';
    const result = validateWith({ [file]: `id: 0b0a3f57-6a35-5b0e-9a52-2b8a3f0c1d12\nname: Imported\ndescription: Imported terms.\nkind: category\nterms:\n${terms}` });
    expect(result.diagnostics.filter((d) => d.file === `data/${file}`)).toEqual([
      expect.objectContaining({ rule: 'file-size', message: expect.stringMatching(/kB; a vocabulary file may be at most 256 kB/), hint: expect.stringMatching(/one file per source vocabulary/) }),
    ]);
  });
  test('binary garbage', () => {
    const bytes = new Uint8Array(4096);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7919) % 256;
    expect(diagnosticsFor(bytes)[0]).toMatchObject({ rule: 'encoding', line: 1 });
    expect(diagnosticsFor(enc('name: a\u0000b\n'))[0]).toMatchObject({ rule: 'encoding' });
  });
  test('an empty file, and one with only comments', () => {
    expect(diagnosticsFor('')[0]).toMatchObject({ rule: 'yaml-syntax', message: 'the file is empty' });
    expect(diagnosticsFor('# nothing here\n')[0]).toMatchObject({ rule: 'yaml-syntax', message: 'the file has no content' });
  });
  test('a list or a scalar where a listing should be', () => {
    expect(diagnosticsFor('- a\n- b\n')[0]).toMatchObject({ rule: 'schema', message: 'the file should be a block of fields, not a list' });
    expect(diagnosticsFor('just some words\n')[0]).toMatchObject({ rule: 'schema', message: expect.stringMatching(/should be a block of fields/) });
  });
  test('two documents in one file', () => {
    expect(diagnosticsFor(`${readFixture(SERVICE)}---\nname: second\n`)[0]).toMatchObject({ rule: 'yaml-syntax', message: expect.stringMatching(/more than one YAML document/) });
  });
  test('custom tags are not executed or trusted', () => {
    const found = diagnosticsFor(readFixture(SERVICE).replace("name: Carers' Drop-in", 'name: !!js/function "function(){}"'));
    expect(found.length).toBeGreaterThan(0);
    expect(found.every((d) => d.severity === 'error')).toBe(true);
  });
  test('deep nesting does not overflow the stack', () => {
    const found = diagnosticsFor(`a: ${'['.repeat(50_000)}${']'.repeat(50_000)}\n`);
    expect(found.length).toBeGreaterThan(0);
  });
  test('hostile strings stay data: HTML is kept as text, javascript: URLs are errors', () => {
    const text = readFixture(SERVICE)
      .replace("name: Carers' Drop-in", 'name: "<script>alert(1)</script><img src=x onerror=alert(1)>"')
      .replace('tags: [coronavirus]', 'tags: [coronavirus]\nurl: "  JaVaScRiPt:alert(1)"');
    const result = validateWith({ [SERVICE]: text });
    expect(only(result, 'url')).toHaveLength(1);
    const ok = validateWith({ [SERVICE]: readFixture(SERVICE).replace("name: Carers' Drop-in", 'name: "<script>alert(1)</script>"') });
    expect(ok.errors).toBe(0);
    expect(ok.dataset!.listing('chapeltown-carers/carers-drop-in')!.name).toBe('<script>alert(1)</script>');
  });
  test('a bad file is reported, and the rest of the data still loads', () => {
    const result = validateWith({ [ORG]: 'name: [unclosed\n' });
    expect(result.diagnostics.filter((d) => d.file === `data/${ORG}`)).not.toEqual([]);
    expect(result.dataset!.organisations.map((o) => o.slug)).toEqual(['harehills-food-share']);
    expect(result.files).toBe(14);
  });
});

describe('property: random documents never crash the validator', () => {
  const kinds = Object.keys(SCHEMAS) as (keyof typeof SCHEMAS)[];
  test('arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), (bytes) => {
        const result = parseYaml('data/x.yaml', bytes);
        for (const d of result.diagnostics) expect(d.line).toBeGreaterThanOrEqual(1);
      }),
      { numRuns: 300 },
    );
  });
  test('arbitrary YAML-ish text', () => {
    const yamlish = fc.stringMatching(/^[-a-z :\n\[\]{}"'&*!|>#,0-9\t]*$/, { maxLength: 400 });
    fc.assert(
      fc.property(yamlish, (text) => {
        const parsed = parseYaml('data/x.yaml', new TextEncoder().encode(text));
        if (parsed.file && parsed.diagnostics.length === 0) {
          for (const kind of kinds) checkSchema(SCHEMAS[kind], parsed.value, parsed.file, kind);
        }
      }),
      { numRuns: 300 },
    );
  });
  test('arbitrary JSON values against every schema give positioned diagnostics', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), fc.constantFrom(...kinds), (value, kind) => {
        const text = JSON.stringify(value) ?? 'null';
        const parsed = parseYaml('data/x.yaml', new TextEncoder().encode(text));
        if (!parsed.file || parsed.diagnostics.length) return;
        const { diagnostics } = checkSchema(SCHEMAS[kind], parsed.value, parsed.file, kind);
        for (const d of diagnostics) {
          expect(d.message.length).toBeGreaterThan(0);
          expect(d.line).toBeGreaterThanOrEqual(1);
        }
      }),
      { numRuns: 500 },
    );
  });
  test('a valid service with random field mutations never crashes the whole pipeline', () => {
    const base = readFixture(SERVICE).split('\n');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: base.length - 1 }), fc.string({ maxLength: 30 }), (line, junk) => {
        const lines = [...base];
        lines[line] = `${lines[line]!.split(':')[0]}: ${junk}`;
        const result = validateWith({ [SERVICE]: lines.join('\n') });
        expect(result.dataset).toBeDefined();
      }),
      { numRuns: 40 },
    );
  });
});
