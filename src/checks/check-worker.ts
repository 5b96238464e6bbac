// Worker thread: receives a share of the files, checks them and posts the outcomes back (see check-files.ts).
import { parentPort } from 'node:worker_threads';
import { checkFilesHere, type FileToCheck } from './check-files.ts';
import type { ReadLimits } from '../dataset/read.ts';

parentPort!.once('message', ({ dataDir, files, limits }: { dataDir: string; files: FileToCheck[]; limits: ReadLimits }) => {
  parentPort!.postMessage(checkFilesHere(dataDir, files, limits));
});
