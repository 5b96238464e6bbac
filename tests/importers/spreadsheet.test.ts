import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parse as parseCsv } from 'csv-parse/sync';
import { parse } from 'yaml';
import { readSpreadsheet, TEMPLATE_COLUMNS } from '../../src/importers/formats/csv.ts';
import { repoRoot } from '../support/shared.ts';
import { errorsOf, exampleCopy, importJson, loopImport, read, tempDir, validate, write } from './support.ts';

const TEMPLATE = join(repoRoot, 'docs/templates/loop-import-template.csv');

describe('the published spreadsheet template', () => {
  test('has exactly the columns the importer reads, a header row and one example row', () => {
    const rows = parseCsv(readFileSync(TEMPLATE, 'utf8')) as string[][];
    expect(rows[0]).toEqual(TEMPLATE_COLUMNS.map(([c]) => c));
    expect(rows).toHaveLength(2);
  });

  test('the example row imports as a valid service at its venue, with its organisation', async () => {
    const dir = exampleCopy();
    const { report } = await importJson(dir, 'csv', TEMPLATE, '--system', 'Beeston spreadsheet', '--write');
    expect(report.created.map((c) => c.file).sort()).toEqual([
      'locations/beeston-village-hall.yaml',
      'organisations/beeston-good-neighbours.yaml',
      'services/beeston-good-neighbours/friday-coffee-morning.yaml',
    ]);
    const s = parse(read(dir, 'services/beeston-good-neighbours/friday-coffee-morning.yaml'));
    expect(s).toMatchObject({
      categories: ['social-groups-and-loneliness', 'befriending'],
      audiences: ['older-people'],
      cost: 'free',
      languages: ['en', 'pa'],
      phones: [{ number: '0113 496 0777', description: 'Monday to Friday, 10am to 2pm' }],
      locations: [{ location: 'beeston-village-hall', schedules: [{ days: ['FR'], opens: '10:00', closes: '12:00', notes: 'Closed on bank holidays' }] }],
      referral: { route: 'none', description: 'Just turn up. You do not need to book.' },
      reviewed: '2026-11-20',
      reviewed_by: 'hello@beeston-neighbours.example.org',
    });
    expect(s.summary).toMatch(/^A relaxed coffee morning/);
    expect(errorsOf(validate(dir))).toEqual([]);
  });

  test('rows that share an organisation or a venue make one of each; a repeated id is reported', async () => {
    const dir = tempDir();
    const header = TEMPLATE_COLUMNS.map(([c]) => c).join(',');
    const row = (id: string, name: string) => TEMPLATE_COLUMNS.map(([c]) => ({ id, service_name: name, organisation_name: 'Wortley Friends', organisation_description: 'Friends in Wortley.', summary: `${name} in Wortley.`, categories: 'befriending', venue_name: 'Wortley Hall', address_1: 'Lower Wortley Road', postcode: 'LS12 4SE' })[c] ?? '').join(',');
    const file = write(join(dir, 'sheet.csv'), [header, row('1', 'Lunch club'), row('2', 'Film club'), row('2', 'Film club again')].join('\n'));
    const batch = await readSpreadsheet(file, { system: 'Wortley' });
    expect(batch.records.map((r) => `${r.kind}:${r.key}`)).toEqual(['organisation:Wortley Friends', 'location:Wortley Hall|LS12 4SE', 'service:1', 'service:2']);
    expect(batch.problems.some((p) => /id "2" is used by an earlier row; this row was skipped/.test(p.message))).toBe(true);
  });
});

describe('other spreadsheets through a mapping file', () => {
  test('a mapping that names a missing column stops with the columns the file does have', async () => {
    const dir = tempDir();
    const file = write(join(dir, 'groups.csv'), 'Group,Org\nKnitting,Knitters\n');
    const mapping = write(join(dir, 'mapping.yaml'), 'tables:\n  services:\n    file: groups.csv\n    organisation: Organisation\n    fields:\n      name: Group\n');
    const { code, stderr } = await loopImport(exampleCopy(), 'csv', file, '--mapping', mapping);
    expect(code).toBe(1);
    expect(stderr).toContain('groups.csv has no column "organisation" (the services table of the mapping uses it); it has: group, org');
  });

  test('an unknown field name in a mapping is a clear error', async () => {
    const dir = tempDir();
    const file = write(join(dir, 'groups.csv'), 'Group,Org\nKnitting,Knitters\n');
    const mapping = write(join(dir, 'mapping.yaml'), 'tables:\n  services:\n    file: groups.csv\n    organisation: Org\n    fields:\n      title: Group\n');
    const { code, stderr } = await loopImport(exampleCopy(), 'csv', file, '--mapping', mapping);
    expect(code).toBe(1);
    expect(stderr).toMatch(/the mapping's services table has an unknown field "title"; known: name, alternate_name/);
  });

  test('a mapping file that is not valid is reported, naming the place', async () => {
    const dir = tempDir();
    const mapping = write(join(dir, 'mapping.yaml'), 'phone_country: United Kingdom\n');
    const { code, stderr } = await loopImport(exampleCopy(), 'csv', TEMPLATE, '--mapping', mapping);
    expect(code).toBe(1);
    expect(stderr).toMatch(/the mapping file .*mapping\.yaml is not valid: phone_country/);
  });

  test('a minimal two-column spreadsheet imports with its organisation named by a column', async () => {
    const dir = exampleCopy();
    const file = write(join(dir, 'groups.csv'), 'Group,Org,Phone,Type\nKnitting circle,Knitters of Leeds,0113 496 0321,Crafts\n');
    const mapping = write(join(dir, 'mapping.yaml'), [
      'system: Craft groups',
      'tables:',
      '  services:',
      '    file: groups.csv',
      '    id: Group',
      '    organisation: Org',
      '    fields: { name: Group, phone: Phone }',
      '    lists: { categories: Type }',
      'terms:',
      '  categories:',
      '    Crafts: arts-and-creative-activities',
    ].join('\n'));
    const { report } = await importJson(dir, 'csv', file, '--mapping', mapping, '--write');
    expect(report.created.map((c) => c.file)).toContain('services/knitters-of-leeds/knitting-circle.yaml');
    expect(parse(read(dir, 'services/knitters-of-leeds/knitting-circle.yaml')).categories).toEqual(['arts-and-creative-activities']);
    expect(parse(read(dir, 'organisations/knitters-of-leeds.yaml')).description).toBe('No description was given by Craft groups.');
    expect(errorsOf(validate(dir))).toEqual([]);
  });
});
