import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { findDuplicateListings, findDuplicateOrganisations } from '../../src/checks/rules/duplicates.ts';
import { duplicatePairs } from '../../src/cli/commands/duplicates.ts';
import { validateDataSync } from '../../src/checks/load.ts';
import { LIKELY_DUPLICATE, nameSimilarity, POSSIBLE_DUPLICATE, scoreSimilarity } from '../../src/dataset/similarity.ts';
import { identifierKeys, MatchIndex } from '../../src/importers/sync/matching.ts';
import { runLoop } from '../support/cli.ts';
import { repoRoot } from '../support/shared.ts';
import { exampleCopy, IMPORT_DATE, write } from './support.ts';

const dataset = validateDataSync({ dataDir: join(repoRoot, 'data'), asOf: IMPORT_DATE }).dataset!;

describe('scoreSimilarity', () => {
  test('the same name at the same postcode is a likely duplicate, with reasons', () => {
    const s = scoreSimilarity({ name: "Carers' Café", postcodes: ['ls7 3hb'] }, { name: 'Carers Cafe', postcodes: ['LS7 3HB'] });
    expect(s).toEqual({ score: 0.82, reasons: ['same name ("Carers Cafe")', 'same postcode LS7 3HB'] });
    expect(s.score).toBeGreaterThanOrEqual(LIKELY_DUPLICATE);
  });
  test('a name alone is only a possible duplicate; contact details alone are neither', () => {
    const name = scoreSimilarity({ name: 'Befriending Calls' }, { name: 'Befriending calls' });
    expect(name.score).toBeGreaterThanOrEqual(POSSIBLE_DUPLICATE);
    expect(name.score).toBeLessThan(LIKELY_DUPLICATE);
    const contact = scoreSimilarity({ name: 'Job Club', phones: ['0113 496 0001'], emails: ['info@x.example.org'] }, { name: 'Warm Space', phones: ['01134960001'], emails: ['INFO@x.example.org'] });
    expect(contact.score).toBeLessThan(POSSIBLE_DUPLICATE);
    expect(contact.reasons).toEqual(['same phone 0113 496 0001', 'same email info@x.example.org']);
  });
  test("an organisation's programmes at one branch share its name and postcode but not their words (issue #16)", () => {
    const jobs = { name: 'Fair Oaks Branch', postcodes: ['LS7 3DX'], text: 'Job search help for adults, with CVs, applications and interview practice.' };
    const homework = { name: 'Fair Oaks Branch', postcodes: ['LS7 3DX'], text: 'A homework club for children aged 8 to 11 with snacks and games.' };
    const programmes = scoreSimilarity(jobs, homework);
    expect(programmes.score).toBeLessThan(LIKELY_DUPLICATE);
    expect(programmes.reasons).toEqual(['same name ("Fair Oaks Branch")', 'same postcode LS7 3DX', 'but descriptions only 13% alike']);
    const copy = scoreSimilarity(jobs, { ...jobs, text: `${jobs.text} Drop in.` });
    expect(copy.score).toBeGreaterThanOrEqual(LIKELY_DUPLICATE);
    expect(copy.reasons).toEqual(['same name ("Fair Oaks Branch")', 'same postcode LS7 3DX', 'descriptions 95% alike']);
  });
  test('similar names and several shared details add up', () => {
    const s = scoreSimilarity(
      { name: 'Harehills Community Pantry', phones: ['0113 496 0200'], urls: ['https://www.pantry.example.org/'] },
      { name: 'The Harehills Pantry', phones: ['+44 113 496 0200'], urls: ['http://pantry.example.org'] },
    );
    expect(s.reasons).toEqual(['names 80% alike ("Harehills Community Pantry" / "The Harehills Pantry")', 'same phone 0113 496 0200', 'same website pantry.example.org']);
    expect(s.score).toBe(0.89);
    expect(nameSimilarity('The Food Bank', 'Food Bank Ltd')).toBe(1);
  });
});

describe('MatchIndex', () => {
  const index = new MatchIndex(dataset);
  test('finds records by provenance', () => {
    const record = index.byProvenance('service', 'Leeds community directory (example import)', 'svc-88210');
    expect(record?.slug).toBe('bramley-befriending/telephone-befriending');
  });
  test('finds organisations by charity number, company number and org-id identifiers', () => {
    expect(index.byIdentifier({ charity_number: '1187342' })).toEqual({ record: dataset.organisation('chapeltown-carers-network'), reasons: ['same charity number 1187342'] });
    expect(index.byIdentifier({ charity_number: '9999999' })).toBeUndefined();
    expect(identifierKeys({ charity_number: 'SC012345', company_number: '01234567', other_identifiers: [{ scheme: 'GB-NHS', identifier: 'rr8' }] })).toEqual(['GB-SC|SC012345', 'GB-COH|01234567', 'GB-NHS|RR8']);
  });
  test('finds similar listings with scores and reasons, best first', () => {
    const found = index.similarListings({ name: 'Harehills Community Pantry', postcodes: ['LS9 7BG'] }, POSSIBLE_DUPLICATE);
    expect(found.map((c) => [c.record.slug, c.score])).toEqual([
      ['east-leeds-community-trust/harehills-community-pantry', 0.82],
      ['harehills-food-share/harehills-community-pantry', 0.82],
    ]);
    expect(found[0]!.reasons).toEqual(['same name ("Harehills Community Pantry")', 'same postcode LS9 7BG']);
  });
  test('venues only match when they share a postcode', () => {
    expect(index.similarLocations({ name: 'Harehills Lane Community Centre', postcodes: ['LS9 7BG'] }, LIKELY_DUPLICATE).map((c) => c.record.slug)).toEqual(['harehills-lane-community-centre']);
    expect(index.similarLocations({ name: 'Harehills Lane Community Centre', postcodes: ['LS1 1AA'] }, LIKELY_DUPLICATE)).toEqual([]);
  });
});

describe('duplicates across the whole dataset', () => {
  test('the example data has exactly its one deliberate duplicate pair', () => {
    expect(findDuplicateListings(dataset).map((d) => [d.first.slug, d.second.slug, d.reason])).toEqual([
      ['east-leeds-community-trust/harehills-community-pantry', 'harehills-food-share/harehills-community-pantry', 'name-and-postcode'],
    ]);
    expect(findDuplicateOrganisations(dataset)).toEqual([]);
    expect(duplicatePairs(dataset)).toEqual([
      {
        kind: 'listing',
        first: 'data/services/east-leeds-community-trust/harehills-community-pantry.yaml',
        second: 'data/services/harehills-food-share/harehills-community-pantry.yaml',
        firstName: 'Harehills Community Pantry',
        secondName: 'Harehills Community Pantry',
        score: 0.82,
        evidence: ['same name and postcode (Harehills Community Pantry, LS9 7BG)', 'same name ("Harehills Community Pantry")', 'same postcode LS9 7BG'],
      },
    ]);
  });

  test('loop duplicates reports organisations sharing a charity number and listings from the same source record', async () => {
    const dir = exampleCopy();
    write(join(dir, 'data/organisations/chapeltown-carers-cio.yaml'), `# yaml-language-server: $schema=../../schemas/organisation.schema.json
id: 0b6a3c1e-2f4d-4e5a-9b8c-7d6e5f4a3b2c
name: Chapeltown Carers CIO
description: The same charity under its legal name.
charity_number: "1187342"
`);
    const original = validateDataSync({ dataDir: join(dir, 'data'), asOf: IMPORT_DATE }).dataset!.listing('bramley-befriending/telephone-befriending')!;
    const copy = `# yaml-language-server: $schema=../../../schemas/service.schema.json
id: 9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d
name: Phone friends
organisation: bramley-befriending
summary: Weekly phone calls.
categories: [befriending]
phones:
  - number: 0113 496 0899
provenance:
  - system: ${original.provenance![0]!.system}
    id: ${original.provenance![0]!.id}
    imported: 2026-06-03
reviewed: 2026-10-06
reviewed_by: office@bramleybefriending.example.org
`;
    write(join(dir, 'data/services/bramley-befriending/phone-friends.yaml'), copy);
    const text = await runLoop(['duplicates', '--data', join(dir, 'data')], { cwd: dir });
    expect(text.code).toBe(1);
    expect(text.stdout).toContain('Likely duplicate organisations (1 pair):');
    expect(text.stdout).toMatch(/data\/organisations\/chapeltown-carers-cio\.yaml {2}~ {2}data\/organisations\/chapeltown-carers-network\.yaml {3}score 1\.00/);
    expect(text.stdout).toContain('same charity number 1187342');
    expect(text.stdout).toContain('imported from the same source record (Leeds community directory (example import) svc-88210)');
    const json = await runLoop(['duplicates', '--data', join(dir, 'data'), '--format', 'json'], { cwd: dir });
    const parsed = JSON.parse(json.stdout) as { pairs: { kind: string; score: number; evidence: string[] }[] };
    expect(parsed.pairs.filter((p) => p.score === 1).map((p) => p.kind).sort()).toEqual(['listing', 'organisation']);
    // Validation reports the same-source listing too (a warning: it is a likely duplicate, not a broken file).
    const v = validateDataSync({ dataDir: join(dir, 'data'), root: dir, asOf: IMPORT_DATE });
    expect(v.errors).toBe(0);
    expect(v.diagnostics.some((d) => d.rule === 'duplicates' && /imported from the same source record/.test(d.message))).toBe(true);
  });

  test('usage errors exit 2', async () => {
    expect((await runLoop(['duplicates', '--format', 'xml'])).code).toBe(2);
    expect((await runLoop(['duplicates', '--data', '/nonexistent/loop'])).code).toBe(2);
  });
});
