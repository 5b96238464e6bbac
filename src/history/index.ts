/**
 * Git history for the build: `historyFor(dataset)` reads it once per build and shares it, so the site (per-record
 * history on listing pages) and the feeds (last_modified, changes, history JSON) agree and git runs once.
 *
 *   const history = await historyFor(getDataset());
 *   history.historyOf(listing.file)   // [{ date, summary, commit, change }], newest first
 *   history.lastModified(listing.file) // ISO date with offset, or undefined when git cannot tell
 */
import type { Dataset } from '../dataset/dataset.ts';
import { defaultDataDir } from '../checks/load.ts';
import { History, loadHistory, type HistoryOptions } from './history.ts';

export * from './history.ts';
export type { CommitInfo } from './git.ts';

const KEY = Symbol.for('loop.history');
type Holder = { [KEY]?: Map<Dataset, Promise<History>> };

/** The history of the data a Dataset was loaded from (default: $LOOP_DATA or ./data), read once per Dataset. */
export function historyFor(dataset: Dataset, options: Partial<HistoryOptions> = {}): Promise<History> {
  const holder = globalThis as Holder;
  const cache = (holder[KEY] ??= new Map());
  let promise = cache.get(dataset);
  if (!promise) {
    promise = loadHistory(dataset, { dataDir: options.dataDir ?? defaultDataDir(), ...options });
    cache.set(dataset, promise);
  }
  return promise;
}
