/**
 * `loop report` in words: the same figures as the dashboard, for a terminal or the monthly update (markdown).
 * The report is built once as a list of blocks and rendered two ways, so the text and markdown never disagree;
 * names come from the data (organisation and term names written by volunteers), so markdown output escapes them.
 */
import { gapsOf, type Count, type Figures, type GapMatrix } from './figures.ts';

/** A run of text: plain, or strong (bold in markdown, plain in a terminal). */
type Span = string | { strong: string };
type Block =
  | { kind: 'title'; text: string }
  | { kind: 'heading'; text: string }
  | { kind: 'note'; text: string }
  | { kind: 'bullets'; items: Span[][] }
  | { kind: 'table'; columns: string[]; numeric: boolean[]; rows: (string | number)[][] };

function pct(n: number, of: number): string {
  return of ? `${Math.round((100 * n) / of)}%` : '0%';
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;
}

function top(counts: Count[], n = 10): Count[] {
  return [...counts].filter((c) => c.count > 0).sort((a, b) => b.count - a.count || a.name.localeCompare(b.name)).slice(0, n);
}

/** Rows with help in some wards but not others (a row with no local help anywhere is a missing service, not a gap). */
function gaps(matrix: GapMatrix): { row: string; wards: string[] }[] {
  return gapsOf(matrix)
    .filter((g) => g.wards.length < matrix.columns.length)
    .map((g) => ({ row: g.name, wards: g.wards.map((w) => w.name) }));
}

function countTable(heading: string, column: string, counts: Count[]): Block[] {
  return [
    { kind: 'heading', text: heading },
    { kind: 'table', columns: [column, 'Listings'], numeric: [false, true], rows: counts.map((c) => [c.name, c.count]) },
  ];
}

export function reportBlocks(f: Figures): Block[] {
  const t = f.totals;
  const active = t.activeListings;
  const blocks: Block[] = [{ kind: 'title', text: `LOOP data report, ${f.asOf}` }];
  if (f.exampleData) blocks.push({ kind: 'note', text: 'These figures describe fictional example data.' });
  const warnings = f.diagnosticsByRule.reduce((n, r) => n + r.warnings, 0);
  const errors = f.diagnosticsByRule.reduce((n, r) => n + r.errors, 0);
  const unserved = f.wardsWithoutLocalListings.map((w) => w.name);
  blocks.push(
    { kind: 'heading', text: 'At a glance' },
    {
      kind: 'bullets',
      items: [
        [{ strong: active.toLocaleString('en-GB') }, ` active listings (${plural(t.services, 'service')}, ${plural(t.resources, 'resource')}; ${t.inactiveListings.toLocaleString('en-GB')} inactive) from `, { strong: t.contributingOrganisations.toLocaleString('en-GB') }, ` of ${plural(t.organisations, 'organisation')}, at ${plural(t.locations, 'venue')}.`],
        ['Freshness: ', { strong: f.freshness.current.toLocaleString('en-GB') }, ` reviewed within policy (${pct(f.freshness.current, active)}), `, { strong: f.freshness.due.toLocaleString('en-GB') }, ' due, ', { strong: f.freshness.overdue.toLocaleString('en-GB') }, ' overdue.'],
        ['Likely duplicates: ', { strong: f.duplicates.length.toLocaleString('en-GB') }, '.'],
        [`Validation: ${plural(errors, 'error')}, ${plural(warnings, 'warning')}.`],
        [`Wards with no local listing: ${unserved.length ? unserved.join(', ') : 'none'}.`],
      ],
    },
  );
  blocks.push(...countTable('Listings by category (top 10)', 'Category', top(f.byCategory)));
  blocks.push(...countTable('Listings by need (top 10)', 'Need', top(f.byNeed)));
  blocks.push(...countTable('Listings by audience', 'Audience', top(f.byAudience, 50)));
  blocks.push(...countTable('Local listings by ward', 'Ward', f.byWard));
  const categoryGaps = gaps(f.categoryByWard);
  if (categoryGaps.length) {
    blocks.push(
      { kind: 'heading', text: 'Gaps: categories with no local or city-wide help in some wards' },
      {
        kind: 'bullets',
        items: categoryGaps.slice(0, 15).map((g) => [{ strong: g.row }, `: none in ${plural(g.wards.length, 'ward')} (${g.wards.slice(0, 6).join(', ')}${g.wards.length > 6 ? ', …' : ''})`]),
      },
    );
  }
  if (f.activity) {
    blocks.push({ kind: 'heading', text: 'Listings added and changed per month' }, { kind: 'table', columns: ['Month', 'Added', 'Changed'], numeric: [false, true, true], rows: f.activity.slice(-12).map((m) => [m.month, m.added, m.changed]) });
  }
  if (f.diagnosticsByRule.length) {
    blocks.push({ kind: 'heading', text: 'Validation findings by rule' }, { kind: 'table', columns: ['Rule', 'Errors', 'Warnings'], numeric: [false, true, true], rows: f.diagnosticsByRule.map((r) => [r.rule, r.errors, r.warnings]) });
  }
  blocks.push(
    { kind: 'heading', text: 'Organisations' },
    {
      kind: 'table',
      columns: ['Organisation', 'Active', 'Current', 'Due', 'Overdue', 'Completeness', 'Warnings'],
      numeric: [false, true, true, true, true, true, true],
      rows: f.organisations.map((o) => [o.name, o.active, o.freshness.current, o.freshness.due, o.freshness.overdue, o.completeness === null ? '–' : `${o.completeness}%`, o.warnings]),
    },
  );
  return blocks;
}

/** Text from the data, made inert in markdown: no HTML, no emphasis, no table breaks, no links. */
export function escapeMarkdown(s: string): string {
  return s.replace(/\s+/g, ' ').replace(/[\\`*_[\]<>|~&]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : `\\${c}`));
}

function cell(v: string | number): string {
  return typeof v === 'number' ? v.toLocaleString('en-GB') : v;
}

export function reportMarkdown(f: Figures): string {
  const spans = (items: Span[]) => items.map((s) => (typeof s === 'string' ? escapeMarkdown(s) : `**${escapeMarkdown(s.strong)}**`)).join('');
  const out: string[] = [];
  for (const b of reportBlocks(f)) {
    if (out.length) out.push('');
    if (b.kind === 'title') out.push(`# ${escapeMarkdown(b.text)}`);
    else if (b.kind === 'heading') out.push(`## ${escapeMarkdown(b.text)}`);
    else if (b.kind === 'note') out.push(`> ${escapeMarkdown(b.text)}`);
    else if (b.kind === 'bullets') for (const item of b.items) out.push(`- ${spans(item)}`);
    else {
      out.push(`| ${b.columns.map(escapeMarkdown).join(' | ')} |`, `|${b.numeric.map((n) => (n ? '---:' : '---')).join('|')}|`);
      for (const row of b.rows) out.push(`| ${row.map((v) => escapeMarkdown(cell(v))).join(' | ')} |`);
    }
  }
  return `${out.join('\n')}\n`;
}

/** Plain text for a terminal: headings underlined, tables in aligned columns (numbers to the right). */
export function reportText(f: Figures): string {
  // Terminal output: control characters from the data must not move the cursor or recolour the screen.
  const plain = (s: string) => s.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ');
  const width = (s: string) => [...s].length;
  const out: string[] = [];
  for (const b of reportBlocks(f)) {
    if (out.length) out.push('');
    if (b.kind === 'title' || b.kind === 'heading') out.push(plain(b.text), (b.kind === 'title' ? '=' : '-').repeat(width(plain(b.text))));
    else if (b.kind === 'note') out.push(plain(b.text));
    else if (b.kind === 'bullets') for (const item of b.items) out.push(`- ${plain(item.map((s) => (typeof s === 'string' ? s : s.strong)).join(''))}`);
    else {
      const rows = [b.columns, ...b.rows.map((r) => r.map((v) => plain(cell(v))))];
      const widths = b.columns.map((_c, j) => Math.max(...rows.map((r) => width(r[j]!))));
      const line = (r: string[]) =>
        r
          .map((v, j) => (b.numeric[j] ? ' '.repeat(widths[j]! - width(v)) + v : j === r.length - 1 ? v : v + ' '.repeat(widths[j]! - width(v))))
          .join('  ')
          .trimEnd();
      out.push(line(rows[0]!), widths.map((w) => '-'.repeat(w)).join('  '));
      for (const r of rows.slice(1)) out.push(line(r));
    }
  }
  return `${out.join('\n')}\n`;
}
