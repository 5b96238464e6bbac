/**
 * HSDS 1.1 eligibility rows are carried (issue #16): age ranges into minimum/maximum age, words naming a LOOP
 * audience into audiences, and all of them as eligibility text; and the report lists every table and column of the
 * package LOOP does not carry, with counts.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { ageRange } from '../../src/importers/formats/hsds-csv.ts';
import { emptyCopy, errorsOf, importJson, read, tempDir, validate } from './support.ts';

function knittersPackage(): string {
  const dir = tempDir('loop-eligibility-');
  const files: Record<string, string> = {
    'datapackage.json': JSON.stringify({
      name: 'knitters',
      resources: [
        { name: 'organization', path: 'organizations.csv' },
        { name: 'service', path: 'services.csv' },
        { name: 'eligibility', path: 'eligibility.csv' },
        { name: 'volunteers', path: 'volunteers.csv' },
      ],
    }),
    'organizations.csv': 'id,name,description,tax_status\norg-1,Leeds Knitters Collective,Knitting groups across Leeds.,charity\n',
    'services.csv':
      'id,organization_id,name,description\n' +
      'svc-1,org-1,Silver Stitchers,A knitting group for older people.\n' +
      'svc-2,org-1,Open Knit,A knitting group for anyone.\n' +
      'svc-3,org-1,Junior Knitters,Knitting for children.\n',
    'eligibility.csv': 'id,service_id,eligibility\ne1,svc-1,seniors\ne2,svc-1,65 and over\ne3,svc-2,adult\ne4,svc-3,5-11\ne5,svc-3,12 to 17\n',
    'volunteers.csv': 'id,name\nv1,A volunteer role\n',
  };
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

describe('HSDS 1.1 eligibility', () => {
  test('age ranges in words', () => {
    expect(ageRange('18-25')).toEqual({ min: 18, max: 25 });
    expect(ageRange('ages 5 to 11')).toEqual({ min: 5, max: 11 });
    expect(ageRange('18+')).toEqual({ min: 18 });
    expect(ageRange('65 and over')).toEqual({ min: 65 });
    expect(ageRange('over 18')).toEqual({ min: 18 });
    expect(ageRange('under 16')).toEqual({ max: 15 });
    expect(ageRange('16 and under')).toEqual({ max: 16 });
    expect(ageRange('adult')).toBeUndefined();
    expect(ageRange('25-18')).toBeUndefined();
  });

  test('rows become ages, audiences and eligibility text; what is not carried is listed with counts', async () => {
    const data = emptyCopy();
    const { code, report } = await importJson(data, 'hsds-csv', knittersPackage(), '--system', 'Knitters', '--write');
    expect(report.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(code).toBe(0);
    expect(errorsOf(validate(data))).toEqual([]);
    const silver = parse(read(data, 'services/leeds-knitters-collective/silver-stitchers.yaml'));
    expect(silver).toMatchObject({ minimum_age: 65, audiences: ['older-people'], eligibility_description: 'seniors; 65 and over' });
    const open = parse(read(data, 'services/leeds-knitters-collective/open-knit.yaml'));
    // "adult" names no LOOP audience: it stays in the words, and no imported audience is made up for it.
    expect(open.eligibility_description).toBe('adult');
    expect(open.audiences).toBeUndefined();
    expect(report.vocabularies.map((v) => v.file)).not.toContain('taxonomies/imported-audiences.yaml');
    const junior = parse(read(data, 'services/leeds-knitters-collective/junior-knitters.yaml'));
    expect(junior).toMatchObject({ minimum_age: 5, maximum_age: 17, eligibility_description: '5-11; 12 to 17' });
    const said = report.problems.map((p) => p.message);
    expect(said).toContainEqual(expect.stringMatching(/^eligibility: 5 rows carried as eligibility text; age ranges in them gave the minimum and maximum age of 2 services/));
    expect(said).toContain('organizations.csv: column "tax_status" is not carried into LOOP (1 of 1 rows have a value)');
    expect(said).toContain('volunteers.csv is not an HSDS table LOOP reads; not carried (1 rows)');
    expect(said).toContainEqual(expect.stringMatching(/audience "adult" \(eligibility\) matches no LOOP audience; kept in the listing's words only/));
  });
});
