/**
 * What each source said at the last import, so a re-import can tell "changed here" from "changed at the source".
 *
 * One JSON file per source system in `data/.import-state/<system>.json`, committed with the data: the loader skips
 * folders starting with ".", so the validator never sees it, yet it travels with every clone and every sync pull
 * request, and a reviewer can see in the diff exactly what the source changed. Per record it keeps the LOOP id and
 * file, and a short hash of each field as last imported: enough for three-way merging without copying the source's
 * text into the repository a second time.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { slugify } from '../../model/kinds.ts';
import { canonical } from './yaml-writer.ts';
import type { IncomingKind } from '../incoming.ts';

export const STATE_FOLDER = '.import-state';
const VERSION = 1;

export interface RecordState {
  kind: IncomingKind;
  /** The LOOP record's UUID: files may be renamed or moved, the id never changes. */
  id: string;
  /** Where it was written, relative to the data folder (a hint; the id is what counts). */
  file: string;
  /** Field name to hash of the value as last imported. */
  fields: Record<string, string>;
}

export interface ImportState {
  version: number;
  system: string;
  format: string;
  source: string;
  /** `${kind}:${source id}` to what was imported. */
  records: Record<string, RecordState>;
}

export function stateKey(system: string): string {
  return slugify(system) || 'source';
}

export function statePath(dataDir: string, system: string): string {
  return join(dataDir, STATE_FOLDER, `${stateKey(system)}.json`);
}

export function recordKey(kind: IncomingKind, sourceId: string): string {
  return `${kind}:${sourceId}`;
}

/** A short, stable fingerprint of a value (key order and undefined members do not matter). */
export function fingerprint(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(canonical(value)) ?? 'undefined').digest('hex').slice(0, 16);
}

export function emptyState(system: string, format: string, source: string): ImportState {
  return { version: VERSION, system, format, source, records: {} };
}

export function readState(dataDir: string, system: string, format: string, source: string): { state: ImportState; problem?: string } {
  const path = statePath(dataDir, system);
  if (!existsSync(path)) return { state: emptyState(system, format, source) };
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<ImportState>;
    if (parsed.version !== VERSION || typeof parsed.records !== 'object' || parsed.records === null) throw new Error(`unknown state version ${String(parsed.version)}`);
    return { state: { version: VERSION, system, format, source, records: parsed.records } };
  } catch (error) {
    // Without the state every field difference is reported as a conflict rather than overwritten: safe, just noisy.
    return {
      state: emptyState(system, format, source),
      problem: `${STATE_FOLDER}/${stateKey(system)}.json could not be read (${error instanceof Error ? error.message : String(error)}); every difference will be reported as a conflict`,
    };
  }
}

/** The state file's text: sorted keys and one record per few lines, so git diffs stay small and readable. */
export function stateText(state: ImportState): string {
  const records = Object.keys(state.records)
    .sort()
    .map((key) => `    ${JSON.stringify(key)}: ${JSON.stringify(canonical(state.records[key]))}`);
  return `{\n  "version": ${state.version},\n  "system": ${JSON.stringify(state.system)},\n  "format": ${JSON.stringify(state.format)},\n  "source": ${JSON.stringify(state.source)},\n  "records": {\n${records.join(',\n')}${records.length ? '\n' : ''}  }\n}\n`;
}

export function writeState(dataDir: string, state: ImportState): void {
  const path = statePath(dataDir, state.system);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, stateText(state));
}
