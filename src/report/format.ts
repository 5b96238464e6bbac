/** `loop report` in words: the same figures as the dashboard, for a terminal or the monthly update (markdown). */
import { gapsOf, type Count, type Figures, type GapMatrix } from './figures.ts';

function pct(n: number, of: number): string {
  return of ? `${Math.round((100 * n) / of)}%` : '0%';
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

export function reportMarkdown(f: Figures): string {
  const t = f.totals;
  const active = t.activeListings;
  const out: string[] = [];
  out.push(`# LOOP data report, ${f.asOf}`, '');
  if (f.exampleData) out.push('> These figures describe fictional example data.', '');
  out.push('## At a glance', '');
  out.push(`- **${active}** active listings (${t.services} services, ${t.resources} resources; ${t.inactiveListings} inactive) from **${t.contributingOrganisations}** of ${t.organisations} organisations, at ${t.locations} venues.`);
  out.push(`- Freshness: **${f.freshness.current}** reviewed within policy (${pct(f.freshness.current, active)}), **${f.freshness.due}** due, **${f.freshness.overdue}** overdue.`);
  out.push(`- Likely duplicates: **${f.duplicates.length}**.`);
  const warnings = f.diagnosticsByRule.reduce((n, r) => n + r.warnings, 0);
  const errors = f.diagnosticsByRule.reduce((n, r) => n + r.errors, 0);
  out.push(`- Validation: ${errors} errors, ${warnings} warnings.`);
  out.push(`- Wards with no local listing: ${f.wardsWithoutLocalListings.length ? f.wardsWithoutLocalListings.map((w) => w.name).join(', ') : 'none'}.`);
  out.push('', '## Listings by category (top 10)', '', '| Category | Listings |', '|---|---|');
  for (const c of top(f.byCategory)) out.push(`| ${c.name} | ${c.count} |`);
  out.push('', '## Listings by need (top 10)', '', '| Need | Listings |', '|---|---|');
  for (const c of top(f.byNeed)) out.push(`| ${c.name} | ${c.count} |`);
  out.push('', '## Listings by audience', '', '| Audience | Listings |', '|---|---|');
  for (const c of top(f.byAudience, 50)) out.push(`| ${c.name} | ${c.count} |`);
  out.push('', '## Local listings by ward', '', '| Ward | Listings |', '|---|---|');
  for (const c of f.byWard) out.push(`| ${c.name} | ${c.count} |`);
  const categoryGaps = gaps(f.categoryByWard);
  if (categoryGaps.length) {
    out.push('', '## Gaps: categories with no local or city-wide help in some wards', '');
    for (const g of categoryGaps.slice(0, 15)) out.push(`- **${g.row}**: none in ${g.wards.length} ward${g.wards.length === 1 ? '' : 's'} (${g.wards.slice(0, 6).join(', ')}${g.wards.length > 6 ? ', …' : ''})`);
  }
  if (f.activity) {
    out.push('', '## Listings added and changed per month', '', '| Month | Added | Changed |', '|---|---|---|');
    for (const m of f.activity.slice(-12)) out.push(`| ${m.month} | ${m.added} | ${m.changed} |`);
  }
  if (f.diagnosticsByRule.length) {
    out.push('', '## Validation findings by rule', '', '| Rule | Errors | Warnings |', '|---|---|---|');
    for (const r of f.diagnosticsByRule) out.push(`| ${r.rule} | ${r.errors} | ${r.warnings} |`);
  }
  out.push('', '## Organisations', '', '| Organisation | Active | Current | Due | Overdue | Completeness | Warnings |', '|---|---|---|---|---|---|---|');
  for (const o of f.organisations) {
    out.push(`| ${o.name} | ${o.active} | ${o.freshness.current} | ${o.freshness.due} | ${o.freshness.overdue} | ${o.completeness === null ? '–' : `${o.completeness}%`} | ${o.warnings} |`);
  }
  return `${out.join('\n')}\n`;
}

/** Plain text for a terminal: the markdown without its table rules and emphasis. */
export function reportText(f: Figures): string {
  return reportMarkdown(f)
    .split('\n')
    .filter((l) => !/^\|[-|]+\|$/.test(l))
    .map((l) => l.replace(/\*\*/g, '').replace(/^#+ /, '').replace(/^> /, '').replace(/^\| (.*) \|$/, (_m, cells: string) => cells.split(' | ').join('  ')))
    .join('\n');
}
