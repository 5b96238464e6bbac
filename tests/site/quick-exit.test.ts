import { expect, test } from 'vitest';
import { needsQuickExit } from '../../src/site/quick-exit.ts';
import { edit, validateWith } from '../support/data.ts';

const CATEGORIES = 'taxonomies/categories.yaml';

test('a listing gets "Exit this page" when one of its terms is marked sensitive, and not otherwise', () => {
  const plain = validateWith().dataset!;
  expect(plain.listings.some((l) => needsQuickExit(plain, l))).toBe(false);
  const marked = validateWith(edit(CATEGORIES, '    name: Emergency food\n', '    name: Emergency food\n    sensitive: true\n'));
  expect(marked.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const dataset = marked.dataset!;
  expect(needsQuickExit(dataset, dataset.listing('harehills-food-share/food-share')!)).toBe(true);
  expect(needsQuickExit(dataset, dataset.listing('chapeltown-carers/carers-drop-in')!)).toBe(false);
});

test('a narrower term inherits "sensitive" from the broader term above it', () => {
  const files = edit(
    CATEGORIES,
    '  - slug: emergency-food\n    name: Emergency food\n',
    '  - slug: emergency-food\n    name: Emergency food\n    parent: carers-support\n',
  );
  files[CATEGORIES] = files[CATEGORIES]!.replace('    name: Carers support\n', '    name: Carers support\n    sensitive: true\n');
  const dataset = validateWith(files).dataset!;
  expect(dataset.term('category', 'emergency-food')?.sensitive).toBeUndefined();
  expect(needsQuickExit(dataset, dataset.listing('harehills-food-share/food-share')!)).toBe(true);
});
