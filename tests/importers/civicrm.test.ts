import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parse as parseCsv } from 'csv-parse/sync';
import { parse } from 'yaml';
import { csvCell, EXPORT_COLUMNS, readCiviCrm } from '../../src/importers/formats/civicrm.ts';
import { runLoop } from '../support/cli.ts';
import { repoRoot } from '../support/shared.ts';
import { errorsOf, fixtureCopy, importJson, read, tempDir, validate, write } from './support.ts';

/**
 * A realistic APIv4 Contact.get result, written for these tests from CiviCRM's documented output shape (there is
 * no real Doing Good Leeds export in the shared datasets): fictional organisations, Ofcom drama numbers.
 */
const FIXTURE = join(repoRoot, 'tests/fixtures/importers/civicrm-contacts.json');

describe('CiviCRM Contact.get import', () => {
  test('reads organisations only, skipping people and trashed contacts, cleaning every field', async () => {
    const batch = await readCiviCrm(FIXTURE);
    expect(batch.system).toBe('Doing Good Leeds (CiviCRM)');
    expect(batch.records.map((r) => [r.key, r.fields.name])).toEqual([
      ['1402', 'Chapeltown Carers Network'],
      ['2210', 'Kirkgate Community Larder'],
      ['2213', "Meanwood Men's Shed"],
    ]);
    const larder = batch.records[1]!.fields;
    expect(larder).toMatchObject({
      alternate_name: 'The Larder',
      email: 'hello@kirkgate-larder.example.org',
      website: 'https://www.kirkgate-larder.example.org',
      phones: [{ number: '0113 496 0700', type: 'voice', extension: 12 }],
      company_number: '09876543',
    });
    expect(larder.description).toBe('A pay-as-you-feel community larder in the city centre.\n\nOpen to everyone. Find us or read [about us](https://kirkgate-larder.example.org/about).');
    expect(JSON.stringify(batch.records)).not.toMatch(/Jane|evil|javascript|cookie/);
    expect(batch.records[2]!.fields).toMatchObject({ charity_number: 'SC012345', year_incorporated: 2015 });
    const messages = batch.problems.map((p) => p.message).join('\n');
    expect(messages).toMatch(/1 contact is a person or household: LOOP lists organisations only/);
    expect(messages).toMatch(/1 organisation is in CiviCRM's trash/);
    expect(messages).toMatch(/Organisation_Details.Area_of_Benefit is not mapped/);
    expect(messages).toMatch(/modified_date has no time zone; read as UK local time/);
  });

  test('matches an existing organisation by charity number: fills gaps, reports differences, adds provenance', async () => {
    const dir = fixtureCopy();
    const { code, report } = await importJson(dir, 'civicrm', FIXTURE, '--write', '--record-url', 'https://crm.doinggoodleeds.example.org/civicrm/contact/view?reset=1&cid={id}');
    expect(code).toBe(1); // the conflicts need a person
    expect(report.updated.map((u) => [u.file, u.changes])).toEqual([['organisations/chapeltown-carers.yaml', ['alternate_name', 'provenance']]]);
    expect(report.conflicts.map((c) => c.field).sort()).toEqual(['description', 'phones']);
    const org = parse(read(dir, 'organisations/chapeltown-carers.yaml'));
    expect(org.description).toBe('A network run by and for unpaid carers in Chapeltown and Harehills.');
    expect(org.provenance).toEqual([{ system: 'Doing Good Leeds (CiviCRM)', id: '1402', url: 'https://crm.doinggoodleeds.example.org/civicrm/contact/view?reset=1&cid=1402', imported: '2026-11-24' }]);
    expect(errorsOf(validate(dir))).toEqual([]);
    // Taking CiviCRM's side settles it; the next run is quiet.
    await importJson(dir, 'civicrm', FIXTURE, '--write', '--resolve', 'source');
    expect(parse(read(dir, 'organisations/chapeltown-carers.yaml')).description).toBe('Support, breaks and advice for **unpaid carers** in Chapeltown and Harehills.');
    const quiet = await importJson(dir, 'civicrm', FIXTURE, '--write');
    expect(quiet.code).toBe(0);
    expect(quiet.report.updated).toEqual([]);
    expect(quiet.report.conflicts).toEqual([]);
  });

  test('custom fields can be mapped in a mapping file', async () => {
    const dir = tempDir();
    const file = write(join(dir, 'contacts.json'), [{ id: 9, contact_type: 'Organization', organization_name: 'Alwoodley Allotments', 'Extra.Legal_Form': 'Unincorporated association', 'Extra.Intro': 'Plots for all.' }]);
    const batch = await readCiviCrm(file, { customFields: { 'Extra.Legal_Form': 'legal_status', 'Extra.Intro': 'description' } });
    expect(batch.records[0]!.fields).toMatchObject({ legal_status: 'Unincorporated association', description: 'Plots for all.' });
  });

  test('an API error or another entity is a clear error', async () => {
    const dir = tempDir();
    await expect(readCiviCrm(write(join(dir, 'e.json'), { error_code: 'unauthorized', error_message: 'Authorization failed' }))).rejects.toThrow(/a CiviCRM error, not contacts: Authorization failed/);
    await expect(readCiviCrm(write(join(dir, 'x.json'), { foo: 1 }))).rejects.toThrow(/not a CiviCRM Contact.get result/);
  });
});

describe('loop export civicrm', () => {
  test('writes a contact-import CSV of every organisation, with CiviCRM ids where LOOP knows them', async () => {
    const dir = fixtureCopy();
    await importJson(dir, 'civicrm', FIXTURE, '--write');
    const out = join(dir, 'civicrm.csv');
    const { code } = await runLoop(['export', 'civicrm', '--data', join(dir, 'data'), '--out', out], { cwd: dir });
    expect(code).toBe(0);
    const rows = parseCsv((await import('node:fs')).readFileSync(out, 'utf8'), { columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0]!)).toEqual([...EXPORT_COLUMNS]);
    const carers = rows.find((r) => r['Organization Name'] === 'Chapeltown Carers Network')!;
    expect(carers).toMatchObject({ 'Contact ID': '1402', 'External Identifier': '7d0e3c52-6a1b-4c4e-9a57-0c2b8f1e4a10', 'Charity Number': '1190001', 'LOOP Page': 'https://loop-leeds.github.io/loop/organisations/chapeltown-carers/' });
    const food = rows.find((r) => r['Organization Name'] === 'Harehills Food Share')!;
    expect(food['Contact ID']).toBe('');
    expect(food['Company Number']).toBe('01234567');
    // Organisations created from CiviCRM go back with their own ids, so CiviCRM updates rather than duplicates.
    expect(rows.find((r) => r['Organization Name'] === 'Kirkgate Community Larder')!['Contact ID']).toBe('2210');
  });

  test('cells are quoted properly and never become spreadsheet formulas', () => {
    expect(csvCell('a, "b"\nc')).toBe('"a, ""b""\nc"');
    expect(csvCell('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('+44 113 496 0000')).toBe('+44 113 496 0000');
    expect(csvCell('-cmd|calc')).toBe("'-cmd|calc");
  });

  test('usage and bad data', async () => {
    expect((await runLoop(['export'])).code).toBe(2);
    expect((await runLoop(['export', 'mailchimp'])).code).toBe(2);
    const dir = fixtureCopy();
    write(join(dir, 'data/organisations/bad.yaml'), 'name: no id\n');
    const { code, stderr } = await runLoop(['export', 'civicrm', '--data', join(dir, 'data')], { cwd: dir });
    expect(code).toBe(1);
    expect(stderr).toMatch(/the data has \d+ errors?/);
  });
});
