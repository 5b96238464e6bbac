// Worker thread: feeds the search documents to Pagefind and writes its bundle (see search.ts). In its own thread,
// Pagefind's replies are handled at once instead of waiting behind Astro rendering pages on the main thread.
import { parentPort } from 'node:worker_threads';
import { writePagefindBundle, type IndexJob } from './pagefind-bundle.ts';

parentPort!.once('message', (job: IndexJob) => {
  writePagefindBundle(job).then(
    () => parentPort!.postMessage({ ok: true }),
    (error: unknown) => parentPort!.postMessage({ ok: false, message: error instanceof Error ? error.message : String(error) }),
  );
});
