/**
 * The legacy ORUK 1.0 JSON shape, still met in the wild (Spring-style pages, regular_schedules with weekday,
 * service_taxonomys with esd vocabularies, physical_addresses, eligibilitys, fundings), read into LOOP like 3.0.
 */
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { fromLegacy, isLegacyService, pageOf, readOruk } from '../../src/importers/formats/oruk.ts';
import { Problems } from '../../src/importers/incoming.ts';
import { errorsOf, exampleCopy, importJson, read, write } from './support.ts';

const legacy = {
  id: 'c1a2b3c4-d5e6-4f70-8a9b-0c1d2e3f4a5b',
  name: 'Bramley Lawn Bowls for All',
  description: 'Gentle bowls sessions for beginners. Woods provided.',
  url: 'https://bowls.example.org/',
  email: 'club@bowls.example.org',
  status: 'active',
  fees: 'Free for the first session, then £2',
  accreditations: null,
  deliverable_type: 'Information',
  attending_type: 'venue',
  attending_access: 'drop-in',
  assured_date: '2026-06-01',
  organization: { id: 'd1e2f3a4-b5c6-4d7e-8f90-a1b2c3d4e5f6', name: 'Bramley Bowls Club', description: 'A bowls club.', url: 'https://bowls.example.org/', email: 'club@bowls.example.org' },
  contacts: [{ id: 'ct1', name: 'Club secretary', title: 'Secretary', phones: [{ id: 'p1', number: '0113 496 0987' }] }],
  eligibilitys: [{ id: 'e1', eligibility: 'Adults', minimum_age: 18, maximum_age: null }],
  fundings: [{ id: 'f1', source: 'Bramley ward grant' }],
  languages: [{ id: 'l1', language: 'English' }],
  service_areas: [{ id: 'a1', service_area: 'Bramley and Stanningley', extent: null, uri: 'http://statistics.data.gov.uk/id/statistical-geography/E05011387' }],
  regular_schedules: [
    { id: 'r1', weekday: 'Tuesday', opens_at: '14:00', closes_at: '16:00' },
    { id: 'r2', weekday: 'Thursday', opens_at: '14:00', closes_at: '16:00' },
  ],
  holiday_schedules: [{ id: 'h1', closed: true, start_date: '2026-12-24', end_date: '2026-12-26' }],
  service_at_locations: [
    {
      id: 'sal1',
      location: {
        id: 'e9f8a7b6-c5d4-4e3f-8a2b-1c0d9e8f7a6b',
        name: 'Bramley Park Green',
        description: 'The green behind the park pavilion.',
        latitude: 53.8118,
        longitude: -1.6297,
        physical_addresses: [{ id: 'pa1', address_1: 'Bramley Park', city: 'Leeds', state_province: 'West Yorkshire', postal_code: 'LS13 3AT', country: 'England' }],
        accessibility_for_disabilities: [{ id: 'ad1', accessibility: 'Level access to the green', details: 'Benches at the edge' }],
      },
      regular_schedule: [{ id: 'r3', weekday: 'Saturday', opens_at: '10:00', closes_at: '12:00' }],
    },
  ],
  service_taxonomys: [
    { id: 'st1', taxonomy: { id: 'esdServiceTypes:1795', name: 'Food and essentials', vocabulary: 'esdServiceTypes', parent: null } },
    { id: 'st2', taxonomy: { id: '51', name: 'Bowls', vocabulary: 'Bramley activities', parent: null } },
  ],
  reviews: [],
};

describe('ORUK 1.0', () => {
  test('is recognised and rewritten in the 3.0 shape', () => {
    expect(isLegacyService(legacy)).toBe(true);
    const problems = new Problems();
    const v3 = fromLegacy(legacy, problems);
    expect(v3).toMatchObject({
      fees_description: 'Free for the first session, then £2',
      eligibility_description: 'Adults',
      minimum_age: 18,
      funding: [{ id: 'f1', source: 'Bramley ward grant' }],
      x_delivery: ['in-person'],
      schedules: [{ byday: 'Tuesday,Thursday', freq: 'WEEKLY', opens_at: '14:00', closes_at: '16:00' }],
    });
    expect((v3.attributes as { taxonomy_term: { term_uri?: string } }[]).map((a) => a.taxonomy_term.term_uri)).toEqual(['http://id.esd.org.uk/service/1795', undefined]);
    expect(problems.all().map((p) => p.message)).toEqual(expect.arrayContaining([expect.stringMatching(/holiday closures/), expect.stringMatching(/deliverable_type and attending_access/)]));
  });

  test('Spring-style pages are pages', () => {
    expect(pageOf({ totalElements: 1, totalPages: 1, number: 0, first: true, last: true, content: [legacy] })).toMatchObject({ spring: true, page: 0, totalPages: 1, last: true, items: [legacy] });
  });

  test('imports into valid LOOP listings', async () => {
    const dir = exampleCopy();
    const source = write(join(dir, 'legacy.json'), { totalElements: 1, totalPages: 1, number: 0, size: 1, first: true, last: true, content: [legacy] });
    const batch = await readOruk(source, { system: 'Bowls' });
    expect(batch.problems.some((p) => /legacy ORUK 1\.0 shape/.test(p.message))).toBe(true);
    const { report } = await importJson(dir, 'oruk', source, '--system', 'Bowls', '--write');
    expect(report.created.map((c) => c.file).sort()).toEqual(['locations/bramley-park-green.yaml', 'organisations/bramley-bowls-club.yaml', 'services/bramley-bowls-club/bramley-lawn-bowls-for-all.yaml']);
    const s = parse(read(dir, 'services/bramley-bowls-club/bramley-lawn-bowls-for-all.yaml'));
    expect(s).toMatchObject({
      categories: ['food-and-essentials', 'bowls/bowls'],
      delivery: ['in-person'],
      minimum_age: 18,
      eligibility_description: 'Adults',
      languages: ['en'],
      service_areas: ['ward/bramley-and-stanningley'],
      schedules: [{ days: ['TU', 'TH'], opens: '14:00', closes: '16:00' }],
      locations: [{ location: 'bramley-park-green', schedules: [{ days: ['SA'], opens: '10:00', closes: '12:00' }] }],
      contacts: [{ name: 'Club secretary', title: 'Secretary', phones: [{ number: '0113 496 0987' }] }],
      funding: ['Bramley ward grant'],
      cost: { description: 'Free for the first session, then £2' },
    });
    const venue = parse(read(dir, 'locations/bramley-park-green.yaml'));
    expect(venue).toMatchObject({ address: { address_1: 'Bramley Park', postal_code: 'LS13 3AT' }, accessibility: { description: 'Level access to the green', details: 'Benches at the edge' } });
    expect(errorsOf((await import('./support.ts')).validate(dir))).toEqual([]);
  });
});
