/** The file-name rule, both ways: the valid fixture passes it, and a minimal change makes it fire at the right file and line. */
import { describe, expect, test } from 'vitest';
import { only, validateWith } from '../../support/data.ts';

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
