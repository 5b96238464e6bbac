/** The file-read rule: what cannot be read as a file is reported by name and never opened, and a missing data folder says so. */
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { validateDataSync } from '../../../src/checks/load.ts';
import { AS_OF, fixtureCopy, only } from '../../support/data.ts';

describe('file-read', () => {
  test('a named pipe in data/ is an error naming it, and validation does not block on it', () => {
    const dir = fixtureCopy();
    execFileSync('mkfifo', [join(dir, 'data', 'services', 'pipe.yaml')]);
    const result = validateDataSync({ dataDir: join(dir, 'data'), root: dir, asOf: AS_OF });
    expect(only(result, 'file-read').map((d) => [d.file, d.severity, d.message])).toEqual([
      ['data/services/pipe.yaml', 'error', expect.stringMatching(/not a regular file/)],
    ]);
  });

  test('a data folder that does not exist is one error naming it', () => {
    const dir = fixtureCopy();
    rmSync(join(dir, 'data'), { recursive: true });
    const result = validateDataSync({ dataDir: join(dir, 'data'), root: dir, asOf: AS_OF });
    expect(result.errors).toBe(1);
    expect(only(result, 'file-read').map((d) => [d.file, d.message])).toEqual([['data', 'the data folder does not exist']]);
  });
});
