/**
 * An import never leaves data/ in a state `loop validate` rejects (issue #16: an import once wrote a vocabulary file
 * over the size cap and every listing using it failed). Before anything is written, the plan is applied to a
 * throwaway copy of the data folder and the one loader validates that copy; only a clean result is written for real.
 *
 * The copy hard-links every file where it can (same file system) and copies otherwise, so it costs a directory walk,
 * not the data's size. A planned file is written into the copy only after unlinking the link, so the real file is
 * never touched. Diagnostics are reported against the real data folder's paths.
 */
import { copyFile, link, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { validateData } from '../../checks/load.ts';
import type { Diagnostic } from '../../dataset/diagnostic.ts';
import type { Plan } from './sync.ts';

export interface WouldBe {
  /** Errors the data folder would have after the import, with paths as `loop validate` would print them. */
  errors: Diagnostic[];
  warnings: number;
}

/**
 * Mirrors the data folder into `to` (hard links, else copies); dot-folders (the import state) are left out, as the
 * validator skips them. Asynchronous, so a large folder does not hold up the event loop (progress, open sockets).
 */
async function mirror(from: string, to: string): Promise<void> {
  await mkdir(to, { recursive: true });
  const entries = await readdir(from, { withFileTypes: true });
  await Promise.all(
    entries.map(async (entry) => {
      if (entry.name.startsWith('.')) return;
      const source = join(from, entry.name);
      const target = join(to, entry.name);
      if (entry.isDirectory()) await mirror(source, target);
      else if (entry.isFile()) await link(source, target).catch(() => copyFile(source, target));
      // Links and special files are not copied: the validator reports those in the real folder before any import.
    }),
  );
}

/**
 * What `loop validate` would say about `dataDir` once the plan is written. `display` is how the data folder is
 * shown in diagnostics (e.g. "data/"), so the errors name the files a person will open.
 */
export async function validateWouldBe(plan: Plan, options: { dataDir: string; configPath: string; asOf: string; display: string }): Promise<WouldBe> {
  const staging = await mkdtemp(join(tmpdir(), 'loop-import-check-'));
  try {
    const data = join(staging, 'data');
    await mirror(options.dataDir, data);
    for (const change of [...plan.vocabularies, ...plan.created, ...plan.updated]) {
      const path = join(data, change.file);
      await mkdir(dirname(path), { recursive: true });
      // Unlink first: the path may be a hard link to the real file.
      await rm(path, { force: true });
      await writeFile(path, change.after);
    }
    const result = await validateData({ dataDir: data, root: data, configPath: options.configPath, asOf: options.asOf });
    const prefix = options.display === '' || options.display === '.' ? '' : `${options.display.replace(/\/+$/, '')}/`;
    return {
      errors: result.diagnostics.filter((d) => d.severity === 'error').map((d) => ({ ...d, file: d.file.startsWith('/') ? d.file : `${prefix}${d.file}` })),
      warnings: result.warnings,
    };
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}
