/**
 * Where the official specifications (reference/) and third-party datasets (datasets/) are. They live outside the
 * repository, in ../shared/ beside the checkout, or in the folder named by LOOP_REFERENCE_DIR (either the shared
 * folder itself or its reference/ folder). Suites that need them call `requireShared`: when the folder is missing
 * they are skipped with a plain reason, except under CI=true, where a missing folder fails the run.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test, TestRunner } from 'vitest';

declare module 'vitest' {
  interface TaskMeta {
    /** Set by requireShared: the suite that was skipped because ../shared is missing (the summary says so). */
    sharedMissing?: string;
  }
}

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface SharedFolders {
  reference: string;
  datasets: string;
}

export function findShared(): { folders?: SharedFolders; looked: string[] } {
  const candidates: string[] = [];
  if (process.env.LOOP_REFERENCE_DIR) candidates.push(resolve(process.env.LOOP_REFERENCE_DIR));
  candidates.push(resolve(repoRoot, '..', 'shared'));
  for (const candidate of candidates) {
    if (existsSync(join(candidate, 'reference')) && existsSync(join(candidate, 'datasets'))) {
      return { folders: { reference: join(candidate, 'reference'), datasets: join(candidate, 'datasets') }, looked: candidates };
    }
    if (existsSync(join(candidate, 'oruk-3.0')) && existsSync(join(candidate, '..', 'datasets'))) {
      return { folders: { reference: candidate, datasets: join(candidate, '..', 'datasets') }, looked: candidates };
    }
  }
  return { looked: candidates };
}

export const isCI = process.env.CI === 'true' || process.env.CI === '1';

/**
 * The shared folders, or undefined (after saying why) when they are missing outside CI. Under CI a missing folder
 * throws, so the suite fails instead of passing silently. The skip is marked in the test metadata (on the running
 * test, or on a skipped placeholder test named for the suite) so the summary reporter can name it in one line.
 */
export function requireShared(suite: string, found: ReturnType<typeof findShared> = findShared()): SharedFolders | undefined {
  const { folders, looked } = found;
  if (folders) return folders;
  const reason = `${suite}: skipped because the reference specifications and datasets were not found (looked in ${looked.join(', ')}). Put shared/ beside the checkout or set LOOP_REFERENCE_DIR.`;
  if (isCI) throw new Error(`${reason} Under CI=true this is a failure, not a skip.`);
  console.warn(reason);
  const running = TestRunner.getCurrentTest();
  if (running) running.meta.sharedMissing = suite;
  else test.skip(`${suite} (needs ../shared)`, { meta: { sharedMissing: suite } }, () => {});
  return undefined;
}

export { repoRoot };
