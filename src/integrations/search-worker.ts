// Worker thread: feeds the search documents to Pagefind a batch at a time and writes its bundle (see search.ts). In
// its own thread, Pagefind's replies are handled at once instead of waiting behind Astro rendering pages on the main
// thread. Each request gets one reply, in order.
import { parentPort } from 'node:worker_threads';
import { PagefindParts, type SearchFile } from './pagefind-bundle.ts';

export type WorkerRequest =
  | { type: 'open'; bundleDir: string; partSize: number; cacheDir?: string }
  | { type: 'add'; documents: SearchFile[] }
  | { type: 'reuse'; key: string }
  | { type: 'end'; key?: string }
  | { type: 'finish' };
export type WorkerReply = { type: 'ok' } | { type: 'reused'; hit: boolean } | { type: 'done'; parts: number } | { type: 'error'; message: string };

let parts: PagefindParts | undefined;

async function answer(request: WorkerRequest): Promise<WorkerReply> {
  switch (request.type) {
    case 'open':
      parts = new PagefindParts(request.bundleDir, request.partSize, request.cacheDir);
      return { type: 'ok' };
    case 'add':
      await parts!.add(request.documents);
      return { type: 'ok' };
    case 'reuse':
      return { type: 'reused', hit: await parts!.reuse(request.key) };
    case 'end':
      await parts!.endPart(request.key);
      return { type: 'ok' };
    case 'finish': {
      const count = await parts!.finish();
      parts!.pruneCache();
      return { type: 'done', parts: count };
    }
  }
}

// Requests arrive without waiting for replies (the main thread makes documents ahead): each is answered in turn,
// in order. After a failure Pagefind is stopped and every later request answered with the failure.
let queue: Promise<void> = Promise.resolve();
let failure: string | undefined;
parentPort?.on('message', (request: WorkerRequest) => {
  queue = queue.then(async () => {
    if (failure === undefined) {
      try {
        parentPort!.postMessage(await answer(request));
        return;
      } catch (error: unknown) {
        failure = error instanceof Error ? error.message : String(error);
        await parts?.abandon();
      }
    }
    parentPort!.postMessage({ type: 'error', message: failure } satisfies WorkerReply);
  });
});
