/** Throwaway git repositories for tests: fixed identities and dates, so history-derived output is reproducible. */
import { execFileSync } from 'node:child_process';

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
