/** The unique rule, both ways: the valid fixture passes it, and a minimal change makes it fire at the right file and line. */
import { describe, expect, test } from 'vitest';
import { edit, lineOf, only, readFixture, validateWith } from '../../support/data.ts';
import { expectOne } from './support.ts';

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
