// Worker thread: the search page's word index made from services.ndjson (search-words.ts), so its memory is let go
// when the thread ends and the publishing thread goes on with the other outputs meanwhile.
import { parentPort, workerData } from 'node:worker_threads';
import { linesOf } from './lines.ts';
import { searchWordIndex } from './service-words.ts';
import type { WordsJob, WordsReply } from './search-words.ts';

const job = workerData as WordsJob;
let reply: WordsReply;
try {
  reply = searchWordIndex(linesOf(job.file), job.ids, job.shardBytes);
} catch (error) {
  reply = { failed: error instanceof Error ? error.message : String(error) };
}
parentPort!.postMessage(reply);
