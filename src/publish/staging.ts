/**
 * Staged output, so a publish is all or nothing. Writers write into a hidden staging folder inside the output
 * folder (inside, not beside it, so the final moves are renames on one file system even when the output folder is
 * a mount point); only when every file is there does `commit()` move each output the writer owns into place, in
 * the order given (hosting rules last, so a host never sees `_headers` for feeds that are not there yet).
 *
 * - A failure before the commit leaves the output folder exactly as it was: `abandon()` removes the staging
 *   folder (and the output folder itself if this publish created it).
 * - A failure during the commit puts back what was already moved, then abandons.
 * - A process killed while writing leaves only its staging folder; the next publish into the same folder removes
 *   it (when the process that made it is gone).
 */
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

export const STAGING_PREFIX = '.loop-staging-';

export interface Staging {
  /** Where to write: paths inside it are the output paths. */
  readonly dir: string;
  /** Replaces each owned path of the output folder with its staged version (or removes it when none was staged). */
  commit(): void;
  /** Forgets everything staged; the output folder is left as it was. */
  abandon(): void;
}

export interface StagingOptions {
  /** How a file or folder is moved; tests swap it to fail during the commit. */
  rename?: (from: string, to: string) => void;
}

function present(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the folders in `dir` left by processes that were killed: `pidOf` reads the owner's pid from a folder's
 * name (undefined: not such a folder). A folder whose process still runs (this one or another) is kept. Shared by the
 * staging folders here and the build's publish scratch folders (src/integrations/publish.ts).
 */
export function removeAbandoned(dir: string, pidOf: (name: string) => number | undefined): void {
  if (!existsSync(dir)) return;
  for (const name of readdirSync(dir)) {
    const pid = pidOf(name);
    if (pid === undefined || !Number.isInteger(pid) || pid === process.pid || alive(pid)) continue;
    rmSync(join(dir, name), { recursive: true, force: true });
  }
}

/** The pid in a staging folder's name (`<prefix><pid>-<random>`). */
function stagingPid(name: string): number | undefined {
  return name.startsWith(STAGING_PREFIX) ? Number(/^(\d+)-/.exec(name.slice(STAGING_PREFIX.length))?.[1]) : undefined;
}

/**
 * Opens a staging folder for the paths (relative to `outDir`, e.g. `oruk/v3`, `_headers`) that one writer owns.
 * Anything else in `outDir` (the site's pages) is never touched.
 */
export function openStaging(outDir: string, owned: readonly string[], options: StagingOptions = {}): Staging {
  const rename = options.rename ?? renameSync;
  const out = resolve(outDir);
  const createdOut = mkdirSync(out, { recursive: true });
  removeAbandoned(out, stagingPid);
  const dir = mkdtempSync(join(out, `${STAGING_PREFIX}${process.pid}-`));
  let finished = false;

  const abandon = () => {
    if (finished) return;
    finished = true;
    rmSync(dir, { recursive: true, force: true });
    if (createdOut) rmSync(createdOut, { recursive: true, force: true });
  };

  const commit = () => {
    if (finished) throw new Error('this staging folder was already committed or abandoned');
    const previous = join(dir, '.previous');
    mkdirSync(previous);
    const steps: { target: string; backup?: string; placed: boolean }[] = [];
    try {
      owned.forEach((path, i) => {
        const staged = join(dir, path);
        const target = join(out, path);
        const step: { target: string; backup?: string; placed: boolean } = { target, placed: false };
        steps.push(step);
        if (present(target)) {
          const backup = join(previous, String(i));
          rename(target, backup);
          step.backup = backup;
        }
        if (existsSync(staged)) {
          mkdirSync(dirname(target), { recursive: true });
          rename(staged, target);
          step.placed = true;
        }
      });
    } catch (error) {
      for (const step of steps.reverse()) {
        if (step.placed) rmSync(step.target, { recursive: true, force: true });
        if (step.backup) renameSync(step.backup, step.target);
      }
      abandon();
      throw error;
    }
    finished = true;
    rmSync(dir, { recursive: true, force: true });
  };

  return { dir, commit, abandon };
}

/** Runs `fill` against a staging folder and commits it, or abandons it when `fill` fails. */
export async function staged<T>(outDir: string, owned: readonly string[], fill: (dir: string) => T | Promise<T>, options: StagingOptions = {}): Promise<T> {
  const staging = openStaging(outDir, owned, options);
  try {
    const value = await fill(staging.dir);
    staging.commit();
    return value;
  } catch (error) {
    staging.abandon();
    throw error;
  }
}

/** The same for writers that work synchronously. */
export function stagedSync<T>(outDir: string, owned: readonly string[], fill: (dir: string) => T, options: StagingOptions = {}): T {
  const staging = openStaging(outDir, owned, options);
  try {
    const value = fill(staging.dir);
    staging.commit();
    return value;
  } catch (error) {
    staging.abandon();
    throw error;
  }
}
