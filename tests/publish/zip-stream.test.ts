/**
 * The streamed zip (src/publish/bulk/zip.ts) writes member by member, yet must give exactly the bytes of fflate's
 * one-shot zipSync, which published release snapshots were made with (their hashes are locked in
 * published-versions.json and must never change).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { unzipSync, zipSync, type Zippable } from 'fflate';
import { describe, expect, test } from 'vitest';
import { deterministicZip, zipChunks, zipFolder } from '../../src/publish/bulk/zip.ts';
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
      for (const [path, content] of files) {
        mkdirSync(dirname(join(dir, path)), { recursive: true });
        writeFileSync(join(dir, path), content);
      }
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
