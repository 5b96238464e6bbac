/**
 * /downloads/manifest.json: the SHA-256 and size of every published feed and download file (ORUK API, feeds,
 * schemas, OpenAPI, downloads and release snapshots), so a mirror or a consumer can check what it fetched.
 */
import type { z } from 'zod';
import { downloadPath } from '../urls/site.ts';
import { fileOf, json, type OutputFiles, type PublishContext } from './context.ts';
import type { manifestModel } from './feed-model.ts';
import { envelope } from './feeds.ts';
import { byteLength, sha256 } from './versions.ts';

export const MANIFEST_PATH = fileOf(downloadPath('manifest.json'));

/** Hosting rules are configuration, not data; the manifest cannot list itself. */
const NOT_LISTED = new Set(['_headers', '_redirects', MANIFEST_PATH]);

export interface FileFacts {
  sha256: string;
  size: number;
}

export function factsOf(content: string | Uint8Array): FileFacts {
  return { sha256: sha256(content), size: byteLength(content) };
}

/** `files`: every published path (relative to dist/) with its hash and size. */
export function manifestDocument(ctx: PublishContext, files: ReadonlyMap<string, FileFacts>): z.input<typeof manifestModel> {
  const items = [...files.keys()]
    .filter((p) => !NOT_LISTED.has(p))
    .sort()
    .map((path) => ({ path: `/${path}`, url: ctx.url(`/${path}`), ...files.get(path)! }));
  return { ...envelope(ctx), ...(ctx.build.commit ? { commit: ctx.build.commit } : {}), as_of: ctx.build.asOf, count: items.length, items };
}

export function manifestFile(ctx: PublishContext, files: ReadonlyMap<string, FileFacts>): OutputFiles {
  return new Map([[MANIFEST_PATH, json(manifestDocument(ctx, files))]]);
}
