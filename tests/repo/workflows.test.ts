/** Every workflow is valid YAML, asks for least privilege and pins third-party actions to a commit SHA. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { repoRoot } from '../support/shared.ts';

const dir = join(repoRoot, '.github', 'workflows');
const files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f));

const WRITE_SCOPES_ALLOWED: Record<string, string[]> = {
  // scope -> workflows that may write it, and why (checked below)
};

interface Workflow {
  on?: unknown;
  permissions?: Record<string, string> | string;
  jobs: Record<string, { permissions?: Record<string, string> | string; steps?: { uses?: string; run?: string }[] }>;
}

describe.each(files)('%s', (file) => {
  const text = readFileSync(join(dir, file), 'utf8');
  const workflow = parse(text) as Workflow;
  test('is valid YAML with jobs', () => {
    expect(workflow.jobs).toBeTypeOf('object');
    expect(workflow.on ?? (workflow as unknown as Record<string, unknown>)['true']).toBeDefined();
  });
  test('declares top-level permissions, read-only unless a job needs more', () => {
    expect(workflow.permissions).toBeDefined();
    expect(workflow.permissions).not.toBe('write-all');
    if (typeof workflow.permissions === 'object') {
      for (const [scope, level] of Object.entries(workflow.permissions)) {
        if (level === 'write') expect(WRITE_SCOPES_ALLOWED[scope] ?? [], `${scope}: write at top level`).toContain(file);
      }
    }
    for (const job of Object.values(workflow.jobs)) expect(job.permissions).not.toBe('write-all');
  });
  test('pins every action to a full commit SHA with a version comment', () => {
    const uses = text.split('\n').filter((l) => /^\s*-?\s*uses:/.test(l));
    for (const line of uses) {
      const ref = /uses:\s*(\S+)/.exec(line)![1]!;
      if (ref.startsWith('./')) continue;
      expect(ref, line).toMatch(/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/);
      expect(line, 'add the version as a comment').toMatch(/#\s*v\d/);
    }
  });
});
