/**
 * What every writer is given: the Dataset, the git History, and the build's identity (dataset version and the
 * `generated_at` instant), plus the small helpers they share. Writers are pure functions of this context, returning
 * output path -> bytes; `publish()` writes them.
 */
import { createHash } from 'node:crypto';
import type { Dataset } from '../dataset/dataset.ts';
import { History, versionOf } from '../history/history.ts';
import { buildTime } from '../model/clock.ts';
import type { LoopConfig } from '../model/config.ts';
import { absoluteUrl } from '../urls/site.ts';
import { Vocabularies } from './vocabularies.ts';

export interface BuildInfo {
  /**
   * Names the data: `<UTC date>-<short sha>` of the newest commit that changed the data folder (2026-11-24-a1b2c3d),
   * with `-modified` when the data folder has uncommitted changes; `unversioned-<as-of date>` without git.
   */
  datasetVersion: string;
  /**
   * When the content was made: the HEAD commit's date, not the clock, so two builds of one commit give the same
   * bytes. Without git: $SOURCE_DATE_EPOCH when set (the reproducible-builds convention), else the clock.
   */
  generatedAt: string;
  /** HEAD, when known. */
  commit?: string;
  /** The commit that names the dataset version, when known. */
  dataCommit?: string;
  /** The date statuses (end dates) and freshness were judged on. */
  asOf: string;
}

export function buildInfo(dataset: Dataset, history: History, env: NodeJS.ProcessEnv = process.env): BuildInfo {
  const asOf = dataset.asOf;
  if (history.status.available && history.head) {
    const data = history.dataHead;
    const modified = history.status.uncommitted.length > 0 ? '-modified' : '';
    return {
      datasetVersion: data ? `${versionOf(data)}${modified}` : `unversioned-${asOf}`,
      generatedAt: utc(history.head.date),
      commit: history.head.sha,
      ...(data ? { dataCommit: data.sha } : {}),
      asOf,
    };
  }
  const epoch = buildTime(env);
  return { datasetVersion: `unversioned-${asOf}`, generatedAt: epoch.toISOString().replace(/\.\d{3}Z$/, 'Z'), asOf };
}

export interface PublishContext {
  dataset: Dataset;
  /** The config with the address the site is built for (LOOP_BASE_URL applied). */
  config: LoopConfig;
  history: History;
  build: BuildInfo;
  vocabularies: Vocabularies;
  /** Absolute URL of a site path ("/feeds/v1/listings.json"). */
  url(path: string): string;
  /** An absolute URL template keeping its {placeholders} ("…/listings/{id}.json"). */
  template(path: string): string;
}

/**
 * An instant as every published file writes it: UTC with `Z` (2026-11-24T09:15:00Z). Git gives committer dates with
 * the committer's offset (+01:00, +00:00); Frictionless v1 tools reject `+00:00` in datetime fields, and `Z` is valid
 * ISO 8601, RFC 3339 (Atom) and JSON Schema `date-time` alike. Seconds are kept, milliseconds dropped (git has none).
 */
export function utc(date: string): string;
export function utc(date: string | undefined): string | undefined;
export function utc(date: string | undefined): string | undefined {
  if (date === undefined) return undefined;
  const instant = new Date(date);
  if (Number.isNaN(instant.getTime())) throw new Error(`not a date-time: ${date}`);
  return instant.toISOString().replace(/\.000Z$/, 'Z');
}

export function makeContext(dataset: Dataset, options: { history?: History; build?: BuildInfo; config?: LoopConfig } = {}): PublishContext {
  const history = options.history ?? History.unavailable('no history was given');
  const config = options.config ?? dataset.config;
  const build = options.build ?? buildInfo(dataset, history);
  return {
    dataset,
    config,
    history,
    build: { ...build, generatedAt: utc(build.generatedAt) },
    vocabularies: new Vocabularies(dataset),
    url: (path) => absoluteUrl(config, path),
    template: (path) => absoluteUrl(config, path).replace(/%7B(\w+)%7D/g, '{$1}'),
  };
}

/** Output path (relative to dist/, no leading slash) -> content. */
export type OutputFiles = Map<string, string | Uint8Array>;

/** A piece of a streamed file: text (written as UTF-8) or bytes. */
export type Chunk = string | Uint8Array;

/**
 * A file's content as publish() takes it: whole, or streamed as chunks generated one after another (on the main
 * thread, or from elsewhere: an async iterable). A file large at region scale is streamed, so no output holds the
 * whole dataset as one string or buffer (issue #19); publish.ts writes the chunks through bounded buffers.
 */
export type FileContent = Chunk | Iterable<Chunk> | AsyncIterable<Chunk>;

/** Files as a publisher hands them to publish(): path -> whole or streamed content. */
export type StreamedFiles = Iterable<[string, FileContent]>;

/** Whether content is whole (a string or bytes) rather than chunks. */
export function isWhole(content: FileContent): content is Chunk {
  return typeof content === 'string' || content instanceof Uint8Array;
}

/**
 * The whole content of streamed (synchronous) chunks, for tests, small datasets and the release snapshots: a string
 * when every chunk is text, else UTF-8 bytes.
 */
export function wholeOf(content: Chunk | Iterable<Chunk>): Chunk {
  if (isWhole(content)) return content;
  const chunks = [...content];
  if (chunks.every((c) => typeof c === 'string')) return chunks.join('');
  const bytes = Buffer.concat(chunks.map((c) => (typeof c === 'string' ? Buffer.from(c) : c)));
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** A streamed file's size and SHA-256, known once its last chunk has been generated. */
export interface ChunkFacts {
  bytes: number;
  sha256: string;
}

/**
 * Passes chunks on, counting and hashing them; `done` gets the facts once the last one has gone. For a document
 * that describes files written before it (hsds/datapackage.json, the listings parts' index).
 */
export function* measured<C extends Chunk>(chunks: Iterable<C>, done: (facts: ChunkFacts) => void): Generator<C> {
  const hash = createHash('sha256');
  let bytes = 0;
  for (const chunk of chunks) {
    hash.update(chunk);
    bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.byteLength;
    yield chunk;
  }
  done({ bytes, sha256: hash.digest('hex') });
}

/** Streamed files made whole (see wholeOf). */
export function wholeFiles(files: Iterable<[string, Chunk | Iterable<Chunk>]>): OutputFiles {
  const out: OutputFiles = new Map();
  for (const [path, content] of files) out.set(path, wholeOf(content));
  return out;
}

/**
 * Copies an object without the keys HSDS wants omitted rather than empty: undefined, null, "" and []. Key order is
 * kept, so output is stable.
 */
export function clean<T extends Record<string, unknown>>(value: T): Cleaned<T> {
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (v === undefined || v === null || v === '') continue;
    if (Array.isArray(v) && v.length === 0) continue;
    out[key] = v;
  }
  return out as Cleaned<T>;
}

/** `clean`'s result: keys that may hold undefined become optional ones that, when present, hold a value. */
export type Cleaned<T> = { [K in keyof T as undefined extends T[K] ? never : K]: T[K] } & {
  [K in keyof T as undefined extends T[K] ? K : never]?: Exclude<T[K], undefined>;
};

/** Compact JSON, the same bytes for the same value. */
export function json(value: unknown): string {
  return JSON.stringify(value);
}

/** Indented JSON for documents people read (schemas, OpenAPI, manifest). */
export function prettyJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** The path of a site URL path as a file in dist/ ("/feeds/v1/x.json" -> "feeds/v1/x.json"). */
export function fileOf(path: string): string {
  return path.replace(/^\/+/, '');
}
