/**
 * Sync semantics: hand edits and comments survive re-imports, source changes flow in, conflicts are reported and
 * left alone, nothing is deleted, missing records are reported (and only marked inactive when asked), and a second
 * import of the same source changes nothing.
 */
import { existsSync, readdirSync, renameSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { errorsOf, exampleCopy, importJson, loopImport, read, snapshot, validate, write } from './support.ts';

type Json = Record<string, unknown>;

const ORG_ID = '4f1d2c3b-5a6e-4b7c-8d9e-0f1a2b3c4d5e';
const VENUE_ID = '5a2e3d4c-6b7f-4c8d-9e0f-1a2b3c4d5e6f';

/** A small ORUK 3.0 feed with fictional Leeds data (Ofcom drama numbers, example.org). */
function feed(services: Json[]): Json {
  return { total_items: services.length, total_pages: 1, page_number: 1, size: services.length, first_page: true, last_page: true, empty: services.length === 0, contents: services };
}

function service(n: number, overrides: Json = {}): Json {
  return {
    id: `00000000-0000-4000-8000-00000000000${n}`,
    name: `Tuesday Knit and Natter ${n}`,
    description: `<p>A friendly knitting group, number ${n}. Bring your own needles or borrow ours.</p>`,
    url: `https://knitters.example.org/groups/${n}`,
    email: 'groups@knitters.example.org',
    status: 'active',
    assured_date: '2026-10-01',
    assurer_email: 'listings@knitters.example.org',
    last_modified: '2026-10-01T09:00:00',
    organization: { id: ORG_ID, name: 'Leeds Knitters Collective', description: 'Knitting groups across Leeds.', website: 'https://knitters.example.org/' },
    phones: [{ number: `0113 496 09${String(n).padStart(2, '0')}` }],
    service_at_locations: [
      {
        location: {
          id: VENUE_ID,
          name: 'Meanwood Yarn Room',
          addresses: [{ address_1: '12 Green Road', city: 'Leeds', postal_code: 'LS6 4JP', country: 'GB' }],
          latitude: 53.8353,
          longitude: -1.5734,
        },
        schedules: [{ freq: 'WEEKLY', byday: 'TU', opens_at: '10:00:00', closes_at: '12:00:00' }],
      },
    ],
    attributes: [{ taxonomy_term: { id: 'x', name: 'Social groups', term_uri: 'http://id.esd.org.uk/service/1795', taxonomy: 'esd' } }],
    ...overrides,
  };
}

const SERVICE_FILE = 'services/leeds-knitters-collective/tuesday-knit-and-natter-1.yaml';

async function setup(services: Json[] = [service(1), service(2)]) {
  const dir = exampleCopy();
  const source = write(join(dir, 'feed.json'), feed(services));
  const first = await importJson(dir, 'oruk', source, '--system', 'Knitters', '--write');
  expect(first.code).toBe(0);
  expect(errorsOf(validate(dir))).toEqual([]);
  return { dir, source, first };
}

describe('the first import', () => {
  test('creates organisation, venue and services, with provenance and a state file the validator never sees', async () => {
    const { dir, first } = await setup();
    expect(first.report.created.map((c) => c.file).sort()).toEqual([
      'locations/meanwood-yarn-room.yaml',
      'organisations/leeds-knitters-collective.yaml',
      'services/leeds-knitters-collective/tuesday-knit-and-natter-1.yaml',
      'services/leeds-knitters-collective/tuesday-knit-and-natter-2.yaml',
    ]);
    const s = parse(read(dir, SERVICE_FILE));
    expect(s).toMatchObject({
      id: '00000000-0000-4000-8000-000000000001',
      organisation: 'leeds-knitters-collective',
      reviewed: '2026-10-01',
      reviewed_by: 'listings@knitters.example.org',
      locations: [{ location: 'meanwood-yarn-room', schedules: [{ days: ['TU'], opens: '10:00', closes: '12:00' }] }],
      provenance: [{ system: 'Knitters', id: '00000000-0000-4000-8000-000000000001', imported: '2026-11-24' }],
    });
    expect(read(dir, SERVICE_FILE).split('\n')[0]).toBe('# yaml-language-server: $schema=../../../schemas/service.schema.json');
    expect(existsSync(join(dir, 'data/.import-state/knitters.json'))).toBe(true);
    expect(validate(dir).diagnostics.filter((d) => d.file.includes('import-state'))).toEqual([]);
  });

  test('a dry run writes nothing', async () => {
    const dir = exampleCopy();
    const before = snapshot(dir);
    const source = write(join(dir, 'feed.json'), feed([service(1)]));
    const { code, stdout } = await loopImport(dir, 'oruk', source, '--system', 'Knitters');
    expect(code).toBe(0);
    expect(stdout).toContain('+ data/services/leeds-knitters-collective/tuesday-knit-and-natter-1.yaml');
    expect(stdout).toContain('Dry run: nothing was written.');
    expect(snapshot(dir)).toEqual(before);
  });
});

describe('re-importing', () => {
  test('hand edits, comments and extra fields survive; the file is not touched when the source has not changed', async () => {
    const { dir, source } = await setup();
    const path = join(dir, 'data', SERVICE_FILE);
    const edited = read(dir, SERVICE_FILE)
      .replace(/^summary: .*$/m, 'summary: Knitting, tea and a natter every Tuesday morning. # written by the group')
      .replace(/^categories: .*$/m, '# categories checked by the LOOP editors\ncategories: [social-groups-and-loneliness, arts-and-creative-activities]\nneeds: [meeting-people]');
    writeFileSync(path, edited);
    const { report } = await importJson(dir, 'oruk', source, '--system', 'Knitters', '--write');
    expect(report.updated).toEqual([]);
    expect(report.conflicts).toEqual([]);
    expect(read(dir, SERVICE_FILE)).toBe(edited);
  });

  test('a change at the source is applied in place; local edits elsewhere in the file stay', async () => {
    const { dir, source } = await setup();
    const path = join(dir, 'data', SERVICE_FILE);
    writeFileSync(path, read(dir, SERVICE_FILE).replace(/^categories: .*$/m, 'categories: [social-groups-and-loneliness] # mapped by hand'));
    write(source, feed([service(1, { description: '<p>Now on <b>Wednesdays</b> too.</p>', email: 'knit@knitters.example.org' }), service(2)]));
    const { report } = await importJson(dir, 'oruk', source, '--system', 'Knitters', '--write');
    expect(report.updated.map((u) => [u.file, u.changes])).toEqual([[SERVICE_FILE, ['description', 'email']]]);
    const text = read(dir, SERVICE_FILE);
    expect(text).toContain('description: Now on **Wednesdays** too.');
    expect(text).toContain('categories: [social-groups-and-loneliness] # mapped by hand');
    // The import date moves because something changed.
    expect(parse(text).provenance[0].imported).toBe('2026-11-24');
    expect(errorsOf(validate(dir))).toEqual([]);
  });

  test('a field changed both here and at the source is a conflict: reported, left alone, exit 1', async () => {
    const { dir, source } = await setup();
    const path = join(dir, 'data', SERVICE_FILE);
    writeFileSync(path, read(dir, SERVICE_FILE).replace(/^url: .*$/m, 'url: https://knitters.example.org/tuesdays'));
    write(source, feed([service(1, { url: 'https://knitters.example.org/new-page' }), service(2)]));
    const result = await importJson(dir, 'oruk', source, '--system', 'Knitters', '--write');
    expect(result.code).toBe(1);
    expect(result.report.conflicts).toEqual([{ file: SERVICE_FILE, label: expect.any(String), field: 'url', local: 'https://knitters.example.org/tuesdays', incoming: 'https://knitters.example.org/new-page' }]);
    expect(parse(read(dir, SERVICE_FILE)).url).toBe('https://knitters.example.org/tuesdays');
    // Reported again next time, until someone decides.
    const again = await importJson(dir, 'oruk', source, '--system', 'Knitters', '--write');
    expect(again.report.conflicts).toHaveLength(1);
    // Deciding for LOOP quietens it until the source changes again.
    const local = await importJson(dir, 'oruk', source, '--system', 'Knitters', '--write', '--resolve', 'local');
    expect(local.code).toBe(0);
    expect(parse(read(dir, SERVICE_FILE)).url).toBe('https://knitters.example.org/tuesdays');
    const quiet = await importJson(dir, 'oruk', source, '--system', 'Knitters', '--write');
    expect(quiet.report.conflicts).toEqual([]);
    expect(quiet.report.updated).toEqual([]);
  });

  test('--resolve source takes the source value', async () => {
    const { dir, source } = await setup();
    const path = join(dir, 'data', SERVICE_FILE);
    writeFileSync(path, read(dir, SERVICE_FILE).replace(/^url: .*$/m, 'url: https://knitters.example.org/tuesdays'));
    write(source, feed([service(1, { url: 'https://knitters.example.org/new-page' }), service(2)]));
    const { code, report } = await importJson(dir, 'oruk', source, '--system', 'Knitters', '--write', '--resolve', 'source');
    expect(code).toBe(0);
    expect(report.conflicts[0]!.resolved).toBe('source');
    expect(parse(read(dir, SERVICE_FILE)).url).toBe('https://knitters.example.org/new-page');
  });

  test('a field the source stops sending is removed, unless it was edited here (then it is a conflict)', async () => {
    const { dir, source } = await setup();
    const { email: _e, ...withoutEmail } = service(1);
    const { url: _u, ...withoutUrl } = withoutEmail;
    writeFileSync(join(dir, 'data', SERVICE_FILE), read(dir, SERVICE_FILE).replace(/^url: .*$/m, 'url: https://knitters.example.org/ours'));
    write(source, feed([withoutUrl, service(2)]));
    const { report } = await importJson(dir, 'oruk', source, '--system', 'Knitters', '--write');
    const s = parse(read(dir, SERVICE_FILE));
    expect(s.email).toBeUndefined();
    expect(s.url).toBe('https://knitters.example.org/ours');
    expect(report.conflicts.map((c) => c.field)).toEqual(['url']);
  });

  test('a review date only moves forward', async () => {
    const { dir, source } = await setup();
    writeFileSync(join(dir, 'data', SERVICE_FILE), read(dir, SERVICE_FILE).replace('reviewed: 2026-10-01', 'reviewed: 2026-11-20').replace('reviewed_by: listings@knitters.example.org', 'reviewed_by: editors@loop-leeds.example.org'));
    write(source, feed([service(1, { assured_date: '2026-11-01' }), service(2)]));
    await importJson(dir, 'oruk', source, '--system', 'Knitters', '--write');
    expect(parse(read(dir, SERVICE_FILE))).toMatchObject({ reviewed: '2026-11-20', reviewed_by: 'editors@loop-leeds.example.org' });
    write(source, feed([service(1, { assured_date: '2026-11-23' }), service(2)]));
    await importJson(dir, 'oruk', source, '--system', 'Knitters', '--write');
    expect(parse(read(dir, SERVICE_FILE))).toMatchObject({ reviewed: '2026-11-23', reviewed_by: 'listings@knitters.example.org' });
  });

  test('a file renamed or moved by hand is still found, by its id', async () => {
    const { dir, source } = await setup();
    renameSync(join(dir, 'data', SERVICE_FILE), join(dir, 'data/services/leeds-knitters-collective/knit-and-natter-tuesdays.yaml'));
    write(source, feed([service(1, { name: 'Knit and Natter (Tuesdays)' }), service(2)]));
    const { report } = await importJson(dir, 'oruk', source, '--system', 'Knitters', '--write');
    expect(report.created).toEqual([]);
    expect(report.updated.map((u) => u.file)).toEqual(['services/leeds-knitters-collective/knit-and-natter-tuesdays.yaml']);
  });
});

describe('records gone from the source', () => {
  test('are reported and never deleted; --mark-missing-inactive sets services inactive', async () => {
    const { dir, source } = await setup();
    write(source, feed([service(1)]));
    const before = snapshot(dir);
    const dry = await importJson(dir, 'oruk', source, '--system', 'Knitters', '--write');
    expect(dry.report.missing).toEqual([{ kind: 'service', sourceId: '00000000-0000-4000-8000-000000000002', file: 'services/leeds-knitters-collective/tuesday-knit-and-natter-2.yaml', label: expect.any(String), markedInactive: false }]);
    expect(snapshot(dir)).toEqual(before);
    // One of two is half the source: more than the default share, so the limit is raised for this run.
    const marked = await importJson(dir, 'oruk', source, '--system', 'Knitters', '--write', '--mark-missing-inactive', '--max-inactive-share', '50');
    expect(marked.report.missing[0]!.markedInactive).toBe(true);
    expect(parse(read(dir, 'services/leeds-knitters-collective/tuesday-knit-and-natter-2.yaml')).status).toBe('inactive');
    expect(readdirSync(join(dir, 'data/services/leeds-knitters-collective')).sort()).toEqual(['tuesday-knit-and-natter-1.yaml', 'tuesday-knit-and-natter-2.yaml']);
    expect(errorsOf(validate(dir))).toEqual([]);
  });

  test('more than the allowed share (default 20%) is not marked inactive without --force, saying why', async () => {
    const five = [1, 2, 3, 4, 5].map((n) => service(n));
    const { dir, source } = await setup(five);
    write(source, feed(five.slice(0, 3)));
    const before = snapshot(dir);
    const refused = await importJson(dir, 'oruk', source, '--system', 'Knitters', '--write', '--mark-missing-inactive');
    expect(refused.code).toBe(1);
    expect(refused.report.missing.map((m) => m.markedInactive)).toEqual([false, false]);
    const why = refused.report.problems.find((p) => p.severity === 'error')?.message;
    expect(why).toMatch(/^2 of the 5 active listings LOOP has from this source \(40%\) are no longer in it, more than the 20% one run may mark inactive, so none were marked inactive/);
    expect(why).toMatch(/--force/);
    expect(why).toMatch(/--max-inactive-share/);
    expect(snapshot(dir)).toEqual(before);
    const forced = await importJson(dir, 'oruk', source, '--system', 'Knitters', '--write', '--mark-missing-inactive', '--force');
    expect(forced.code).toBe(0);
    expect(forced.report.missing.map((m) => m.markedInactive)).toEqual([true, true]);
    expect(forced.report.problems.some((p) => p.severity === 'warning' && /marked inactive because of --force/.test(p.message))).toBe(true);
  });

  test('a source that sends nothing never marks anything inactive, even with --force', async () => {
    const { dir, source } = await setup();
    write(source, feed([]));
    const before = snapshot(dir);
    const { code, report } = await importJson(dir, 'oruk', source, '--system', 'Knitters', '--write', '--mark-missing-inactive', '--force');
    expect(code).toBe(1);
    expect(report.missing.filter((m) => m.kind === 'service')).toHaveLength(2);
    expect(report.missing.every((m) => !m.markedInactive)).toBe(true);
    expect(report.problems.some((p) => p.severity === 'error' && /no services were read from the source, so none of the 2 listings/.test(p.message))).toBe(true);
    expect(snapshot(dir)).toEqual(before);
  });

  test('are not reported from a partial walk (one page of many)', async () => {
    const { dir, source } = await setup();
    write(source, { ...feed([service(1)]), total_pages: 5, last_page: false });
    const { report } = await importJson(dir, 'oruk', source, '--system', 'Knitters', '--write', '--mark-missing-inactive');
    expect(report.missing).toEqual([]);
    expect(parse(read(dir, 'services/leeds-knitters-collective/tuesday-knit-and-natter-2.yaml')).status).toBe('active');
  });
});

describe('duplicates and matching', () => {
  const pantry = (overrides: Json = {}) =>
    service(7, {
      id: '00000000-0000-4000-8000-000000000077',
      name: 'Harehills Community Pantry',
      // What it says matters too (issue #16): a same-named service at the same postcode that describes something else
      // is another programme, not this one again.
      description: '<p>A weekly community pantry at Harehills Lane: pay £4 a visit and choose ten or more items of fresh and store-cupboard food. No referral needed.</p>',
      organization: { id: 'a0000000-0000-4000-8000-000000000077', name: 'Harehills Pantry Friends', description: 'Volunteers.' },
      phones: [],
      attributes: [],
      service_at_locations: [
        { location: { id: 'b0000000-0000-4000-8000-000000000077', name: 'Harehills Lane Community Centre', addresses: [{ address_1: 'Harehills Lane', postal_code: 'LS9 7BG' }] } },
      ],
      ...overrides,
    });

  test('a service that is likely already in LOOP is not imported again; its venue is reused as it is', async () => {
    const dir = exampleCopy();
    const source = write(join(dir, 'feed.json'), feed([pantry()]));
    const before = read(dir, 'locations/harehills-lane-community-centre.yaml');
    const { code, report } = await importJson(dir, 'oruk', source, '--system', 'Pantries', '--write');
    const service = report.duplicates.find((d) => d.label.startsWith('service'))!;
    expect(service).toMatchObject({ outcome: 'not imported', score: expect.any(Number) });
    expect(service.score).toBeGreaterThanOrEqual(0.8);
    expect(service.reasons).toEqual(expect.arrayContaining(['same name ("Harehills Community Pantry")', 'same postcode LS9 7BG']));
    expect(report.duplicates.find((d) => d.label.startsWith('location'))).toMatchObject({ outcome: 'reused', file: 'locations/harehills-lane-community-centre.yaml' });
    expect(report.created.filter((c) => c.kind === 'service')).toEqual([]);
    expect(read(dir, 'locations/harehills-lane-community-centre.yaml')).toBe(before);
    expect(code).toBe(0);
  });

  test('--link-duplicates links it instead: provenance added, gaps filled, differences reported', async () => {
    const dir = exampleCopy();
    const source = write(join(dir, 'feed.json'), feed([pantry({ wait_time: 'Queue from 10:30' })]));
    const { report } = await importJson(dir, 'oruk', source, '--system', 'Pantries', '--write', '--link-duplicates');
    const linked = report.updated.find((u) => u.kind === 'service')!;
    const s = parse(read(dir, linked.file));
    expect(s.provenance.at(-1)).toMatchObject({ system: 'Pantries', id: '00000000-0000-4000-8000-000000000077' });
    expect(report.conflicts.length).toBeGreaterThan(0);
    expect(errorsOf(validate(dir))).toEqual([]);
  });
});

describe('safety', () => {
  test('a data folder that already has errors is not written to', async () => {
    const dir = exampleCopy();
    mkdirSync(join(dir, 'data/organisations'), { recursive: true });
    writeFileSync(join(dir, 'data/organisations/broken.yaml'), 'id: not-a-uuid\nname: Broken\n');
    const source = write(join(dir, 'feed.json'), feed([service(1)]));
    const before = snapshot(dir);
    const { code, report } = await importJson(dir, 'oruk', source, '--system', 'Knitters', '--write');
    expect(code).toBe(1);
    expect(report.blocking.length).toBeGreaterThan(0);
    expect(report.written).toBe(false);
    expect(snapshot(dir)).toEqual(before);
  });
});
