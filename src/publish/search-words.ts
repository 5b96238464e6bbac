/**
 * The search page's word index made in a worker thread from services.ndjson (the site's writer of it is
 * src/site/search/word-files.ts). At 100,000 services making the index holds a few hundred MB (every listing's words,
 * every word's postings) for about ten seconds: made in the publishing thread, that raised the publish's peak memory
 * by as much for the rest of the build. So once services.ndjson is on disk, a worker makes it from that file while the
 * other outputs are written, and its memory goes with the thread.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { PublishContext } from './context.ts';
import { servicesFileOf } from './oruk-api.ts';
import type { WordIndexBodies } from './service-words.ts';

/** What the worker is given: the services file, the ids of the services to index in the index's order, the file size. */
export interface WordsJob {
  file: string;
  ids: string[];
  shardBytes: number;
}

export type WordsReply = WordIndexBodies | { failed: string };

const workerUrl = new URL('./search-words-worker.ts', import.meta.url);

function workerAvailable(): boolean {
  // Under a bundler the worker file may not sit beside this module: then the caller makes the index in its thread.
  return workerUrl.protocol === 'file:' && existsSync(fileURLToPath(workerUrl)) && process.env.LOOP_WORKERS !== '0';
}

/**
 * Starts making the word index of services `ids` in a worker from services.ndjson, when the file is on disk and a
 * worker can start; undefined otherwise. The promise is rejected, naming the file, if the worker fails.
 */
export function startWordIndex(ctx: PublishContext, ids: string[], shardBytes: number): Promise<WordIndexBodies> | undefined {
  const file = servicesFileOf(ctx);
  if (!file || !workerAvailable()) return undefined;
  const job: WordsJob = { file, ids, shardBytes };
  const worker = new Worker(workerUrl, { workerData: job });
  const made = new Promise<WordIndexBodies>((resolve, reject) => {
    worker.once('message', (reply: WordsReply) => ('failed' in reply ? reject(new Error(`the search word index from ${file}: ${reply.failed}`)) : resolve(reply)));
    worker.once('error', (error) => reject(new Error(`the search word index from ${file}: ${error.message}`)));
    worker.once('exit', (code) => reject(new Error(`the search word index worker stopped (exit code ${code})`)));
  });
  // Taken care of by whoever awaits it; until then an early failure is not an unhandled rejection.
  made.catch(() => {});
  return made;
}
