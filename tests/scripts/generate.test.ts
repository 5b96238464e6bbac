import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { validateData, validateDataSync } from '../../src/checks/load.ts';
import { generate } from '../../scripts/synthetic/generate.ts';
import { FIXTURE } from '../support/data.ts';
import { repoRoot } from '../support/shared.ts';

function snapshot(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const e of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (e.isFile()) files.set(join(e.parentPath, e.name).slice(dir.length), readFileSync(join(e.parentPath, e.name), 'utf8'));
  }
  return files;
}

describe('synthetic data generator', () => {
  const sources = [['the test fixture', FIXTURE], ['the repository data', repoRoot]] as const;
  test.each(sources)('writes a valid dataset in realistic proportions (vocabularies from %s)', (_label, source) => {
    const out = mkdtempSync(join(tmpdir(), 'loop-gen-'));
    const counts = generate({ services: 300, seed: 7, out, source });
    expect(counts).toMatchObject({ services: 300, organisations: 90, resources: 75, locations: 120 });
    const result = validateDataSync({ dataDir: out, root: out, asOf: '2026-11-24' });
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(result.dataset!.services).toHaveLength(300);
    expect(result.dataset!.resources).toHaveLength(75);
    // Only freshness warnings are expected: synthetic reviews spread over 15 months.
    expect(new Set(result.diagnostics.map((d) => d.rule))).toEqual(new Set(['freshness']));
  });
  test('validating in worker threads gives exactly what one thread gives, in the same order', async () => {
    const out = mkdtempSync(join(tmpdir(), 'loop-gen-'));
    generate({ services: 600, seed: 3, out, source: FIXTURE });
    // Break a few files so diagnostics from workers are compared too.
    writeFileSync(join(out, 'data/organisations/broken.yaml'), 'name: [\n');
    const first = readdirSync(join(out, 'data/services'))[0]!;
    const file = join(out, 'data/services', first, readdirSync(join(out, 'data/services', first))[0]!);
    writeFileSync(file, readFileSync(file, 'utf8').replace('summary:', 'summery:'));
    const here = validateDataSync({ dataDir: out, root: out, asOf: '2026-11-24' });
    const parallel = await validateData({ dataDir: out, root: out, asOf: '2026-11-24' });
    expect(here.files).toBeGreaterThan(800);
    expect(parallel.diagnostics).toEqual(here.diagnostics);
    expect(parallel.errors).toBeGreaterThanOrEqual(3);
    expect(parallel.dataset!.listings.map((l) => l.id)).toEqual(here.dataset!.listings.map((l) => l.id));
  });
  test('is deterministic for a seed and differs between seeds', () => {
    const [a, b, c] = [1, 1, 2].map((seed) => {
      const out = mkdtempSync(join(tmpdir(), 'loop-gen-'));
      generate({ services: 40, seed, out, source: FIXTURE });
      return snapshot(out);
    });
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });
});
