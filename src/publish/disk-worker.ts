// Worker thread: writes the batches it is sent, in order, and hands each buffer back with its files' facts (disk.ts).
import { parentPort } from 'node:worker_threads';
import { DiskFiles, type DiskBatch, type DiskReply } from './disk.ts';

const port = parentPort!;
const files = new DiskFiles();
port.on('message', (batch: DiskBatch) => {
  let reply: DiskReply;
  try {
    reply = { buffer: batch.buffer, facts: files.write(batch) };
  } catch (error) {
    port.postMessage({ failed: error instanceof Error ? error.message : String(error) } satisfies DiskReply);
    return;
  }
  port.postMessage(reply, [batch.buffer]);
});
