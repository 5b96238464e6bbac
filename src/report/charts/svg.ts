/**
 * The few SVG building blocks the dashboard's charts share. Charts are strings made at build time, so every piece
 * of data that reaches them (term names come from contributors' files) goes through `escapeXml`; numbers go
 * through `n`, which refuses anything that is not finite, so a bug cannot write NaN into a width.
 */

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text or an attribute value, safe inside SVG (and HTML). Control characters XML forbids are dropped. */
export function escapeXml(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '').replace(/[&<>"']/g, (ch) => XML_ESCAPES[ch]!);
}

/** A coordinate or size, rounded to 0.1 px. */
export function n(value: number): string {
  if (!Number.isFinite(value)) throw new Error(`chart coordinate is not a finite number: ${value}`);
  const rounded = Math.round(value * 10) / 10;
  return String(Object.is(rounded, -0) ? 0 : rounded);
}

/** A count as people read it: 1,234. */
export function count(value: number): string {
  return value.toLocaleString('en-GB');
}

/** The font the charts use: the site's own (system) font, so charts match the page. */
export const FONT = 'system-ui, -apple-system, &quot;Segoe UI&quot;, Roboto, Arial, sans-serif';

/** Width of each ASCII character in ems (others count as an average letter): wide, capital and digit, narrow. */
const UNITS = new Float64Array(128).fill(0.56);
for (const ch of 'mwMW@%') UNITS[ch.charCodeAt(0)] = 0.9;
for (const ch of 'ABCDEFGHIJKLNOPQRSTUVXYZ0123456789&') UNITS[ch.charCodeAt(0)] = 0.68;
for (const ch of "ilj.,:;'|!() ") UNITS[ch.charCodeAt(0)] = 0.32;
const ELLIPSIS = 0.9;

function unit(code: number): number {
  return code < 128 ? UNITS[code]! : 0.56;
}

/**
 * A generous estimate of how wide a text is in the chart font: there is no font metrics at build time, and a
 * label that is wider than its room would overlap the bars. Wide letters (m, w, capitals) count for more.
 */
export function textWidth(text: string, size: number): number {
  let units = 0;
  for (let i = 0; i < text.length; i++) units += unit(text.charCodeAt(i));
  return units * size;
}

/** Cuts a label to fit `width` px, ending it with "…"; the full text is in the chart's table. */
export function fitText(text: string, width: number, size: number): string {
  if (textWidth(text, size) <= width) return text;
  const room = width / size - ELLIPSIS;
  let units = 0;
  let end = 0;
  for (let i = 0; i < text.length; i++) {
    const next = units + unit(text.charCodeAt(i));
    if (next > room) break;
    units = next;
    end = i + 1;
  }
  // Never cut a surrogate pair in half.
  if (end > 0 && /[\ud800-\udbff]/.test(text.charAt(end - 1))) end--;
  return `${text.slice(0, Math.max(1, end)).trimEnd()}…`;
}

/** Attributes from a record: values escaped, undefined ones left out. */
export function attributes(attrs: Record<string, string | number | undefined>): string {
  return Object.entries(attrs)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${typeof v === 'number' ? n(v) : escapeXml(v!)}"`)
    .join('');
}

export function text(x: number, y: number, content: string, attrs: Record<string, string | number | undefined> = {}): string {
  return `<text${attributes({ x, y, ...attrs })}>${escapeXml(content)}</text>`;
}

export function rect(x: number, y: number, width: number, height: number, attrs: Record<string, string | number | undefined> = {}): string {
  return `<rect${attributes({ x, y, width: Math.max(0, width), height: Math.max(0, height), ...attrs })}/>`;
}

export interface SvgOptions {
  /** Ids of the elements (outside the SVG) that name and describe the chart: its title and summary sentence. */
  labelledBy: string;
}

/**
 * The outer <svg>: an image for assistive technology (its parts are not read out one by one), named by the
 * figure's own caption and summary, with a fixed size (a wide chart scrolls inside its figure instead of
 * shrinking until its labels cannot be read).
 */
export function svgDocument(width: number, height: number, body: string, options: SvgOptions, defs = ''): string {
  return `<svg xmlns="http://www.w3.org/2000/svg"${attributes({ width, height, viewBox: `0 0 ${n(width)} ${n(height)}`, role: 'img', 'aria-labelledby': options.labelledBy, class: 'chart-svg' })} font-family="${FONT}" font-size="14">${defs ? `<defs>${defs}</defs>` : ''}${body}</svg>`;
}
