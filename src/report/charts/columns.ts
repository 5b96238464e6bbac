/**
 * Grouped column chart over time (listings added and changed per month): one group per month, one column per
 * series, each series in its own colour and pattern with a key, the number above each column, and a zero-based
 * axis with round-number grid lines. Months run left to right, oldest first.
 */
import { AXIS, INK, MUTED, paint, patternDef, RULE, SERIES, type SeriesStyle } from './colours.ts';
import { count, escapeXml, n, rect, svgDocument, text, textWidth, type SvgOptions } from './svg.ts';

export interface ColumnGroup {
  /** YYYY-MM */
  month: string;
  values: readonly number[];
}

export const COLUMNS_LAYOUT = { plot: 200, font: 12, groupGap: 12, columnGap: 2, left: 8, top: 40 } as const;

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A round step for grid lines: 1, 2 or 5 times a power of ten, giving at most `most` lines above zero. */
export function niceStep(max: number, most = 5): number {
  if (max <= 0) return 1;
  const raw = max / most;
  const power = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 5, 10]) if (m * power >= raw) return Math.max(1, m * power);
  return Math.max(1, 10 * power);
}

export function columnChart(groups: readonly ColumnGroup[], series: readonly { label: string; style?: SeriesStyle }[], options: SvgOptions & { id: string }): string {
  const L = COLUMNS_LAYOUT;
  for (const g of groups) {
    if (!/^\d{4}-\d{2}$/.test(g.month)) throw new Error(`not a YYYY-MM month: ${JSON.stringify(g.month)}`);
    if (g.values.length !== series.length) throw new Error(`month ${g.month} has ${g.values.length} values for ${series.length} series`);
    for (const v of g.values) if (!Number.isFinite(v) || v < 0) throw new Error(`month ${g.month} has a value that cannot be drawn: ${v}`);
  }
  const styles = series.map((s, i) => s.style ?? SERIES[i % SERIES.length]!);
  const max = Math.max(0, ...groups.flatMap((g) => g.values));
  const step = niceStep(max);
  const top = Math.max(step, Math.ceil(max / step) * step);
  const axisWidth = textWidth(count(top), L.font) + 10;
  const columnWidth = Math.max(16, textWidth(count(max), 11) + 4);
  const groupWidth = series.length * columnWidth + (series.length - 1) * L.columnGap + L.groupGap;
  const x0 = L.left + axisWidth;
  const y0 = L.top + L.plot;
  const width = Math.max(x0 + groups.length * groupWidth + 8, 320);
  const height = y0 + 40;
  const scale = (v: number) => (v / top) * L.plot;
  const defs = styles.map((s, i) => patternDef(`${options.id}-s${i}`, s)).join('');
  const parts: string[] = [];
  // Key, across the top.
  let kx = x0;
  series.forEach((s, i) => {
    parts.push(rect(kx, 6, 18, 16, { fill: paint(`${options.id}-s${i}`, styles[i]!), stroke: styles[i]!.fill, 'stroke-width': 1 }));
    parts.push(text(kx + 24, 19, s.label, { 'font-size': 13, fill: INK }));
    kx += 24 + textWidth(s.label, 13) + 20;
  });
  for (let v = 0; v <= top; v += step) {
    const y = y0 - scale(v);
    parts.push(`<line x1="${n(x0)}" y1="${n(y)}" x2="${n(width - 4)}" y2="${n(y)}" stroke="${v === 0 ? AXIS : RULE}" stroke-width="1"/>`);
    parts.push(text(x0 - 6, y + 4, count(v), { 'text-anchor': 'end', 'font-size': L.font, fill: MUTED }));
  }
  groups.forEach((g, gi) => {
    const gx = x0 + L.groupGap / 2 + gi * groupWidth;
    const [year, month] = g.month.split('-').map(Number) as [number, number];
    const name = `${MONTHS[month - 1]} ${year}`;
    g.values.forEach((v, si) => {
      const x = gx + si * (columnWidth + L.columnGap);
      const h = scale(v);
      parts.push(
        `<g>${h > 0 ? rect(x, y0 - h, columnWidth, h, { fill: paint(`${options.id}-s${si}`, styles[si]!), stroke: styles[si]!.fill, 'stroke-width': 1, 'data-value': String(v) }) : ''}` +
          `${text(x + columnWidth / 2, y0 - h - 4, count(v), { 'text-anchor': 'middle', 'font-size': 11, fill: v === 0 ? MUTED : INK })}<title>${escapeXml(`${name}, ${series[si]!.label}: ${count(v)}`)}</title></g>`,
      );
    });
    const cx = gx + (groupWidth - L.groupGap) / 2;
    parts.push(text(cx, y0 + 16, MONTHS[month - 1]!, { 'text-anchor': 'middle', 'font-size': L.font, fill: INK }));
    if (gi === 0 || month === 1) parts.push(text(cx, y0 + 31, String(year), { 'text-anchor': 'middle', 'font-size': L.font, fill: MUTED }));
  });
  return svgDocument(width, height, parts.join(''), options, defs);
}
