/** Issue: validate 10,000 services in under 3 s, at most twice a bare YAML parse of the same files. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { validateData } from '../../src/checks/load.ts';
import { syntheticDataset, type Benchmark } from './support.ts';

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.yaml'))
    .map((e) => join(e.parentPath, e.name));
}

async function best(runs: number, fn: () => unknown): Promise<number> {
  let min = Infinity;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await fn();
    min = Math.min(min, performance.now() - started);
  }
  return min;
}

export const validateBenchmark: Benchmark = {
  name: 'validate',
  description: 'loop validate on 10,000 synthetic services vs a bare YAML parse of the same files',
  async run() {
    const dir = syntheticDataset(10_000);
    const files = yamlFiles(join(dir, 'data'));
    let errors = 0;
    const validateMs = await best(3, async () => {
      errors = (await validateData({ dataDir: join(dir, 'data'), asOf: '2026-11-24' })).errors;
    });
    if (errors) throw new Error(`the synthetic dataset has ${errors} errors`);
    const parseMs = await best(3, () => {
      for (const file of files) parse(readFileSync(file, 'utf8'));
    });
    return [
      { name: `files in the dataset`, value: files.length, unit: '' },
      { name: 'bare YAML parse (read + yaml.parse every file)', value: parseMs, unit: 'ms' },
      { name: 'loop validate (10,000 services)', value: validateMs, unit: 'ms', target: { max: 3000 } },
      { name: 'ratio validate / bare parse', value: validateMs / parseMs, unit: 'ratio', target: { max: 2 } },
    ];
  },
};
