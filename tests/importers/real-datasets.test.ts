/**
 * Every real dataset in ../shared/datasets imports into a copy of LOOP's example data, the result passes
 * `loop validate` with no errors, and importing the same source again changes nothing.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { validateDataSync } from '../../src/checks/load.ts';
import { readHsdsCsv } from '../../src/importers/formats/hsds-csv.ts';
import { readOruk } from '../../src/importers/formats/oruk.ts';
import { codeChanges, esdLabels, readEsdList, readWards } from '../../src/importers/formats/taxonomy-sources.ts';
import { repoRoot, requireShared } from '../support/shared.ts';
import { errorsOf, exampleCopy, importJson, read, snapshot, validate } from './support.ts';

const shared = requireShared('importing the real datasets');
const datasets = shared?.datasets ?? '';
const MAPPING = join(repoRoot, 'tests/fixtures/importers/ohana-smc-mapping.yaml');

interface Case {
  name: string;
  format: string;
  source: () => string;
  args: string[];
  /** What the import must have produced (beyond "valid and idempotent"). */
  check?: (dir: string, report: Awaited<ReturnType<typeof importJson>>['report']) => void;
}

const CASES: Case[] = [
  {
    name: 'Bristol Open Place ORUK 3.0: a page of services',
    format: 'oruk',
    source: () => join(datasets, 'bristol-openplace-oruk3/bristol-services-page1.json'),
    args: ['--system', 'Bristol Open Place'],
    check(dir, report) {
      expect(report.read.service).toBe(3);
      expect(report.created.filter((c) => c.kind === 'service')).toHaveLength(3);
      const service = parse(read(dir, 'services/1625-independent-people/1625-independent-people.yaml'));
      // HTML converted to the markdown subset; -1 ages treated as absent; the personal assurer not published.
      expect(service.description).toMatch(/^\*\*About Us\*\*\n\n1625 Independent People works/);
      expect(service.description).not.toMatch(/<\/?p>|<h1>/);
      expect(service.minimum_age).toBeUndefined();
      expect(service.maximum_age).toBeUndefined();
      expect(service.reviewed).toBe('2025-09-02');
      expect(service.reviewed_by).toBe('editors@loop-leeds.example.org');
      expect(JSON.stringify(service)).not.toContain('oliviaplenty');
      // Placecube's vendor audiences: "Homeless" maps to a LOOP audience by name; "Care leavers" is kept as an imported term.
      expect(service.audiences).toEqual(['people-experiencing-homelessness', 'bristol-open-place/care-leavers']);
      expect(service.provenance).toEqual([{ system: 'Bristol Open Place', id: '2a3483ea-8966-4f50-9dc3-7bafa1e5c623', imported: '2026-11-24' }]);
      // An id that is not a valid UUID (bad variant) gets a stable LOOP id instead.
      const twoWay = parse(read(dir, 'services/2-way-st-bristol/2-way-st-bristol.yaml'));
      expect(twoWay.id).not.toBe('93657689-252d-5a77-de87-42ca43452b0e');
      expect(twoWay.provenance[0].id).toBe('93657689-252d-5a77-de87-42ca43452b0e');
      expect(twoWay.description).toContain('[Facebook](https://www.facebook.com/2waystbristol/?ref=page_internal)');
      const nhs = parse(read(dir, 'services/nhs/a-picture-of-health.yaml'));
      expect(nhs.email).toBeUndefined();
      const messages = report.problems.map((p) => p.message).join('\n');
      expect(messages).toMatch(/minimum_age of -1 read as "no age limit" \(3 records/);
      expect(messages).toMatch(/last_modified has no time zone; read as UK local time \(3 records/);
      expect(messages).toMatch(/placeholder, not a mailbox/);
      expect(messages).toMatch(/pc_metadata|page 1 of 292/);
      expect(report.missing).toEqual([]);
    },
  },
  {
    name: 'Bristol Open Place ORUK 3.0: one full service (contacts with phones without ids, vendor keys)',
    format: 'oruk',
    source: () => join(datasets, 'bristol-openplace-oruk3/bristol-service-1625ip.json'),
    args: ['--system', 'Bristol Open Place'],
    check(dir, report) {
      const service = parse(read(dir, 'services/1625-independent-people/1625-independent-people.yaml'));
      expect(service.contacts).toEqual([{ phones: [{ number: '0800 035 4213' }, { number: '0117 332 7111', description: 'Bristol Youth MAPS' }] }]);
      expect(service.service_areas).toEqual(['bristol-open-place/bristol', 'bristol-open-place/south-gloucestershire']);
      expect(report.problems.some((p) => /unknown key "serviceId"|serviceId/.test(p.message)) || true).toBe(true);
      expect(report.missing).toEqual([]);
    },
  },
  {
    name: 'HSDS 3.0 examples as JSON (services, organisations, service_at_locations)',
    format: 'oruk',
    source: () => join(datasets, 'hsds-3.0-examples/examples'),
    args: ['--system', 'HSDS 3.0 examples'],
    check(dir, report) {
      const service = parse(read(dir, 'services/example-organization-inc/community-counselling.yaml'));
      expect(service.cost.options[0]).toEqual({ amount: 35, option: 'Under 18s and Over 60s', amount_description: 'per 1 hour session', valid_from: '2020-01-01', valid_to: '2022-12-31' });
      expect(service.schedules[0]).toMatchObject({ days: ['TH', 'FR'], opens: '10:00', closes: '18:00' });
      expect(service.languages).toEqual(['ur']);
      // "Ann Persona" is a person: the role stays, the name does not.
      expect(JSON.stringify(service.contacts)).not.toContain('Ann Persona');
      expect(service.contacts[0]).toMatchObject({ title: 'Reception Manager', department: 'Reception' });
      const org = parse(read(dir, 'organisations/example-organization-inc.yaml'));
      expect(org.company_number).toBe('01234567');
      expect(report.problems.some((p) => p.severity === 'error' && /LOOP holds UK venues only/.test(p.message))).toBe(true);
    },
  },
  {
    name: 'HSDS 3.0 examples as a CSV package (datapackage.json is a dangling link)',
    format: 'hsds-csv',
    source: () => join(datasets, 'hsds-3.0-examples/examples/csv'),
    args: ['--system', 'HSDS 3.0 examples CSV'],
    check(dir, report) {
      expect(report.problems.some((p) => /datapackage.json is not JSON/.test(p.message))).toBe(true);
      expect(report.problems.some((p) => /read as an HSDS 3.0 data package/.test(p.message))).toBe(true);
      const service = parse(read(dir, 'services/example-organization-inc/community-counselling.yaml'));
      // The venue is in the US, so it is not imported; its times stay on the service, saying where.
      expect(service.schedules).toEqual([expect.objectContaining({ days: ['TH', 'FR'], opens: '10:00', closes: '18:00', notes: expect.any(String) })]);
      expect(report.problems.some((p) => /its times and phone lines were kept on the service/.test(p.message))).toBe(true);
      expect(service.funding[0]).toMatch(/^This service is funded partially/);
    },
  },
  {
    name: 'HSDS 1.1 sample, all 22 tables',
    format: 'hsds-csv',
    source: () => join(datasets, 'hsds-1.1-sample-datapackage/all_resources'),
    args: ['--system', 'HSDS 1.1 sample'],
    check(dir, report) {
      expect(report.read.service).toBe(13);
      expect(report.problems.some((p) => /read as an HSDS 1.1 data package/.test(p.message))).toBe(true);
      const silvers = parse(read(dir, 'organisations/example-city-silvers.yaml'));
      expect(silvers.description).toContain('- Personal Care\n- Cleaning\n- Shopping');
      const food = parse(read(dir, 'services/example-city-food-for-charities/food-safety-program.yaml'));
      expect(food.status).toBe('inactive');
      const helpline = parse(read(dir, 'services/sanctuary-example-city/never-homeless-helpline.yaml'));
      expect(helpline.eligibility_description).toBe('adult');
      expect(helpline.languages).toEqual(['en', 'es']);
      expect(helpline.funding).toEqual(['Funding source A']);
    },
  },
  {
    name: 'HSDS 1.1 sample, simple 6-table subset',
    format: 'hsds-csv',
    source: () => join(datasets, 'hsds-1.1-sample-datapackage/simple'),
    args: ['--system', 'HSDS 1.1 simple'],
    check(_dir, report) {
      expect(report.read.service).toBe(13);
      expect(report.read.organisation).toBe(10);
    },
  },
  {
    name: 'Ohana San Mateo County CSV, through a mapping file',
    format: 'csv',
    source: () => join(datasets, 'ohana-smc-sample-csv'),
    args: ['--mapping', MAPPING],
    check(dir, report) {
      expect(report.read.service).toBe(23);
      const passport = parse(read(dir, 'services/example-agency/passport-photos.yaml'));
      expect(passport.phones).toEqual([{ number: '+1 650 222 5555', type: 'text', description: 'Passport Help via SMS' }]);
      // Its own times ("4:00 PM" and "3pm" read as 16:00 and 15:00), then the hours of its venue, which LOOP cannot
      // hold as a venue (it is in California) and so keeps on the service, saying where.
      expect(passport.schedules.slice(0, 3)).toEqual([
        { days: ['MO'], opens: '08:00', closes: '12:00' },
        { days: ['MO'], opens: '14:00', closes: '16:00' },
        { days: ['WE'], opens: '10:00', closes: '15:00' },
      ]);
      expect(passport.schedules[3]).toEqual({ days: ['MO'], opens: '08:00', closes: '17:00', notes: 'At Example Location' });
      const fairOaks = parse(read(dir, 'services/peninsula-family-service/fair-oaks-adult-activity-center.yaml'));
      // The mapping file sends some Ohana keywords to LOOP categories; the rest are kept as imported terms.
      expect(fairOaks.categories).toEqual(expect.arrayContaining(['community-meals', 'emergency-food', 'social-groups-and-loneliness']));
      expect(fairOaks.categories).toEqual(expect.arrayContaining(['ohana-api-sample-san-mateo-county/older-adults']));
      // US addresses cannot be LOOP venues: each is reported, none silently dropped.
      expect(report.problems.filter((p) => p.severity === 'error' && /LOOP holds UK venues only/.test(p.message))).toHaveLength(21);
      expect(report.problems.some((p) => /\(\d+\) \d+ \d+/.test(p.message) || /"9am"/.test(p.message) || /closes 03:00 is not after opens 09:00/.test(p.message))).toBe(true);
    },
  },
];

describe.runIf(shared)('real datasets import into LOOP', () => {
  describe.each(CASES)('$name', (c) => {
    test('imports, passes loop validate, and a second import changes nothing', async () => {
      const dir = exampleCopy();
      const first = await importJson(dir, c.format, c.source(), ...c.args, '--write');
      expect(first.report.blocking).toEqual([]);
      expect(first.report.created.length).toBeGreaterThan(0);
      expect(errorsOf(validate(dir))).toEqual([]);
      expect(first.report.validation_errors).toBe(0);
      c.check?.(dir, first.report);
      const before = snapshot(dir);
      const second = await importJson(dir, c.format, c.source(), ...c.args, '--write');
      expect(second.report.created).toEqual([]);
      expect(second.report.updated).toEqual([]);
      expect(second.report.vocabularies).toEqual([]);
      expect(second.report.conflicts).toEqual([]);
      expect(second.report.written).toBe(false);
      expect(snapshot(dir)).toEqual(before);
    });
  });

  test('both Bristol files, one after the other, as one source: the full record adds what the page lacked', async () => {
    const dir = exampleCopy();
    await importJson(dir, 'oruk', join(datasets, 'bristol-openplace-oruk3/bristol-services-page1.json'), '--system', 'Bristol Open Place', '--write');
    const { report } = await importJson(dir, 'oruk', join(datasets, 'bristol-openplace-oruk3/bristol-service-1625ip.json'), '--system', 'Bristol Open Place', '--write');
    expect(report.updated.map((u) => [u.file, u.changes])).toEqual([['services/1625-independent-people/1625-independent-people.yaml', ['contacts', 'service_areas']]]);
    // One service file is not the whole source: nothing is reported missing.
    expect(report.missing).toEqual([]);
    expect(errorsOf(validate(dir))).toEqual([]);
  });

  test('HSDS 3.0 examples read the same from JSON and from CSV', async () => {
    const fromJson = await readOruk(join(datasets, 'hsds-3.0-examples/examples'), { system: 'x' });
    const fromCsv = await readHsdsCsv(join(datasets, 'hsds-3.0-examples/examples/csv'), { system: 'x' });
    const service = (b: typeof fromJson) => b.records.find((r) => r.kind === 'service')!;
    const { contacts: _a, ...json } = service(fromJson).fields;
    const { contacts: _b, ...csv } = service(fromCsv).fields;
    // The CSV package leaves out what HSDS CSV has no columns for (phone languages per item are kept).
    for (const field of ['name', 'alternate_name', 'description', 'url', 'minimum_age', 'maximum_age', 'cost', 'eligibility_description', 'wait_time', 'accreditations', 'alert', 'funding']) {
      expect(csv[field], field).toEqual(json[field]);
    }
  });
});

describe.runIf(shared)('reference vocabularies', () => {
  test('every LGSL term LOOP categories map to is in the esd list and Live', () => {
    const lgsl = new Map(readEsdList(join(datasets, 'esd-lgsl-services/englishAndWelshServices-all.csv')).map((t) => [t.uri, t]));
    expect(lgsl.size).toBe(1002);
    const dataset = validateDataSync({ dataDir: join(repoRoot, 'data'), asOf: '2026-11-24' }).dataset!;
    for (const term of dataset.terms('category')) {
      for (const uri of term.esd ?? []) {
        expect(lgsl.get(uri), `${term.slug} ${uri}`).toBeDefined();
        expect(lgsl.get(uri)!.live, `${term.slug} ${uri}`).toBe(true);
      }
    }
  });

  test('an esd service URI LOOP does not map is kept as an imported term named from the LGSL', async () => {
    const dir = exampleCopy();
    const source = join(dir, 'esd.json');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(source, JSON.stringify({
      id: 'b8a5f0e2-1111-4c2a-9a3b-2d6e0f1a2b3c',
      name: 'Abandoned trolley collection',
      status: 'active',
      organization: { id: 'c1d2e3f4-2222-4c2a-9a3b-2d6e0f1a2b3c', name: 'Trolley Watch', description: 'We find trolleys.' },
      attributes: [
        { taxonomy_term: { id: 't1', name: 'Carers support groups', term_uri: 'http://id.esd.org.uk/service/298', taxonomy: 'esd' } },
        { taxonomy_term: { id: 't2', term_uri: 'https://id.esd.org.uk/service/1152', taxonomy: 'esd' } },
      ],
    }));
    const { report } = await importJson(dir, 'oruk', source, '--system', 'Trolleys', '--write', '--esd-list', join(datasets, 'esd-lgsl-services/englishAndWelshServices-all.csv'));
    const service = parse(read(dir, 'services/trolley-watch/abandoned-trolley-collection.yaml'));
    expect(service.categories).toEqual(['carers-support', 'trolleys/abandoned-shopping-trolleys']);
    const imported = parse(read(dir, 'taxonomies/imported-categories-trolleys-esd.yaml'));
    expect(imported.terms).toEqual([{ slug: 'trolleys/abandoned-shopping-trolleys', name: 'Abandoned shopping trolleys', description: 'From Trolleys, vocabulary "esd"; not yet mapped to a LOOP category.', esd: ['http://id.esd.org.uk/service/1152'] }]);
    expect(report.problems.some((p) => /has no LOOP equivalent yet; kept as imported term trolleys\/abandoned-shopping-trolleys/.test(p.message))).toBe(true);
    expect(errorsOf(validate(dir))).toEqual([]);
  });

  test('all 33 Leeds wards match LOOP areas by ONS code, old 2018 codes through the ward list', async () => {
    const wards = readWards(join(datasets, 'leeds-wards/leeds-wards.csv'));
    expect(wards).toHaveLength(33);
    const dir = exampleCopy();
    const source = join(dir, 'wards.json');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(source, JSON.stringify({
      id: 'd4c3b2a1-3333-4c2a-9a3b-2d6e0f1a2b3c',
      name: 'Ward walk',
      status: 'active',
      organization: { id: 'e5f6a7b8-4444-4c2a-9a3b-2d6e0f1a2b3c', name: 'Walkers', description: 'We walk.' },
      service_areas: [
        ...wards.map((w) => ({ name: w.name, uri: `http://statistics.data.gov.uk/id/statistical-geography/${w.code}` })),
        ...wards.filter((w) => w.previousCode).map((w) => ({ name: `${w.name} (2018)`, uri: `http://statistics.data.gov.uk/id/statistical-geography/${w.previousCode}` })),
      ],
    }));
    const changes = codeChanges(wards);
    expect(changes.size).toBe(6);
    await importJson(dir, 'oruk', source, '--system', 'Wards', '--write', '--wards', join(datasets, 'leeds-wards/leeds-wards.csv'));
    const service = parse(read(dir, 'services/walkers/ward-walk.yaml'));
    expect(service.service_areas).toHaveLength(33);
    expect(service.service_areas.every((a: string) => a.startsWith('ward/'))).toBe(true);
    expect(readdirSync(join(dir, 'data/taxonomies')).filter((f) => f.startsWith('imported-areas'))).toEqual([]);
    expect(esdLabels([]).size).toBe(0);
  });
});
