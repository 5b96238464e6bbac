/** The repository's example dataset, loaded once per test file with a fixed "today". */
import { join } from 'node:path';
import type { Dataset } from '../../src/dataset/dataset.ts';
import { loadDatasetSync } from '../../src/checks/load.ts';
import { repoRoot } from '../support/shared.ts';
import { AS_OF } from '../support/data.ts';

let example: Dataset | undefined;

export function exampleDataset(): Dataset {
  if (example) return example;
  const result = loadDatasetSync({ dataDir: join(repoRoot, 'data'), root: repoRoot, asOf: AS_OF });
  if (!result.ok) throw new Error(`the example data does not validate: ${result.diagnostics.map((d) => `${d.file}:${d.line} ${d.message}`).join('\n')}`);
  return (example = result.dataset);
}
