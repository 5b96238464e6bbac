/**
 * Issue #16: ~1,900 unmapped terms once went into one vocabulary file over the validator's size cap, and every
 * listing using them failed validation. Imported terms are now kept one file family per source vocabulary, split
 * well under the cap, and `loop terms` says which need mapping, most used first.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { runLoop } from '../support/cli.ts';
import { emptyCopy, errorsOf, importJson, read, snapshot, validate, write } from './support.ts';

const CAP = 256 * 1024;

function feed(terms: number, extra = 0) {
  const term = (i: number) => ({ taxonomy_term: { id: `t${i}`, code: `BD-${1000 + i}`, name: `Community support service type ${String(i).padStart(4, '0')} for families and carers`, taxonomy: 'AIRS' } });
  const services = Array.from({ length: terms / 5 }, (_, s) => ({
    id: `svc-${s}`,
    name: `Neighbourhood help point ${s}`,
    description: 'Drop in for help with forms, food and finding the right service.',
    status: 'active',
    organization: { id: `org-${s % 40}`, name: `Helping Hands ${s % 40}`, description: 'Volunteers who help neighbours.' },
    attributes: [
      ...Array.from({ length: 5 }, (_, k) => term(s * 5 + k)),
      // One term most listings share, so the report's order by use shows.
      ...(s < 100 ? [term(terms - 1)] : []),
      ...(s === 0 ? Array.from({ length: extra }, (_, k) => term(terms + k)) : []),
    ],
  }));
  return { total_items: services.length, total_pages: 1, page_number: 1, contents: services };
}

function importedFiles(dir: string): string[] {
  return readdirSync(join(dir, 'data/taxonomies')).filter((f) => f.startsWith('imported-')).sort();
}

describe('unmapped terms (issue #16)', () => {
  test('2,000 unmapped terms import into files well under the size cap; loop validate passes; loop terms lists them by use', async () => {
    const dir = emptyCopy();
    const source = write(join(dir, 'feed.json'), feed(2000));
    const first = await importJson(dir, 'oruk', source, '--system', 'Messy', '--write');
    expect(first.report.validation_errors).toBe(0);
    expect(first.code).toBe(0);
    expect(errorsOf(validate(dir))).toEqual([]);

    const files = importedFiles(dir);
    expect(files).toEqual(expect.arrayContaining(['imported-categories.yaml', 'imported-categories-messy-airs.yaml', 'imported-categories-messy-airs-2.yaml']));
    for (const file of files) expect(statSync(join(dir, 'data/taxonomies', file)).size, file).toBeLessThanOrEqual(CAP / 2);
    const terms = files.filter((f) => f.startsWith('imported-categories-messy-airs')).flatMap((f) => parse(read(dir, `taxonomies/${f}`)).terms as { slug: string; code: string }[]);
    expect(terms).toHaveLength(2000);
    expect(new Set(terms.map((t) => t.slug)).size).toBe(2000);
    // The shared file holds only LOOP's own placeholder.
    expect(parse(read(dir, 'taxonomies/imported-categories.yaml')).terms.map((t: { slug: string }) => t.slug)).toEqual(['imported/uncategorised']);
    // Each file is its own vocabulary: a distinct id and a name saying where it came from.
    const headers = files.map((f) => parse(read(dir, `taxonomies/${f}`)) as { id: string; name: string });
    expect(new Set(headers.map((h) => h.id)).size).toBe(files.length);
    expect(headers.find((h) => /part 2/.test(h.name))?.name).toMatch(/^Imported categories from Messy, vocabulary "AIRS" \(part 2\)/);

    const report = await runLoop(['terms', '--data', join(dir, 'data')], { cwd: dir });
    expect(report.code).toBe(0);
    expect(report.stdout).toMatch(/^2,000 imported terms need mapping to LOOP terms \(categories 2,000\); 400 listings use at least one\./);
    const lines = report.stdout.split('\n');
    expect(lines.find((l) => /^\s+\d+\s+Community/.test(l))).toMatch(/^\s+101\s+Community support service type 1999 for families and carers \(messy\/community-support-service-type-1999-for-families-and-carers\)\s+→\s+"AIRS:BD-2999"$/);
    expect(report.stdout).toMatch(/… and 1,980 more/);
    expect(report.stdout).toContain('"AIRS:BD-2999": <a slug from data/taxonomies/categories.yaml>');
    const json = JSON.parse((await runLoop(['terms', '--data', join(dir, 'data'), '--format', 'json'], { cwd: dir })).stdout) as { total: number; terms: { listings: number; key: string; vocabulary: string }[] };
    expect(json.total).toBe(2000);
    expect(json.terms[0]).toMatchObject({ listings: 101, key: 'AIRS:BD-2999', vocabulary: 'AIRS' });
    expect(json.terms.slice(1).every((t) => t.listings === 1)).toBe(true);

    // The same source again changes nothing; new terms are appended to the last part, never moved.
    const before = snapshot(dir);
    const again = await importJson(dir, 'oruk', source, '--system', 'Messy', '--write');
    expect(again.report.created.length + again.report.updated.length + again.report.vocabularies.length).toBe(0);
    expect(snapshot(dir)).toEqual(before);
    const parts = files.filter((f) => f.startsWith('imported-categories-messy-airs'));
    const lastPart = `imported-categories-messy-airs-${parts.length}.yaml`;
    const more = await importJson(dir, 'oruk', write(join(dir, 'feed.json'), feed(2000, 3)), '--system', 'Messy', '--write');
    expect(more.code).toBe(0);
    // Only the last part may grow; a full one is followed by a new part.
    for (const v of more.report.vocabularies) expect(v.file === `taxonomies/${lastPart}` ? v.action : v.file).toMatch(v.file === `taxonomies/${lastPart}` ? /update/ : new RegExp(`imported-categories-messy-airs-${parts.length + 1}\\.yaml`));
    const after = snapshot(dir);
    for (const file of parts.filter((f) => f !== lastPart)) expect(after.get(`taxonomies/${file}`)).toBe(before.get(`taxonomies/${file}`));
    for (const file of importedFiles(dir)) expect(statSync(join(dir, 'data/taxonomies', file)).size, file).toBeLessThanOrEqual(CAP / 2);
    expect(errorsOf(validate(dir))).toEqual([]);
  });

  test('a mapping file moves listings from an imported term to the LOOP term', async () => {
    const dir = emptyCopy();
    const source = write(join(dir, 'feed.json'), feed(10));
    await importJson(dir, 'oruk', source, '--system', 'Messy', '--write');
    const skeleton = await runLoop(['terms', '--data', join(dir, 'data'), '--format', 'mapping'], { cwd: dir });
    expect(skeleton.stdout).toContain('    "AIRS:BD-1009": ""  # 2 listings: Community support service type 0009 for families and carers');
    const mapping = write(join(dir, 'mapping.yaml'), 'terms:\n  categories:\n    "AIRS:BD-1009": carers-support\n');
    const mapped = await importJson(dir, 'oruk', source, '--system', 'Messy', '--write', '--mapping', mapping);
    expect(mapped.code).toBe(0);
    expect(mapped.report.updated).toHaveLength(2);
    const json = JSON.parse((await runLoop(['terms', '--data', join(dir, 'data'), '--format', 'json'], { cwd: dir })).stdout) as { terms: { key: string; listings: number }[] };
    expect(json.terms.find((t) => t.key === 'AIRS:BD-1009')?.listings).toBe(0);
    expect(errorsOf(validate(dir))).toEqual([]);
  });
});
