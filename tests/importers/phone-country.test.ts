/**
 * Phone numbers from a source abroad (issue #16): the country comes from the source (its addresses, the mapping
 * file, or --country), numbers are written in international form, and nothing is read as a UK number by accident.
 */
import { describe, expect, test } from 'vitest';
import { HsdsMapper } from '../../src/importers/formats/hsds.ts';
import { Problems } from '../../src/importers/incoming.ts';

type Json = Record<string, unknown>;

function service(id: string, number: string, addressCountry?: string): Json {
  return {
    id,
    name: `Service ${id}`,
    organization: { id: 'org', name: 'Helping Hands', phones: [{ number: '800-555-0199' }] },
    phones: [{ number }],
    service_at_locations: [
      {
        location: {
          id: `loc-${id}`,
          name: 'Main office',
          addresses: [{ address_1: '1 Main St', city: 'Miami', postal_code: '33101', ...(addressCountry ? { country: addressCountry } : {}) }],
        },
      },
    ],
  };
}

function mapAll(services: Json[], phoneCountry?: 'US' | 'GB') {
  const problems = new Problems();
  const mapper = new HsdsMapper({ system: 'test', problems, ...(phoneCountry ? { phoneCountry } : {}) });
  mapper.learnCountry(services);
  for (const s of services) mapper.addService(s);
  const records = mapper.result();
  const phonesOf = (kind: string) => records.filter((r) => r.kind === kind).flatMap((r) => ((r.fields.phones as Json[] | undefined) ?? []).map((p) => p.number));
  return { problems: problems.all(), services: phonesOf('service'), organisations: phonesOf('organisation') };
}

describe('the country of phone numbers', () => {
  test("comes from the source's addresses: US numbers in international form, the organisation's too", () => {
    const out = mapAll([service('1', '305-555-0100', 'US'), service('2', '(786) 555-0123', 'USA')]);
    expect(out.services).toEqual(['+1 305 555 0100', '+1 786 555 0123']);
    expect(out.organisations).toEqual(['+1 800 555 0199']);
    expect(out.problems.map((p) => p.message)).toContain("phone numbers without a country code were read as US numbers, the country of the source's addresses");
  });
  test('with no country known, no number is rewritten as a UK one: each is reported', () => {
    const out = mapAll([service('1', '305-555-0100'), service('2', '0113 496 0123')]);
    expect(out.services).toEqual(['0113 496 0123']);
    expect(out.organisations).toEqual([]);
    const unread = out.problems.filter((p) => /has no country code/.test(p.message));
    expect(unread.map((p) => p.message.slice(0, 15))).toEqual(['"305-555-0100" ', '"800-555-0199" ']);
  });
  test('a stated country (mapping file or --country) wins over the addresses', () => {
    const out = mapAll([service('1', '305-555-0100', 'GB')], 'US');
    expect(out.services).toEqual(['+1 305 555 0100']);
  });
});
