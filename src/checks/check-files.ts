/**
 * Checks many files. Parsing YAML is most of validation's cost and is independent per file, so large datasets are
 * split between this thread and worker threads started before the folder is even listed (their start-up overlaps
 * with it).
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { checkFile, type FileOutcome } from './check-file.ts';
import type { ReadLimits } from '../dataset/read.ts';

/** Below this many files per thread, one thread is quicker than starting workers. */
const FILES_PER_THREAD = 500;
const workerUrl = new URL('./check-worker.ts', import.meta.url);

function workersAvailable(): boolean {
  // Under a bundler the worker file may not sit beside this module; then everything is checked in this thread.
  return workerUrl.protocol === 'file:' && existsSync(fileURLToPath(workerUrl)) && process.env.LOOP_WORKERS !== '0';
}

/** Worker threads, started early; `run` hands them their files, `close` stops unused ones. */
export class CheckPool {
  private readonly workers: Worker[];

  constructor(threads = Math.min(availableParallelism(), Number(process.env.LOOP_WORKERS ?? 4) || 1)) {
    this.workers = workersAvailable() ? Array.from({ length: Math.max(0, threads - 1) }, () => new Worker(workerUrl)) : [];
  }

  async run(dataDir: string, files: FileToCheck[], limits: ReadLimits): Promise<FileOutcome[]> {
    const useful = Math.min(this.workers.length + 1, Math.floor(files.length / FILES_PER_THREAD));
    if (useful <= 1) {
      this.close();
      return checkFilesHere(dataDir, files, limits);
    }
    const helpers = this.workers.splice(0, useful - 1);
    this.close();
    // Interleaved shares balance the work (services are bigger than organisations, and files are sorted by folder);
    // this thread takes share 0 while the workers take the others.
    const shares: FileToCheck[][] = Array.from({ length: useful }, () => []);
    files.forEach((file, i) => shares[i % useful]!.push(file));
    const pending = helpers.map(
      (worker, i) =>
        new Promise<FileOutcome[]>((resolve, reject) => {
          worker.once('message', (outcomes: FileOutcome[]) => {
            resolve(outcomes);
            void worker.terminate();
          });
          worker.once('error', reject);
          worker.postMessage({ dataDir, files: shares[i + 1], limits });
        }),
    );
    const results = [checkFilesHere(dataDir, shares[0]!, limits), ...(await Promise.all(pending))];
    const out: FileOutcome[] = new Array(files.length);
    results.forEach((share, t) => share.forEach((outcome, j) => (out[j * useful + t] = outcome)));
    return out;
  }

  close(): void {
    for (const worker of this.workers.splice(0)) void worker.terminate();
  }
}

/** [path relative to data/, path shown in diagnostics, the bytes when already read]. */
export type FileToCheck = [dataPath: string, display: string, bytes?: Uint8Array];

export function checkFilesHere(dataDir: string, files: FileToCheck[], limits: ReadLimits): FileOutcome[] {
  return files.map(([dataPath, display, bytes]) => checkFile(dataDir, dataPath, display, limits, bytes));
}
