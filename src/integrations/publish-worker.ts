// Worker thread: writes the open data (preparePublish) while the main thread renders the pages, so the site build
// does not publish only after Astro has finished (issue #19: the publish was a third of a 10,000-service build). It
// loads its own Dataset the way the LOOP integration did, from the check cache the main thread has just filled, and
// hands back plain data (the files' sizes and hashes, the releases); the main thread moves the files into place.
import { parentPort, workerData } from 'node:worker_threads';
import { defaultCacheDir, validateData } from '../checks/load.ts';
import { preparePublish, type PreparedPublish } from '../publish/publish.ts';
import { setBuildDataset } from '../site/dataset.ts';
import { publishOptions } from './publish-options.ts';

export interface PublishWorkerData {
  scratch: string;
}
export type PublishWorkerReply = { type: 'log'; message: string } | { type: 'done'; prepared: PreparedPublish } | { type: 'error'; message: string };

async function run({ scratch }: PublishWorkerData): Promise<PreparedPublish> {
  const cacheDir = defaultCacheDir();
  const result = await validateData(cacheDir ? { cacheDir } : {});
  // The main thread stopped the build on errors before starting this; the data changed underneath if it has them.
  if (result.errors > 0 || !result.dataset) throw new Error(`the data has ${result.errors} error(s) now, though it validated when the build started`);
  setBuildDataset(result.dataset, result.diagnostics);
  const log = (message: string) => parentPort!.postMessage({ type: 'log', message } satisfies PublishWorkerReply);
  return preparePublish(result.dataset, scratch, await publishOptions(result.dataset, log));
}

run(workerData as PublishWorkerData).then(
  (prepared) => parentPort!.postMessage({ type: 'done', prepared } satisfies PublishWorkerReply),
  (error: unknown) => parentPort!.postMessage({ type: 'error', message: error instanceof Error ? error.message : String(error) } satisfies PublishWorkerReply),
);
