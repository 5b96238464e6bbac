/**
 * Import tests work on copies: of the repository's example data (realistic vocabularies, 120 files) or of the small
 * valid fixture, in a temporary folder, validated afterwards with the real loader.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll } from 'vitest';
import { validateDataSync, type ValidationResult } from '../../src/checks/load.ts';
import { runLoop } from '../support/cli.ts';
import { FIXTURE } from '../support/data.ts';
import { repoRoot } from '../support/shared.ts';

export const IMPORT_DATE = '2026-11-24';

const made: string[] = [];
afterAll(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

export function tempDir(prefix = 'loop-import-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** A copy of the repository's example data and config. */
export function exampleCopy(): string {
  const dir = tempDir();
  cpSync(join(repoRoot, 'data'), join(dir, 'data'), { recursive: true });
  cpSync(join(repoRoot, 'loop.config.yaml'), join(dir, 'loop.config.yaml'));
  return dir;
}

/** A copy of the small valid fixture (tests/fixtures/valid). */
export function fixtureCopy(): string {
  const dir = tempDir();
  cpSync(FIXTURE, dir, { recursive: true });
  return dir;
}

/** The config and vocabularies of the example data, with no listings: an empty LOOP to import into. */
export function emptyCopy(): string {
  const dir = tempDir();
  cpSync(join(repoRoot, 'data', 'taxonomies'), join(dir, 'data', 'taxonomies'), { recursive: true });
  cpSync(join(repoRoot, 'loop.config.yaml'), join(dir, 'loop.config.yaml'));
  return dir;
}

export async function loopImport(dir: string, format: string, source: string, ...args: string[]) {
  return runLoop(['import', format, source, '--data', join(dir, 'data'), '--as-of', IMPORT_DATE, ...args], { cwd: dir });
}

export interface ImportJson {
  written: boolean;
  read: Record<string, number>;
  created: { file: string; kind: string; label: string }[];
  updated: { file: string; kind: string; label: string; changes: string[] }[];
  vocabularies: { file: string; action: string }[];
  unchanged: number;
  conflicts: { file: string; field: string; local: unknown; incoming: unknown; resolved?: string }[];
  duplicates: { label: string; file: string; score: number; reasons: string[]; outcome: string }[];
  missing: { kind: string; sourceId: string; file: string; markedInactive: boolean }[];
  problems: { severity: string; record?: string; field?: string; message: string }[];
  blocking: unknown[];
  validation_errors: number;
}

/** Runs an import with --format json and returns the parsed report and exit code. */
export async function importJson(dir: string, format: string, source: string, ...args: string[]): Promise<{ code: number; report: ImportJson; stderr: string }> {
  const { code, stdout, stderr } = await loopImport(dir, format, source, '--format', 'json', ...args);
  try {
    return { code, report: JSON.parse(stdout) as ImportJson, stderr };
  } catch {
    throw new Error(`not JSON (exit ${code}):\n${stdout}\n${stderr}`);
  }
}

export function validate(dir: string): ValidationResult {
  return validateDataSync({ dataDir: join(dir, 'data'), root: dir, asOf: IMPORT_DATE });
}

export function errorsOf(result: ValidationResult): string[] {
  return result.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.file}:${d.line}: ${d.rule}: ${d.message}`);
}

export function read(dir: string, file: string): string {
  return readFileSync(join(dir, 'data', file), 'utf8');
}

export function write(path: string, value: unknown): string {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, typeof value === 'string' ? value : JSON.stringify(value, null, 2));
  return path;
}

/** Every file under data/ with its text, for "nothing else changed" checks. */
export function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const entry of readdirSync(join(dir, 'data'), { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) {
      const path = join(entry.parentPath, entry.name);
      out.set(path.slice(join(dir, 'data').length + 1), readFileSync(path, 'utf8'));
    }
  }
  return out;
}
