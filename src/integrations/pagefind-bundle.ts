/** Pagefind, given finished search documents: index them and write the bundle. Used in a worker or in-thread. */
import { rmSync } from 'node:fs';
import * as pagefind from 'pagefind';

export interface IndexJob {
  /** [url, html, source file for messages] of every document. */
  documents: [string, string, string][];
  bundleDir: string;
}

/** Files in flight to Pagefind at once, to hide the round trips. */
const BATCH = 250;

export async function writePagefindBundle({ documents, bundleDir }: IndexJob): Promise<void> {
  // One index, in English: the pages say en-GB, and Pagefind falls back from "en-gb" to "en".
  const { index, errors } = await pagefind.createIndex({ forceLanguage: 'en' });
  if (!index) throw new Error(`Pagefind could not start: ${errors.join('; ')}`);
  try {
    for (let start = 0; start < documents.length; start += BATCH) {
      await Promise.all(
        documents.slice(start, start + BATCH).map(async ([url, content, file]) => {
          const added = await index.addHTMLFile({ url, content });
          if (added.errors.length) throw new Error(`Pagefind could not index ${file}: ${added.errors.join('; ')}`);
        }),
      );
    }
    rmSync(bundleDir, { recursive: true, force: true });
    const written = await index.writeFiles({ outputPath: bundleDir });
    if (written.errors.length) throw new Error(`Pagefind could not write its bundle: ${written.errors.join('; ')}`);
  } finally {
    await index.deleteIndex();
    await pagefind.close();
  }
}
