/**
 * The open-data index pages (/downloads/, /feeds/v1/, /schemas/v1/) are rendered by Astro before publish() runs, in
 * folders publish() empties: it must keep them and fill in each file's size from what it wrote.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { History } from '../../src/history/history.ts';
import { fillSizes, formatBytes } from '../../src/publish/open-data-pages.ts';
import { publish } from '../../src/publish/publish.ts';
import { fileKey, openDataFiles, type OpenDataSection } from '../../src/site/open-data-files.ts';
import { FIXTURE } from '../support/data.ts';
import { fixtureDataset, TEST_BUILD } from '../support/publish.ts';

describe('sizes on the open-data pages', () => {
  const out = mkdtempSync(join(tmpdir(), 'loop-open-data-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  test('bytes in words', () => {
    expect(formatBytes(812)).toBe('812 bytes');
    expect(formatBytes(14_234)).toBe('14 kB');
    expect(formatBytes(1_500)).toBe('1.5 kB');
    expect(formatBytes(3_400_000)).toBe('3.4 MB');
    expect(fillSizes('<span data-size-of="a.csv">?</span> <span data-size-of="b.csv">?</span>', (f) => (f === 'a.csv' ? 2048 : undefined))).toBe('<span data-size-of="a.csv">2.0 kB</span> <span data-size-of="b.csv">?</span>');
  });

  test('publish keeps the rendered pages in the folders it owns and fills in every listed file\'s size', async () => {
    const dataset = fixtureDataset();
    const sections: OpenDataSection[] = ['downloads', 'feeds', 'schemas'];
    const folders = { downloads: 'downloads', feeds: 'feeds/v1', schemas: 'schemas/v1' } as const;
    for (const section of sections) {
      // What the Astro page renders for each file that has one size (families of files have none).
      const spans = openDataFiles(dataset, section).filter((f) => !f.pattern).map((f) => `<span data-size-of="${fileKey(f.path)}">listed in manifest.json</span>`);
      mkdirSync(join(out, folders[section]), { recursive: true });
      writeFileSync(join(out, folders[section], 'index.html'), `<html><body>${spans.join('\n')}</body></html>`);
    }
    const result = await publish(dataset, out, { history: History.unavailable('test'), build: TEST_BUILD, dataDir: join(FIXTURE, 'data'), lockPath: join(out, 'no-lock.json') });
    for (const section of sections) {
      const html = readFileSync(join(out, folders[section], 'index.html'), 'utf8');
      expect(html, section).not.toContain('listed in manifest.json');
      for (const f of openDataFiles(dataset, section).filter((x) => !x.pattern)) {
        const size = result.files.get(fileKey(f.path))?.size;
        expect(size, `${section}: ${f.path} is listed but not published`).toBeDefined();
        expect(html).toContain(`<span data-size-of="${fileKey(f.path)}">${formatBytes(size!)}</span>`);
      }
    }
  }, 120_000);
});
