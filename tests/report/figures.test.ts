/** The dashboard's figures, checked by hand against the small fixture dataset (tests/fixtures/valid). */
import { describe, expect, test } from 'vitest';
import { computeFigures } from '../../src/report/figures.ts';
import { reportMarkdown, reportText } from '../../src/report/format.ts';
import { runLoop } from '../support/cli.ts';
import { fixtureCopy, validateWith } from '../support/data.ts';

function figures(asOf = '2026-11-24', history?: Parameters<typeof computeFigures>[2]) {
  const result = validateWith({}, { asOf });
  return computeFigures(result.dataset!, result.diagnostics, history);
}

describe('figures for the fixture', () => {
  test('totals and freshness bands', () => {
    const f = figures();
    expect(f.totals).toEqual({ organisations: 2, services: 3, resources: 1, locations: 2, activeListings: 4, inactiveListings: 0, contributingOrganisations: 2 });
    expect(f.freshness).toEqual({ current: 4, due: 0, overdue: 0 });
    // 2027-08-15: the guide (reviewed 2026-08-01) is overdue; the other three are due.
    expect(figures('2027-08-15').freshness).toEqual({ current: 0, due: 3, overdue: 1 });
  });
  test('counts by category, need, audience and ward', () => {
    const f = figures();
    expect(f.byCategory.map((c) => [c.slug, c.count])).toEqual([['carers-support', 3], ['emergency-food', 1]]);
    expect(f.byNeed.map((c) => [c.slug, c.count])).toEqual([['someone-to-talk-to', 1], ['food', 1]]);
    expect(f.byAudience.map((c) => [c.slug, c.count])).toEqual([['carers', 2], ['older-people', 0]]);
    expect(f.byWard.map((c) => [c.slug, c.count])).toEqual([['ward/chapel-allerton', 1], ['ward/gipton-and-harehills', 2]]);
    // Every format the model knows, zeros included.
    expect(f.byFormat.map((c) => [c.slug, c.count])).toEqual([['leaflet', 1], ['app', 0], ['video', 0], ['course', 0], ['website', 0], ['audio', 0], ['book', 0], ['toolkit', 0]]);
    expect(f.wardsWithoutLocalListings).toEqual([]);
  });
  test('the category x ward gap matrix separates local from city-wide help', () => {
    const m = figures().categoryByWard;
    expect(m.rows.map((r) => r.slug)).toEqual(['carers-support', 'emergency-food']);
    expect(m.columns.map((c) => c.slug)).toEqual(['ward/chapel-allerton', 'ward/gipton-and-harehills']);
    // Drop-in: venue in Chapel Allerton, areas Chapel Allerton and Gipton & Harehills. Food share: venue in Gipton & Harehills.
    expect(m.cells).toEqual([[1, 1], [0, 1]]);
    // Phone line (service area leeds) and the guide (a resource) are city-wide.
    expect(m.cityWide).toEqual([2, 0]);
    const a = figures().audienceByWard;
    expect(a.cells).toEqual([[1, 1], [0, 0]]);
    expect(a.cityWide).toEqual([1, 0]);
  });
  test('inactive listings drop out of every count', () => {
    const result = validateWith({ 'services/harehills-food-share/food-share.yaml': null }, { asOf: '2026-11-24' });
    const f = computeFigures(result.dataset!, result.diagnostics);
    expect(f.categoryByWard.cells).toEqual([[1, 1], [0, 0]]);
    expect(f.wardsWithoutLocalListings).toEqual([]);
    expect(f.totals.contributingOrganisations).toBe(1);
  });
  test('per organisation: completeness, freshness, warnings and what to do next', () => {
    const [carers, food] = figures().organisations;
    expect(carers!.items.map((i) => [i.slug, i.completeness])).toEqual([
      ['chapeltown-carers/carers-drop-in', 95],
      ['chapeltown-carers/carers-guide', 80],
      ['chapeltown-carers/carers-phone-line', 42],
    ]);
    expect(carers!.completeness).toBe(72);
    expect(carers!.nextSteps).toEqual(['Improve "Carers Phone Line" (42% complete): Add a description: what happens, who runs it, what to expect.']);
    expect(food!.completeness).toBe(47);
    expect(food!.nextSteps).toContain('Add maintainers (GitHub accounts) so your organisation can approve changes to its own listings.');
    const later = figures('2027-08-15').organisations[0]!;
    expect(later.freshness).toEqual({ current: 0, due: 2, overdue: 1 });
    expect(later.nextSteps[0]).toBe('Review 1 overdue listing: A Guide for New Carers.');
  });
  test('warnings by rule, and monthly activity from history', () => {
    const f = figures('2027-08-15', [
      { file: 'data/services/a/b.yaml', date: '2026-10-03T10:00:00+01:00', kind: 'added' },
      { file: 'data/services/a/b.yaml', date: '2026-10-20T10:00:00+01:00', kind: 'changed' },
      { file: 'data/resources/a/c.yaml', date: '2026-11-02T10:00:00Z', kind: 'added' },
      { file: 'data/organisations/a.yaml', date: '2026-11-02T10:00:00Z', kind: 'added' },
      { file: 'data/services/a/d.yaml', date: '2026-11-05T10:00:00Z', kind: 'removed' },
    ]);
    expect(f.diagnosticsByRule).toEqual([{ rule: 'freshness', errors: 0, warnings: 4 }]);
    // b.yaml was added and changed in October: counted once, as added. The organisation and the removal do not count.
    expect(f.activity).toEqual([
      { month: '2026-10', added: 1, changed: 0 },
      { month: '2026-11', added: 1, changed: 0 },
    ]);
    expect(figures().activity).toBeNull();
  });
});

describe('loop report', () => {
  test('text, markdown and json carry the same figures', async () => {
    const dir = fixtureCopy();
    const json = JSON.parse((await runLoop(['report', '--format', 'json', '--as-of', '2026-11-24'], { cwd: dir })).stdout) as ReturnType<typeof figures>;
    expect(json.totals.activeListings).toBe(4);
    const md = (await runLoop(['report', '--format', 'markdown', '--as-of', '2026-11-24'], { cwd: dir })).stdout;
    expect(md).toContain('- **4** active listings (3 services, 1 resource; 0 inactive) from **2** of 2 organisations, at 2 venues.');
    expect(md).toContain('| Carers support | 3 |');
    const text = (await runLoop(['report', '--as-of', '2026-11-24'], { cwd: dir })).stdout;
    expect(text).toContain('4 active listings');
    expect(text).not.toContain('**');
    expect(text).toBe(reportText(figures()));
    expect(reportMarkdown(figures())).toBe(md);
    expect((await runLoop(['report', '--format', 'pdf'], { cwd: dir })).code).toBe(2);
  });
});

describe('the report in words', () => {
  /** The fixture's figures with an organisation whose name was written to break markdown and terminals. */
  function hostile() {
    const f = figures();
    const name = 'Evil | <script>alert(1)</script> **bold** [link](javascript:alert(1))\u001b[31m red';
    return { ...f, organisations: [{ ...f.organisations[0]!, name }, ...f.organisations.slice(1)] };
  }
  test('markdown escapes names from the data: no HTML, no emphasis, no links, no broken tables', () => {
    const md = reportMarkdown(hostile());
    const row = md.split('\n').find((l) => l.includes('Evil'))!;
    expect(row).not.toContain('<script>');
    expect(row).toContain('&lt;script&gt;');
    expect(row).not.toContain('**bold**');
    expect(row).toContain('\\[link\\]');
    // Escaped pipes do not split cells: the row still has the table's seven cells.
    expect(row.split(/(?<!\\)\|/).length - 2).toBe(7);
    // Numbers are right-aligned in the table rules.
    expect(md).toContain('|---|---:|---:|---:|---:|---:|---:|');
  });
  test('text lines tables up in columns, numbers to the right, and drops control characters', () => {
    const text = reportText(hostile());
    expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
    const lines = text.split('\n');
    const header = lines.findIndex((l) => l.startsWith('Organisation '));
    const table = lines.slice(header, lines.indexOf('', header));
    // Header, rule, then one line per organisation, every column ending at the same place.
    expect(table).toHaveLength(2 + hostile().organisations.length);
    const warningsEnd = table[0]!.length;
    for (const line of table) expect(line.length).toBe(warningsEnd);
    expect(lines[0]).toBe('LOOP data report, 2026-11-24');
    expect(lines[1]).toBe('='.repeat(lines[0]!.length));
  });
});
