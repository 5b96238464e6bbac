/** Datasets and contexts for the feed tests: the valid fixture (optionally changed) and the example data. */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Dataset } from '../../src/dataset/dataset.ts';
import { validateDataSync } from '../../src/checks/load.ts';
import { History } from '../../src/history/history.ts';
import { makeContext, type BuildInfo, type OutputFiles, type PublishContext } from '../../src/publish/context.ts';
import { AS_OF, fixtureCopy } from './data.ts';
import { repoRoot } from './shared.ts';

export const TEST_BUILD: BuildInfo = { datasetVersion: '2026-11-20-abc1234', generatedAt: '2026-11-20T10:00:00+00:00', commit: 'a'.repeat(40), dataCommit: 'a'.repeat(40), asOf: AS_OF };

function load(dataDir: string, root: string, asOf = AS_OF): Dataset {
  const result = validateDataSync({ dataDir, root, asOf });
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  if (!result.dataset || errors.length) throw new Error(`test data is invalid:\n${errors.map((d) => `${d.file}:${d.line} ${d.message}`).join('\n')}`);
  return result.dataset;
}

/** The valid fixture, with `files` changed (paths under data/; null deletes). */
export function fixtureDataset(files: Record<string, string | null> = {}, asOf = AS_OF): Dataset {
  const dir = fixtureCopy(files);
  return load(join(dir, 'data'), dir, asOf);
}

/** The repository's example data (data/). */
export function exampleDataset(): Dataset {
  return load(join(repoRoot, 'data'), repoRoot);
}

export function testContext(dataset: Dataset, options: { history?: History; build?: BuildInfo } = {}): PublishContext {
  return makeContext(dataset, { history: options.history ?? History.unavailable('test'), build: options.build ?? TEST_BUILD });
}

export function text(files: OutputFiles, path: string): string {
  const content = files.get(path);
  if (content === undefined) throw new Error(`${path} was not generated`);
  return typeof content === 'string' ? content : new TextDecoder().decode(content);
}

export function parsed<T = Record<string, unknown>>(files: OutputFiles, path: string): T {
  return JSON.parse(text(files, path)) as T;
}

/** Every value in a JSON tree, with its path, for "nothing is null or empty" style checks. */
export function* walkJson(value: unknown, path = ''): Generator<[string, unknown]> {
  yield [path, value];
  if (Array.isArray(value)) for (const [i, v] of value.entries()) yield* walkJson(v, `${path}/${i}`);
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) yield* walkJson(v, `${path}/${k}`);
}

/** Every file and folder under `dir`, by relative path: a file's bytes (base64) or "folder", to compare outputs whole. */
export function filesUnder(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    const full = join(entry.parentPath, entry.name);
    out.set(relative(dir, full), entry.isFile() ? readFileSync(full).toString('base64') : 'folder');
  }
  return out;
}
