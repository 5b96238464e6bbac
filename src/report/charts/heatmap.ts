/**
 * A heat map of counts: rows (types of help, audiences) by columns (wards), each cell with a count shaded by it and
 * showing the number. Beside the grid, set apart, a column of counts that apply to every column (help open to
 * the whole city). A cell with nothing in it is drawn in one of two ways:
 *
 * - a gap (hatched red): nothing in that ward and nothing city-wide for that row;
 * - covered (blank): nothing in that ward, but city-wide help exists for that row.
 *
 * So a ward is never called a gap when a city-wide service covers it, and real gaps stand out without relying on
 * colour alone (a pattern, not a shade). The drawing is kept small, because a 40 x 33 map is a lot of cells: one
 * hatched rectangle for each run of gaps in a row, one shared shape per shade (<use>), and the grid lines as one
 * path. The exact numbers, zeros included, are in the chart's table.
 */
import { AXIS, classOf, COVERED, GAP, heatClasses, INK, MUTED, RULE, type HeatClass } from './colours.ts';
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
  columnLabelMax: 210,
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

/** Where everything goes: the grid's corner, each cell's size, the shade classes. Tests read cells back with it. */
export interface HeatMapLayout {
  rowLabelWidth: number;
  cellWidth: number;
  /** Top left of the grid of cells; cell (i, j) is at (gridX + j * cellWidth, top + i * cellHeight). */
  gridX: number;
  top: number;
  everywhereX: number;
  columnLabels: string[];
  longest: number;
  classes: HeatClass[];
}

export function heatMapLayout(input: HeatMapInput): HeatMapLayout {
  const L = HEATMAP_LAYOUT;
  const { rows, columns, cells, everywhere } = input;
  if (cells.length !== rows.length || cells.some((r) => r.length !== columns.length)) throw new Error('heat map cells do not match its rows and columns');
  if (everywhere && everywhere.values.length !== rows.length) throw new Error('heat map city-wide values do not match its rows');
  for (const v of [...cells.flat(), ...(everywhere?.values ?? [])]) if (!Number.isInteger(v) || v < 0) throw new Error(`heat map count that cannot be drawn: ${v}`);
  const max = Math.max(0, ...cells.flat());
  const widest = Math.max(max, ...(everywhere?.values ?? [0]));
  const cellWidth = Math.max(L.minCellWidth, Math.ceil(textWidth(count(widest), L.font) + 12));
  const rowLabelWidth = Math.ceil(Math.min(L.labelMax, Math.max(60, ...rows.map((r) => textWidth(r.label, L.font) + (r.depth ?? 0) * L.indent)) + 8));
  const columnLabels = [...columns.map((c) => c.label), ...(everywhere ? [everywhere.label] : [])].map((label) => fitText(label, L.columnLabelMax, L.font));
  const longest = Math.max(0, ...columnLabels.map((l) => textWidth(l, L.font)));
  const top = Math.ceil(longest * Math.sin((L.angle * Math.PI) / 180) + L.font + 8);
  return { rowLabelWidth, cellWidth, gridX: rowLabelWidth + (everywhere ? cellWidth + L.apart : 0), top, everywhereX: rowLabelWidth, columnLabels, longest, classes: heatClasses(max) };
}

/** Where the grid sits: the layout plus the figures every part of the drawing measures from. */
interface HeatGeometry extends HeatMapLayout {
  gridWidth: number;
  gridHeight: number;
  /** Text baseline within a row. */
  baseline: number;
}

/** Column labels (slanted) and row labels (indented by depth). */
function heatLabels(input: HeatMapInput, g: HeatGeometry): string {
  const L = HEATMAP_LAYOUT;
  const { rows, columns, everywhere } = input;
  const columnLabel = (x: number, label: string, bold = false) =>
    text(x, g.top - 6, label, { transform: `rotate(${-L.angle} ${n(x)} ${n(g.top - 6)})`, ...(bold ? { 'font-weight': 700 } : {}) });
  const labels = columns.map((_c, j) => columnLabel(g.gridX + j * g.cellWidth + g.cellWidth / 2, g.columnLabels[j]!));
  if (everywhere) labels.push(columnLabel(g.everywhereX + g.cellWidth / 2, g.columnLabels[columns.length]!, true));
  const rowLabels = rows.map((row, i) => {
    const indent = (row.depth ?? 0) * L.indent;
    return text(indent, g.top + i * L.cellHeight + g.baseline, fitText(row.label, g.rowLabelWidth - 8 - indent, L.font));
  });
  return `<g font-size="${L.font}" fill="${INK}">${labels.join('')}${rowLabels.join('')}</g>`;
}

/** The city-wide column: a plain box and a bold count per row. */
function heatEverywhere(everywhere: NonNullable<HeatMapInput['everywhere']>, g: HeatGeometry): string {
  const L = HEATMAP_LAYOUT;
  const boxes: string[] = [];
  const counts: string[] = [];
  everywhere.values.forEach((v, i) => {
    const y = g.top + i * L.cellHeight;
    boxes.push(rect(g.everywhereX + L.gap / 2, y + L.gap / 2, g.cellWidth - L.gap, L.cellHeight - L.gap));
    counts.push(text(g.everywhereX + g.cellWidth / 2, y + g.baseline, count(v)));
  });
  return `<g class="everywhere" fill="#f3f2f1" stroke="${AXIS}" stroke-width="1">${boxes.join('')}</g><g class="everywhere-counts" font-size="${L.font}" font-weight="700" text-anchor="middle" fill="${INK}">${counts.join('')}</g>`;
}

/** The cells: the gaps as hatched runs; the counts as one path per shade (a few bytes a cell); numbers row by row. */
function heatCells(input: HeatMapInput, g: HeatGeometry, hatchId: string): string {
  const L = HEATMAP_LAYOUT;
  const { rows, columns, cells, everywhere } = input;
  const { classes, cellWidth, gridX } = g;
  const gaps: string[] = [];
  const shades: string[][] = classes.map(() => []);
  const numbers: string[] = [];
  const box = `h${cellWidth - L.gap}v${L.cellHeight - L.gap}h${-(cellWidth - L.gap)}z`;
  // Numbers on the dark shades are white (the shades' own text colour, tested for contrast).
  const dark = classes.find((c) => c.swatch.text !== INK)?.swatch.text;
  rows.forEach((_row, i) => {
    const y = g.top + i * L.cellHeight;
    const row: string[] = [];
    const light: string[] = [];
    let run = -1;
    for (let j = 0; j <= columns.length; j++) {
      const kind = j < columns.length ? cellKind(cells[i]![j]!, everywhere?.values[i]) : 'end';
      if (kind === 'gap') {
        if (run < 0) run = j;
        continue;
      }
      if (run >= 0) {
        gaps.push(rect(gridX + run * cellWidth + L.gap / 2, y + L.gap / 2, (j - run) * cellWidth - L.gap, L.cellHeight - L.gap, { 'data-cells': String(j - run) }));
        run = -1;
      }
      if (kind !== 'count') continue;
      const v = cells[i]![j]!;
      const k = classes.indexOf(classOf(v, classes)!);
      const x = gridX + j * cellWidth;
      shades[k]!.push(`M${n(x + L.gap / 2)} ${n(y + L.gap / 2)}${box}`);
      (classes[k]!.swatch.text === INK ? row : light).push(`<text x="${n(x + cellWidth / 2)}">${count(v)}</text>`);
    }
    if (row.length || light.length) numbers.push(`<g transform="translate(0 ${n(y + g.baseline)})">${row.join('')}${light.length ? `<g fill="${dark}">${light.join('')}</g>` : ''}</g>`);
  });
  // Grid lines over the cells, so blank (covered) cells still read as cells.
  let grid = '';
  for (let i = 0; i <= rows.length; i++) grid += `M${n(gridX)} ${n(g.top + i * L.cellHeight)}h${n(g.gridWidth)}`;
  for (let j = 0; j <= columns.length; j++) grid += `M${n(gridX + j * cellWidth)} ${n(g.top)}v${n(g.gridHeight)}`;
  return [
    `<g class="gaps" fill="url(#${escapeXml(hatchId)})" stroke="${GAP.outline}" stroke-width="1">${gaps.join('')}</g>`,
    `<g class="counts">${shades.map((d, k) => (d.length ? `<path fill="${classes[k]!.swatch.fill}" d="${d.join('')}"/>` : '')).join('')}</g>`,
    rows.length && columns.length ? `<path d="${grid}" fill="none" stroke="${RULE}" stroke-width="1"/>` : '',
    `<g class="numbers" font-size="${L.font}" text-anchor="middle" fill="${INK}">${numbers.join('')}</g>`,
  ].join('');
}

/** The legend: the two kinds of empty cell, then what each shade covers. */
function heatLegendItems(classes: HeatMapLayout['classes'], hatchId: string, everywhere: boolean): LegendItem[] {
  const items: LegendItem[] = [{ fill: `url(#${hatchId})`, stroke: GAP.outline, ink: INK, sample: '', caption: 'gap: none here or city-wide' }];
  if (everywhere) items.push({ fill: COVERED.fill, stroke: RULE, ink: INK, sample: '', caption: 'none here, city-wide help exists' });
  for (const c of classes) {
    items.push({ fill: c.swatch.fill, stroke: RULE, ink: c.swatch.text, sample: count(c.from), caption: c.from === c.to ? `${count(c.from)} listing${c.from === 1 ? '' : 's'}` : `${count(c.from)} to ${count(c.to)} listings` });
  }
  return items;
}

export function heatMap(input: HeatMapInput, options: SvgOptions & { id: string }): string {
  const L = HEATMAP_LAYOUT;
  const layout = heatMapLayout(input);
  const g: HeatGeometry = {
    ...layout,
    gridWidth: input.columns.length * layout.cellWidth,
    gridHeight: input.rows.length * L.cellHeight,
    baseline: Math.round(L.cellHeight / 2 + L.font * 0.35),
  };
  const right = Math.ceil(g.longest * Math.cos((L.angle * Math.PI) / 180)) + 8;
  const legendY = g.top + g.gridHeight + 24;
  const hatchId = `${options.id}-gap`;
  const defs = `<pattern id="${escapeXml(hatchId)}" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="${GAP.fill}"/><rect width="1.5" height="6" fill="${GAP.hatch}"/></pattern>`;
  const body = heatLabels(input, g) + (input.everywhere ? heatEverywhere(input.everywhere, g) : '') + heatCells(input, g, hatchId);
  const gridRight = g.gridX + g.gridWidth + right;
  const legend = legendRows(heatLegendItems(g.classes, hatchId, Boolean(input.everywhere)), Math.max(gridRight, 420), legendY);
  const width = Math.max(gridRight, legend.width);
  return svgDocument(width, legend.bottom + 8, `${body}<g class="legend">${text(0, legendY - 8, 'Key', { 'font-size': 12, 'font-weight': 700, fill: INK })}${legend.svg}</g>`, options, defs);
}

interface LegendItem {
  fill: string;
  stroke: string;
  ink: string;
  sample: string;
  caption: string;
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
    if (item.sample) out.push(text(x + SWATCH.width / 2, y + 15.5, item.sample, { 'text-anchor': 'middle', 'font-size': SWATCH.font, fill: item.ink }));
    out.push(text(x + SWATCH.width + 6, y + 15.5, item.caption, { 'font-size': SWATCH.font, fill: MUTED }));
    width = Math.max(width, x + w);
    x += w + SWATCH.space;
  }
  return { svg: out.join(''), width: Math.ceil(width), bottom: y + SWATCH.height };
}
