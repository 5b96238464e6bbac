/**
 * Throwaway git repositories for history tests: a copy of a fixture committed with fixed authors and dates, so
 * dates, versions and change feeds are exact. Nothing here touches the real repository.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll } from 'vitest';
import { FIXTURE } from './data.ts';

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

export function gitEnv(date?: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    GIT_AUTHOR_NAME: 'LOOP Test',
    GIT_AUTHOR_EMAIL: 'test@loop.example.org',
    GIT_COMMITTER_NAME: 'LOOP Test',
    GIT_COMMITTER_EMAIL: 'test@loop.example.org',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_TERMINAL_PROMPT: '0',
  };
  if (date) {
    env.GIT_AUTHOR_DATE = date;
    env.GIT_COMMITTER_DATE = date;
  }
  return env;
}

/** A new repository holding a copy of `from` (default: the valid fixture), committed once at `date`. */
export function testRepo(options: { from?: string; date?: string; message?: string } = {}): TestRepo {
  const dir = mkdtempSync(join(tmpdir(), 'loop-git-'));
  made.push(dir);
  const git = (args: string[], date?: string) => execFileSync('git', args, { cwd: dir, env: gitEnv(date), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  git(['init', '-q', '-b', 'main']);
  cpSync(options.from ?? FIXTURE, dir, { recursive: true });
  const repo: TestRepo = {
    dir,
    git,
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
    commit(message, date) {
      git(['add', '-A']);
      git(['commit', '-q', '--allow-empty', '-m', message], date);
      return git(['rev-parse', 'HEAD']).trim();
    },
  };
  repo.commit(options.message ?? 'Add the listings', options.date ?? '2026-01-05T09:00:00+00:00');
  return repo;
}
