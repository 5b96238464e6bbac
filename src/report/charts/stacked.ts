/**
 * One bar split into parts of a whole (listings reviewed within policy, due, overdue): each part's length is its
 * share, each has its own colour and pattern, and a legend below gives every part's name, number and percentage.
 */
import { INK, paint, patternDef, WHITE, type SeriesStyle } from './colours.ts';
import { count, escapeXml, rect, svgDocument, text, textWidth, type SvgOptions } from './svg.ts';

export interface Segment {
  label: string;
  value: number;
  style: SeriesStyle;
}

export const STACKED_LAYOUT = { width: 640, bar: 40, font: 14, legendRow: 28 } as const;

/** Whole percentages that add up to 100 (largest remainders), so a legend never says 33% + 33% + 33%. */
export function percentages(values: readonly number[]): number[] {
  const total = values.reduce((a, b) => a + b, 0);
  if (total === 0) return values.map(() => 0);
  const exact = values.map((v) => (100 * v) / total);
  const out = exact.map(Math.floor);
  let left = 100 - out.reduce((a, b) => a + b, 0);
  const order = exact.map((e, i) => [e - Math.floor(e), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of order) {
    if (left <= 0) break;
    if (values[i]! > 0) {
      out[i]!++;
      left--;
    }
  }
  return out;
}

export function stackedBar(segments: readonly Segment[], options: SvgOptions & { id: string; width?: number }): string {
  const L = STACKED_LAYOUT;
  for (const s of segments) if (!Number.isFinite(s.value) || s.value < 0) throw new Error(`segment "${s.label}" has a value that cannot be drawn: ${s.value}`);
  const width = options.width ?? L.width;
  const total = segments.reduce((a, s) => a + s.value, 0);
  const shares = percentages(segments.map((s) => s.value));
  const defs: string[] = [];
  const parts: string[] = [];
  let x = 0;
  segments.forEach((s, i) => {
    const id = `${options.id}-${i}`;
    defs.push(patternDef(id, s.style));
    const w = total > 0 ? (s.value / total) * width : 0;
    if (w > 0) {
      // A white hairline between parts keeps neighbouring fills apart.
      parts.push(`<g>${rect(x, 0, w, L.bar, { fill: paint(id, s.style), stroke: WHITE, 'stroke-width': 1, 'data-value': String(s.value) })}<title>${escapeXml(`${s.label}: ${count(s.value)} (${shares[i]}%)`)}</title></g>`);
    }
    x += w;
  });
  if (total === 0) parts.push(rect(0, 0, width, L.bar, { fill: WHITE, stroke: INK, 'stroke-width': 1, 'stroke-dasharray': '4 3' }));
  // Legend: one line per part, its swatch matching the bar.
  let y = L.bar + 14;
  segments.forEach((s, i) => {
    const id = `${options.id}-${i}`;
    parts.push(rect(0, y, 22, 20, { fill: paint(id, s.style), stroke: s.style.fill, 'stroke-width': 1 }));
    parts.push(text(30, y + 15, `${s.label}: ${count(s.value)} (${shares[i]}%)`, { 'font-size': L.font, fill: INK }));
    y += L.legendRow;
  });
  const legendWidth = Math.max(...segments.map((s, i) => 30 + textWidth(`${s.label}: ${count(s.value)} (${shares[i]}%)`, L.font)));
  return svgDocument(Math.max(width, legendWidth) + 2, y, parts.join(''), options, defs.join(''));
}

