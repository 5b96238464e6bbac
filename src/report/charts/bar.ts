/**
 * Horizontal bar chart: one bar per item, its label on the left, its number at the end of the bar. Bars start at
 * zero and their lengths are proportional to the values (the one honest way to draw counts); a zero has no bar but
 * still shows "0". Narrower terms are indented under their broader ones.
 */
import { AXIS, INK, MUTED, paint, patternDef, SERIES, type SeriesStyle } from './colours.ts';
import { count, escapeXml, fitText, n, rect, svgDocument, text, textWidth, type SvgOptions } from './svg.ts';

export interface Bar {
  label: string;
  value: number;
  depth?: number;
  /** Words after the number, e.g. "%" or " (overdue)". */
  suffix?: string;
}

export const BAR_LAYOUT = {
  row: 28,
  bar: 18,
  font: 14,
  labelMax: 320,
  plot: 420,
  indent: 16,
  top: 8,
} as const;

export interface BarOptions extends SvgOptions {
  id: string;
  /** The value a full-length bar stands for; default the largest value. */
  max?: number;
  style?: SeriesStyle;
}

export function barChart(bars: readonly Bar[], options: BarOptions): string {
  const L = BAR_LAYOUT;
  for (const b of bars) if (!Number.isFinite(b.value) || b.value < 0) throw new Error(`bar "${b.label}" has a value that cannot be drawn: ${b.value}`);
  const max = options.max ?? Math.max(0, ...bars.map((b) => b.value));
  const style = options.style ?? SERIES[0]!;
  const patternId = `${options.id}-fill`;
  const labelWidth = Math.min(L.labelMax, Math.max(40, ...bars.map((b) => textWidth(b.label, L.font) + (b.depth ?? 0) * L.indent)) + 12);
  const valueRoom = Math.max(0, ...bars.map((b) => textWidth(`${count(b.value)}${b.suffix ?? ''}`, L.font))) + 12;
  const x0 = labelWidth;
  const height = L.top * 2 + bars.length * L.row;
  const width = x0 + L.plot + valueRoom;
  const parts: string[] = [];
  // The zero line, so short bars and zeros have something to stand on.
  parts.push(`<line x1="${n(x0)}" y1="${n(L.top - 2)}" x2="${n(x0)}" y2="${n(height - L.top + 2)}" stroke="${AXIS}" stroke-width="1"/>`);
  bars.forEach((b, i) => {
    const y = L.top + i * L.row;
    const indent = (b.depth ?? 0) * L.indent;
    const w = max > 0 ? (b.value / max) * L.plot : 0;
    const middle = y + L.row / 2 + L.font * 0.35;
    parts.push(
      `<g>${text(indent, middle, fitText(b.label, labelWidth - 12 - indent, L.font), { 'font-size': L.font, fill: INK })}` +
        (w > 0 ? rect(x0, y + (L.row - L.bar) / 2, w, L.bar, { fill: paint(patternId, style), stroke: style.pattern === 'solid' ? undefined : style.fill, 'stroke-width': style.pattern === 'solid' ? undefined : 1, 'data-value': String(b.value) }) : '') +
        `${text(x0 + w + 6, middle, `${count(b.value)}${b.suffix ?? ''}`, { 'font-size': L.font, fill: b.value === 0 ? MUTED : INK, 'font-weight': b.value === 0 ? undefined : 700 })}<title>${escapeXml(`${b.label}: ${count(b.value)}${b.suffix ?? ''}`)}</title></g>`,
    );
  });
  return svgDocument(width, height, parts.join(''), options, patternDef(patternId, style));
}
