/**
 * Issue #19: the publish's small files are written and hashed in batches on a disk thread (src/publish/disk.ts).
 * Whatever thread writes them, every file must hold exactly the bytes it was given, in a folder made for it, with
 * the size and SHA-256 the manifest will carry; a copy must be a hard link with its original's facts; and a file
 * that cannot be written must fail the publish with its path, never be dropped.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { BATCH_BYTES, BATCHED_MAX, DiskWriter } from '../../src/publish/disk.ts';
import type { FileFacts } from '../../src/publish/manifest.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'loop-disk-'));
  dirs.push(dir);
  return dir;
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** Files as a publish makes them: text of every width (é, 🎉, CJK), bytes, sizes from empty to the batch limit, and copies. */
function files(count: number): { path: string; content: string | Uint8Array; copyOf?: string }[] {
  const out: { path: string; content: string | Uint8Array; copyOf?: string }[] = [];
  for (let i = 0; i < count; i++) {
    const path = `oruk/v3/services/${i % 97}/${i}.json`;
    const content =
      i % 11 === 0 ? new Uint8Array(i % 5000).fill(i % 256)
      : i % 13 === 0 ? ''
      : `{"id":${i},"name":"${'Café 🎉 社区 '.repeat(i % 400)}"}`;
    out.push({ path, content });
    // Copies follow their original, one or two of them (the ORUK API writes `x.html` and `x/index.html`).
    if (typeof content === 'string' && i % 3 === 0) out.push({ path: `oruk/v3/services/${i % 97}/${i}/index.html`, content, copyOf: path });
    if (typeof content === 'string' && i % 6 === 0) out.push({ path: `oruk/v3/services/${i % 97}/${i}.html`, content, copyOf: path });
  }
  // Files at the limit: exactly as large as a batch takes, so batches fill to the byte.
  out.push({ path: 'big/bytes.bin', content: new Uint8Array(BATCHED_MAX).fill(7) });
  out.push({ path: 'big/text.txt', content: 'é'.repeat(Math.floor(BATCHED_MAX / 3)) });
  return out;
}

describe.each([
  ['on the disk thread', true],
  ['in this thread', false],
])('the disk writer %s', (_label, thread) => {
  test('writes every file with its bytes, size and SHA-256, copies as hard links, over many batches', async () => {
    const dir = tempDir();
    const reported = new Map<string, FileFacts>();
    const disk = new DiskWriter(dir, (path, facts) => {
      expect(reported.has(path), `${path} reported twice`).toBe(false);
      reported.set(path, facts);
    }, { thread });
    // Under test the worker file is beside its module, so the disk thread is what is tested, not skipped.
    expect(disk.threaded).toBe(thread);
    const all = files(4000);
    let total = 0;
    try {
      for (const file of all) {
        expect(disk.takes(file.content)).toBe(true);
        if (file.copyOf) disk.copy(file.path, file.copyOf);
        else total += disk.add(file.path, file.content);
        await disk.room();
      }
      await disk.drain();
    } finally {
      await disk.close();
    }
    // More than a few batches' worth, so buffers went back and forth.
    expect(total).toBeGreaterThan(8 * BATCH_BYTES);
    expect(reported.size).toBe(all.length);
    for (const file of all) {
      const expected = typeof file.content === 'string' ? Buffer.from(file.content, 'utf8') : Buffer.from(file.content);
      const bytes = readFileSync(join(dir, file.path));
      expect(bytes.equals(expected), file.path).toBe(true);
      expect(reported.get(file.path), file.path).toEqual({ size: expected.byteLength, sha256: sha256(expected) });
      if (file.copyOf) expect(statSync(join(dir, file.path)).ino, file.path).toBe(statSync(join(dir, file.copyOf)).ino);
    }
  });

  test('copies the bytes it is given at once, so the caller may reuse its buffer', async () => {
    const dir = tempDir();
    const reported = new Map<string, FileFacts>();
    const disk = new DiskWriter(dir, (path, facts) => reported.set(path, facts), { thread });
    const scratch = new Uint8Array(100).fill(1);
    try {
      disk.add('a.bin', scratch);
      scratch.fill(2);
      disk.add('b.bin', scratch);
      await disk.drain();
    } finally {
      await disk.close();
    }
    expect([...readFileSync(join(dir, 'a.bin'))].every((b) => b === 1)).toBe(true);
    expect([...readFileSync(join(dir, 'b.bin'))].every((b) => b === 2)).toBe(true);
  });

  test('a file that cannot be written fails the writer, naming the file', async () => {
    const dir = tempDir();
    // A folder cannot be made where a file already is.
    writeFileSync(join(dir, 'taken'), 'a file, not a folder');
    const disk = new DiskWriter(dir, () => {}, { thread });
    try {
      const run = async () => {
        disk.add('fine.json', '{}');
        disk.add('taken/listing.json', '{"id":1}');
        await disk.drain();
      };
      await expect(run()).rejects.toThrow(/could not write taken\/listing\.json/);
      // Nothing queued after a failure is taken.
      expect(() => disk.add('later.json', '{}')).toThrow(/could not write taken\/listing\.json/);
    } finally {
      await disk.close();
    }
  });
});

test('files larger than a batch takes are left to the caller', () => {
  const disk = new DiskWriter(tempDir(), () => {}, { thread: false });
  expect(disk.takes(new Uint8Array(BATCHED_MAX))).toBe(true);
  expect(disk.takes(new Uint8Array(BATCHED_MAX + 1))).toBe(false);
  // Text is judged by its worst case, three bytes of UTF-8 per UTF-16 unit.
  expect(disk.takes('a'.repeat(Math.floor(BATCHED_MAX / 3)))).toBe(true);
  expect(disk.takes('a'.repeat(Math.floor(BATCHED_MAX / 3) + 1))).toBe(false);
});
