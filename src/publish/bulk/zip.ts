/**
 * Deterministic zips: the bytes depend only on the files and a date. Entries are in path order and every
 * timestamp is noon (UTC calendar date) of the date. fflate writes DOS times from local time, so it gets a Date
 * whose local fields are that UTC noon: the same bytes in every time zone, and noon exists on every day (no DST gap).
 * fflate (pure JavaScript, pinned in package-lock.json) rather than Node's zlib, whose output may change with a
 * Node upgrade: release snapshots must stay byte-identical for years.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { zip, zipSync, type Zippable } from 'fflate';
import type { OutputFiles } from '../context.ts';

function zipTree(entries: [string, Uint8Array][], date: string): { tree: Zippable; mtime: Date } {
  const day = new Date(date);
  const mtime = new Date(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), 12, 0, 0);
  const tree: Zippable = {};
  for (const [path, bytes] of [...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) tree[path] = [bytes, { mtime, level: 6 }];
  return { tree, mtime };
}

function entriesOf(files: OutputFiles): [string, Uint8Array][] {
  const encoder = new TextEncoder();
  return [...files].map(([path, content]) => [path, typeof content === 'string' ? encoder.encode(content) : content]);
}

export function zipEntries(entries: [string, Uint8Array][], date: string): Uint8Array {
  const { tree, mtime } = zipTree(entries, date);
  return zipSync(tree, { mtime });
}

export function deterministicZip(files: OutputFiles, date: string): Uint8Array {
  return zipEntries(entriesOf(files), date);
}

const workerUrl = new URL('./zip-worker.ts', import.meta.url);

/**
 * The same bytes as deterministicZip, made off the main thread (in one worker thread when this module runs from
 * its own file, else by fflate's per-file workers), so the caller can generate and write other files meanwhile.
 */
export function deterministicZipAsync(files: OutputFiles, date: string): Promise<Uint8Array> {
  const entries = entriesOf(files);
  if (workerUrl.protocol === 'file:' && existsSync(fileURLToPath(workerUrl))) {
    return new Promise((resolvePromise, reject) => {
      const worker = new Worker(workerUrl);
      worker.once('message', (data: Uint8Array) => {
        resolvePromise(data);
        void worker.terminate();
      });
      worker.once('error', reject);
      worker.postMessage({ entries, date });
    });
  }
  const { tree, mtime } = zipTree(entries, date);
  return new Promise((resolvePromise, reject) => zip(tree, { mtime }, (error, data) => (error ? reject(error) : resolvePromise(data))));
}
