/**
 * The files a branch changes (issue #19, `loop validate --changed-since <ref>`): everything that differs between
 * the merge base of `ref` and HEAD and the working tree, untracked files included, as absolute paths. The merge
 * base, not `ref` itself, so a pull request is judged on its own changes, not on what main gained since it
 * branched. Renames count as a deletion and an addition: both paths matter (references to the old slug break).
 */
import { execFile } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';
import { openRepo, uncommitted } from './git.ts';

type OpenedRepo = NonNullable<Awaited<ReturnType<typeof openRepo>>['repo']>;

/** The merge base of `ref` and HEAD, with the errors a CI checkout meets said plainly. */
async function mergeBase(repo: OpenedRepo, ref: string): Promise<string> {
  let base: string;
  try {
    base = (await repo.git.raw(['merge-base', ref, 'HEAD'])).trim();
  } catch {
    throw new Error(`git does not know "${ref}" (in a CI checkout, fetch it first, e.g. with fetch-depth: 0)`);
  }
  if (repo.shallowBoundary.size > 0 && !base) throw new Error(`"${ref}" and HEAD share no history in this shallow clone`);
  return base;
}

export async function changedFilesSince(dir: string, ref: string): Promise<string[]> {
  const { repo, reason } = await openRepo(dir);
  if (!repo) throw new Error(`--changed-since needs git: ${reason}`);
  const base = await mergeBase(repo, ref);
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
  readonly blobs: ReadonlyMap<string, string>;
  /**
   * The same pairs in git's order (ascending paths), read from git's listing as they are visited: no map of every
   * file is made (at region scale, 195,000 entries, a fifth of a second; `blobs` is made on first use).
   */
  eachBlob?(visit: (path: string, blob: string) => void): void;
  /** Files under the folder that git does not track: untracked, and ignored ones (which LOOP still checks). */
  untracked: string[];
}

/** Runs git in `cwd` and returns its output (large: every file of a region's dataset), without simple-git's queue. */
function gitOutput(cwd: string, args: string[]): Promise<string> {
  return startGit(cwd, args).output;
}

/** `gitOutput` started now (the process runs from this call on), with a way to stop it when its answer is no longer wanted. */
function startGit(cwd: string, args: string[]): { output: Promise<string>; stop(): void } {
  let child: ReturnType<typeof execFile> | undefined;
  const output = new Promise<string>((resolve, reject) => {
    child = execFile('git', ['-c', 'core.quotepath=off', ...args], { cwd, encoding: 'utf8', maxBuffer: 1 << 30 }, (error, stdout) => (error ? reject(error) : resolve(stdout)));
  });
  return {
    output,
    stop() {
      output.catch(() => undefined);
      child?.kill();
    },
  };
}

/**
 * `git ls-files` of a folder, run inside it (so paths come relative to it): the tracked files with their blob ids,
 * and every untracked or ignored file.
 */
export async function filesInGit(dir: string): Promise<FilesInGit> {
  const { repo, reason } = await openRepo(dir);
  if (!repo) throw new Error(`--changed-since needs git: ${reason}`);
  const cwd = realpathSync(dir);
  const [staged, others] = await Promise.all([
    gitOutput(cwd, ['ls-files', '-s', '-z', '--', '.']),
    // Without --exclude-standard, --others lists ignored files too: the loader reads whatever is in the folder.
    gitOutput(cwd, ['ls-files', '-o', '-z', '--', '.']),
  ]);
  return { ...blobsOf(staged), untracked: others.split('\0').filter(Boolean) };
}

/** The tracked files of `git ls-files -s -z` output and their blob ids, as `FilesInGit` gives them. */
export type Listed = Pick<FilesInGit, 'blobs'> & Required<Pick<FilesInGit, 'eachBlob'>>;

function blobsOf(staged: string): Listed {
  // "<mode> <blob> <stage>\t<path>\0". Regular files only (mode 100644 or 100755); links (120000) and submodules
  // are not taken from the cache, and a conflicted file (stage > 0) is in git status anyway. Read at fixed offsets
  // for SHA-1 ids (a SHA-256 repository's lines do not fit them and are skipped: its files are then cache misses).
  const eachBlob = (visit: (path: string, blob: string) => void) => {
    let start = 0;
    while (start < staged.length) {
      let end = staged.indexOf('\0', start);
      if (end < 0) end = staged.length;
      if (staged.startsWith('100', start) && staged.charCodeAt(start + 6) === 32 && staged.charCodeAt(start + 47) === 32 && staged.startsWith('0\t', start + 48)) {
        visit(staged.slice(start + 50, end), staged.slice(start + 7, start + 47));
      }
      start = end + 1;
    }
  };
  let blobs: Map<string, string> | undefined;
  return {
    eachBlob,
    get blobs() {
      if (!blobs) {
        const made = new Map<string, string>();
        eachBlob((path, blob) => made.set(path, blob));
        blobs = made;
      }
      return blobs;
    },
  };
}

/**
 * `changedFilesSince` and `filesInGit` together, for `--changed-since` with the check cache (issue #19), walking
 * the data folder once instead of three times (at 100,000 services each walk costs about a second): the changes
 * are the commits since the merge base (a tree-to-tree diff, no stat) plus `git status` (staged, unstaged,
 * untracked) limited to the data folder and `extra` paths (loop.config.yaml), whose ignored entries are the
 * untracked files the loader still reads. The same files as `changedFilesSince` within those paths, except that a
 * file changed by a commit and changed back in the working tree is still listed (a superset: it is only checked).
 *
 * `meanwhile` runs once every git process has started and before their answers are awaited: at region scale `git
 * status` takes a second or two in its own process, time enough for the caller to read the check cache's index
 * (issue #19). It runs on this thread, so it holds up nothing but reading git's output, which waits in the pipes.
 * It is handed the blob ids (`files.blobs`) as soon as they are in: `git ls-files` answers well before `git status`,
 * so the caller can match them with the cache while status still walks the folder.
 */
export async function changesAndFiles(
  dataDir: string,
  ref: string,
  extra: readonly string[],
  meanwhile?: (blobs: Promise<Listed>) => void | Promise<void>,
): Promise<{ changed: string[]; files: FilesInGit }> {
  const { repo, reason } = await openRepo(dataDir);
  if (!repo) throw new Error(`--changed-since needs git: ${reason}`);
  const cwd = realpathSync(dataDir);
  const inRepo = (path: string) => {
    const rel = relative(repo.top, path).split(sep).join('/');
    return rel.startsWith('..') || isAbsolute(rel) ? undefined : rel || '.';
  };
  const data = inRepo(cwd) ?? '.';
  const specs = [data, ...extra.flatMap((path) => inRepo(path) ?? [])];
  // The slow two first (status walks the folder, ls-files lists every file): neither needs the merge base.
  const statusRun = startGit(repo.top, ['status', '--porcelain=v1', '-z', '--no-renames', '--untracked-files=all', '--ignored=matching', '--', ...specs]);
  const stagedRun = startGit(cwd, ['ls-files', '-s', '-z', '--', '.']);
  let base: string;
  try {
    base = await mergeBase(repo, ref);
  } catch (error) {
    statusRun.stop();
    stagedRun.stop();
    throw error;
  }
  const committedRun = startGit(repo.top, ['diff', '--name-only', '--no-renames', '-z', base, 'HEAD', '--', ...specs]);
  const runs = [statusRun, stagedRun, committedRun];
  const blobs = stagedRun.output.then(blobsOf);
  // Failures are reported by the Promise.all below, not as unhandled while `meanwhile` works.
  for (const pending of [...runs.map((run) => run.output), blobs]) pending.catch(() => undefined);
  try {
    await meanwhile?.(blobs);
  } catch (error) {
    for (const run of runs) run.stop();
    throw error;
  }
  const [committed, status, listed] = await Promise.all([committedRun.output, statusRun.output, blobs]);
  const paths = new Set(committed.split('\0').filter(Boolean));
  const ignored: string[] = [];
  const prefix = data === '.' ? '' : `${data}/`;
  for (const entry of status.split('\0')) {
    if (entry.length < 4) continue;
    const path = entry.slice(3);
    if (!entry.startsWith('!!')) paths.add(path);
    else if (path.startsWith(prefix) && !path.endsWith('/')) ignored.push(path.slice(prefix.length));
  }
  return { changed: [...paths].sort().map((path) => join(repo.top, path)), files: Object.assign(listed, { untracked: ignored }) };
}
