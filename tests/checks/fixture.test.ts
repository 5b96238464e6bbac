/** The fixture every rule test changes one thing in: valid, with no warnings. */
import { expect, test } from 'vitest';
import { validateWith } from '../support/data.ts';

test('the fixture is valid with no warnings', () => {
  const result = validateWith();
  expect(result.diagnostics).toEqual([]);
  expect(result.files).toBe(14);
  expect(result.dataset?.services).toHaveLength(3);
});
