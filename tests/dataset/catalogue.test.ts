/**
 * The A–Z lists of organisations and places (the site's and the dashboard's) show one page each of a list sorted
 * by name. The catalogue sorts each list once per build and every page takes its slice (issue #19: sorting per
 * page made those pages quadratic, 30,000 organisations in 600 pages at region scale).
 */
import { describe, expect, test } from 'vitest';
import { catalogueOf, compareNames } from '../../src/dataset/catalogue.ts';
import { computeFigures } from '../../src/report/figures.ts';
import { organisationsByName } from '../../src/report/dashboard/figures.ts';
import { exampleDataset } from '../support/publish.ts';
import { loadDashboardFixture } from '../support/dashboard.ts';

const names = (records: readonly { name: string }[]) => records.map((r) => r.name);
const collator = new Intl.Collator('en-GB', { sensitivity: 'base', numeric: true });
const inOrder = (list: readonly string[]) => list.every((name, i) => i === 0 || collator.compare(list[i - 1]!, name) <= 0);

describe('the lists sorted once per build', () => {
  const dataset = exampleDataset();
  const catalogue = catalogueOf(dataset);

  test('every organisation, by name, once: the same list on every call', () => {
    const list = catalogue.organisationsByName();
    expect(list).toHaveLength(dataset.organisations.length);
    expect(new Set(list)).toEqual(new Set(dataset.organisations));
    expect(inOrder(names(list))).toBe(true);
    expect(list).toEqual([...dataset.organisations].sort(compareNames));
    expect(catalogue.organisationsByName()).toBe(list);
  });

  test('every place, by name, once: the same list on every call', () => {
    const list = catalogue.locationsByName();
    expect(list).toHaveLength(dataset.locations.length);
    expect(new Set(list)).toEqual(new Set(dataset.locations));
    expect(inOrder(names(list))).toBe(true);
    expect(catalogue.locationsByName()).toBe(list);
  });

  test("the dashboard's organisations table, by name: every row once, from the figures' own order (by slug)", () => {
    const result = loadDashboardFixture();
    const figures = computeFigures(result.dataset!, result.diagnostics);
    const order = organisationsByName(figures);
    expect([...order].sort((a, b) => a - b)).toEqual(figures.organisations.map((_, i) => i));
    expect(inOrder(order.map((i) => figures.organisations[i]!.name))).toBe(true);
    expect(organisationsByName(figures)).toBe(order);
    // The figures are by slug, so the test means something only if that order is not already by name.
    expect(inOrder(figures.organisations.map((o) => o.name))).toBe(false);
  });
});
