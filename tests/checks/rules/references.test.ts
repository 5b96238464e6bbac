/** The references rule, both ways: the valid fixture passes it, and a minimal change makes it fire at the right file and line. */
import { describe, expect, test } from 'vitest';
import { edit, lineOf, only, readFixture, validateWith } from '../../support/data.ts';
import { DROP_IN, expectOne } from './support.ts';

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
