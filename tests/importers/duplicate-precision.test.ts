/**
 * Duplicate evidence on real data (issue #16): the shared datasets imported twice, as two sources (the HSDS 1.1
 * sample's full package and its 6-table subset; HSDS 3.0's examples as JSON and as CSV), give a labelled sample by
 * construction: a record and its copy from the other source (the importer names the copy "-2") are duplicates,
 * every other pair is not. The duplicates rule and `loop duplicates` must be precise on it.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { findDuplicateListings, findDuplicateOrganisations } from '../../src/checks/rules/duplicates.ts';
import type { Dataset } from '../../src/dataset/dataset.ts';
import { requireShared } from '../support/shared.ts';
import { emptyCopy, importJson, validate } from './support.ts';

const shared = requireShared('duplicate precision on real data');

/** The record a file is a copy of: "organisations/x-2.yaml" and "services/x-2/y.yaml" are copies of x's. */
const original = (file: string) => file.replace(/-\d+(?=\/|\.yaml$)/g, '');

interface Figures {
  reported: number;
  correct: number;
  twins: number;
  precision: number;
  recall: number;
}

function figures(pairs: { first: string; second: string }[], files: string[]): Figures {
  const correct = pairs.filter((p) => original(p.first) === original(p.second)).length;
  const byOriginal = new Map<string, number>();
  for (const f of files) byOriginal.set(original(f), (byOriginal.get(original(f)) ?? 0) + 1);
  const twins = [...byOriginal.values()].reduce((n, count) => n + (count * (count - 1)) / 2, 0);
  return { reported: pairs.length, correct, twins, precision: pairs.length ? correct / pairs.length : 1, recall: twins ? correct / twins : 1 };
}

describe.runIf(shared)('duplicates on a labelled sample of real data', () => {
  let dataset: Dataset;
  beforeAll(async () => {
    const dir = emptyCopy();
    const datasets = shared!.datasets;
    for (const [format, source, system] of [
      ['hsds-csv', 'hsds-1.1-sample-datapackage/all_resources', 'HSDS 1.1 sample'],
      ['hsds-csv', 'hsds-1.1-sample-datapackage/simple', 'HSDS 1.1 sample, subset'],
      ['oruk', 'hsds-3.0-examples/examples', 'HSDS 3.0 examples'],
      ['hsds-csv', 'hsds-3.0-examples/examples/csv', 'HSDS 3.0 examples, CSV'],
    ] as const) {
      await importJson(dir, format, join(datasets, source), '--system', system, '--write');
    }
    const result = validate(dir);
    expect(result.errors).toBe(0);
    dataset = result.dataset!;
  }, 120_000);

  test('listings: precision at least 0.9', () => {
    const pairs = findDuplicateListings(dataset).map((d) => ({ first: d.first.file, second: d.second.file }));
    const f = figures(pairs, dataset.listings.map((l) => l.file));
    console.log(`duplicate listings, real sample: ${f.reported} reported, ${f.correct} true of ${f.twins} copies: precision ${f.precision.toFixed(2)}, recall ${f.recall.toFixed(2)}`);
    expect(f.twins).toBeGreaterThan(5);
    expect(f.precision).toBeGreaterThanOrEqual(0.9);
    expect(f.recall).toBeGreaterThanOrEqual(0.5);
  });
  test('organisations: precision at least 0.9 (a placeholder website shared by many is no evidence)', () => {
    const pairs = findDuplicateOrganisations(dataset).map((d) => ({ first: d.first.file, second: d.second.file }));
    const f = figures(pairs, dataset.organisations.map((o) => o.file));
    console.log(`duplicate organisations, real sample: ${f.reported} reported, ${f.correct} true of ${f.twins} copies: precision ${f.precision.toFixed(2)}, recall ${f.recall.toFixed(2)}`);
    expect(f.precision).toBeGreaterThanOrEqual(0.9);
  });
  test('every piece of evidence is true of both listings', () => {
    for (const d of findDuplicateListings(dataset)) {
      const postcodes = (l: typeof d.first) => (l.listing === 'service' ? (l.locations ?? []).map((at) => dataset.location(at.location)?.address?.postal_code) : []);
      for (const words of d.evidence) {
        const code = /postcode (\S+ \S+)/.exec(words)?.[1];
        if (code) expect([postcodes(d.first), postcodes(d.second)]).toEqual([expect.arrayContaining([code]), expect.arrayContaining([code])]);
        if (words === 'the same organisation') expect(d.first.organisation).toBe(d.second.organisation);
      }
    }
  });
});
