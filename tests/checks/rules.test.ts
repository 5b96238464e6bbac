/**
 * Every validation rule, both ways: the valid fixture passes it, and a minimal change makes it fire at the right
 * file and line.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateDataSync } from '../../src/checks/load.ts';
import { describe, expect, test } from 'vitest';
import { allRuleIds } from '../../src/checks/rules/index.ts';
import { edit, fixtureCopy, lineOf, only, readFixture, validateWith } from '../support/data.ts';

const DROP_IN = 'services/chapeltown-carers/carers-drop-in.yaml';
const FOOD = 'services/harehills-food-share/food-share.yaml';
const HUB = 'locations/chapeltown-community-hub.yaml';

test('the fixture is valid with no warnings', () => {
  const result = validateWith();
  expect(result.diagnostics).toEqual([]);
  expect(result.files).toBe(14);
  expect(result.dataset?.services).toHaveLength(3);
});

function expectOne(files: Record<string, string | null>, rule: string, file: string, line: number, message: RegExp, options: { severity?: 'error' | 'warning'; asOf?: string } = {}) {
  const result = validateWith(files, options.asOf ? { asOf: options.asOf } : {});
  const found = only(result, rule);
  expect(found, JSON.stringify(result.diagnostics, null, 1)).toHaveLength(1);
  expect(found[0]).toMatchObject({ file: `data/${file}`, line, severity: options.severity ?? 'error' });
  expect(found[0]!.message).toMatch(message);
  return found[0]!;
}

describe('schema', () => {
  test('missing required field points at the object and explains the field', () => {
    const files = edit(DROP_IN, /^summary: .*\n/m, '');
    const d = expectOne(files, 'schema', DROP_IN, 2, /"summary" is required/);
    expect(d.hint).toMatch(/search results/);
  });
  test('wrong type says what was expected and how to fix it', () => {
    const files = edit(DROP_IN, 'minimum_age: 18', 'minimum_age: eighteen');
    expectOne(files, 'schema', DROP_IN, lineOf(readFixture(DROP_IN), 'minimum_age'), /minimum_age should be a number, not the text "eighteen"/);
  });
  test('quoted numbers in text fields get a hint', () => {
    const files = edit('organisations/chapeltown-carers.yaml', 'charity_number: "1190001"', 'charity_number: 1190001');
    const d = expectOne(files, 'schema', 'organisations/chapeltown-carers.yaml', 9, /should be text, not the number 1190001/);
    expect(d.hint).toBe('put it in quotes: "1190001"');
  });
  test('enum values suggest the closest', () => {
    const files = edit(DROP_IN, 'kind: group', 'kind: grop');
    const d = expectOne(files, 'schema', DROP_IN, 5, /kind cannot be the text "grop" \(did you mean "group"\?\)/);
    expect(d.hint).toMatch(/service, activity, club, group/);
  });
  test('summary longer than 300 characters', () => {
    const files = edit(DROP_IN, /^summary: .*$/m, `summary: ${'x'.repeat(301)}`);
    expectOne(files, 'schema', DROP_IN, 7, /under 300 characters/);
  });
  test('ages the wrong way round', () => {
    const files = edit(DROP_IN, 'minimum_age: 18', 'minimum_age: 18\nmaximum_age: 10');
    expectOne(files, 'schema', DROP_IN, lineOf(files[DROP_IN]!, 'maximum_age'), /maximum_age \(10\) is below minimum_age \(18\)/);
  });
  test('a physical location needs an address', () => {
    const text = readFixture(HUB).replace(/address:\n(  .*\n)+/, '');
    expectOne({ [HUB]: text }, 'schema', HUB, 1, /needs an address/);
  });
});

describe('unknown-key', () => {
  test('a typo gets "did you mean"', () => {
    const files = edit(DROP_IN, 'summary:', 'summery:');
    const d = expectOne(files, 'unknown-key', DROP_IN, 7, /"summery" is not a field of a service \(did you mean "summary"\?\)/);
    expect(d.column).toBe(1);
  });
  test('nested unknown keys name their place and list the known fields', () => {
    const files = edit(DROP_IN, '        opens: "10:00"', '        opens: "10:00"\n        colour: red');
    const d = expectOne(files, 'unknown-key', DROP_IN, lineOf(readFixture(DROP_IN), 'opens') + 1, /"colour" is not a field of locations\[0\]\.schedules\[0\]/);
    expect(d.hint).toMatch(/known fields here: freq, interval, days/);
  });
});

describe('format rules', () => {
  test('phone', () => {
    const files = edit(DROP_IN, '0113 496 0123', '0113 496 012');
    expectOne(files, 'phone', DROP_IN, lineOf(readFixture(DROP_IN), '0113 496 0123'), /not a valid UK phone number/);
  });
  test('url rejects javascript:', () => {
    const files = edit('organisations/chapeltown-carers.yaml', 'https://chapeltown-carers.example.org/', 'javascript:alert(document.cookie)');
    expectOne(files, 'url', 'organisations/chapeltown-carers.yaml', 5, /"javascript:" links are not allowed/);
  });
  test('email', () => {
    const files = edit('organisations/chapeltown-carers.yaml', 'email: hello@chapeltown-carers.example.org', 'email: hello-at-chapeltown');
    expectOne(files, 'email', 'organisations/chapeltown-carers.yaml', 6, /not a valid email address/);
  });
  test('postcode', () => {
    const files = edit(HUB, 'LS7 3DX', 'ls7 3dx');
    const d = expectOne(files, 'postcode', HUB, lineOf(readFixture(HUB), 'postal_code'), /write the postcode as "LS7 3DX"/);
    expect(d.hint).toBe('write "LS7 3DX"');
  });
  test('charity-number', () => {
    const files = edit('organisations/chapeltown-carers.yaml', '"1190001"', '"CH-1"');
    expectOne(files, 'charity-number', 'organisations/chapeltown-carers.yaml', 9, /not a charity number/);
  });
  test('schedule', () => {
    const files = edit(DROP_IN, 'closes: "12:00"', 'closes: "09:00"');
    expectOne(files, 'schedule', DROP_IN, lineOf(readFixture(DROP_IN), 'closes'), /closes \(09:00\) must be after opens \(10:00\)/);
  });
  test('monthly schedules must say which weeks', () => {
    const files = edit(FOOD, '        weeks_of_month: [1, 3]\n', '');
    expectOne(files, 'schedule', FOOD, lineOf(readFixture(FOOD), 'freq: monthly'), /monthly schedule needs weeks_of_month/);
  });
});

describe('unique', () => {
  test('two files with one id', () => {
    const other = readFixture('services/chapeltown-carers/carers-phone-line.yaml').replace(/^id: .*$/m, 'id: 6f1c3b9e-2d4a-4c8e-9b7a-1e2f3a4b5c6d');
    expectOne({ 'services/chapeltown-carers/carers-phone-line.yaml': other }, 'unique', 'services/chapeltown-carers/carers-phone-line.yaml', 1, /already used by data\/services\/chapeltown-carers\/carers-drop-in\.yaml/);
  });
  test('a service and a resource with the same file name', () => {
    const copy = readFixture('resources/chapeltown-carers/carers-guide.yaml').replace(/^id: .*$/m, 'id: 0e9f0a1b-2c3d-4e5f-8a6b-7c8d9e0f1a2b');
    const result = validateWith({ 'resources/chapeltown-carers/carers-drop-in.yaml': copy });
    expect(only(result, 'unique')[0]?.message).toMatch(/cannot share the name "chapeltown-carers\/carers-drop-in"/);
  });
  test('duplicate taxonomy terms', () => {
    const files = edit('taxonomies/needs.yaml', '  - slug: food', '  - slug: someone-to-talk-to');
    expectOne(files, 'unique', 'taxonomies/needs.yaml', lineOf(readFixture('taxonomies/needs.yaml'), 'slug: food'), /"someone-to-talk-to" is already defined/);
  });
});

describe('references', () => {
  test('unknown organisation, with a suggestion', () => {
    const files = edit(DROP_IN, 'organisation: chapeltown-carers', 'organisation: chapeltown-carer');
    const result = validateWith(files);
    const found = only(result, 'references');
    expect(found.map((d) => d.message)).toEqual([
      'there is no organisation "chapeltown-carer" in data/organisations/ (did you mean "chapeltown-carers"?)',
      'this file is in the folder of "chapeltown-carers" but says it is run by "chapeltown-carer"',
    ]);
    expect(found[0]).toMatchObject({ line: 4, column: 15 });
  });
  test('unknown location and taxonomy terms', () => {
    const files = edit(DROP_IN, 'location: chapeltown-community-hub', 'location: chapeltown-hub');
    expectOne(files, 'references', DROP_IN, lineOf(readFixture(DROP_IN), 'location: chapeltown'), /no location "chapeltown-hub"/);
    const cats = edit(DROP_IN, 'categories: [carers-support]', 'categories: [carer-support]');
    expectOne(cats, 'references', DROP_IN, lineOf(readFixture(DROP_IN), 'categories:'), /"carer-support" is not a category in data\/taxonomies\/ \(did you mean "carers-support"\?\)/);
  });
  test('languages on any phone line are checked: contacts, venues, organisations', () => {
    const files = edit('organisations/chapeltown-carers.yaml', '  - number: 0113 496 0101', '  - number: 0113 496 0101\n    languages: [en, xx]');
    expectOne(files, 'references', 'organisations/chapeltown-carers.yaml', 9, /"xx" is not a language/);
    const contact = edit(DROP_IN, 'tags: [coronavirus]', 'tags: [coronavirus]\ncontacts:\n  - name: Referrals Team\n    phones:\n      - number: 0113 496 0177\n        languages: [ur, zz]');
    const found = only(validateWith(contact), 'references');
    expect(found.map((d) => d.message)).toEqual(['"zz" is not a language in data/taxonomies/']);
  });
  test('a term of the wrong kind is not accepted', () => {
    const files = edit(DROP_IN, 'needs: [someone-to-talk-to]', 'needs: [carers]');
    expectOne(files, 'references', DROP_IN, lineOf(readFixture(DROP_IN), 'needs:'), /"carers" is not a need/);
  });
  test('areas and languages', () => {
    const areas = edit(DROP_IN, 'ward/gipton-and-harehills]', 'ward/atlantis]');
    expectOne(areas, 'references', DROP_IN, lineOf(readFixture(DROP_IN), 'service_areas'), /"ward\/atlantis" is not a area/);
    const languages = edit(DROP_IN, 'languages: [en, ur]', 'languages: [en, klingon]');
    expectOne(languages, 'references', DROP_IN, lineOf(readFixture(DROP_IN), 'languages'), /"klingon" is not a language/);
  });
  test('a broken taxonomy file does not make every reference dangle', () => {
    const result = validateWith({ 'taxonomies/categories.yaml': 'id: nonsense\n' });
    expect(only(result, 'references')).toEqual([]);
    expect(result.errors).toBeGreaterThan(0);
  });
  test('references to an invalid organisation file are not reported twice', () => {
    const result = validateWith(edit('organisations/chapeltown-carers.yaml', /^name: .*\n/m, ''));
    expect(only(result, 'references')).toEqual([]);
    expect(only(result, 'schema')).toHaveLength(1);
  });
});

describe('freshness', () => {
  test('a future review date is an error', () => {
    const files = edit(DROP_IN, 'reviewed: 2026-09-14', 'reviewed: 2027-01-01');
    expectOne(files, 'freshness', DROP_IN, lineOf(readFixture(DROP_IN), 'reviewed:'), /in the future/);
  });
  test('due after 6 months, overdue after 12, as warnings', () => {
    const due = only(validateWith({}, { asOf: '2027-03-15' }), 'freshness');
    expect(due.map((d) => [d.file, d.line, d.severity])).toEqual([
      ['data/resources/chapeltown-carers/carers-guide.yaml', lineOf(readFixture('resources/chapeltown-carers/carers-guide.yaml'), 'reviewed: 2026'), 'warning'],
      [`data/${DROP_IN}`, lineOf(readFixture(DROP_IN), 'reviewed:'), 'warning'],
    ]);
    expect(due[1]!.message).toBe('last reviewed 2026-09-14, more than 6 months ago: a review is due (overdue from 2027-09-14)');
    const result = validateWith({}, { asOf: '2027-12-01' });
    const overdue = only(result, 'freshness').filter((d) => /overdue for review/.test(d.message));
    expect(overdue.length).toBe(4);
    expect(result.errors).toBe(0);
  });
  test('the policy comes from loop.config.yaml', () => {
    // 2 months after review: current under the default policy, due under a 1-month policy.
    expect(only(validateWith({}, { asOf: '2026-11-15' }), 'freshness')).toEqual([]);
  });
});

describe('end-date', () => {
  test('a past end date makes the listing inactive, with a warning', () => {
    const files = edit(DROP_IN, 'tags: [coronavirus]', 'tags: [coronavirus]\nend_date: 2026-10-01');
    const result = validateWith(files);
    expect(only(result, 'end-date')[0]).toMatchObject({ severity: 'warning', message: expect.stringMatching(/has passed/) });
    const listing = result.dataset!.listing('chapeltown-carers/carers-drop-in')!;
    expect(result.dataset!.statusOf(listing)).toBe('inactive');
  });
  test('a future end date is fine', () => {
    const result = validateWith(edit(DROP_IN, 'tags: [coronavirus]', 'tags: [coronavirus]\nend_date: 2027-10-01'));
    expect(only(result, 'end-date')).toEqual([]);
    expect(result.dataset!.statusOf(result.dataset!.listing('chapeltown-carers/carers-drop-in')!)).toBe('active');
  });
});

describe('duplicates', () => {
  test('the same phone number across organisations', () => {
    const files = edit(FOOD, 'delivery: [in-person]', 'delivery: [in-person]\nphones:\n  - number: 0113 496 0123');
    expectOne(files, 'duplicates', FOOD, lineOf(files[FOOD]!, '0113 496 0123'), /same phone number as data\/services\/chapeltown-carers\/carers-drop-in\.yaml/, { severity: 'warning' });
  });
  test('the same name at the same postcode', () => {
    const copy = readFixture(DROP_IN).replace(/^id: .*$/m, 'id: 5f1c3b9e-2d4a-4c8e-9b7a-1e2f3a4b5c6d').replace('0113 496 0123', '0113 496 0199').replace("name: Carers' Drop-in", 'name: Carers Drop In');
    expectOne({ 'services/chapeltown-carers/carers-drop-in-2.yaml': copy }, 'duplicates', 'services/chapeltown-carers/carers-drop-in-2.yaml', 3, /same name and postcode/, { severity: 'warning' });
  });
  test('two listings imported from the same source record', () => {
    const source = '\nprovenance:\n  - system: Leeds community directory\n    id: svc-1\n    imported: 2026-06-03';
    const copy = readFixture(DROP_IN).replace(/^id: .*$/m, 'id: 6f1c3b9e-2d4a-4c8e-9b7a-1e2f3a4b5c6d').replace('0113 496 0123', '0113 496 0188').replace("name: Carers' Drop-in", 'name: Tuesday Carers Group').replace(/\n$/, source);
    const files = { ...edit(DROP_IN, 'tags: [coronavirus]', `tags: [coronavirus]${source}`), 'services/chapeltown-carers/tuesday-group.yaml': copy };
    const found = only(validateWith(files), 'duplicates').filter((d) => /same source record/.test(d.message));
    expect(found.map((d) => [d.file, d.severity])).toEqual([['data/services/chapeltown-carers/tuesday-group.yaml', 'warning']]);
    expect(found[0]!.message).toMatch(/was imported from the same source record as data\/services\/chapeltown-carers\/carers-drop-in\.yaml \(Leeds community directory svc-1\)/);
  });
  test('an organisation\'s own services may share its phone line', () => {
    const files = edit('services/chapeltown-carers/carers-phone-line.yaml', '0113 496 0124', '0113 496 0123');
    expect(only(validateWith(files), 'duplicates')).toEqual([]);
  });
});

describe('personal-data', () => {
  test('a person as a contact, and webmail', () => {
    const files = edit(DROP_IN, 'tags: [coronavirus]', 'tags: [coronavirus]\ncontacts:\n  - name: Jane Smith\n    email: janesmith1970@gmail.com');
    const found = only(validateWith(files), 'personal-data');
    expect(found.map((d) => d.message)).toEqual(['"Jane Smith" looks like a person\'s name', 'janesmith1970@gmail.com is a personal webmail address']);
    expect(found.every((d) => d.severity === 'warning' && /role mailboxes/.test(d.hint ?? ''))).toBe(true);
  });
  test('roles and role mailboxes are fine', () => {
    const files = edit(DROP_IN, 'tags: [coronavirus]', 'tags: [coronavirus]\ncontacts:\n  - name: Referrals Team\n    title: Carers Support Worker\n    email: referrals@chapeltown-carers.example.org');
    expect(only(validateWith(files), 'personal-data')).toEqual([]);
  });
  test('reviewed_by as a named person\'s mailbox', () => {
    const files = edit(DROP_IN, 'reviewed_by: listings@', 'reviewed_by: jane.smith@');
    expectOne(files, 'personal-data', DROP_IN, lineOf(readFixture(DROP_IN), 'reviewed_by'), /looks like a person's own mailbox/, { severity: 'warning' });
  });
});

describe('reachability and geography', () => {
  test('a service with no way to reach it', () => {
    const text = ['id: 2b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e', 'name: Mystery Service', 'organisation: chapeltown-carers', 'summary: Nobody knows how to get here.', 'categories: [carers-support]', 'reviewed: 2026-10-01', 'reviewed_by: listings@chapeltown-carers.example.org', ''].join('\n');
    expectOne({ 'services/chapeltown-carers/mystery.yaml': text }, 'reachability', 'services/chapeltown-carers/mystery.yaml', 2, /how to get the service/, { severity: 'warning' });
  });
  test('coordinates outside Leeds, and swapped ones', () => {
    expectOne(edit(HUB, 'latitude: 53.8179', 'latitude: 51.5'), 'geography', HUB, lineOf(readFixture(HUB), 'latitude'), /outside Leeds/, { severity: 'warning' });
    const swapped = edit(HUB, 'latitude: 53.8179\nlongitude: -1.5318', 'latitude: -1.5318\nlongitude: 53.8179');
    const d = expectOne(swapped, 'geography', HUB, lineOf(readFixture(HUB), 'latitude'), /outside Leeds/);
    expect(d.hint).toMatch(/swapped/);
  });
});

describe('completeness', () => {
  test('a bare listing warns with advice; the policy threshold comes from loop.config.yaml', () => {
    const text = ['id: 2b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e', 'name: Bare Service', 'organisation: chapeltown-carers', 'summary: Very little here.', 'categories: [carers-support]', 'url: https://bare.example.org/', 'reviewed: 2026-10-01', 'reviewed_by: listings@chapeltown-carers.example.org', ''].join('\n');
    const d = expectOne({ 'services/chapeltown-carers/bare.yaml': text }, 'completeness', 'services/chapeltown-carers/bare.yaml', 2, /this listing is 16% complete \(the policy asks for at least 40%\)/, { severity: 'warning' });
    expect(d.hint).toMatch(/^Add a description/);
    const lenient = fixtureCopy({ 'services/chapeltown-carers/bare.yaml': text });
    writeFileSync(join(lenient, 'loop.config.yaml'), `${readFileSync(join(lenient, 'loop.config.yaml'), 'utf8')}completeness:\n  warn_below: 10\n`);
    expect(validateDataSync({ dataDir: join(lenient, 'data'), root: lenient, asOf: '2026-11-24' }).diagnostics.filter((x) => x.rule === 'completeness')).toEqual([]);
  });
  test('scores and advice', () => {
    const { dataset } = validateWith();
    const dropIn = dataset!.completenessOf(dataset!.listing('chapeltown-carers/carers-drop-in')!);
    expect(dropIn.score).toBe(95); // 18 of 19 weighted points: only accessibility is missing
    expect(dropIn.missing.map((m) => m.id)).toEqual(['accessibility']);
  });
});

describe('file-name', () => {
  test('files in unknown folders or with bad names', () => {
    const result = validateWith({ 'misc/thing.yaml': 'a: 1\n', 'organisations/Bad Name.yaml': 'a: 1\n', 'services/loose.yaml': 'a: 1\n', 'notes.txt': 'hello' });
    const found = only(result, 'file-name');
    expect(found.map((d) => [d.file, d.severity])).toEqual([
      ['data/misc/thing.yaml', 'error'],
      ['data/notes.txt', 'warning'],
      ['data/organisations/Bad Name.yaml', 'error'],
      ['data/services/loose.yaml', 'error'],
    ]);
  });
});

test('every rule id has a test in this file', () => {
  const text = readFileSync(new URL(import.meta.url), 'utf8');
  for (const id of allRuleIds().filter((r) => !['file-size', 'encoding', 'yaml-syntax'].includes(r))) {
    expect(text, `rule ${id}`).toContain(`'${id}'`);
  }
});
