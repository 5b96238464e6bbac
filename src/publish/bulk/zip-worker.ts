// Worker thread: zips the files it is told to, member by member, posting each member's bytes and waiting for
// 'next' before compressing the following one (see zip.ts), then null.
import { parentPort } from 'node:worker_threads';
import { zipFolderChunks, type ZipJob } from './zip.ts';

const port = parentPort!;
port.once('message', (job: ZipJob) => {
  const chunks = zipFolderChunks(job);
  const next = () => {
    const step = chunks.next();
    if (step.done) {
      port.postMessage(null);
      port.close();
      return;
    }
    port.postMessage(step.value, [step.value.buffer as ArrayBuffer]);
  };
  port.on('message', next);
  next();
});
