import { expect, test } from 'vitest';
import { fieldChanges, topLevel, versionPairs } from '../../src/history/fields.ts';
import { describeHistoryChange } from '../../src/site/format/history.ts';

const yaml = (text: string) => topLevel('data/services/x/y.yaml', new TextEncoder().encode(text));

test('the top-level fields that changed between two versions of a record file, in the newer file\'s order', () => {
  const before = yaml('name: Drop-in\nschedules:\n  - { freq: weekly, byday: [MO] }\nphones: []\ndescription: Tea.\nalert: Closed in August\n')!;
  const after = yaml('name: Drop-in\nschedules:\n  - { freq: weekly, byday: [TU] }\nphones:\n  - { number: 0113 496 0000 }\ndescription: Tea.\n')!;
  expect(fieldChanges(before, after)).toEqual([
    { field: 'schedules', change: 'changed' },
    { field: 'phones', change: 'added' },
    { field: 'alert', change: 'removed' },
  ]);
  // Comments, key order and quoting are not changes to the listing.
  expect(fieldChanges(yaml('# note\nname: "Drop-in"\nsummary: Tea\n'), yaml('summary: Tea\nname: Drop-in\n')!)).toEqual([]);
  expect(fieldChanges(undefined, yaml('name: New\n')!)).toEqual([{ field: 'name', change: 'added' }]);
  expect(yaml('- not a record\n')).toBeUndefined();
  // Times given per place are opening times, not a change of place; a different place is.
  const at = (place: string, day: string) => yaml(`locations:\n  - location: ${place}\n    schedules:\n      - { freq: weekly, byday: [${day}] }\n`)!;
  expect(fieldChanges(at('hub', 'MO'), at('hub', 'TU'))).toEqual([{ field: 'schedules', change: 'changed' }]);
  expect(fieldChanges(at('hub', 'MO'), at('library', 'TU'))).toEqual([{ field: 'locations', change: 'changed' }]);
});

test('each version of a file is read once, by blob id: the version before a change is the version after the previous one', () => {
  expect(
    versionPairs([
      { commit: 'c3', path: 'data/services/o/new.yaml', added: false, from: 'data/services/o/old.yaml', blob: 'b3', before: 'b2' },
      { commit: 'c2', path: 'data/services/o/old.yaml', added: false, blob: 'b2', before: 'b1' },
      { commit: 'c1', path: 'data/services/o/old.yaml', added: true, blob: 'b1', before: '0'.repeat(40) },
    ]),
  ).toEqual([
    { commit: 'c3', after: 'b3', before: 'b2' },
    { commit: 'c2', after: 'b2', before: 'b1' },
    // The addition has no pair: its version is read only as the one before c2.
  ]);
  // A file added and never changed is not read at all.
  expect(versionPairs([{ commit: 'c1', path: 'new.yaml', added: true, blob: 'b1', before: '0'.repeat(40) }])).toEqual([]);
  // The oldest change we know of, when it did not add the file (a shallow clone): the blob its diff names before it.
  expect(versionPairs([{ commit: 'c9', path: 'b.yaml', added: false, from: 'a.yaml', blob: 'b9', before: 'b8' }])[0]!.before).toBe('b8');
});

test('history in words, from the fields that changed', () => {
  expect(describeHistoryChange('added', [])).toBe('Listing added');
  // What the history gives an addition: its fields are not worked out (versionPairs).
  expect(describeHistoryChange('added', undefined)).toBe('Listing added');
  expect(describeHistoryChange('changed', [{ field: 'schedules', change: 'changed' }])).toBe('Opening times changed');
  expect(describeHistoryChange('changed', [{ field: 'phones', change: 'added' }, { field: 'description', change: 'changed' }])).toBe('Phone number added and description changed');
  expect(describeHistoryChange('changed', [{ field: 'reviewed', change: 'changed' }])).toBe('Checked: no other changes');
  expect(describeHistoryChange('changed', [{ field: 'cost', change: 'removed' }, { field: 'reviewed', change: 'changed' }])).toBe('Cost removed and checked');
  expect(describeHistoryChange('renamed', [])).toBe('Page address changed');
  expect(describeHistoryChange('changed', undefined)).toBe('Listing changed');
  const many = ['name', 'summary', 'url', 'email', 'cost', 'languages'].map((field) => ({ field, change: 'changed' as const }));
  expect(describeHistoryChange('changed', many)).toBe('Name changed, summary changed, website changed, email address changed and 2 other details changed');
});
