// The lines of a text file, read a MiB at a time: the full services read back from services.ndjson (oruk-api.ts, search-words-worker.ts).
import { closeSync, openSync, readSync } from 'node:fs';

/** The lines of a file (without their line feeds), read a MiB at a time. */
export function* linesOf(file: string): Generator<string> {
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.allocUnsafe(1024 * 1024);
    let rest: Buffer = Buffer.alloc(0);
    for (;;) {
      const n = readSync(fd, buffer, 0, buffer.length, null);
      if (n === 0) break;
      const data = rest.length ? Buffer.concat([rest, buffer.subarray(0, n)]) : buffer.subarray(0, n);
      let start = 0;
      for (let end = data.indexOf(10, start); end !== -1; end = data.indexOf(10, start)) {
        yield data.toString('utf8', start, end);
        start = end + 1;
      }
      // A copy: `buffer` is read into again.
      rest = Buffer.from(data.subarray(start));
    }
    if (rest.length) yield rest.toString('utf8');
  } finally {
    closeSync(fd);
  }
}
