/**
 * Everything LOOP checks about one file on its own: reading it safely, parsing YAML, working out its kind from its
 * folder, and its schema. Pure and self-contained, so it runs in worker threads as well as in the main thread.
 */
import { join } from 'node:path';
import type { Diagnostic } from '../dataset/diagnostic.ts';
import { checkSchema } from './schema.ts';
import { placementOf, SCHEMAS, type FileKind } from '../model/kinds.ts';
import { deepPositions, topLevelPositions, type DeepPositions, type TopLevelPositions } from '../dataset/locator.ts';
import { parseYaml, readLimited, type ReadLimits } from '../dataset/read.ts';
import { deepPathsOf, factsOf, type FileFacts } from './facts.ts';
import { blobId } from './cache.ts';

export interface FileOutcome {
  /** Path relative to the data folder. */
  dataPath: string;
  /** Path shown in diagnostics. */
  display: string;
  kind?: FileKind;
  slug?: string;
  /** The schema-checked record, when the file is valid on its own. */
  data?: unknown;
  diagnostics: Diagnostic[];
  top: TopLevelPositions;
  /** Positions of the deeper paths dataset rules often report on (src/checks/facts.ts, `deepPathsOf`), when it is valid. */
  deep?: DeepPositions;
  /** What the whole-dataset rules need from this file (src/checks/facts.ts), when it is valid on its own. */
  facts?: FileFacts;
  /**
   * git's blob id of the bytes checked, when this check read them itself: the cache keys the outcome by it. A file the
   * cache has never seen is read and hashed here (in a worker, for a large dataset), not in the main thread first, so
   * a cold run never holds a whole region's bytes in the main thread at once (issue #19). Never stored in the cache.
   */
  blob?: string;
}

/** `bytes`, when given, are the file's content already read (and hashed for the cache), so it is not read twice. */
export function checkFile(dataDir: string, dataPath: string, display: string, limits: ReadLimits, bytes?: Uint8Array): FileOutcome {
  const outcome: FileOutcome = { dataPath, display, diagnostics: [], top: {} };
  const read = bytes ? { bytes } : readLimited(join(dataDir, dataPath), display, limits);
  if ('diagnostic' in read) {
    outcome.diagnostics.push(read.diagnostic);
    return outcome;
  }
  if (!bytes) outcome.blob = blobId(read.bytes);
  const placement = placementOf(dataPath);
  const parsed = parseYaml(display, read.bytes, limits);
  outcome.diagnostics.push(...parsed.diagnostics);
  if ('problem' in placement) {
    outcome.diagnostics.push({ file: display, line: 1, column: 1, severity: 'error', rule: 'file-name', message: placement.problem });
    return outcome;
  }
  outcome.kind = placement.kind;
  outcome.slug = placement.slug;
  if (!parsed.file || parsed.diagnostics.length) return outcome;
  outcome.top = topLevelPositions(parsed.file);
  const { data, diagnostics } = checkSchema(SCHEMAS[placement.kind], parsed.value, parsed.file, placement.kind);
  outcome.diagnostics.push(...diagnostics);
  if (data !== undefined) {
    outcome.data = data;
    outcome.facts = factsOf(placement.kind, data);
    const deep = deepPathsOf(placement.kind, data);
    if (deep.length) outcome.deep = deepPositions(parsed.file, deep);
  }
  return outcome;
}
