/** The schema rule, both ways: the valid fixture passes it, and a minimal change makes it fire at the right file and line. */
import { describe, expect, test } from 'vitest';
import { edit, lineOf, readFixture } from '../../support/data.ts';
import { DROP_IN, HUB, expectOne } from './support.ts';

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
