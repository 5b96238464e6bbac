/** The duplicates rule, both ways: the valid fixture passes it, and a minimal change makes it fire at the right file and line. */
import { describe, expect, test } from 'vitest';
import { edit, lineOf, only, readFixture, validateWith } from '../../support/data.ts';
import { DROP_IN, FOOD, expectOne } from './support.ts';

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
