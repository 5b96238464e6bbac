/**
 * Test datasets: a copy of a fixture in a temporary folder, changed file by file, then validated with the real
 * loader. Each rule test states the change and the diagnostic it expects.
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll } from 'vitest';
import { validateDataSync, type ValidationResult } from '../../src/checks/load.ts';
import type { Diagnostic } from '../../src/dataset/diagnostic.ts';
import { AS_OF } from './as-of.ts';
import { repoRoot } from './shared.ts';

export const FIXTURE = join(repoRoot, 'tests', 'fixtures', 'valid');
export { AS_OF };

const made: string[] = [];
afterAll(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A fresh copy of the valid fixture; `files` maps paths under data/ to new contents (null deletes). */
export function fixtureCopy(files: Record<string, string | Uint8Array | null> = {}, from = FIXTURE): string {
  const dir = mkdtempSync(join(tmpdir(), 'loop-test-'));
  made.push(dir);
  cpSync(from, dir, { recursive: true });
  for (const [path, content] of Object.entries(files)) {
    const full = join(dir, 'data', path);
    if (content === null) rmSync(full, { force: true });
    else {
      mkdirSync(dirname(full), { recursive: true });
      writeFileSync(full, content);
    }
  }
  return dir;
}

export function readFixture(path: string): string {
  return readFileSync(join(FIXTURE, 'data', path), 'utf8');
}

/** Validates a changed copy of the fixture; diagnostics have paths relative to the copy (data/...). */
export function validateWith(files: Record<string, string | Uint8Array | null> = {}, options: { asOf?: string } = {}): ValidationResult {
  const dir = fixtureCopy(files);
  return validateDataSync({ dataDir: join(dir, 'data'), root: dir, asOf: options.asOf ?? AS_OF });
}

/** Replaces one line-anchored text in a fixture file (fails loudly if the text is not there). */
export function edit(path: string, from: string | RegExp, to: string): Record<string, string> {
  const text = readFixture(path);
  const next = text.replace(from, to);
  if (next === text) throw new Error(`edit(${path}): ${String(from)} not found`);
  return { [path]: next };
}

export function only(result: ValidationResult, rule: string): Diagnostic[] {
  return result.diagnostics.filter((d) => d.rule === rule);
}

/** Line number (1-based) of the first line of a text containing `needle`. */
export function lineOf(text: string, needle: string): number {
  const i = text.split('\n').findIndex((l) => l.includes(needle));
  if (i < 0) throw new Error(`"${needle}" not found`);
  return i + 1;
}

/** Every service file under a copied data folder's `data/services`, sorted (the generated datasets' tests pick by index). */
export function serviceFiles(dir: string): string[] {
  const root = join(dir, 'data', 'services');
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

/** A top-level scalar of a listing's YAML text, as written. */
export function field(text: string, name: string): string {
  return new RegExp(`^${name}: (.*)$`, 'm').exec(text)![1]!;
}
