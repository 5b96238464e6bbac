/**
 * A published API in memory for the edge tests: the example data's ORUK files (small pages, so paging is real) and
 * the query index, with a reader like the hosts' (a site path in, the file's text out).
 */
import { queryIndex } from '../../src/publish/edge.ts';
import { orukApiFiles } from '../../src/publish/oruk-api.ts';
import type { OutputFiles, PublishContext } from '../../src/publish/context.ts';
import type { StaticFiles } from '../../src/edge/respond.ts';
import type { QueryIndex } from '../../src/edge/query-index.ts';
import { exampleDataset, testContext } from '../support/publish.ts';

export interface Published {
  ctx: PublishContext;
  files: OutputFiles;
  index: QueryIndex;
  read: StaticFiles;
  /** A published JSON file, parsed. */
  json<T = Record<string, unknown>>(path: string): T;
}

export function published(pageSize: number): Published {
  const ctx = testContext(exampleDataset());
  const files = orukApiFiles(ctx, { pageSize, htmlCopies: false });
  const index = queryIndex(ctx, pageSize);
  files.set('oruk/v3/query-index.json', JSON.stringify(index));
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
