/** Throwaway git repositories for tests: fixed identities and dates, so history-derived output is reproducible. */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll } from 'vitest';
import { FIXTURE } from './data.ts';

export function gitEnv(date = '2026-11-01T12:00:00+00:00'): NodeJS.ProcessEnv {
  return {
    ...process.env,
    GIT_AUTHOR_NAME: 'LOOP Test',
    GIT_AUTHOR_EMAIL: 'test@loop.example.org',
    GIT_COMMITTER_NAME: 'LOOP Test',
    GIT_COMMITTER_EMAIL: 'test@loop.example.org',
    GIT_AUTHOR_DATE: date,
    GIT_COMMITTER_DATE: date,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
  };
}

export function git(dir: string, args: string[], date?: string): string {
  return execFileSync('git', args, { cwd: dir, env: gitEnv(date), encoding: 'utf8' });
}

/** `git init` on main and commit everything in `dir`. */
export function initRepo(dir: string, message = 'Initial data', date?: string): void {
  git(dir, ['init', '-q', '-b', 'main']);
  commitAll(dir, message, date);
}

export function commitAll(dir: string, message: string, date?: string): string {
  git(dir, ['add', '-A']);
  git(dir, ['commit', '-q', '--allow-empty', '-m', message], date);
  return git(dir, ['rev-parse', 'HEAD']).trim();
}

// Repositories made from a fixture copy, for the history and feed tests.

const made: string[] = [];
afterAll(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

export interface TestRepo {
  dir: string;
  /** Runs git in the repository; `date` fixes both author and committer dates (ISO 8601 with offset). */
  git(args: string[], date?: string): string;
  /** Writes (or with null deletes) files relative to the repository. */
  write(files: Record<string, string | null>): void;
  /** Stages everything and commits with a fixed date; returns the full SHA. */
  commit(message: string, date: string): string;
}

/** A new repository holding a copy of `from` (default: the valid fixture), committed once at `date`. */
export function testRepo(options: { from?: string; date?: string; message?: string } = {}): TestRepo {
  const dir = mkdtempSync(join(tmpdir(), 'loop-git-'));
  made.push(dir);
  cpSync(options.from ?? FIXTURE, dir, { recursive: true });
  initRepo(dir, options.message ?? 'Add the listings', options.date ?? '2026-01-05T09:00:00+00:00');
  return {
    dir,
    git: (args, date) => git(dir, args, date),
    write(files) {
      for (const [path, content] of Object.entries(files)) {
        const full = join(dir, path);
        if (content === null) rmSync(full, { force: true });
        else {
          mkdirSync(dirname(full), { recursive: true });
          writeFileSync(full, content);
        }
      }
    },
    commit: (message, date) => commitAll(dir, message, date),
  };
}
