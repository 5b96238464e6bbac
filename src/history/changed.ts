/**
 * The files a branch changes (issue #19, `loop validate --changed-since <ref>`): everything that differs between
 * the merge base of `ref` and HEAD and the working tree, untracked files included, as absolute paths. The merge
 * base, not `ref` itself, so a pull request is judged on its own changes, not on what main gained since it
 * branched. Renames count as a deletion and an addition: both paths matter (references to the old slug break).
 */
import { join } from 'node:path';
import { openRepo, uncommitted } from './git.ts';

export async function changedFilesSince(dir: string, ref: string): Promise<string[]> {
  const { repo, reason } = await openRepo(dir);
  if (!repo) throw new Error(`--changed-since needs git: ${reason}`);
  let base: string;
  try {
    base = (await repo.git.raw(['merge-base', ref, 'HEAD'])).trim();
  } catch {
    throw new Error(`git does not know "${ref}" (in a CI checkout, fetch it first, e.g. with fetch-depth: 0)`);
  }
  if (repo.shallowBoundary.size > 0 && !base) throw new Error(`"${ref}" and HEAD share no history in this shallow clone`);
  const diff = await repo.git.raw(['-c', 'core.quotepath=off', 'diff', '--name-only', '--no-renames', '-z', base]);
  const paths = new Set(diff.split('\0').filter(Boolean));
  for (const path of await uncommitted(repo, ['.'])) paths.add(path);
  return [...paths].sort().map((path) => join(repo.top, path));
}
