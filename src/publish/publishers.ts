/**
 * The list of LOOP's open-data outputs, like the list of rules: each publisher names what it owns in the output
 * folder (written whole into a staging folder and moved into place when the publish is complete, so nothing stale
 * survives; publish.ts, staging.ts) and writes its files through the run. A new output
 * (say an iCalendar of sessions) is one module with a writer and one entry here.
 *
 * Outputs run in this order. Some depend on it: the HSDS tables and the ORUK API read the full services back
 * from services.ndjson, written first; the feeds free their cached records once written; the manifest hashes
 * everything written before it, and the hosting rules cover every file, so both come last.
 */
import { DOWNLOADS_BASE, FEEDS_BASE, OPENAPI_PATH, ORUK_BASE, SCHEMAS_BASE } from '../urls/site.ts';
import { join } from 'node:path';
import { downloadEntries, NDJSON_NAME, zipFolder, ZIP_NAME } from './bulk/downloads.ts';
import { changeEntries } from './changes.ts';
import { fileOf, prettyJson, type FileContent, type PublishContext, type StreamedFiles } from './context.ts';
import { cloudflareFiles, PageLayouts, queryIndexFiles } from './edge.ts';
import { feedEntries, forgetListingItems } from './feeds.ts';
import { hostingFiles } from './hosting.ts';
import { manifestEntries, type FileFacts } from './manifest.ts';
import { openApiDocument } from './openapi.ts';
import { DEFAULT_ORUK_PAGE_SIZE, orukApiEntries, readServicesFrom } from './oruk-api.ts';
import { schemaFiles } from './schemas.ts';
import { versionFiles, type VersionsResult } from './versions.ts';

/** What a publisher works with during one publish. */
export interface PublishRun {
  ctx: PublishContext;
  /** Items per ORUK page, when not the default. */
  orukPageSize?: number;
  /** Whether to write the ORUK API's `.html` copies for hosts without rewrites (PublishOptions.orukHtmlCopies). */
  orukHtmlCopies?: boolean;
  /** Whether `_redirects` adds Netlify's query rules (PublishOptions.netlifyRules). */
  netlifyRules?: boolean;
  lockPath: string;
  configPath: string;
  /** The folder being written (the staging folder): files handed to write() and settled are there. */
  dir: string;
  /**
   * Writes (and hashes) files, paths relative to the output folder, each after `prefix`. Streamed content from a
   * sync iterable is written before the next file; from an async iterable, alongside (settled() waits for it).
   */
  write(files: StreamedFiles, prefix?: string): Promise<void>;
  /** Resolves once everything handed to write() is on disk and in `written`. */
  settled(): Promise<void>;
  /** Every file written so far: path -> hash and size. */
  written: ReadonlyMap<string, FileFacts>;
  /** The releases, once the versions publisher has run (publish() records new ones in the lock). */
  versions?: VersionsResult;
}

export interface Publisher {
  /** Its name in logs and in the benchmark's phases. */
  name: string;
  /** Site paths it owns in the output folder: each is replaced whole once every publisher has written (staging.ts). */
  owns: readonly string[];
  /**
   * Work that may start before any output is written and run alongside the others (the zip is compressed in
   * worker threads while the API and feeds are written); returns what `write` then needs.
   */
  start?(run: PublishRun): unknown;
  write(run: PublishRun, started: unknown): Promise<void>;
}

export const PUBLISHERS: readonly Publisher[] = [
  {
    name: 'oruk',
    owns: [ORUK_BASE],
    async write(run) {
      const entries = orukApiEntries(run.ctx, { ...(run.orukPageSize !== undefined ? { pageSize: run.orukPageSize } : {}), ...(run.orukHtmlCopies !== undefined ? { htmlCopies: run.orukHtmlCopies } : {}) });
      // The edge layer's index is made from the full services, before they are let go, and from the page files'
      // text as it is written (where each item lies in it).
      const layouts = run.ctx.config.edge ? new PageLayouts() : undefined;
      await run.write(layouts ? layouts.watch(entries) : entries);
      if (layouts) await run.write(queryIndexFiles(run.ctx, run.orukPageSize ?? DEFAULT_ORUK_PAGE_SIZE, layouts.all()));
    },
  },
  {
    name: 'feeds',
    owns: [FEEDS_BASE],
    async write(run) {
      await run.write(feedEntries(run.ctx));
      forgetListingItems(run.ctx);
    },
  },
  { name: 'changes', owns: [], write: (run) => run.write(changeEntries(run.ctx)) },
  {
    name: 'zip',
    owns: [DOWNLOADS_BASE],
    async start(run) {
      // The downloads are streamed to disk first; the zip is then made from those files, member by member, in a
      // worker thread while the API and the feeds are written (it is waited for before the manifest).
      const folder = fileOf(DOWNLOADS_BASE);
      const paths: string[] = [];
      const entries = (function* () {
        for (const [path, content] of downloadEntries(run.ctx)) {
          paths.push(path);
          yield [path, content] as [string, FileContent];
          // write() has put a file from a sync iterable on disk before it asks for the next: from here on, the HSDS
          // tables and the ORUK API read the full services back from it instead of making them again or holding them.
          if (path === NDJSON_NAME) readServicesFrom(run.ctx, join(run.dir, folder, path));
        }
      })();
      await run.write(entries, `${folder}/`);
      await run.settled();
      await run.write([[ZIP_NAME, zipFolder({ dir: join(run.dir, folder), paths, date: run.ctx.build.generatedAt })]], `${folder}/`);
    },
    async write() {},
  },
  {
    name: 'versions',
    owns: [],
    async write(run) {
      run.versions = await versionFiles(run.ctx, { lockPath: run.lockPath, configPath: run.configPath, write: (files) => run.write(files) });
      await run.write(run.versions.files);
    },
  },
  {
    name: 'schemas',
    owns: [SCHEMAS_BASE, OPENAPI_PATH],
    async write(run) {
      await run.write(schemaFiles(run.ctx));
      await run.write(new Map([[fileOf(OPENAPI_PATH), prettyJson(openApiDocument(run.ctx, run.orukPageSize !== undefined ? { orukPageSize: run.orukPageSize } : {}))]]));
    },
  },
  {
    // Cloudflare's query function (edge.ts); the Netlify one lives outside the output folder (publish.ts).
    name: 'edge',
    owns: ['/_worker.js', '/_routes.json'],
    async write(run) {
      if (run.ctx.config.edge === 'cloudflare') await run.write(await cloudflareFiles());
    },
  },
  {
    name: 'manifest',
    owns: [],
    async write(run) {
      await run.settled();
      await run.write(manifestEntries(run.ctx, run.written));
    },
  },
  {
    name: 'hosting',
    owns: ['/_headers', '/_redirects'],
    async write(run) {
      await run.settled();
      await run.write(hostingFiles(run.ctx, run.written.keys(), { netlify: run.netlifyRules ?? false }));
    },
  },
];
