/**
 * The files a branch changes (issue #19, `loop validate --changed-since <ref>`): everything that differs between
 * the merge base of `ref` and HEAD and the working tree, untracked files included, as absolute paths. The merge
 * base, not `ref` itself, so a pull request is judged on its own changes, not on what main gained since it
 * branched. Renames count as a deletion and an addition: both paths matter (references to the old slug break).
 */
import { realpathSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
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

/** What git knows of the files under a folder (paths relative to it, forward slashes). */
export interface FilesInGit {
  /**
   * Every tracked regular file and the blob id git's index holds for it. For a file that `git status` does not
   * report (so not in `changedFilesSince`), the working copy's bytes are that blob: git has compared them.
   */
  blobs: Map<string, string>;
  /** Files under the folder that git does not track: untracked, and ignored ones (which LOOP still checks). */
  untracked: string[];
}

/** `git ls-files` of a folder: the tracked files with their blob ids, and every untracked or ignored file. */
export async function filesInGit(dir: string): Promise<FilesInGit> {
  const { repo, reason } = await openRepo(dir);
  if (!repo) throw new Error(`--changed-since needs git: ${reason}`);
  const rel = relative(repo.top, realpathSync(dir)).split(sep).join('/');
  const prefix = rel === '' ? '' : `${rel}/`;
  const inside = (path: string) => (path.startsWith(prefix) ? path.slice(prefix.length) : undefined);
  const blobs = new Map<string, string>();
  // "<mode> <blob> <stage>\t<path>\0": regular files only (100644, 100755); links (120000) and submodules are not
  // taken from the cache, and a conflicted file (stage > 0) is reported by git status anyway.
  for (const line of (await repo.git.raw(['ls-files', '-s', '-z', '--', rel || '.'])).split('\0')) {
    const tab = line.indexOf('\t');
    if (tab < 0 || !line.startsWith('100')) continue;
    const [, blob, stage] = line.slice(0, tab).split(' ');
    const path = inside(line.slice(tab + 1));
    if (path !== undefined && blob && stage === '0') blobs.set(path, blob);
  }
  // Without --exclude-standard, --others lists ignored files too: the loader reads whatever is in the folder.
  const untracked = (await repo.git.raw(['ls-files', '-o', '-z', '--', rel || '.'])).split('\0').flatMap((path) => {
    const mine = path ? inside(path) : undefined;
    return mine === undefined ? [] : [mine];
  });
  return { blobs, untracked };
}
