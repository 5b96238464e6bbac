/** `loop terms` (issue #16): which imported terms need mapping. The import side is in tests/importers/unmapped-terms.test.ts. */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { runLoop } from '../support/cli.ts';
import { FIXTURE } from '../support/data.ts';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function copy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'loop-terms-'));
  dirs.push(dir);
  cpSync(FIXTURE, dir, { recursive: true });
  return dir;
}

describe('loop terms', () => {
  test('says so when every term is mapped', async () => {
    const dir = copy();
    const { code, stdout } = await runLoop(['terms', '--data', join(dir, 'data')], { cwd: dir });
    expect(code).toBe(0);
    expect(stdout).toContain('Every imported term is mapped');
  });

  test('lists imported terms of every kind under the mapping section the importer reads', async () => {
    const dir = copy();
    writeFileSync(
      join(dir, 'data/taxonomies/imported-areas-elsewhere.yaml'),
      'id: 0b0a3f57-6a35-5b0e-9a52-2b8a3f0c1d11\nname: Imported areas from Elsewhere, not yet mapped\ndescription: Areas from another directory.\nkind: area\nterms:\n  - slug: elsewhere/north-ward\n    name: North ward\n    description: From Elsewhere, vocabulary "wards", code N1; not yet mapped to a LOOP area.\n    code: N1\n',
    );
    const mapping = await runLoop(['terms', '--data', join(dir, 'data'), '--format', 'mapping'], { cwd: dir });
    expect(mapping.code, mapping.stderr).toBe(0);
    // service_areas, the listing field, not "areas": the mapping file accepts fields and kinds only.
    expect(mapping.stdout).toContain('  service_areas:\n    "wards:N1": ""  # 0 listings: North ward');
    const text = await runLoop(['terms', '--data', join(dir, 'data'), '--kind', 'areas'], { cwd: dir });
    expect(text.stdout).toMatch(/^1 imported term needs mapping to LOOP terms \(areas 1\); 0 listings use at least one\./);
    expect(text.stdout).toContain('1 no longer used by any listing');
  });

  test('usage errors exit 2', async () => {
    for (const args of [['--kind', 'colours'], ['--format', 'xml'], ['--limit', 'many']]) {
      const { code } = await runLoop(['terms', ...args]);
      expect(code, args.join(' ')).toBe(2);
    }
  });
});
