/** The completeness rule, both ways: the valid fixture passes it, and a minimal change makes it fire at the right file and line. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { validateDataSync } from '../../../src/checks/load.ts';
import { fixtureCopy, validateWith } from '../../support/data.ts';
import { expectOne } from './support.ts';

describe('completeness', () => {
  test('a bare listing warns with advice; the policy threshold comes from loop.config.yaml', () => {
    const text = ['id: 2b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e', 'name: Bare Service', 'organisation: chapeltown-carers', 'summary: Very little here.', 'categories: [carers-support]', 'url: https://bare.example.org/', 'reviewed: 2026-10-01', 'reviewed_by: listings@chapeltown-carers.example.org', ''].join('\n');
    const d = expectOne({ 'services/chapeltown-carers/bare.yaml': text }, 'completeness', 'services/chapeltown-carers/bare.yaml', 2, /this listing is 16% complete \(the policy asks for at least 40%\)/, { severity: 'warning' });
    expect(d.hint).toMatch(/^Add a description/);
    const lenient = fixtureCopy({ 'services/chapeltown-carers/bare.yaml': text });
    writeFileSync(join(lenient, 'loop.config.yaml'), `${readFileSync(join(lenient, 'loop.config.yaml'), 'utf8')}completeness:\n  warn_below: 10\n`);
    expect(validateDataSync({ dataDir: join(lenient, 'data'), root: lenient, asOf: '2026-11-24' }).diagnostics.filter((x) => x.rule === 'completeness')).toEqual([]);
  });
  test('scores and advice', () => {
    const { dataset } = validateWith();
    const dropIn = dataset!.completenessOf(dataset!.listing('chapeltown-carers/carers-drop-in')!);
    expect(dropIn.score).toBe(95); // 18 of 19 weighted points: only accessibility is missing
    expect(dropIn.missing.map((m) => m.id)).toEqual(['accessibility']);
  });
});
