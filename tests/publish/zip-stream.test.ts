/**
 * The streamed zip (src/publish/bulk/zip.ts) writes member by member, yet must give exactly the bytes of fflate's
 * one-shot zipSync, which published release snapshots were made with (their hashes are locked in
 * published-versions.json and must never change).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createHash } from 'node:crypto';
import { unzipSync, zipSync, type Zippable } from 'fflate';
import { describe, expect, test } from 'vitest';
import { DEFLATE_PIECE, deterministicZip, zipChunks, zipFolder } from '../../src/publish/bulk/zip.ts';
import type { OutputFiles } from '../../src/publish/context.ts';

const DATE = '2026-11-20T10:00:00+00:00';

/** What the publish step did before streaming: one tree in path order, zipped at once. */
function fflateZip(files: OutputFiles, date: string): Uint8Array {
  const day = new Date(date);
  const mtime = new Date(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), 12, 0, 0);
  const tree: Zippable = {};
  const encoder = new TextEncoder();
  for (const path of [...files.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) {
    const content = files.get(path)!;
    tree[path] = [typeof content === 'string' ? encoder.encode(content) : content, { mtime, level: 6 }];
  }
  return zipSync(tree, { mtime });
}

/** Deterministic bytes that do not compress (a linear congruential generator). */
function noise(length: number, seed: number): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed;
  for (let i = 0; i < length; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

/** Writes the files under `dir`, as the publish step leaves them on disk for the zip. */
function writeTree(dir: string, files: OutputFiles): void {
  for (const [path, content] of files) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
}

const CASES: [string, OutputFiles][] = [
  ['no members', new Map()],
  ['one empty file', new Map([['empty.txt', '']])],
  ['an empty file among others', new Map<string, string | Uint8Array>([['b.csv', 'a,b\r\n1,2\r\n'], ['a.txt', ''], ['c/d.json', '{}']])],
  ['unicode names', new Map([['données/café.csv', 'é,ü\r\n'], ['日本語.txt', 'テキスト'], ['emoji-🎉.json', '{"a":"🎉"}']])],
  [
    'members over 1 MiB, compressible and not',
    new Map<string, string | Uint8Array>([
      ['hsds/service.csv', 'id,name,description\r\n'.repeat(80_000)],
      ['noise.bin', noise(1_300_000, 7)],
      ['README.txt', 'small'],
    ]),
  ],
];

describe('the streamed zip gives the same bytes as fflate.zipSync', () => {
  test.each(CASES)('%s', async (_label, files) => {
    const expected = Buffer.from(fflateZip(files, DATE));
    expect(Buffer.from(deterministicZip(files, DATE)).equals(expected)).toBe(true);
    // Member by member, as chunks: local header and data per member, then the central directory.
    const chunks = [...zipChunks(files.keys(), (p) => (typeof files.get(p) === 'string' ? new TextEncoder().encode(files.get(p) as string) : (files.get(p) as Uint8Array)), DATE)];
    expect(chunks).toHaveLength(files.size + 1);
    expect(Buffer.concat(chunks).equals(expected)).toBe(true);
    // From files on disk, in the worker thread the publish step uses.
    const dir = mkdtempSync(join(tmpdir(), 'loop-zip-stream-'));
    try {
      writeTree(dir, files);
      const streamed: Uint8Array[] = [];
      for await (const chunk of zipFolder({ dir, paths: [...files.keys()], date: DATE })) streamed.push(chunk);
      expect(Buffer.concat(streamed).equals(expected)).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(Object.keys(unzipSync(new Uint8Array(expected))).sort()).toEqual([...files.keys()].sort());
  });

  test('a member that cannot be read fails the zip instead of writing a short one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'loop-zip-missing-'));
    try {
      const run = async () => {
        for await (const chunk of zipFolder({ dir, paths: ['missing.csv'], date: DATE })) void chunk;
      };
      await expect(run()).rejects.toThrow(/ENOENT|no such file/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** An independent reader, when the machine has one: Info-ZIP's `unzip -t` checks every member's CRC and sizes. */
const UNZIP = ['/usr/bin/unzip', '/usr/local/bin/unzip'].find((p) => existsSync(p));

describe('a member above the streaming threshold is compressed in pieces, never whole (issue #19)', () => {
  // Incompressible, so a member compressed whole would come back as one chunk larger than a piece.
  const big = noise(3 * DEFLATE_PIECE + 12_345, 11);
  const text = 'id,name,description\r\n'.repeat(150_000);
  const files = new Map<string, string | Uint8Array>([
    ['README.txt', 'small'],
    ['services.ndjson', big],
    ['hsds/service.csv', text],
  ]);
  const streamAbove = DEFLATE_PIECE;

  test('from disk, in the worker: bounded chunks, and every reader gets the members back', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'loop-zip-large-'));
    try {
      writeTree(dir, files);
      const chunks: Uint8Array[] = [];
      for await (const chunk of zipFolder({ dir, paths: [...files.keys()], date: DATE, streamAbove })) chunks.push(chunk);
      // No chunk holds a large member whole: the header, then pieces of at most DEFLATE_PIECE.
      expect(Math.max(...chunks.map((c) => c.byteLength))).toBeLessThanOrEqual(DEFLATE_PIECE);
      const zip = Buffer.concat(chunks);
      // Deterministic: the same bytes in memory, in this thread.
      expect(Buffer.from(deterministicZip(files, DATE, { streamAbove })).equals(zip)).toBe(true);
      // The small member keeps zipSync's bytes: its local part is a prefix of zipSync's for it alone.
      expect(zip.subarray(0, 30).equals(Buffer.from(fflateZip(new Map([['README.txt', 'small']]), DATE).subarray(0, 30)))).toBe(true);

      // fflate's reader.
      const back = unzipSync(new Uint8Array(zip));
      expect(Object.keys(back).sort()).toEqual([...files.keys()].sort());
      expect(Buffer.from(back['services.ndjson']!).equals(Buffer.from(big))).toBe(true);
      expect(new TextDecoder().decode(back['hsds/service.csv'])).toBe(text);

      // Independent readers: Python's zipfile (CRC checked on read) and Info-ZIP's unzip -t.
      const file = join(dir, 'out.zip');
      writeFileSync(file, zip);
      const python = `import zipfile,hashlib,sys\nz=zipfile.ZipFile(sys.argv[1])\nassert z.testzip() is None\nfor i in sorted(z.infolist(), key=lambda i: i.filename): print(i.filename, i.compress_type, i.file_size, hashlib.sha256(z.read(i)).hexdigest())`;
      let python3: string | undefined;
      try {
        python3 = execFileSync('python3', ['-c', python, file], { encoding: 'utf8' });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
      if (python3 !== undefined) {
        const sha = (b: string | Uint8Array) => createHash('sha256').update(b).digest('hex');
        expect(python3.trim().split('\n')).toEqual([
          `README.txt 8 5 ${sha('small')}`,
          `hsds/service.csv 8 ${Buffer.byteLength(text)} ${sha(text)}`,
          `services.ndjson 8 ${big.byteLength} ${sha(big)}`,
        ]);
      }
      if (UNZIP) expect(execFileSync(UNZIP, ['-t', file], { encoding: 'utf8' })).toMatch(/No errors detected/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a member at or below the threshold keeps zipSync\'s bytes', () => {
    const small = new Map<string, string | Uint8Array>([['a.bin', noise(DEFLATE_PIECE, 3)]]);
    expect(Buffer.from(deterministicZip(small, DATE, { streamAbove: DEFLATE_PIECE })).equals(Buffer.from(fflateZip(small, DATE)))).toBe(true);
  });
});
