/**
 * /downloads/manifest.json: the SHA-256 and size of every published feed and download file (ORUK API, feeds,
 * schemas, OpenAPI, downloads and release snapshots), so a mirror or a consumer can check what it fetched.
 */
import type { z } from 'zod';
import { downloadPath } from '../urls/site.ts';
import { fileOf, json, wholeFiles, type OutputFiles, type PublishContext } from './context.ts';
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

/**
 * The manifest streamed entry by entry (the same bytes as json(manifestDocument(…))): it lists every published
 * file, some 20 per listing, so at region scale it is itself large (issue #19).
 */
export function* manifestChunks(ctx: PublishContext, files: ReadonlyMap<string, FileFacts>): Generator<string> {
  const paths = [...files.keys()].filter((p) => !NOT_LISTED.has(p)).sort();
  const head = json({ ...envelope(ctx), ...(ctx.build.commit ? { commit: ctx.build.commit } : {}), as_of: ctx.build.asOf, count: paths.length });
  yield `${head.slice(0, -1)},"items":[`;
  for (let i = 0; i < paths.length; i++) {
    const path = paths[i]!;
    yield `${i ? ',' : ''}${json({ path: `/${path}`, url: ctx.url(`/${path}`), ...files.get(path)! })}`;
  }
  yield ']}';
}

/** The manifest as streamed content, for publish(). */
export function manifestEntries(ctx: PublishContext, files: ReadonlyMap<string, FileFacts>): [string, Iterable<string>][] {
  return [[MANIFEST_PATH, manifestChunks(ctx, files)]];
}

/** The manifest made whole (tests). */
export function manifestFile(ctx: PublishContext, files: ReadonlyMap<string, FileFacts>): OutputFiles {
  return wholeFiles(manifestEntries(ctx, files));
}
