/**
 * The open-data index pages (/downloads/, /feeds/v1/, /schemas/v1/) are Astro pages, rendered before publishing, in
 * folders the publish step owns and empties first. So publish() keeps them aside, and puts them back after the
 * files are written with each file's size filled in: a page marks a size as `<span data-size-of="downloads/x.csv">`
 * (src/site/open-data-files.ts), and only the publish step knows the sizes.
 */
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DOWNLOADS_BASE, FEEDS_BASE, SCHEMAS_BASE } from '../urls/site.ts';
import { fileOf } from './context.ts';

export const OPEN_DATA_PAGES = [DOWNLOADS_BASE, FEEDS_BASE, SCHEMAS_BASE].map((base) => `${fileOf(base)}/index.html`);

const SIZE = /(<span data-size-of="([^"]+)"[^>]*>)[^<]*(<\/span>)/g;

/** Bytes in words a person reads: 812 bytes, 14.2 kB, 3.4 MB (SI units, as file managers show them). */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} bytes`;
  const units = ['kB', 'MB', 'GB'];
  let value = bytes / 1000;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}

/** The page with every size placeholder it has a size for filled in; unknown files keep their text. */
export function fillSizes(html: string, sizeOf: (file: string) => number | undefined): string {
  return html.replace(SIZE, (whole, open: string, file: string, close: string) => {
    const size = sizeOf(file.replace(/&amp;/g, '&'));
    return size === undefined ? whole : `${open}${formatBytes(size)}${close}`;
  });
}

/** Reads the rendered pages (if the site was built into `out`) before the owned folders are emptied. */
export function keepOpenDataPages(out: string): Map<string, string> {
  const kept = new Map<string, string>();
  for (const page of OPEN_DATA_PAGES) {
    const full = join(out, page);
    if (existsSync(full)) kept.set(page, readFileSync(full, 'utf8'));
  }
  return kept;
}

export function restoreOpenDataPages(out: string, kept: ReadonlyMap<string, string>, sizeOf: (file: string) => number | undefined): void {
  for (const [page, html] of kept) {
    const full = join(out, page);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, fillSizes(html, sizeOf));
  }
}
