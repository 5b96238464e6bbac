/**
 * Deterministic zips: the bytes depend only on the files and a date. Entries are in path order and every
 * timestamp is noon (UTC calendar date) of the date. fflate writes DOS times from local time, so it gets a Date
 * whose local fields are that UTC noon: the same bytes in every time zone, and noon exists on every day (no DST gap).
 * fflate (pure JavaScript, pinned in package-lock.json) rather than Node's zlib, whose output may change with a
 * Node upgrade: release snapshots must stay byte-identical for years.
 *
 * The zip is written member by member (issue #19): each member is compressed on its own, its local header and
 * data handed on, and only the central directory kept until the end. Up to STREAM_MEMBER_ABOVE bytes, a member's
 * bytes are exactly those of fflate's one-shot `zipSync` of the whole tree (tests/publish/zip-stream.test.ts): it
 * is made by `zipSync` of that one file, whose local part is copied as is and whose central directory entry gets
 * the member's real offset. Every release snapshot and every download at the Leeds example's size is of that kind.
 *
 * A larger member (services.ndjson is 1.2 GB at 100,000 services) is never held whole: it is read in fixed pieces
 * of DEFLATE_PIECE bytes and fed to fflate's streaming `Deflate`, twice over its output: a first pass computes the
 * CRC-32 and writes the compressed data to a temporary file, so the local header can carry the sizes and CRC
 * (no data descriptor), then the header and that file are handed on. Fed the same pieces, `Deflate` gives the same
 * bytes every time, so these members are deterministic too, but not `zipSync`'s bytes (a streamed deflate ends
 * its blocks at piece boundaries). fflate's streaming `Zip` class is not used: it writes data descriptors.
 */
import { closeSync, existsSync, fstatSync, mkdtempSync, openSync, readFileSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { crc32 } from 'node:zlib';
import { Deflate, zipSync } from 'fflate';
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

/** Members larger than this are compressed in pieces, never held whole (see above). No release snapshot has one. */
export const STREAM_MEMBER_ABOVE = 64 * 1024 * 1024;
/** The pieces a large member is read in and fed to `Deflate`: part of its bytes, so never to be changed. */
export const DEFLATE_PIECE = 1024 * 1024;

/** A member to be zipped: its size, and its bytes whole or in pieces of DEFLATE_PIECE (the last may be shorter). */
export interface ZipMember {
  size: number;
  whole(): Uint8Array;
  pieces(): Iterable<Uint8Array>;
}

export interface ZipOptions {
  /** Members above this many bytes are compressed in pieces (default STREAM_MEMBER_ABOVE; tests pass a small one). */
  streamAbove?: number;
}

/** A member held in memory. */
export function memberOf(bytes: Uint8Array): ZipMember {
  return {
    size: bytes.byteLength,
    whole: () => bytes,
    *pieces() {
      for (let at = 0; at < bytes.byteLength; at += DEFLATE_PIECE) yield bytes.subarray(at, Math.min(at + DEFLATE_PIECE, bytes.byteLength));
    },
  };
}

/** A member read from a file; its pieces are each their own buffer (the worker hands chunks over by transfer). */
export function fileMember(file: string): ZipMember {
  const fd = openSync(file, 'r');
  let size: number;
  try {
    size = fstatSync(fd).size;
  } finally {
    closeSync(fd);
  }
  return {
    size,
    whole: () => readFileSync(file),
    *pieces() {
      const fd = openSync(file, 'r');
      try {
        let at = 0;
        for (;;) {
          const piece = new Uint8Array(DEFLATE_PIECE);
          let filled = 0;
          // readSync may return fewer bytes than asked: fill the piece, so the pieces (and the deflate) never vary.
          while (filled < DEFLATE_PIECE) {
            const n = readSync(fd, piece, filled, DEFLATE_PIECE - filled, at + filled);
            if (n === 0) break;
            filled += n;
          }
          at += filled;
          if (filled) yield filled === DEFLATE_PIECE ? piece : piece.slice(0, filled);
          if (filled < DEFLATE_PIECE) break;
        }
        if (at !== size) throw new Error(`zip: ${file} changed size while it was zipped (${size} bytes, then ${at})`);
      } finally {
        closeSync(fd);
      }
    },
  };
}

/**
 * Writes a zip member by member: `add` returns the member's local header and compressed data (to be written
 * next), `finish` the central directory and its end record. Holds only the central directory between members.
 */
export class ZipWriter {
  private readonly mtime: Date;
  private readonly streamAbove: number;
  private readonly central: Uint8Array[] = [];
  private centralBytes = 0;
  private offset = 0;
  private count = 0;

  constructor(date: string, options: ZipOptions = {}) {
    this.mtime = zipTime(date);
    this.streamAbove = options.streamAbove ?? STREAM_MEMBER_ABOVE;
  }

  /** One member's local header and data: a single chunk, or (above the threshold) a header then pieces. */
  *member(path: string, member: ZipMember): Generator<Uint8Array> {
    if (member.size > this.streamAbove) yield* this.addLarge(path, member);
    else yield this.add(path, member.whole());
  }

  /** zipSync of one file: its local part and its central entry (the entry's offset still to be set). */
  private one(path: string, bytes: Uint8Array): { local: Uint8Array; entry: Uint8Array } {
    const one = zipSync({ [path]: [bytes, { mtime: this.mtime, level: 6 }] }, { mtime: this.mtime });
    const view = new DataView(one.buffer, one.byteOffset, one.byteLength);
    // A one-member zip: local header + data, its central entry, the end record (whose offset field says where the central entry starts).
    const centralAt = view.getUint32(one.byteLength - END_OF_CENTRAL_DIRECTORY + 16, true);
    const local = one.subarray(0, centralAt);
    const entry = one.slice(centralAt, one.byteLength - END_OF_CENTRAL_DIRECTORY);
    if (entry.byteLength < CENTRAL_HEADER || local.byteLength < LOCAL_HEADER) throw new Error(`zip: unexpected layout for ${path}`);
    return { local, entry };
  }

  private record(entry: Uint8Array, localBytes: number): void {
    new DataView(entry.buffer, entry.byteOffset, entry.byteLength).setUint32(42, this.offset, true);
    this.central.push(entry);
    this.centralBytes += entry.byteLength;
    this.offset += localBytes;
    this.count += 1;
  }

  add(path: string, bytes: Uint8Array): Uint8Array {
    const { local, entry } = this.one(path, bytes);
    this.record(entry, local.byteLength);
    return local;
  }

  /**
   * A large member in pieces: deflated into a temporary file while its CRC-32 is computed, then its local header
   * (fflate's own, from zipSync of an empty file of that name, with the CRC and sizes filled in) and the
   * compressed data read back a piece at a time.
   */
  private *addLarge(path: string, member: ZipMember): Generator<Uint8Array> {
    const dir = mkdtempSync(join(tmpdir(), 'loop-zip-'));
    try {
      const spill = join(dir, 'member.deflate');
      const out = openSync(spill, 'w');
      let crc = 0;
      let size = 0;
      let compressed = 0;
      try {
        const deflate = new Deflate({ level: 6 });
        deflate.ondata = (data) => {
          writeSync(out, data);
          compressed += data.byteLength;
        };
        let previous: Uint8Array | undefined;
        for (const piece of member.pieces()) {
          // Each piece is pushed once the next is known, so the last one goes with `final` (no empty final push).
          if (previous) deflate.push(previous);
          crc = crc32(piece, crc);
          size += piece.byteLength;
          previous = piece;
        }
        deflate.push(previous ?? new Uint8Array(0), true);
      } finally {
        closeSync(out);
      }
      if (size !== member.size) throw new Error(`zip: ${path} has ${size} bytes, not ${member.size}`);
      if (size > 0xffffffff || compressed > 0xffffffff) throw new Error(`zip: ${path} is too large for a zip without ZIP64 (${size} bytes)`);
      const { local, entry } = this.one(path, new Uint8Array(0));
      const nameAndExtra = new DataView(local.buffer, local.byteOffset, local.byteLength);
      const headerBytes = LOCAL_HEADER + nameAndExtra.getUint16(26, true) + nameAndExtra.getUint16(28, true);
      const header = local.slice(0, headerBytes);
      const headerView = new DataView(header.buffer);
      const entryView = new DataView(entry.buffer, entry.byteOffset, entry.byteLength);
      for (const [view, at] of [[headerView, 14], [entryView, 16]] as const) {
        view.setUint32(at, crc >>> 0, true);
        view.setUint32(at + 4, compressed, true);
        view.setUint32(at + 8, size, true);
      }
      this.record(entry, headerBytes + compressed);
      yield header;
      yield* fileMember(spill).pieces();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
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

/** The zip's bytes, chunk by chunk, members taken one at a time from `open` in path order. */
export function* zipMembers(paths: Iterable<string>, open: (path: string) => ZipMember, date: string, options: ZipOptions = {}): Generator<Uint8Array> {
  const writer = new ZipWriter(date, options);
  for (const path of zipOrder(paths)) yield* writer.member(path, open(path));
  yield writer.finish();
}

/** The same, members held in memory and read from `read`. */
export function zipChunks(paths: Iterable<string>, read: (path: string) => Uint8Array, date: string, options: ZipOptions = {}): Generator<Uint8Array> {
  return zipMembers(paths, (path) => memberOf(read(path)), date, options);
}

function bytesOf(content: string | Uint8Array): Uint8Array {
  return typeof content === 'string' ? new TextEncoder().encode(content) : content;
}

/** The zip of files held in memory (the release snapshots, tests): the same bytes as the streamed one. */
export function deterministicZip(files: OutputFiles, date: string, options: ZipOptions = {}): Uint8Array {
  const out = Buffer.concat([...zipChunks(files.keys(), (path) => bytesOf(files.get(path)!), date, options)]);
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}

/** What the zip worker is sent. */
export interface ZipJob {
  /** The folder the members are read from. */
  dir: string;
  /** Member paths, relative to `dir`. */
  paths: string[];
  date: string;
  /** ZipOptions.streamAbove (tests). */
  streamAbove?: number;
}

/** Reads `paths` under `dir` one by one and yields the zip's chunks: the worker's job, also run in-thread. */
export function zipFolderChunks(job: ZipJob): Generator<Uint8Array> {
  return zipMembers(job.paths, (path) => fileMember(join(job.dir, path)), job.date, job.streamAbove !== undefined ? { streamAbove: job.streamAbove } : {});
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
