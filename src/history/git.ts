/**
 * Reading the repository's history with simple-git: one `git log` walk over the data folder for every file at
 * once (never a process per file), the HEAD commit, shallow-clone and dirty-tree detection, release tags, and old
 * file contents in one `git cat-file --batch` process. Everything here degrades to "unknown" rather than failing:
 * a build from a tarball or a shallow clone still publishes, and says what it could not tell.
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';
import { simpleGit, type SimpleGit } from 'simple-git';

export interface CommitInfo {
  /** Full 40-character SHA. */
  sha: string;
  /** The first 7 characters, for versions and labels. */
  short: string;
  /** Committer date, ISO 8601 with the committer's UTC offset, e.g. 2026-11-24T10:15:00+00:00. */
  date: string;
  /** One line describing the change (for merges of pull requests, the pull request's title). */
  summary: string;
}

export type FileStatus = 'A' | 'M' | 'D' | 'R';

export interface FileChange {
  status: FileStatus;
  /** Path relative to the repository's top level, forward slashes. */
  path: string;
  /** For renames, the path before. */
  from?: string;
  /**
   * The file's blob after the change and before it (all zeros for a deletion's after and an addition's before).
   * Old contents are read by these ids: `git cat-file` finds a `<commit>:<path>` by walking the commit's trees, a
   * linear search of each folder, which at 100,000 services (folders of 30,000 and 40,000 entries) cost about 4 ms a
   * file, 12 minutes for one build's history; by id it is a lookup.
   */
  blob: string;
  before: string;
}

export interface LogCommit extends CommitInfo {
  /** True for the oldest commit of a shallow clone: its "changes" are really the whole tree, so they mean nothing. */
  boundary: boolean;
  changes: FileChange[];
}

export interface RepoInfo {
  git: SimpleGit;
  /** Absolute real path of the repository's top level. */
  top: string;
  shallow: boolean;
  /** SHAs at the edge of a shallow clone. */
  shallowBoundary: Set<string>;
}

const FIELD = '\x1f';
const RECORD = '\x1e';

/** Finds the repository holding `dir`, or says why there is none (git missing, not a repository). */
export async function openRepo(dir: string): Promise<{ repo?: RepoInfo; reason?: string }> {
  if (!existsSync(dir)) return { reason: `${dir} does not exist` };
  let git: SimpleGit;
  try {
    git = simpleGit({ baseDir: dir, config: ['core.quotepath=off'] });
  } catch (error) {
    return { reason: `git could not be started: ${error instanceof Error ? error.message : String(error)}` };
  }
  try {
    const top = realpathSync((await git.revparse(['--show-toplevel'])).trim());
    const repoGit = simpleGit({ baseDir: top, config: ['core.quotepath=off'] });
    const shallow = (await repoGit.revparse(['--is-shallow-repository'])).trim() === 'true';
    const shallowBoundary = new Set<string>();
    if (shallow) {
      const file = (await repoGit.revparse(['--git-path', 'shallow'])).trim();
      const full = isAbsolute(file) ? file : join(top, file);
      if (existsSync(full)) for (const line of readFileSync(full, 'utf8').split('\n')) if (line.trim()) shallowBoundary.add(line.trim());
    }
    // A repository with no commits yet has no HEAD: treat it as having no history.
    const head = await repoGit.raw(['rev-parse', '--verify', '--quiet', 'HEAD']).catch(() => '');
    if (!head.trim()) return { reason: 'the repository has no commits yet' };
    return { repo: { git: repoGit, top, shallow, shallowBoundary } };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/not a git repository/i.test(message)) return { reason: 'the data folder is not in a git repository' };
    if (/ENOENT|spawn git/i.test(message)) return { reason: 'git is not installed' };
    return { reason: `git failed: ${message.split('\n')[0]}` };
  }
}

/** `path` (absolute) relative to the repository's top level with forward slashes, or null when outside it. */
export function repoPath(repo: RepoInfo, path: string): string | null {
  let real: string;
  try {
    real = realpathSync(path);
  } catch {
    real = path;
  }
  const rel = relative(repo.top, real);
  if (rel.startsWith('..') || isAbsolute(rel)) return null;
  return rel.split(sep).join('/');
}

function unquote(path: string): string {
  // core.quotepath=off leaves UTF-8 alone, but git still C-quotes names with control characters or quotes.
  if (!path.startsWith('"') || !path.endsWith('"')) return path;
  const bytes: number[] = [];
  const body = path.slice(1, -1);
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c !== '\\') {
      bytes.push(...Buffer.from(c, 'utf8'));
      continue;
    }
    const next = body[++i] ?? '';
    if (/[0-7]/.test(next)) {
      bytes.push(Number.parseInt(body.slice(i, i + 3), 8));
      i += 2;
    } else bytes.push(({ n: 10, t: 9, r: 13, '"': 34, '\\': 92, a: 7, b: 8, f: 12, v: 11 } as Record<string, number>)[next] ?? next.charCodeAt(0));
  }
  return Buffer.from(bytes).toString('utf8');
}

/** The one line describing a commit: a pull request merge is better described by its title than "Merge pull request #12". */
export function summaryOf(subject: string, body: string): string {
  if (/^Merge (pull request|branch|remote-tracking branch)\b/.test(subject)) {
    const first = body.split('\n').map((l) => l.trim()).find((l) => l.length > 0);
    if (first) return first;
  }
  return subject.trim();
}

/**
 * Every first-parent commit touching `paths`, newest first, with the files each changed (merges compared with
 * their first parent, so each commit is one state of the main line: one dataset version).
 */
export async function readLog(repo: RepoInfo, paths: string[], options: { rev?: string } = {}): Promise<LogCommit[]> {
  const format = `${RECORD}%H${FIELD}%cI${FIELD}%s${FIELD}%b${FIELD}`;
  const args = ['log', '--first-parent', '--diff-merges=first-parent', '--raw', '--no-abbrev', '-M', '--no-color', `--format=${format}`, options.rev ?? 'HEAD', '--', ...paths];
  const output = await repo.git.raw(args);
  const commits: LogCommit[] = [];
  for (const chunk of output.split(RECORD)) {
    if (!chunk.trim()) continue;
    const parts = chunk.split(FIELD);
    if (parts.length < 5) continue;
    const [sha, date, subject, body] = parts as [string, string, string, string];
    const rest = parts.slice(4).join(FIELD);
    const changes: FileChange[] = [];
    for (const line of rest.split('\n')) {
      // `:<mode before> <mode after> <blob before> <blob after> <status>\t<path>[\t<new path>]`
      if (!line.startsWith(':')) continue;
      const cols = line.split('\t');
      const [, , before = '', blob = '', code = ''] = cols[0]!.slice(1).split(' ');
      const letter = code[0];
      if ((letter === 'R' || letter === 'C') && cols.length >= 3) {
        // A copy keeps the old file: for us it is an addition.
        if (letter === 'R') changes.push({ status: 'R', from: unquote(cols[1]!), path: unquote(cols[2]!), blob, before });
        else changes.push({ status: 'A', path: unquote(cols[2]!), blob, before: NO_BLOB });
      } else if ((letter === 'A' || letter === 'M' || letter === 'D' || letter === 'T') && cols.length >= 2) {
        changes.push({ status: letter === 'T' ? 'M' : letter, path: unquote(cols[1]!), blob, before });
      }
    }
    commits.push({ sha, short: sha.slice(0, 7), date, summary: summaryOf(subject, body), boundary: repo.shallowBoundary.has(sha), changes });
  }
  return commits;
}

export async function headCommit(repo: RepoInfo, rev = 'HEAD'): Promise<CommitInfo> {
  const out = await repo.git.raw(['log', '-1', '--no-color', `--format=%H${FIELD}%cI${FIELD}%s${FIELD}%b`, rev, '--']);
  const [sha = '', date = '', subject = '', body = ''] = out.split(FIELD);
  return { sha: sha.trim(), short: sha.trim().slice(0, 7), date: date.trim(), summary: summaryOf(subject, body) };
}

/** Paths under `paths` with uncommitted changes (modified, added, deleted or untracked). */
export async function uncommitted(repo: RepoInfo, paths: string[]): Promise<string[]> {
  const out = await repo.git.raw(['status', '--porcelain=v1', '--untracked-files=all', '--', ...paths]);
  return out
    .split('\n')
    .filter((l) => l.length > 3)
    .map((l) => {
      const path = l.slice(3);
      const arrow = path.indexOf(' -> ');
      return unquote(arrow >= 0 ? path.slice(arrow + 4) : path);
    });
}

export interface TagInfo {
  name: string;
  commit: CommitInfo;
}

/** Tags matching a glob that are reachable from HEAD (a build of an old commit never publishes later releases). */
export async function reachableTags(repo: RepoInfo, pattern: string): Promise<TagInfo[]> {
  const out = await repo.git.raw(['tag', '--merged', 'HEAD', '--list', pattern, `--format=%(refname:strip=2)${FIELD}%(objectname)${FIELD}%(*objectname)`]);
  const tags: TagInfo[] = [];
  for (const line of out.split('\n')) {
    if (!line.trim()) continue;
    const [name = ''] = line.split(FIELD);
    tags.push({ name, commit: await headCommit(repo, `${name}^{commit}`) });
  }
  return tags.sort((a, b) => (a.commit.date < b.commit.date ? -1 : a.commit.date > b.commit.date ? 1 : a.name < b.name ? -1 : 1));
}

/** The id git's raw diff gives a blob that is not there (before an addition, after a deletion). */
export const NO_BLOB = '0'.repeat(40);

/**
 * Contents of many objects (blob ids; `<rev>:<path>` works too, but costs a walk of the trees each) in one
 * `git cat-file --batch` process (simple-git cannot feed stdin). Missing objects come back as undefined.
 */
export function readBlobs(repo: RepoInfo, specs: string[]): Promise<Map<string, Buffer | undefined>> {
  const result = new Map<string, Buffer | undefined>();
  if (specs.length === 0) return Promise.resolve(result);
  return new Promise((resolvePromise, reject) => {
    const child = spawn('git', ['cat-file', '--batch'], { cwd: repo.top, stdio: ['pipe', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => chunks.push(b));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) {
        reject(new Error(`git cat-file exited with ${code}`));
        return;
      }
      const all = Buffer.concat(chunks);
      let offset = 0;
      for (const spec of specs) {
        const newline = all.indexOf(10, offset);
        if (newline < 0) break;
        const header = all.subarray(offset, newline).toString('utf8');
        offset = newline + 1;
        if (header.endsWith(' missing') || header.endsWith(' ambiguous')) {
          result.set(spec, undefined);
          continue;
        }
        const size = Number(header.split(' ')[2]);
        result.set(spec, Buffer.from(all.subarray(offset, offset + size)));
        offset += size + 1;
      }
      resolvePromise(result);
    });
    // Specs containing a newline cannot be asked for; paths in data/ never contain one.
    child.stdin.end(specs.map((s) => s.replace(/\n/g, '')).join('\n') + '\n');
  });
}

/** The tree of `rev` under `paths` as a zip (for rebuilding a released snapshot from the tag's own data). */
export function archiveZip(repo: RepoInfo, rev: string, paths: string[]): Promise<Buffer> {
  return new Promise((resolvePromise, reject) => {
    execFile('git', ['archive', '--format=zip', '-0', rev, '--', ...paths], { cwd: repo.top, encoding: 'buffer', maxBuffer: 1024 * 1024 * 1024 }, (error, stdout) => {
      if (error) reject(error);
      else resolvePromise(stdout);
    });
  });
}
