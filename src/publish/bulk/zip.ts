/**
 * Deterministic zips: the bytes depend only on the files and a date. Entries are in path order and every
 * timestamp is noon (UTC calendar date) of the date. fflate writes DOS times from local time, so it gets a Date
 * whose local fields are that UTC noon: the same bytes in every time zone, and noon exists on every day (no DST gap).
 * fflate (pure JavaScript, pinned in package-lock.json) rather than Node's zlib, whose output may change with a
 * Node upgrade: release snapshots must stay byte-identical for years.
 *
 * The zip is written member by member (issue #19): each member is compressed on its own, its local header and
 * data handed on, and only the central directory kept until the end. The bytes are exactly those of fflate's
 * one-shot `zipSync` of the whole tree (tests/publish/zip-stream.test.ts): a member is made by `zipSync` of that
 * one file, whose local part is copied as is and whose central directory entry gets the member's real offset.
 * fflate's streaming `Zip` class is not used: it writes data descriptors, so different bytes. One member (the
 * largest download, services.ndjson) is still held whole while it is compressed, as `deflateSync` needs it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { zipSync } from 'fflate';
import type { OutputFiles } from '../context.ts';

/** Noon of the date's UTC calendar day, as a Date whose local fields read that (see above). */
function zipTime(date: string): Date {
  const day = new Date(date);
  return new Date(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), 12, 0, 0);
}

/** Paths in the order fflate's zipSync writes a tree built in sorted order. */
export function zipOrder(paths: Iterable<string>): string[] {
  return [...paths].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

const LOCAL_HEADER = 30;
const CENTRAL_HEADER = 46;
const END_OF_CENTRAL_DIRECTORY = 22;

/**
 * Writes a zip member by member: `add` returns the member's local header and compressed data (to be written
 * next), `finish` the central directory and its end record. Holds only the central directory between members.
 */
export class ZipWriter {
  private readonly mtime: Date;
  private readonly central: Uint8Array[] = [];
  private centralBytes = 0;
  private offset = 0;
  private count = 0;

  constructor(date: string) {
    this.mtime = zipTime(date);
  }

  add(path: string, bytes: Uint8Array): Uint8Array {
    const one = zipSync({ [path]: [bytes, { mtime: this.mtime, level: 6 }] }, { mtime: this.mtime });
    const view = new DataView(one.buffer, one.byteOffset, one.byteLength);
    // A one-member zip: local header + data, its central entry, the end record (whose offset field says where the central entry starts).
    const centralAt = view.getUint32(one.byteLength - END_OF_CENTRAL_DIRECTORY + 16, true);
    const local = one.subarray(0, centralAt);
    const entry = one.slice(centralAt, one.byteLength - END_OF_CENTRAL_DIRECTORY);
    if (entry.byteLength < CENTRAL_HEADER || local.byteLength < LOCAL_HEADER) throw new Error(`zip: unexpected layout for ${path}`);
    new DataView(entry.buffer, entry.byteOffset, entry.byteLength).setUint32(42, this.offset, true);
    this.central.push(entry);
    this.centralBytes += entry.byteLength;
    this.offset += local.byteLength;
    this.count += 1;
    return local;
  }

  finish(): Uint8Array {
    const end = new Uint8Array(END_OF_CENTRAL_DIRECTORY);
    const view = new DataView(end.buffer);
    view.setUint32(0, 0x06054b50, true);
    // As fflate writes them: the member count (16 bits) twice, the directory's size and where it starts.
    view.setUint16(8, this.count & 0xffff, true);
    view.setUint16(10, this.count & 0xffff, true);
    view.setUint32(12, this.centralBytes, true);
    view.setUint32(16, this.offset, true);
    // Its own buffer (not Buffer's shared pool): the worker hands it over by transfer.
    const out = new Uint8Array(this.centralBytes + end.byteLength);
    let at = 0;
    for (const entry of [...this.central, end]) {
      out.set(entry, at);
      at += entry.byteLength;
    }
    return out;
  }
}

/** The zip's bytes, chunk by chunk, members read one at a time from `read` in path order. */
export function* zipChunks(paths: Iterable<string>, read: (path: string) => Uint8Array, date: string): Generator<Uint8Array> {
  const writer = new ZipWriter(date);
  for (const path of zipOrder(paths)) yield writer.add(path, read(path));
  yield writer.finish();
}

function bytesOf(content: string | Uint8Array): Uint8Array {
  return typeof content === 'string' ? new TextEncoder().encode(content) : content;
}

/** The zip of files held in memory (the release snapshots, tests): the same bytes as the streamed one. */
export function deterministicZip(files: OutputFiles, date: string): Uint8Array {
  const out = Buffer.concat([...zipChunks(files.keys(), (path) => bytesOf(files.get(path)!), date)]);
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}

/** What the zip worker is sent. */
export interface ZipJob {
  /** The folder the members are read from. */
  dir: string;
  /** Member paths, relative to `dir`. */
  paths: string[];
  date: string;
}

/** Reads `paths` under `dir` one by one and yields the zip's chunks: the worker's job, also run in-thread. */
export function zipFolderChunks(job: ZipJob): Generator<Uint8Array> {
  return zipChunks(job.paths, (path) => readFileSync(join(job.dir, path)), job.date);
}

const workerUrl = new URL('./zip-worker.ts', import.meta.url);

/**
 * The zip of files already written under `dir`, compressed in a worker thread member by member and handed back
 * chunk by chunk, so the caller writes it while it generates other files. At most a few members' chunks wait in
 * the message queue: the worker waits for each chunk to be taken before compressing the next member.
 */
export async function* zipFolder(job: ZipJob): AsyncGenerator<Uint8Array> {
  if (workerUrl.protocol !== 'file:' || !existsSync(fileURLToPath(workerUrl))) {
    // Bundled (the Astro integration's copy of this module has no worker file beside it): compress in this thread.
    yield* zipFolderChunks(job);
    return;
  }
  const worker = new Worker(workerUrl);
  const queue: Uint8Array[] = [];
  let done = false;
  let failure: unknown;
  let wake: (() => void) | undefined;
  const ping = () => {
    wake?.();
    wake = undefined;
  };
  worker.on('message', (message: Uint8Array | null) => {
    if (message === null) done = true;
    else queue.push(message);
    ping();
  });
  worker.once('error', (error) => {
    failure = error;
    ping();
  });
  worker.once('exit', (code) => {
    if (!done && failure === undefined) failure = new Error(`the zip worker stopped (exit code ${code})`);
    ping();
  });
  try {
    worker.postMessage(job);
    for (;;) {
      if (queue.length) {
        yield queue.shift()!;
        // Ask for the next member only once this one is taken.
        worker.postMessage('next');
        continue;
      }
      if (failure !== undefined) throw failure;
      if (done) return;
      await new Promise<void>((resolve) => (wake = resolve));
    }
  } finally {
    await worker.terminate();
  }
}
