// Worker thread: receives a share of the files, checks them and posts the outcomes back (see check-files.ts).
import { parentPort } from 'node:worker_threads';
import { checkFile } from './check-file.ts';
import type { ReadLimits } from '../dataset/read.ts';

parentPort!.once('message', ({ dataDir, files, limits }: { dataDir: string; files: [string, string][]; limits: ReadLimits }) => {
  parentPort!.postMessage(files.map(([dataPath, display]) => checkFile(dataDir, dataPath, display, limits)));
});
