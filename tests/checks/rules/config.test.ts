/** The config rule: a missing or invalid loop.config.yaml is an error naming the file and line, and nothing is checked against a guessed config. */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { validateDataSync } from '../../../src/checks/load.ts';
import { AS_OF, fixtureCopy, only } from '../../support/data.ts';

function validate(dir: string) {
  return validateDataSync({ dataDir: join(dir, 'data'), root: dir, asOf: AS_OF });
}

describe('config', () => {
  test('a missing loop.config.yaml is one error naming it', () => {
    const dir = fixtureCopy();
    rmSync(join(dir, 'loop.config.yaml'));
    const result = validateDataSync({ dataDir: join(dir, 'data'), root: dir, asOf: AS_OF, configPath: join(dir, 'loop.config.yaml') });
    expect(only(result, 'config').map((d) => [d.file, d.message])).toEqual([['loop.config.yaml', 'loop.config.yaml is missing']]);
    expect(result.dataset).toBeUndefined();
  });

  test('a wrong type in loop.config.yaml is a config error at its line, not a schema error', () => {
    const dir = fixtureCopy();
    const path = join(dir, 'loop.config.yaml');
    const text = readFileSync(path, 'utf8');
    expect(text).toMatch(/^  due_after_months: 6$/m);
    writeFileSync(path, text.replace(/^  due_after_months: 6$/m, '  due_after_months: soon'));
    const result = validate(dir);
    const found = only(result, 'config');
    expect(found.length).toBeGreaterThan(0);
    expect(found[0]).toMatchObject({ file: 'loop.config.yaml', severity: 'error' });
    expect(found[0]!.line).toBe(text.split('\n').indexOf('  due_after_months: 6') + 1);
    expect(only(result, 'schema').filter((d) => d.file === 'loop.config.yaml')).toEqual([]);
  });
});
