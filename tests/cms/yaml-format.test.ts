/**
 * The web form's YAML format: what it writes must read back as exactly what the person entered (minus blanks),
 * pass the validator, and change nothing in an existing file but the fields that changed.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { fromForm, parseListing, readsBackAs, renderField, toForm, writeListing, type Data, type FormKind } from '../../src/cms/yaml-format.ts';
import { validateDataSync } from '../../src/checks/load.ts';
import { FIXTURE, readFixture } from '../support/data.ts';
import { repoRoot } from '../support/shared.ts';

const KIND_OF: Record<string, FormKind> = { services: 'service', resources: 'resource', organisations: 'organisation', locations: 'location', taxonomies: 'taxonomy' };

function listingFiles(dataDir: string): { path: string; kind: FormKind }[] {
  const walk = (dir: string): string[] => readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? walk(join(dir, name)) : [join(dir, name)]));
  return Object.entries(KIND_OF).flatMap(([folder, kind]) => walk(join(dataDir, folder)).filter((p) => p.endsWith('.yaml')).map((path) => ({ path, kind })));
}

const exampleFiles = listingFiles(join(repoRoot, 'data'));
const fixtureFiles = listingFiles(join(FIXTURE, 'data'));

describe('existing files', () => {
  test.each([...exampleFiles, ...fixtureFiles].map((f) => [relative(repoRoot, f.path), f] as const))('%s is written back byte for byte when nothing changed', (_, { path, kind }) => {
    const text = readFileSync(path, 'utf8');
    expect(writeListing(kind, toForm(kind, parseListing(text)), text)).toBe(text);
  });

  test('"still accurate" is a one-line change; comments and layout elsewhere are kept', () => {
    const original = `${readFixture('services/chapeltown-carers/carers-drop-in.yaml')}# a closing comment\n`.replace('kind: group', 'kind: group # they call it a group');
    const data = toForm('service', parseListing(original));
    const written = writeListing('service', { ...data, reviewed: '2026-11-24' }, original);
    const changed = diffLines(original, written);
    expect(changed).toEqual({ removed: ['reviewed: 2026-09-14'], added: ['reviewed: 2026-11-24'] });
  });

  test('a changed list is rewritten as a whole; a new field goes where the model puts it; a cleared one disappears', () => {
    const original = readFixture('services/chapeltown-carers/carers-drop-in.yaml');
    const data = toForm('service', parseListing(original)) as Data & { phones: { number: string }[] };
    const edited = { ...data, phones: [{ ...data.phones[0]!, number: '0113 496 0999' }], email: 'drop-in@chapeltown-carers.example.org', tags: [], minimum_age: '' };
    const written = writeListing('service', edited, original);
    const { removed, added } = diffLines(original, written);
    expect(removed).toEqual(['minimum_age: 18', '  - number: 0113 496 0123', 'tags: [coronavirus]']);
    expect(added).toEqual(['email: drop-in@chapeltown-carers.example.org', '  - number: 0113 496 0999']);
    // The email lands after `description` (its predecessor in the model's order), not at the end of the file.
    expect(written.split('\n').indexOf('email: drop-in@chapeltown-carers.example.org')).toBe(written.split('\n').findIndex((l) => l.startsWith('categories:')) - 1);
    expect(readsBackAs('service', written, fromForm('service', edited))).toBe(true);
  });

  test('Windows line endings stay Windows line endings', () => {
    const original = readFixture('services/chapeltown-carers/carers-phone-line.yaml').replace(/\n/g, '\r\n');
    const data = toForm('service', parseListing(original));
    const written = writeListing('service', { ...data, reviewed: '2026-11-24' }, original);
    expect(written).toBe(original.replace(/reviewed: [\d-]+/, 'reviewed: 2026-11-24'));
  });

  test('a file that is not a plain block of fields is written afresh rather than patched', () => {
    const flow = '{ id: 6f1c3b9e-2d4a-4c8e-9b7a-1e2f3a4b5c6d, name: Flow }\n';
    expect(writeListing('location', { ...parseListing(flow), name: 'Flow Hall' }, flow)).toBe(
      '# yaml-language-server: $schema=../../schemas/location.schema.json\nid: 6f1c3b9e-2d4a-4c8e-9b7a-1e2f3a4b5c6d\nname: Flow Hall\n',
    );
    const broken = 'name: [unclosed\n';
    expect(writeListing('location', { name: 'Mended' }, broken)).toContain('name: Mended\n');
  });
});

describe('what the form leaves empty', () => {
  test('blank text, empty lists and empty sections are not written; text is trimmed; keys follow the model', () => {
    const form: Data = {
      reviewed_by: ' listings@x.example.org ',
      name: '  Tea & Talk ',
      id: '6f1c3b9e-2d4a-4c8e-9b7a-1e2f3a4b5c6d',
      alternate_name: '',
      description: '   ',
      needs: [],
      phones: [{ number: '', description: '' }, { number: '0113 496 0555', languages: [] }],
      referral: { route: '', url: '' },
      cost: { free: false, options: [{ amount: '', option: '' }] },
      locations: [{ location: 'hub', schedules: [{}] }],
      minimum_age: Number.NaN,
      confidential_location: false,
      organisation: 'org',
    };
    expect(fromForm('service', form)).toEqual({
      id: '6f1c3b9e-2d4a-4c8e-9b7a-1e2f3a4b5c6d',
      name: 'Tea & Talk',
      organisation: 'org',
      cost: { free: false },
      reviewed_by: 'listings@x.example.org',
      phones: [{ number: '0113 496 0555' }],
      locations: [{ location: 'hub' }],
      confidential_location: false,
    });
    expect(Object.keys(fromForm('service', form))).toEqual(['id', 'name', 'organisation', 'cost', 'reviewed_by', 'phones', 'locations', 'confidential_location']);
  });

  test('"Free of charge" alone is written `cost: free`; with details it stays a section', () => {
    expect(fromForm('service', { cost: { free: true } }).cost).toBe('free');
    expect(fromForm('resource', { cost: { free: true, description: '' } }).cost).toBe('free');
    expect(fromForm('service', { cost: { free: true, description: 'Donations welcome' } }).cost).toEqual({ free: true, description: 'Donations welcome' });
    expect(toForm('service', { cost: 'free' }).cost).toEqual({ free: true });
    expect(toForm('location', { cost: 'free' }).cost).toBe('free');
  });
});

describe('new files', () => {
  test('every example listing, written afresh by the form, passes the validator exactly as the original does', () => {
    const dir = mkdtempSync(join(tmpdir(), 'loop-cms-fresh-'));
    cpSync(join(repoRoot, 'data'), join(dir, 'data'), { recursive: true });
    cpSync(join(repoRoot, 'loop.config.yaml'), join(dir, 'loop.config.yaml'));
    const before = validateDataSync({ dataDir: join(dir, 'data'), root: dir, asOf: '2026-11-24' });
    for (const { path, kind } of listingFiles(join(dir, 'data'))) {
      writeFileSync(path, writeListing(kind, toForm(kind, parseListing(readFileSync(path, 'utf8')))));
    }
    const after = validateDataSync({ dataDir: join(dir, 'data'), root: dir, asOf: '2026-11-24' });
    const summary = (r: typeof before) => r.diagnostics.map((d) => `${d.file} ${d.severity} ${d.rule} ${d.message}`).sort();
    expect(after.errors).toBe(0);
    expect(summary(after)).toEqual(summary(before));
    rmSync(dir, { recursive: true, force: true });
  }, 120_000);

  test('start with the $schema line for editors, then fields in the model\'s order, in LOOP\'s house style', () => {
    const text = writeListing('service', {
      reviewed: '2026-11-24',
      name: 'Tea & Talk',
      summary: 'x'.repeat(150),
      description: 'Line one.\n\n- a point',
      schedules: [{ days: ['MO', 'WE'], opens: '09:30', closes: '11:00' }],
      categories: ['carers-support'],
    });
    expect(text).toBe(
      [
        '# yaml-language-server: $schema=../../../schemas/service.schema.json',
        'name: Tea & Talk',
        'summary: >-',
        `  ${'x'.repeat(150)}`,
        'description: |',
        '  Line one.',
        '',
        '  - a point',
        'categories: [carers-support]',
        'reviewed: 2026-11-24',
        'schedules:',
        '  - days: [MO, WE]',
        '    opens: "09:30"',
        '    closes: "11:00"',
        '',
      ].join('\n'),
    );
    expect(writeListing('organisation', { name: 'A' }).split('\n')[0]).toBe('# yaml-language-server: $schema=../../schemas/organisation.schema.json');
  });

  test('dates and times stay text when read; a file that is not a block of fields is refused plainly', () => {
    expect(parseListing('reviewed: 2026-09-14\nopens: 09:30\n')).toEqual({ reviewed: '2026-09-14', opens: '09:30' });
    expect(() => parseListing('- a\n- b\n')).toThrow('this file is not a block of fields');
    expect(() => parseListing('name: [\n')).toThrow(/YAML error/);
  });
});

describe('whatever people type', () => {
  const text = fc.oneof(
    fc.string(),
    fc.constantFrom('yes', 'no', 'null', '~', '09:30', '2026-01-01', '0113 496 0123', '#hashtag', 'a: b', '- item', '"quoted"', "it's", 'javascript:alert(1)', '<script>alert(1)</script>', '{ flow }', '[1, 2]', '*alias', '&anchor', '! tag', '%directive', '---', '...', 'line\nbreak', '  indented\n    more', 'tab\there', 'é ü 中文 🙂', 'x'.repeat(500)),
  );
  const value = fc.oneof(text, fc.integer(), fc.boolean(), fc.array(text, { maxLength: 4 }), fc.array(fc.record({ number: text, description: text }, { requiredKeys: [] }), { maxLength: 3 }));
  const original = readFixture('services/chapeltown-carers/carers-drop-in.yaml');
  const base = toForm('service', parseListing(original));
  const keys = ['name', 'summary', 'description', 'email', 'phones', 'needs', 'tags', 'alert', 'wait_time', 'minimum_age', 'new_field', 'reviewed'];

  test('what is written reads back as exactly what was entered, both as an edit and as a new file', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...keys), value, { maxKeys: 5 }), (changes) => {
        const data = { ...base, ...changes };
        const expected = fromForm('service', data);
        const edited = writeListing('service', data, original);
        const fresh = writeListing('service', data);
        expect(readsBackAs('service', edited, expected)).toBe(true);
        expect(readsBackAs('service', fresh, expected)).toBe(true);
        // Fields nobody touched keep their exact lines.
        if (!('categories' in changes)) expect(edited).toContain('categories: [carers-support]\n');
      }),
      { numRuns: 150 },
    );
  });

  test('a long text is folded, never cut, and a short one is one line', () => {
    const long = 'word '.repeat(60).trim();
    expect(parseListing(renderField('summary', long)).summary).toBe(long);
    expect(renderField('name', 'Short')).toBe('name: Short\n');
  });
});

function diffLines(a: string, b: string): { removed: string[]; added: string[] } {
  const left = a.split(/\r?\n/);
  const right = b.split(/\r?\n/);
  const removed = left.filter((l) => !right.includes(l));
  const added = right.filter((l) => !left.includes(l));
  return { removed, added };
}
