/**
 * The Dataset for the Astro build. The LOOP integration validates the data once when the build starts and leaves
 * the result here (the Dataset and the validator's findings, which the dashboard reports); pages and endpoints read
 * it instead of loading the YAML again.
 */
import { buildEnvironment } from '../build/context.ts';
import type { Diagnostic } from '../dataset/diagnostic.ts';
import type { Dataset } from '../dataset/dataset.ts';
import { loadDatasetSync } from '../checks/load.ts';
import { formatPretty } from '../dataset/diagnostic-formats.ts';

const KEY = Symbol.for('loop.dataset');
const DIAGNOSTICS = Symbol.for('loop.diagnostics');

type Holder = { [KEY]?: Dataset; [DIAGNOSTICS]?: readonly Diagnostic[] };

/** Shares the validated Dataset (and the warnings found while validating it) with every page of the build. */
export function setBuildDataset(dataset: Dataset, diagnostics: readonly Diagnostic[] = []): void {
  // astro.config.mjs builds at LOOP_BASE_URL when it is set (previews, tests); every link and absolute URL the
  // pages make from the config must follow it, or they would point at the production address.
  const { baseUrl } = buildEnvironment();
  if (baseUrl) dataset.config.site.base_url = new URL(baseUrl).toString();
  (globalThis as Holder)[KEY] = dataset;
  (globalThis as Holder)[DIAGNOSTICS] = diagnostics;
}

/** The validated Dataset; throws with the validator's own diagnostics when the data has errors. */
export function getDataset(): Dataset {
  const held = (globalThis as Holder)[KEY];
  if (held) return held;
  const result = loadDatasetSync();
  if (!result.ok) {
    const errors = result.diagnostics.filter((d) => d.severity === 'error');
    throw new Error(`LOOP data is invalid:\n${formatPretty(errors, { files: 0, errors: errors.length, warnings: 0 })}`);
  }
  setBuildDataset(result.dataset, result.warnings);
  return result.dataset;
}

/** The validator's findings (warnings: a build with errors stops) for the Dataset `getDataset()` returns. */
export function getDiagnostics(): readonly Diagnostic[] {
  getDataset();
  return (globalThis as Holder)[DIAGNOSTICS] ?? [];
}
