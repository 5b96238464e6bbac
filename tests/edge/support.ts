/**
 * A published API in memory for the edge tests: the example data's ORUK files (small pages, so paging is real) and
 * the query index, with a reader like the hosts' (a site path in, the file's text out).
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { afterAll } from 'vitest';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateDataSync } from '../../src/checks/load.ts';
import { History, type HistoryEntry } from '../../src/history/history.ts';
import { publish } from '../../src/publish/publish.ts';
import { indexFiles, PageLayouts, queryIndex } from '../../src/publish/edge.ts';
import { orukApiFiles } from '../../src/publish/oruk-api.ts';
import type { OutputFiles, PublishContext } from '../../src/publish/context.ts';
import type { StaticFiles } from '../../src/edge/respond.ts';
import type { QueryIndex } from '../../src/edge/query-index.ts';
import { AS_OF } from '../support/data.ts';
import { exampleDataset, testContext, TEST_BUILD } from '../support/publish.ts';
import { repoRoot } from '../support/shared.ts';

export interface Published {
  ctx: PublishContext;
  files: OutputFiles;
  index: QueryIndex;
  read: StaticFiles;
  /** A published JSON file, parsed. */
  json<T = Record<string, unknown>>(path: string): T;
}

/**
 * The example data's API; with `dated`, a made-up git history giving each record file its own last change (one day
 * apart, in file order), so `last_modified` and `modified_after` have something to work on.
 */
export function published(pageSize: number, options: { dated?: boolean; shardBytes?: number } = {}): Published {
  const dataset = exampleDataset();
  let history: History | undefined;
  if (options.dated) {
    const files = [...dataset.listings, ...dataset.organisations, ...dataset.locations].map((r) => r.file);
    const entries = new Map(files.map((file, i): [string, HistoryEntry[]] => [file, [{ date: new Date(Date.UTC(2026, 0, 1 + i)).toISOString(), summary: 'change', commit: 'a'.repeat(40), change: 'changed' }]]));
    history = new History({ status: { available: true, shallow: false, uncommitted: [] }, entries });
  }
  const ctx = testContext(dataset, history ? { history } : {});
  const files = orukApiFiles(ctx, { pageSize, htmlCopies: false });
  const layouts = new PageLayouts();
  for (const [path, text] of files) layouts.add(path, text);
  const index = queryIndex(ctx, pageSize, layouts.all());
  // Shards of a few kilobytes, so the example's lists are read across several of them, as a region's are.
  for (const [path, text] of indexFiles(index, ctx.build, { shardBytes: options.shardBytes ?? 4_000 })) files.set(path, text);
  const textOf = (path: string): string | undefined => {
    const content = files.get(path.replace(/^\//, ''));
    return content === undefined ? undefined : typeof content === 'string' ? content : new TextDecoder().decode(content);
  };
  return {
    ctx,
    files,
    index,
    read: async (path) => textOf(path),
    json: <T,>(path: string) => JSON.parse(textOf(path) ?? 'null') as T,
  };
}

/** The example data published into a temporary project folder (`<dir>/dist`), or again into `into`, with the edge layer set to `edge`. */
const made: string[] = [];
afterAll(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

export async function publishExample(edge: 'cloudflare' | 'netlify' | undefined, pageSize: number, into?: string): Promise<{ dir: string; out: string }> {
  let dir = into;
  if (dir === undefined) {
    dir = mkdtempSync(join(tmpdir(), 'loop-edge-'));
    made.push(dir);
    cpSync(join(repoRoot, 'data'), join(dir, 'data'), { recursive: true });
    cpSync(join(repoRoot, 'loop.config.yaml'), join(dir, 'loop.config.yaml'));
  }
  const dataset = validateDataSync({ dataDir: join(dir, 'data'), root: dir, asOf: AS_OF }).dataset!;
  const out = join(dir, 'dist');
  const { edge: _off, ...config } = dataset.config;
  await publish(dataset, out, { root: dir, dataDir: join(dir, 'data'), history: History.unavailable('test'), build: TEST_BUILD, orukPageSize: pageSize, config: edge ? { ...config, edge } : config });
  return { dir, out };
}
