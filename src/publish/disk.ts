/**
 * The publish's small files, written and hashed on a thread of their own (issue #19).
 *
 * At 100,000 services a publish writes about half a million files of a few kB (a listing's ORUK and history files,
 * the ORUK API's copies). Making their folders, opening, writing, closing and hashing them took about 40 s of the
 * publishing thread's 190 s, while the machine's second core sat mostly idle; handing each file to libuv's thread
 * pool instead costs more than the work (a promise and a task per file). So files are gathered into batches: the
 * publishing thread copies each file's bytes into one buffer, hands the buffer to the disk thread without copying
 * it (a transfer) and goes on generating; the disk thread writes the batch's files in order, hashes them and hands
 * the buffer back with their sizes and hashes. A few batches at most are in flight, so memory stays bounded.
 *
 * Where no worker can start (a bundled copy of this module, LOOP_WORKERS=0) each batch is written in this thread
 * when it is full, by the same code.
 */
import { hash } from 'node:crypto';
import { copyFileSync, existsSync, linkSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { FileFacts } from './manifest.ts';

/** One file of a batch: its bytes are the batch's buffer from `start` to `end`, or, with `copyOf`, those of that file, the last one written from bytes before it. */
export interface DiskFile {
  path: string;
  start: number;
  end: number;
  copyOf?: string;
}

/** What the disk thread is sent: files to write under `dir`, in order. */
export interface DiskBatch {
  dir: string;
  buffer: ArrayBuffer;
  files: DiskFile[];
}

/** What it answers: the buffer, to be used again, and each file's path, SHA-256 and size; or why it failed. */
export type DiskReply = { buffer: ArrayBuffer; facts: [path: string, sha256: string, size: number][] } | { failed: string };

/** Bytes per batch. */
export const BATCH_BYTES = 1024 * 1024;
/** Files up to this size go through batches; larger ones are the caller's to write (see DiskWriter.takes). */
export const BATCHED_MAX = BATCH_BYTES / 4;
/** Batches sent and not yet answered before the publishing thread waits. */
const IN_FLIGHT = 4;

/**
 * Writes batches: the disk thread's work, also done in-thread. Folders are made once each; a copy is a hard link
 * to the file before it (a quarter of a region's open-data files are the ORUK API's copies for hosts without
 * rewrites), or, where the file system has none, a copy of its bytes.
 */
export class DiskFiles {
  private readonly made = new Set<string>();
  private last: { path: string; full: string; facts: FileFacts } | undefined;

  write(batch: DiskBatch): [string, string, number][] {
    const bytes = new Uint8Array(batch.buffer);
    const facts: [string, string, number][] = [];
    for (const file of batch.files) {
      const full = join(batch.dir, file.path);
      try {
        const folder = dirname(full);
        if (!this.made.has(folder)) {
          mkdirSync(folder, { recursive: true });
          this.made.add(folder);
        }
        if (file.copyOf !== undefined) {
          // Copies link to the original, which stays the file a following copy refers to.
          if (this.last?.path !== file.copyOf) throw new Error(`${file.copyOf} was not the last file written before it`);
          copied(this.last.full, full);
          facts.push([file.path, this.last.facts.sha256, this.last.facts.size]);
          continue;
        }
        const data = bytes.subarray(file.start, file.end);
        writeFileSync(full, data);
        const fileFacts = { sha256: hash('sha256', data, 'hex'), size: data.byteLength };
        this.last = { path: file.path, full, facts: fileFacts };
        facts.push([file.path, fileFacts.sha256, fileFacts.size]);
      } catch (error) {
        throw new Error(`could not write ${file.path}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    return facts;
  }
}

function copied(from: string, to: string): void {
  try {
    linkSync(from, to);
  } catch {
    copyFileSync(from, to);
  }
}

const workerUrl = new URL('./disk-worker.ts', import.meta.url);

function workerAvailable(): boolean {
  return workerUrl.protocol === 'file:' && existsSync(fileURLToPath(workerUrl)) && process.env.LOOP_WORKERS !== '0';
}

/**
 * The publishing thread's side: `add` and `copy` queue files (their bytes are copied at once, so the caller may
 * reuse what it passed), `room` says when to wait, `drain` resolves once every queued file is on disk and reported
 * to `onWritten`. Always `close` it.
 */
export class DiskWriter {
  private readonly worker: Worker | undefined;
  private readonly local: DiskFiles | undefined;
  private buffer: Buffer;
  private used = 0;
  private files: DiskFile[] = [];
  private readonly spare: ArrayBuffer[] = [];
  private unanswered = 0;
  private failure: Error | undefined;
  private waiting: (() => void)[] = [];
  private readonly dir: string;
  private readonly onWritten: (path: string, facts: FileFacts) => void;

  /** `thread: false` writes in this thread (tests compare the two). */
  constructor(dir: string, onWritten: (path: string, facts: FileFacts) => void, options: { thread?: boolean } = {}) {
    this.dir = dir;
    this.onWritten = onWritten;
    this.buffer = Buffer.from(new ArrayBuffer(BATCH_BYTES));
    if ((options.thread ?? true) && workerAvailable()) {
      const worker = new Worker(workerUrl);
      worker.on('message', (reply: DiskReply) => this.answered(reply));
      worker.once('error', (error) => this.fail(error));
      worker.once('exit', (code) => this.fail(new Error(`the disk thread stopped (exit code ${code})`)));
      this.worker = worker;
    } else this.local = new DiskFiles();
  }

  /** Whether the files are written on the disk thread (false: in this thread). */
  get threaded(): boolean {
    return this.worker !== undefined;
  }

  /** Whether `content` goes through batches (else the caller writes it, off the batches' order). */
  takes(content: string | Uint8Array): boolean {
    return (typeof content === 'string' ? content.length * 3 : content.byteLength) <= BATCHED_MAX;
  }

  /** Queues a file (`takes(content)` must hold); returns its size in bytes. */
  add(path: string, content: string | Uint8Array): number {
    this.check();
    const need = typeof content === 'string' ? content.length * 3 : content.byteLength;
    if (this.used + need > this.buffer.byteLength) this.send();
    const start = this.used;
    if (typeof content === 'string') this.used += this.buffer.write(content, start, 'utf8');
    else {
      this.buffer.set(content, start);
      this.used += content.byteLength;
    }
    this.files.push({ path, start, end: this.used });
    return this.used - start;
  }

  /** Queues `path` as a copy of `of`, the last file queued with `add` (copies may follow one another). */
  copy(path: string, of: string): void {
    this.check();
    this.files.push({ path, start: 0, end: 0, copyOf: of });
  }

  /** A promise while enough batches are in flight that the caller should wait before queueing more. */
  room(): Promise<void> | undefined {
    this.check();
    return this.unanswered >= IN_FLIGHT ? this.answer() : undefined;
  }

  /** Every queued file is on disk and has been reported. */
  async drain(): Promise<void> {
    if (this.files.length) this.send();
    while (this.unanswered > 0) {
      this.check();
      await this.answer();
    }
    this.check();
  }

  async close(): Promise<void> {
    this.wakeAll();
    if (this.worker) {
      this.worker.removeAllListeners('exit');
      await this.worker.terminate();
    }
  }

  private send(): void {
    if (!this.files.length) return;
    const batch: DiskBatch = { dir: this.dir, buffer: this.buffer.buffer as ArrayBuffer, files: this.files };
    this.files = [];
    this.used = 0;
    if (this.local) {
      try {
        this.report(this.local.write(batch));
      } catch (error) {
        this.fail(error instanceof Error ? error : new Error(String(error)));
        throw this.failure;
      }
      return;
    }
    this.unanswered++;
    this.worker!.postMessage(batch, [batch.buffer]);
    this.buffer = Buffer.from(this.spare.pop() ?? new ArrayBuffer(BATCH_BYTES));
  }

  private answered(reply: DiskReply): void {
    if ('failed' in reply) this.fail(new Error(reply.failed));
    else {
      this.unanswered--;
      this.spare.push(reply.buffer);
      this.report(reply.facts);
    }
    this.wakeAll();
  }

  private report(facts: [string, string, number][]): void {
    for (const [path, sha256, size] of facts) this.onWritten(path, { sha256, size });
  }

  private fail(error: Error): void {
    this.failure ??= error;
    this.wakeAll();
  }

  private wakeAll(): void {
    const waiting = this.waiting;
    this.waiting = [];
    for (const wake of waiting) wake();
  }

  private check(): void {
    if (this.failure) throw this.failure;
  }

  private answer(): Promise<void> {
    return new Promise((resolve) => this.waiting.push(resolve));
  }
}
