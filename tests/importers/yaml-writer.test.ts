import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { appendToList, newFileText, ordered, schemaLine, toYaml, updateFileText } from '../../src/importers/sync/yaml-writer.ts';
import { repoRoot } from '../support/shared.ts';

const CAFE = join(repoRoot, 'data/services/chapeltown-carers-network/carers-cafe.yaml');

describe('new files look hand-written', () => {
  test('schema line first, house key order, block style, quotes only where needed', () => {
    const text = newFileText('service', {
      reviewed_by: 'info@example.org',
      reviewed: '2026-01-01',
      categories: ['carers-support', 'befriending'],
      summary: 'A short summary.',
      name: 'Carers: a café',
      organisation: 'chapeltown-carers',
      id: '2c13e274-e7e4-4506-850d-ae391803045d',
      locations: [{ schedules: [{ closes: '12:00', opens: '10:00', days: ['MO', 'WE'] }], location: 'hub' }],
      description: 'Para one.\n\nPara two.',
      provenance: [{ imported: '2026-01-01', id: '42', system: 'X' }],
    });
    expect(text).toBe(`${schemaLine('service')}
id: 2c13e274-e7e4-4506-850d-ae391803045d
name: "Carers: a café"
organisation: chapeltown-carers
summary: A short summary.
description: |-
  Para one.

  Para two.
categories: [carers-support, befriending]
locations:
  - location: hub
    schedules:
      - days: [MO, WE]
        opens: "10:00"
        closes: "12:00"
provenance:
  - system: X
    id: "42"
    imported: 2026-01-01
reviewed: 2026-01-01
reviewed_by: info@example.org
`);
    expect(parse(text).name).toBe('Carers: a café');
  });
  test('schema paths are relative to where each kind lives', () => {
    expect(schemaLine('organisation')).toBe('# yaml-language-server: $schema=../../schemas/organisation.schema.json');
    expect(schemaLine('service')).toBe('# yaml-language-server: $schema=../../../schemas/service.schema.json');
  });
  test('long single lines are folded and still read back the same', () => {
    const long = 'word '.repeat(60).trim();
    const text = newFileText('organisation', { id: 'x', name: 'N', description: long });
    expect(text).toMatch(/description: >-\n {2}word/);
    expect(parse(text).description).toBe(long);
  });
  test('ordered() sorts nested objects by the model', () => {
    expect(Object.keys(ordered('location', { address: { postal_code: 'LS1 1AA', address_1: 'x' }, name: 'n', id: 'i' }) as object)).toEqual(['id', 'name', 'address']);
  });
});

describe('updating a file changes only what changed', () => {
  const text = readFileSync(CAFE, 'utf8');
  const current = parse(text) as Record<string, unknown>;

  test('an unchanged record returns the very same text', () => {
    expect(updateFileText('service', text, current, Object.keys(current))).toBe(text);
  });

  test('a deep change edits one line; comments and the rest stay byte for byte', () => {
    const commented = text.replace('    description: In the main meeting room on the ground floor.', '    description: In the main meeting room on the ground floor. # ask at reception');
    const next = structuredClone(parse(commented)) as { locations: { schedules: { opens: string }[] }[] };
    next.locations[0]!.schedules[0]!.opens = '10:00';
    const out = updateFileText('service', commented, next as unknown as Record<string, unknown>, ['locations']);
    const before = commented.split('\n');
    const after = out.split('\n');
    expect(after.length).toBe(before.length);
    const changed = after.filter((l, i) => l !== before[i]);
    expect(changed).toEqual(['        opens: "10:00"']);
    expect(out).toContain('# ask at reception');
  });

  test('new fields go where the model puts them, removed fields disappear with their comment', () => {
    const withComment = text.replace('funding: [Leeds', '# who pays\nfunding: [Leeds');
    const next: Record<string, unknown> = { ...(parse(withComment) as Record<string, unknown>), wait_time: 'No wait' };
    delete next.funding;
    const out = updateFileText('service', withComment, next, ['wait_time', 'funding']);
    expect(out).not.toContain('funding:');
    expect(out).not.toContain('# who pays');
    const lines = out.split('\n');
    expect(lines.indexOf('wait_time: No wait')).toBeGreaterThan(lines.findIndex((l) => l.startsWith('referral:')));
    expect(lines.indexOf('wait_time: No wait')).toBeLessThan(lines.findIndex((l) => l.startsWith('social:')));
    expect(parse(out)).toEqual(next);
  });

  test('fields not owned by the import are never touched', () => {
    const next = { ...current, needs: [], name: 'Renamed' };
    const out = updateFileText('service', text, next, ['name']);
    expect(parse(out).needs).toEqual(current.needs);
    expect(parse(out).name).toBe('Renamed');
  });

  test('a comment beside a one-line value survives a change of the value', () => {
    const src = `${schemaLine('organisation')}\nid: x\nname: Old name # what people call it\ndescription: d\n`;
    expect(updateFileText('organisation', src, { id: 'x', name: 'New name', description: 'd' }, ['name'])).toBe(
      `${schemaLine('organisation')}\nid: x\nname: New name # what people call it\ndescription: d\n`,
    );
  });

  test('items appended to a list leave the existing items as written', () => {
    const src = `id: x\nterms:\n  - slug: a # first\n    name: A\n`;
    const out = appendToList('taxonomy', src, 'terms', [{ name: 'B', slug: 'b' }]);
    expect(out).toBe(`id: x\nterms:\n  - slug: a # first\n    name: A\n  - slug: b\n    name: B\n`);
  });

  test('flow-style and odd layouts fall back safely and still read back as intended', () => {
    const src = '{id: x, name: "N", description: d}\n';
    const out = updateFileText('organisation', src, { id: 'x', name: 'M', description: 'd' }, ['name']);
    expect(parse(out)).toEqual({ id: 'x', name: 'M', description: 'd' });
  });
});

describe('the emitter writes what YAML reads back', () => {
  test('any text, number, list and map reads back exactly (property test)', async () => {
    const fc = await import('fast-check');
    const text = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 40 }),
      fc.string({ unit: 'binary', maxLength: 20 }),
      fc.constantFrom('true', 'no', 'null', '~', '1.5', '-1', '0x1F', '1e3', '10:30', '2026-01-01', '2026-01-01T10:00', '- a', ': b', 'a: b', 'a #b', '#x', '@x', '`x', '|', '>', "it's", '"q"', ' lead', 'trail ', 'a  b', 'line\nnext', 'line\n', 'line\n\n', '\nlead', 'tab\there', 'ok/slug-1', 'x'.repeat(150), `${'word '.repeat(40)}end`, `${'word '.repeat(40)}end\n\nmore`),
    );
    const leaf = fc.oneof(text, fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }).filter((n) => !Object.is(n, -0)), fc.boolean(), fc.constant(null));
    const value = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, leaf, tie('list'), tie('map')),
      list: fc.array(tie('node'), { maxLength: 5 }),
      map: fc.dictionary(fc.oneof(fc.constantFrom('name', 'description', 'days', 'opens'), fc.string({ maxLength: 8 })), tie('node'), { maxKeys: 5 }),
    })).map;
    fc.assert(
      fc.property(value, (v) => {
        expect(parse(toYaml(v), { version: '1.2' })).toEqual(v);
      }),
      { numRuns: 800 },
    );
  });

  test('times are quoted and short word lists are in brackets', () => {
    expect(toYaml({ opens: '10:30', days: ['MO', 'TU'], codes: ['80425'], words: ['a, b'] })).toBe('opens: "10:30"\ndays: [MO, TU]\ncodes:\n  - "80425"\nwords:\n  - a, b\n');
  });
});
