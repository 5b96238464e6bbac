/**
 * Reading a built site: every HTML page parsed once, and a link checker that follows every internal link, asset
 * and fragment the way a browser would resolve it under the site's base path.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { DomUtils, parseDocument } from 'htmlparser2';
import type { Document, Element } from 'domhandler';
import { DOWNLOADS_BASE, FEEDS_BASE, ORUK_BASE, SCHEMAS_BASE, WIDGET_BASE } from '../../../src/urls/site.ts';

export interface Page {
  /** Path of the file under outDir, with forward slashes ("services/a/b/index.html"). */
  file: string;
  /** The URL path it is served at under the base ("/services/a/b/"). */
  path: string;
  html: string;
  doc: Document;
}

/**
 * Single-page apps LOOP hosts but does not render with the site layout; their own suites test them
 * (the web form at /admin/: tests/cms). They are not site pages and are not in the sitemap.
 */
export const HOSTED_APPS = ['admin/'];
/** Pages made to be shown inside other people's pages (in an iframe), without the site's header and footer. */
export const FRAMED_PAGES = ['embed/index.html'];

/** JSON bodies under .html names, for hosts without rewrites (src/publish/oruk-api.ts): API responses, not pages. */
export const JSON_UNDER_HTML_NAMES = ['oruk/'];

function isSitePage(file: string): boolean {
  return !HOSTED_APPS.some((app) => file.startsWith(app)) && !FRAMED_PAGES.includes(file) && !JSON_UNDER_HTML_NAMES.some((dir) => file.startsWith(dir));
}

export function htmlFiles(outDir: string): string[] {
  return readdirSync(outDir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.html'))
    .map((e) => relative(outDir, join(e.parentPath, e.name)).split(sep).join('/'))
    .filter(isSitePage)
    .sort();
}

export function readPages(outDir: string): Map<string, Page> {
  const pages = new Map<string, Page>();
  for (const file of htmlFiles(outDir)) {
    const html = readFileSync(join(outDir, file), 'utf8');
    const path = `/${file.replace(/(^|\/)index\.html$/, '$1')}`;
    pages.set(file, { file, path, html, doc: parseDocument(html) });
  }
  return pages;
}

/** Every element with this tag name. */
export function elements(node: Document | Element, name: string): Element[] {
  return DomUtils.findAll((e) => e.name === name, node.children);
}

export function text(node: Element | Document): string {
  return DomUtils.textContent(node).replace(/\s+/g, ' ').trim();
}

/** Folders another part of the build publishes (feeds, ORUK API...): links into them are checked once they exist. */
const PUBLISHED_ELSEWHERE = [ORUK_BASE, FEEDS_BASE, DOWNLOADS_BASE, SCHEMAS_BASE, WIDGET_BASE];

export interface LinkReport {
  checked: number;
  problems: string[];
  /** Links into outputs this build did not produce (another step's), listed for information. */
  pending: string[];
}

function fileFor(outDir: string, path: string): string | null {
  const full = join(outDir, path);
  if (path.endsWith('/')) return existsSync(join(full, 'index.html')) ? join(full, 'index.html') : null;
  if (existsSync(full) && statSync(full).isFile()) return full;
  if (existsSync(join(full, 'index.html'))) return join(full, 'index.html');
  return null;
}

/** Follows every href, src and form action on every page; `site` is the absolute base URL of the build. */
export function checkLinks(outDir: string, pages: Map<string, Page>, site: string): LinkReport {
  const base = new URL(site);
  const ids = new Map<string, Set<string>>();
  const idsOf = (file: string): Set<string> => {
    let set = ids.get(file);
    if (!set) {
      const html = readFileSync(file, 'utf8');
      set = new Set([...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]!));
      ids.set(file, set);
    }
    return set;
  };
  const report: LinkReport = { checked: 0, problems: [], pending: [] };
  for (const page of pages.values()) {
    const pageUrl = new URL(page.path.slice(1), base);
    const refs = DomUtils.findAll((e) => ['a', 'link', 'script', 'img', 'form', 'source'].includes(e.name), page.doc.children).flatMap((e) =>
      ['href', 'src', 'action'].map((attr) => e.attribs[attr]).filter((v): v is string => v !== undefined),
    );
    for (const ref of refs) {
      if (/^(mailto|tel|sms):/i.test(ref)) continue;
      if (/^\s*(javascript|data|vbscript):/i.test(ref)) {
        report.problems.push(`${page.file}: unsafe link ${ref}`);
        continue;
      }
      const url = new URL(ref, pageUrl);
      if (url.origin !== base.origin) continue;
      report.checked++;
      if (!url.pathname.startsWith(base.pathname)) {
        report.problems.push(`${page.file}: ${ref} is outside the site's base path ${base.pathname}`);
        continue;
      }
      const path = decodeURIComponent(url.pathname.slice(base.pathname.length - 1));
      const elsewhere = PUBLISHED_ELSEWHERE.find((prefix) => path.startsWith(`${prefix}/`));
      if (elsewhere && !existsSync(join(outDir, elsewhere))) {
        report.pending.push(`${page.file}: ${ref}`);
        continue;
      }
      const target = fileFor(outDir, path);
      if (!target) {
        report.problems.push(`${page.file}: ${ref} does not exist`);
        continue;
      }
      // A hosted app routes by its fragment (/admin/#/collections/...), so only its page must exist.
      const app = HOSTED_APPS.some((a) => path.startsWith(`/${a}`));
      if (url.hash && !app && target.endsWith('.html') && !idsOf(target).has(decodeURIComponent(url.hash.slice(1)))) {
        report.problems.push(`${page.file}: ${ref} has no element with id ${url.hash}`);
      }
    }
  }
  return report;
}
