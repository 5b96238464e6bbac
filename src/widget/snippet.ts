/**
 * The HTML adopters paste, written in one place for the embed builder (on the server for its first render, in
 * the browser as people choose), the guide, integrity.json and the iframe page, which reads the same settings
 * back from its address. Pure functions, no DOM.
 */
import { ATTRIBUTE_NAMES } from './options.ts';

/** Element settings: attribute name -> value ('' for the boolean attributes paging and search). */
export type EmbedSettings = [name: string, value: string][];

export const BOOLEAN_ATTRIBUTES: readonly string[] = ['paging', 'search'];

/** What the iframe page (/embed/) takes from its query string: everything but `src` (it is on LOOP) and `target` (always _top). */
export const EMBED_PARAMETERS: readonly string[] = ATTRIBUTE_NAMES.filter((name) => name !== 'src' && name !== 'target');

/** Text for a double-quoted HTML attribute value. */
export function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function escapeText(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The pinned classic script with its SRI hash (SRI on another origin needs crossorigin; defer keeps pages fast). */
export function scriptTag(file: { url: string; integrity: string }): string {
  return `<script src="${escapeAttribute(file.url)}" integrity="${escapeAttribute(file.integrity)}" crossorigin="anonymous" defer></script>`;
}

/**
 * The element, with a link to LOOP inside it: what people see before the script runs, if it is blocked, or if
 * LOOP cannot be reached.
 */
export function elementTag(settings: EmbedSettings, site: string): string {
  const attributes = settings.map(([name, value]) => (BOOLEAN_ATTRIBUTES.includes(name) ? ` ${name}` : ` ${name}="${escapeAttribute(value)}"`)).join('');
  return `<loop-listings${attributes}>\n  <a href="${escapeAttribute(site)}">Find health and care help in Leeds on LOOP</a>\n</loop-listings>`;
}

/** The iframe page's address for these settings. */
export function embedUrl(frameUrl: string, settings: EmbedSettings): string {
  const query = new URLSearchParams(settings.filter(([name]) => EMBED_PARAMETERS.includes(name)).map(([name, value]) => [name, BOOLEAN_ATTRIBUTES.includes(name) ? '' : value])).toString();
  // "search=" reads as "search is empty"; a bare "search" says "on".
  return query ? `${frameUrl}?${query.replace(/=(?=&|$)/g, '')}` : frameUrl;
}

export function iframeTag(frameUrl: string, settings: EmbedSettings, title: string, height = 600): string {
  return `<iframe src="${escapeAttribute(embedUrl(frameUrl, settings))}" title="${escapeAttribute(title)}" width="100%" height="${height}" style="border: 0; max-width: 100%;" loading="lazy"></iframe>`;
}

/** Settings from the iframe page's query string: known parameters only, first value wins, `paging=false` is off. */
export function settingsFromQuery(query: string): EmbedSettings {
  const params = new URLSearchParams(query);
  const settings: EmbedSettings = [];
  for (const name of EMBED_PARAMETERS) {
    const value = params.get(name);
    if (value === null) continue;
    if (BOOLEAN_ATTRIBUTES.includes(name)) {
      if (!/^(false|0|no|off)$/i.test(value)) settings.push([name, '']);
    } else if (value.trim()) {
      settings.push([name, value.trim().slice(0, 200)]);
    }
  }
  return settings;
}
