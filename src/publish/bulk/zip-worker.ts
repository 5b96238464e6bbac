// Worker thread: zips the entries it is sent and posts the zip back (see zip.ts).
import { parentPort } from 'node:worker_threads';
import { zipEntries } from './zip.ts';

parentPort!.once('message', ({ entries, date }: { entries: [string, Uint8Array][]; date: string }) => {
  const data = zipEntries(entries, date);
  parentPort!.postMessage(data, [data.buffer as ArrayBuffer]);
});
