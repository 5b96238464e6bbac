/**
 * A heat map of counts: rows (types of help, audiences) by columns (wards), each cell shaded by its count and
 * showing the number. Beside the grid, set apart, a column of counts that apply to every column (help open to
 * the whole city). A zero cell is drawn in one of two ways:
 *
 * - a gap (hatched red, number in dark red): nothing in that ward and nothing city-wide for that row;
 * - covered (plain white, muted number): nothing in that ward, but city-wide help exists for that row.
 *
 * So a ward is never called a gap when a city-wide service covers it, and real gaps stand out without relying on
 * colour alone.
 */
import { AXIS, classOf, COVERED, GAP, heatClasses, INK, MUTED, RULE } from './colours.ts';
import { count, escapeXml, fitText, n, rect, svgDocument, text, textWidth, type SvgOptions } from './svg.ts';

export interface HeatMapInput {
  rows: { label: string; depth?: number }[];
  columns: { label: string }[];
  /** cells[row][column] */
  cells: readonly (readonly number[])[];
  /** Counts that apply to every column of a row, drawn apart (e.g. city-wide help). A zero cell is a gap only when its row's count here is 0. */
  everywhere?: { label: string; values: readonly number[] };
}

export const HEATMAP_LAYOUT = {
  cellHeight: 26,
  minCellWidth: 30,
  gap: 2,
  font: 13,
  labelMax: 300,
  columnLabelMax: 170,
  indent: 14,
  /** Column labels slope up at this angle, so long ward names fit over narrow columns. */
  angle: 60,
  apart: 16,
} as const;

export type CellKind = 'count' | 'gap' | 'covered';

/** How a cell is drawn: the rule above, in one place (tests and the summary sentence use it too). */
export function cellKind(value: number, everywhere: number | undefined): CellKind {
  if (value > 0) return 'count';
  return everywhere !== undefined && everywhere > 0 ? 'covered' : 'gap';
}

export function heatMap(input: HeatMapInput, options: SvgOptions & { id: string }): string {
  const L = HEATMAP_LAYOUT;
  const { rows, columns, cells, everywhere } = input;
  if (cells.length !== rows.length || cells.some((r) => r.length !== columns.length)) throw new Error('heat map cells do not match its rows and columns');
  if (everywhere && everywhere.values.length !== rows.length) throw new Error('heat map city-wide values do not match its rows');
  const max = Math.max(0, ...cells.flat());
  const classes = heatClasses(max);
  const widest = Math.max(max, ...(everywhere?.values ?? [0]));
  const cellWidth = Math.max(L.minCellWidth, textWidth(count(widest), L.font) + 12);
  const rowLabelWidth = Math.min(L.labelMax, Math.max(60, ...rows.map((r) => textWidth(r.label, L.font) + (r.depth ?? 0) * L.indent)) + 8);
  const rad = (L.angle * Math.PI) / 180;
  const columnLabels = [...columns.map((c) => c.label), ...(everywhere ? [everywhere.label] : [])].map((label) => fitText(label, L.columnLabelMax, L.font));
  const longest = Math.max(0, ...columnLabels.map((l) => textWidth(l, L.font)));
  const top = Math.ceil(longest * Math.sin(rad) + L.font + 8);
  const everywhereX = rowLabelWidth;
  const gridX = rowLabelWidth + (everywhere ? cellWidth + L.apart : 0);
  const gridWidth = columns.length * cellWidth;
  const gridHeight = rows.length * L.cellHeight;
  const right = Math.ceil(longest * Math.cos(rad)) + 8;
  const legendY = top + gridHeight + 24;
  const parts: string[] = [];
  const hatchId = `${options.id}-gap`;
  const defs = `<pattern id="${escapeXml(hatchId)}" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="${GAP.fill}"/><rect width="1.5" height="6" fill="${GAP.hatch}"/></pattern>`;

  const columnLabel = (x: number, label: string, bold = false) =>
    text(x, top - 6, label, { transform: `rotate(${-L.angle} ${n(x)} ${n(top - 6)})`, 'font-size': L.font, fill: INK, ...(bold ? { 'font-weight': 700 } : {}) });
  columns.forEach((_c, j) => parts.push(columnLabel(gridX + j * cellWidth + cellWidth / 2, columnLabels[j]!)));
  if (everywhere) parts.push(columnLabel(everywhereX + cellWidth / 2, columnLabels[columns.length]!, true));

  rows.forEach((row, i) => {
    const y = top + i * L.cellHeight;
    const indent = (row.depth ?? 0) * L.indent;
    const label = fitText(row.label, rowLabelWidth - 8 - indent, L.font);
    parts.push(text(indent, y + L.cellHeight / 2 + L.font * 0.35, label, { 'font-size': L.font, fill: INK }));
    if (everywhere) {
      const v = everywhere.values[i]!;
      parts.push(`<g>${rect(everywhereX + L.gap / 2, y + L.gap / 2, cellWidth - L.gap, L.cellHeight - L.gap, { fill: '#f3f2f1', stroke: AXIS, 'stroke-width': 1 })}${text(everywhereX + cellWidth / 2, y + L.cellHeight / 2 + L.font * 0.35, count(v), { 'text-anchor': 'middle', 'font-size': L.font, 'font-weight': 700, fill: INK })}<title>${escapeXml(`${row.label}, ${everywhere.label}: ${count(v)}`)}</title></g>`);
    }
    columns.forEach((column, j) => {
      const v = cells[i]![j]!;
      const kind = cellKind(v, everywhere?.values[i]);
      const x = gridX + j * cellWidth;
      const heat = kind === 'count' ? classOf(v, classes)!.swatch : undefined;
      const fill = kind === 'gap' ? `url(#${hatchId})` : kind === 'covered' ? COVERED.fill : heat!.fill;
      const ink = kind === 'gap' ? GAP.text : kind === 'covered' ? COVERED.text : heat!.text;
      const label = `${row.label}, ${column.label}: ${count(v)}${kind === 'gap' ? ' (a gap: no help here, none city-wide)' : kind === 'covered' ? ' (none here; city-wide help exists)' : ''}`;
      parts.push(
        `<g class="cell-${kind}">${rect(x + L.gap / 2, y + L.gap / 2, cellWidth - L.gap, L.cellHeight - L.gap, { fill, stroke: kind === 'gap' ? GAP.text : RULE, 'stroke-width': 1, 'data-value': String(v) })}` +
          `${text(x + cellWidth / 2, y + L.cellHeight / 2 + L.font * 0.35, count(v), { 'text-anchor': 'middle', 'font-size': L.font, fill: ink, ...(kind === 'gap' ? { 'font-weight': 700, stroke: GAP.fill, 'stroke-width': 3, 'paint-order': 'stroke' } : {}) })}<title>${escapeXml(label)}</title></g>`,
      );
    });
  });

  // The legend: the two kinds of zero, then what each shade covers.
  const items: LegendItem[] = [{ fill: `url(#${hatchId})`, stroke: GAP.text, ink: GAP.text, sample: '0', caption: 'gap: none here or city-wide', strong: true }];
  if (everywhere) items.push({ fill: COVERED.fill, stroke: RULE, ink: COVERED.text, sample: '0', caption: 'none here, city-wide help exists' });
  for (const c of classes) {
    items.push({ fill: c.swatch.fill, stroke: RULE, ink: c.swatch.text, sample: count(c.from), caption: c.from === c.to ? `${count(c.from)} listing${c.from === 1 ? '' : 's'}` : `${count(c.from)} to ${count(c.to)} listings` });
  }
  const gridRight = gridX + gridWidth + right;
  const legend = legendRows(items, Math.max(gridRight, 420), legendY);
  const width = Math.max(gridRight, legend.width);
  return svgDocument(width, legend.bottom + 8, `<g>${parts.join('')}</g><g class="legend">${text(0, legendY - 8, 'Key', { 'font-size': 12, 'font-weight': 700, fill: INK })}${legend.svg}</g>`, options, defs);
}

interface LegendItem {
  fill: string;
  stroke: string;
  ink: string;
  sample: string;
  caption: string;
  strong?: boolean;
}

const SWATCH = { width: 30, height: 22, font: 12, space: 18, line: 30 } as const;

/** Lays legend items out left to right, starting a new line when the next would pass `maxWidth`. */
function legendRows(items: readonly LegendItem[], maxWidth: number, top: number): { svg: string; width: number; bottom: number } {
  const out: string[] = [];
  let x = 0;
  let y = top;
  let width = 0;
  for (const item of items) {
    const w = SWATCH.width + 6 + textWidth(item.caption, SWATCH.font);
    if (x > 0 && x + w > maxWidth) {
      x = 0;
      y += SWATCH.line;
    }
    out.push(rect(x, y, SWATCH.width, SWATCH.height, { fill: item.fill, stroke: item.stroke, 'stroke-width': 1 }));
    out.push(text(x + SWATCH.width / 2, y + 15.5, item.sample, { 'text-anchor': 'middle', 'font-size': SWATCH.font, fill: item.ink, ...(item.strong ? { 'font-weight': 700, stroke: GAP.fill, 'stroke-width': 3, 'paint-order': 'stroke' } : {}) }));
    out.push(text(x + SWATCH.width + 6, y + 15.5, item.caption, { 'font-size': SWATCH.font, fill: MUTED }));
    width = Math.max(width, x + w);
    x += w + SWATCH.space;
  }
  return { svg: out.join(''), width: Math.ceil(width), bottom: y + SWATCH.height };
}
