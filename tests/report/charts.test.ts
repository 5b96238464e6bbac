/**
 * The dashboard's SVG charts: values map to sizes, every chart is an image named by its caption, colours pass
 * contrast, zero cells are told apart without colour, and hostile names are text, never markup. Plus the table
 * model and its CSV (spreadsheet-safe, parses back to the same numbers).
 */
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { DomUtils, parseDocument } from 'htmlparser2';
import type { Document, Element } from 'domhandler';
import { describe, expect, test } from 'vitest';
import { barChart, BAR_LAYOUT } from '../../src/report/charts/bar.ts';
import { AXIS, classOf, contrast, COVERED, FRESHNESS_STYLES, GAP, HEAT, heatClasses, SERIES, WHITE } from '../../src/report/charts/colours.ts';
import { columnChart, COLUMNS_LAYOUT, niceStep } from '../../src/report/charts/columns.ts';
import { cellKind, heatMap, heatMapLayout, HEATMAP_LAYOUT } from '../../src/report/charts/heatmap.ts';
import { percentages, stackedBar, STACKED_LAYOUT } from '../../src/report/charts/stacked.ts';
import { escapeXml, fitText, textWidth } from '../../src/report/charts/svg.ts';
import { tableCsv, type DataTable } from '../../src/report/charts/table.ts';
import { unguard } from '../../src/publish/bulk/csv.ts';

const HOSTILE = '<script>alert("x")</script> & \'quotes\' </text><svg onload=alert(1)>';
const opts = (id = 'c') => ({ id, labelledBy: `${id}-title ${id}-summary` });

function svgOf(markup: string): { doc: Document; svg: Element } {
  const doc = parseDocument(markup, { xmlMode: true });
  const svg = DomUtils.findOne((e) => e.name === 'svg', doc.children)!;
  return { doc, svg };
}
const all = (doc: Document, name: string) => DomUtils.findAll((e) => e.name === name, doc.children);
const valued = (doc: Document) => all(doc, 'rect').filter((r) => r.attribs['data-value'] !== undefined);
const texts = (doc: Document) => all(doc, 'text').map((t) => DomUtils.textContent(t));

/** Every chart is one image to assistive technology, named by the figure's title and summary. */
function expectImage(markup: string, id = 'c'): Document {
  const { doc, svg } = svgOf(markup);
  expect(svg.attribs.role).toBe('img');
  expect(svg.attribs['aria-labelledby']).toBe(`${id}-title ${id}-summary`);
  expect(Number(svg.attribs.width)).toBeGreaterThan(0);
  expect(svg.attribs.viewBox).toBe(`0 0 ${svg.attribs.width} ${svg.attribs.height}`);
  // A <title> straight under <svg> would become the image's name instead of the caption.
  expect(svg.children.filter((c) => (c as Element).name === 'title')).toEqual([]);
  expect(markup).not.toMatch(/NaN|undefined|Infinity/);
  return doc;
}

describe('SVG building blocks', () => {
  test('escapeXml escapes markup and drops characters XML forbids', () => {
    expect(escapeXml(HOSTILE)).toBe('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quotes&#39; &lt;/text&gt;&lt;svg onload=alert(1)&gt;');
    expect(escapeXml('a\u0000b\u001fc\u0009d')).toBe('abc\u0009d');
  });
  test('fitText cuts long labels to their room, with an ellipsis', () => {
    expect(fitText('Short', 200, 14)).toBe('Short');
    const cut = fitText('Youth clubs and support for young people who need it most', 150, 14);
    expect(cut.endsWith('…')).toBe(true);
    expect(textWidth(cut, 14)).toBeLessThanOrEqual(150);
  });
});

describe('bar chart', () => {
  const bars = [
    { label: 'Food', value: 10 },
    { label: 'Emergency food', value: 5, depth: 1 },
    { label: 'Advice', value: 0 },
    { label: 'Money', value: 2.5 },
  ];
  test('bar lengths are proportional to the values, from zero; a zero has no bar but shows 0', () => {
    const doc = expectImage(barChart(bars, opts()));
    const rects = valued(doc);
    expect(rects.map((r) => [r.attribs['data-value'], Number(r.attribs.width)])).toEqual([
      ['10', BAR_LAYOUT.plot],
      ['5', BAR_LAYOUT.plot / 2],
      ['2.5', BAR_LAYOUT.plot / 4],
    ]);
    // Every bar starts at the same x: the zero line.
    expect(new Set(rects.map((r) => r.attribs.x)).size).toBe(1);
    expect(texts(doc)).toEqual(expect.arrayContaining(['Food', 'Emergency food', 'Advice', '10', '5', '0', '2.5']));
  });
  test('a fixed maximum (percentages out of 100)', () => {
    const doc = svgOf(barChart([{ label: 'A', value: 50, suffix: '%' }], { ...opts(), max: 100 })).doc;
    expect(Number(valued(doc)[0]!.attribs.width)).toBe(BAR_LAYOUT.plot / 2);
    expect(texts(doc)).toContain('50%');
  });
  test('narrower terms are indented', () => {
    const doc = svgOf(barChart(bars, opts())).doc;
    const label = (s: string) => all(doc, 'text').find((t) => DomUtils.textContent(t) === s)!;
    expect(Number(label('Emergency food').attribs.x)).toBe(Number(label('Food').attribs.x) + BAR_LAYOUT.indent);
  });
  test('all zeros and no bars at all still draw', () => {
    expect(valued(expectImage(barChart([{ label: 'A', value: 0 }], opts()))).length).toBe(0);
    expectImage(barChart([], opts()));
  });
  test('values that cannot be drawn are refused, not drawn wrong', () => {
    expect(() => barChart([{ label: 'A', value: Number.NaN }], opts())).toThrow(/cannot be drawn/);
    expect(() => barChart([{ label: 'A', value: -1 }], opts())).toThrow(/cannot be drawn/);
  });
  test("hostile labels are text: no elements but the chart's own", () => {
    const markup = barChart([{ label: HOSTILE, value: 3 }], opts());
    const { doc } = svgOf(markup);
    expect(new Set(DomUtils.findAll(() => true, doc.children).map((e) => e.name))).toEqual(new Set(['svg', 'g', 'line', 'text', 'rect', 'title']));
    expect(markup).not.toContain('<script');
    expect(markup).not.toContain('<svg onload');
    // The full name is in the tooltip; the label may be cut but is never unescaped.
    expect(DomUtils.textContent(all(doc, 'title')[0]!)).toBe(`${HOSTILE}: 3`);
  });
});

describe('heat map', () => {
  const input = {
    rows: [{ label: 'Food' }, { label: 'Emergency food', depth: 1 }, { label: HOSTILE }],
    columns: [{ label: 'Armley' }, { label: 'Gipton & Harehills' }, { label: 'Weetwood' }],
    cells: [
      [1, 0, 3],
      [1, 0, 0],
      [0, 6, 0],
    ],
    everywhere: { label: 'City-wide', values: [2, 0, 0] },
  };
  /** Reads the drawing back into a grid: each cell's kind, shade and printed number, from where things are drawn. */
  function readBack(markup: string, layoutOf = input) {
    const doc = svgOf(markup).doc;
    const layout = heatMapLayout(layoutOf);
    const L = HEATMAP_LAYOUT;
    const grid = layoutOf.cells.map((row) => row.map(() => ({ kind: 'covered', shade: '', number: '' })));
    const at = (x: number, y: number) => [Math.floor((y - layout.top) / L.cellHeight), Math.floor((x - layout.gridX) / layout.cellWidth)] as const;
    const group = (cls: string) => all(doc, 'g').find((g) => g.attribs.class === cls)!;
    for (const r of DomUtils.findAll((e) => e.name === 'rect', group('gaps').children)) {
      const [i, j] = at(Number(r.attribs.x), Number(r.attribs.y));
      for (let k = 0; k < Number(r.attribs['data-cells']); k++) grid[i]![j + k]!.kind = 'gap';
      expect(Number(r.attribs.width)).toBeCloseTo(Number(r.attribs['data-cells']) * layout.cellWidth - L.gap, 5);
    }
    for (const path of DomUtils.findAll((e) => e.name === 'path', group('counts').children)) {
      for (const m of path.attribs.d!.matchAll(/M([\d.]+) ([\d.]+)/g)) {
        const [i, j] = at(Number(m[1]), Number(m[2]));
        Object.assign(grid[i]![j]!, { kind: 'count', shade: path.attribs.fill });
      }
    }
    for (const row of DomUtils.findAll((e) => e.name === 'g' && /^translate/.test(e.attribs.transform ?? ''), group('numbers').children)) {
      const y = Number(/translate\(0 ([\d.]+)\)/.exec(row.attribs.transform!)![1]);
      for (const t of DomUtils.findAll((e) => e.name === 'text', [row])) {
        const [i, j] = at(Number(t.attribs.x), y);
        grid[i]![j]!.number = DomUtils.textContent(t);
      }
    }
    return { doc, grid, layout };
  }

  test('a zero is a gap only when nothing city-wide covers its row', () => {
    expect(cellKind(0, 0)).toBe('gap');
    expect(cellKind(0, undefined)).toBe('gap');
    expect(cellKind(0, 4)).toBe('covered');
    expect(cellKind(2, 0)).toBe('count');
    const markup = heatMap(input, { ...opts('gaps'), id: 'gaps' });
    expectImage(markup, 'gaps');
    expect(readBack(markup).grid.map((row) => row.map((c) => c.kind))).toEqual([
      ['count', 'covered', 'count'],
      ['count', 'gap', 'gap'],
      ['gap', 'count', 'gap'],
    ]);
  });
  test('gaps are hatched (a pattern, not a shade) in one run per row; counts show their number on their class shade', () => {
    const markup = heatMap(input, { ...opts('gaps'), id: 'gaps' });
    const { doc, grid, layout } = readBack(markup);
    expect(all(doc, 'pattern').map((p) => p.attribs.id)).toEqual(['gaps-gap']);
    expect(all(doc, 'g').find((g) => g.attribs.class === 'gaps')!.attribs.fill).toBe('url(#gaps-gap)');
    // Emergency food's two gaps, side by side, are one rectangle.
    expect(all(doc, 'rect').filter((r) => r.attribs['data-cells']).map((r) => r.attribs['data-cells'])).toEqual(['2', '1', '1']);
    for (const [i, row] of input.cells.entries()) {
      for (const [j, v] of row.entries()) {
        const cell = grid[i]![j]!;
        if (v > 0) {
          expect(cell.number).toBe(String(v));
          expect(cell.shade).toBe(classOf(v, layout.classes)!.swatch.fill);
        } else expect(cell.number).toBe('');
      }
    }
    // The darkest shade means the most, with white numbers on it.
    expect(grid[2]![1]!.shade).toBe(HEAT[HEAT.length - 1]!.fill);
    const six = all(doc, 'text').find((t) => DomUtils.textContent(t) === '6')!;
    expect((six.parent as Element).attribs.fill).toBe(HEAT[HEAT.length - 1]!.text);
  });
  test('the city-wide column is drawn apart, with its own numbers, and a key explains the cells', () => {
    const markup = heatMap(input, { ...opts(), id: 'c' });
    const doc = svgOf(markup).doc;
    const counts = all(doc, 'g').find((g) => g.attribs.class === 'everywhere-counts')!;
    expect(DomUtils.findAll((e) => e.name === 'text', counts.children).map((t) => DomUtils.textContent(t))).toEqual(['2', '0', '0']);
    const { layout } = readBack(markup);
    expect(layout.everywhereX + layout.cellWidth).toBeLessThan(layout.gridX);
    expect(texts(doc)).toEqual(expect.arrayContaining(['City-wide', 'Key', 'gap: none here or city-wide', 'none here, city-wide help exists', '6 listings']));
  });
  test('a map of 40 rows by 33 wards stays small', () => {
    const rows = Array.from({ length: 40 }, (_, i) => ({ label: `Type of help ${i}` }));
    const columns = Array.from({ length: 33 }, (_, j) => ({ label: `Ward number ${j}` }));
    const cells = rows.map((_r, i) => columns.map((_c, j) => (i * 7 + j * 3) % 11));
    const markup = heatMap({ rows, columns, cells, everywhere: { label: 'City-wide', values: rows.map((_r, i) => i % 3) } }, { ...opts(), id: 'c' });
    // About 50 bytes a cell with a count, whatever the dataset's size.
    expect(markup.length).toBeLessThan(66_000);
    const { grid } = readBack(markup, { rows, columns, cells, everywhere: { label: 'City-wide', values: rows.map((_r, i) => i % 3) } });
    expect(grid.flat().filter((c) => c.kind === 'count').map((c) => Number(c.number))).toEqual(cells.flat().filter((v) => v > 0));
  });
  test('hostile row and column names stay text', () => {
    const markup = heatMap({ ...input, columns: [{ label: HOSTILE }, { label: 'B' }, { label: 'C' }] }, { ...opts(), id: 'c' });
    expect(markup).not.toContain('<script');
    const doc = svgOf(markup).doc;
    expect(new Set(DomUtils.findAll(() => true, doc.children).map((e) => e.name))).toEqual(new Set(['svg', 'defs', 'pattern', 'g', 'text', 'rect', 'path']));
  });
  test('cells that do not match the rows and columns, or are not counts, are refused', () => {
    expect(() => heatMap({ ...input, cells: [[1]] }, { ...opts(), id: 'c' })).toThrow(/do not match/);
    expect(() => heatMap({ ...input, everywhere: { label: 'x', values: [1] } }, { ...opts(), id: 'c' })).toThrow(/do not match/);
    expect(() => heatMap({ ...input, cells: [[1, 0, 0.5], [1, 0, 0], [0, 6, 0]] }, { ...opts(), id: 'c' })).toThrow(/cannot be drawn/);
  });
  test('classes cover 1..max without gaps or overlaps, darkest for the most', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100_000 }), (max) => {
        const classes = heatClasses(max);
        expect(classes[0]!.from).toBe(1);
        expect(classes[classes.length - 1]!.to).toBe(max);
        expect(classes[classes.length - 1]!.swatch).toBe(HEAT[HEAT.length - 1]);
        for (let i = 1; i < classes.length; i++) expect(classes[i]!.from).toBe(classes[i - 1]!.to + 1);
        expect(classes.length).toBeLessThanOrEqual(HEAT.length);
      }),
    );
    expect(heatClasses(0)).toEqual([]);
    expect(heatClasses(3).map((c) => [c.from, c.to])).toEqual([[1, 1], [2, 2], [3, 3]]);
    expect(heatClasses(100).map((c) => [c.from, c.to])).toEqual([[1, 20], [21, 40], [41, 60], [61, 80], [81, 100]]);
  });
});

describe('stacked bar', () => {
  const segs = (values: number[]) => values.map((value, i) => ({ label: ['Current', 'Due', 'Overdue'][i]!, value, style: Object.values(FRESHNESS_STYLES)[i]! }));
  test('each part is as long as its share of the whole, and the parts fill the bar', () => {
    const doc = expectImage(stackedBar(segs([6, 3, 1]), opts()));
    const rects = valued(doc);
    const widths = rects.map((r) => Number(r.attribs.width));
    expect(widths).toEqual([STACKED_LAYOUT.width * 0.6, STACKED_LAYOUT.width * 0.3, STACKED_LAYOUT.width * 0.1]);
    expect(rects.map((r) => Number(r.attribs.x))).toEqual([0, STACKED_LAYOUT.width * 0.6, STACKED_LAYOUT.width * 0.9]);
    expect(texts(doc)).toEqual(['Current: 6 (60%)', 'Due: 3 (30%)', 'Overdue: 1 (10%)']);
    // Due and overdue have patterns, not only colours.
    expect(all(doc, 'pattern').length).toBe(2);
  });
  test('percentages always add up to 100 and a zero stays 0%', () => {
    expect(percentages([1, 1, 1])).toEqual([34, 33, 33]);
    expect(percentages([0, 0, 0])).toEqual([0, 0, 0]);
    fc.assert(
      fc.property(fc.array(fc.nat(1000), { minLength: 1, maxLength: 6 }), (values) => {
        const p = percentages(values);
        const total = values.reduce((a, b) => a + b, 0);
        expect(p.reduce((a, b) => a + b, 0)).toBe(total === 0 ? 0 : 100);
        values.forEach((v, i) => (v === 0 ? expect(p[i]).toBe(0) : undefined));
      }),
    );
  });
  test('an empty whole draws an empty outline', () => {
    const doc = expectImage(stackedBar(segs([0, 0, 0]), opts()));
    expect(valued(doc)).toEqual([]);
    expect(texts(doc)[0]).toBe('Current: 0 (0%)');
  });
});

describe('monthly columns', () => {
  test('column heights are proportional to the values on a zero-based axis with round grid lines', () => {
    const doc = expectImage(
      columnChart(
        [
          { month: '2026-11', values: [8, 4] },
          { month: '2026-12', values: [0, 2] },
          { month: '2027-01', values: [1, 0] },
        ],
        [{ label: 'Added' }, { label: 'Changed' }],
        opts(),
      ),
    );
    // max 8 -> step 2, axis to 8: 8 fills the plot.
    expect(valued(doc).map((r) => [r.attribs['data-value'], Number(r.attribs.height)])).toEqual([
      ['8', COLUMNS_LAYOUT.plot],
      ['4', COLUMNS_LAYOUT.plot / 2],
      ['2', COLUMNS_LAYOUT.plot / 4],
      ['1', COLUMNS_LAYOUT.plot / 8],
    ]);
    // Every column stands on the same baseline.
    expect(new Set(valued(doc).map((r) => Number(r.attribs.y) + Number(r.attribs.height))).size).toBe(1);
    const words = texts(doc);
    expect(words).toEqual(expect.arrayContaining(['Added', 'Changed', 'Nov', 'Dec', 'Jan', '2026', '2027', '0', '2', '4', '6', '8']));
    expect(all(doc, 'title').map((t) => DomUtils.textContent(t))).toContain('Dec 2026, Changed: 2');
  });
  test('niceStep gives 1, 2 or 5 times a power of ten', () => {
    expect([0, 1, 4, 5, 8, 11, 37, 120, 999, 12_345].map((m) => niceStep(m))).toEqual([1, 1, 1, 1, 2, 5, 10, 50, 200, 5000]);
  });
  test('bad months and mismatched series are refused', () => {
    expect(() => columnChart([{ month: '2026-13x', values: [1] }], [{ label: 'A' }], opts())).toThrow(/YYYY-MM/);
    expect(() => columnChart([{ month: '2026-01', values: [1, 2] }], [{ label: 'A' }], opts())).toThrow(/2 values for 1 series/);
  });
});

describe('colours', () => {
  test('numbers on every heat-map shade pass WCAG AA for text (4.5:1)', () => {
    for (const s of HEAT) expect(contrast(s.fill, s.text), s.fill).toBeGreaterThanOrEqual(4.5);
  });
  test('series, freshness bands and axes stand out from the page (3:1 for graphics)', () => {
    for (const s of [...SERIES, ...Object.values(FRESHNESS_STYLES)]) expect(contrast(s.fill, WHITE), s.fill).toBeGreaterThanOrEqual(3);
    expect(contrast(AXIS, WHITE)).toBeGreaterThanOrEqual(3);
    // A gap's outline and hatching stand out from the page and from the blank (covered) cells.
    expect(contrast(GAP.outline, WHITE)).toBeGreaterThanOrEqual(3);
    expect(contrast(GAP.hatch, COVERED.fill)).toBeGreaterThanOrEqual(3);
  });
  test('no two series look the same: each has its own colour and pattern', () => {
    const styles = [...SERIES];
    expect(new Set(styles.map((s) => s.fill)).size).toBe(styles.length);
    expect(new Set(styles.map((s) => s.pattern)).size).toBe(styles.length);
    const bands = Object.values(FRESHNESS_STYLES);
    expect(new Set(bands.map((s) => s.pattern)).size).toBe(bands.length);
  });
  test('contrast is the WCAG formula', () => {
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrast('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
    expect(() => contrast('red', '#fff')).toThrow(/#rrggbb/);
  });
});

describe('tables and their CSV', () => {
  const table: DataTable = {
    caption: 'Listings by audience',
    rowHeader: 'Audience',
    columns: ['Active listings', '=SUM(A1:A9)'],
    rows: [
      { name: 'Carers', values: [3, 1] },
      { name: 'Young carers', depth: 1, parent: 'Carers', values: [1, 0] },
      { name: '=HYPERLINK("https://evil.example.org","click")', values: [1, -2] },
      { name: 'Café, "quoted"\nline', values: [1234567, 'text, with comma'] },
    ],
  };
  test('UTF-8 with a byte order mark, CRLF line ends, a "Part of" column for narrower terms', () => {
    const text = tableCsv(table);
    expect(text.startsWith('\uFEFFAudience,Part of,Active listings,')).toBe(true);
    expect(text.split('\r\n')).toHaveLength(6);
    expect(text).toContain('\r\nYoung carers,Carers,1,0\r\n');
  });
  test('formula-like text (names and headers) is neutralised; numbers, even negative ones, are not', () => {
    const text = tableCsv(table);
    expect(text).toContain(`'=SUM(A1:A9)`);
    expect(text).toContain(`"'=HYPERLINK(""https://evil.example.org"",""click"")"`);
    expect(text).toContain(',1,-2\r\n');
  });
  test('parses back to exactly the table', () => {
    const rows = parse(tableCsv(table), { bom: true }) as string[][];
    expect(rows[0]).toEqual(['Audience', 'Part of', 'Active listings', "'=SUM(A1:A9)"]);
    expect(rows.slice(1).map((r) => [unguard(r[0]!), r[1], ...r.slice(2).map((v) => (/^-?\d+$/.test(v) ? Number(v) : v))])).toEqual(
      table.rows.map((r) => [r.name, r.parent ?? '', ...r.values]),
    );
  });
  test('a row with the wrong number of values is refused', () => {
    expect(() => tableCsv({ ...table, rows: [{ name: 'x', values: [1] }] })).toThrow(/1 values for 2 columns/);
  });
});
