/**
 * The dashboard's figures against a second hand-built fixture (tests/fixtures/dashboard), made to have every case
 * the dashboard shows: a broader term with a narrower one, a ward with nothing, gaps with and without city-wide
 * help, an inactive listing, current, due and overdue listings, a likely duplicate, several rules' warnings, an
 * organisation with no listings, and hostile names. Every number below was worked out by hand from the YAML
 * files (the comments say how).
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { loadHistory } from '../../src/history/index.ts';
import { activityByMonth, cellCounts, computeFigures, gapsOf, isCityWide, localWards, type Figures } from '../../src/report/figures.ts';
import { historyEvents } from '../../src/report/history.ts';
import { runLoop } from '../support/cli.ts';
import { dashboardFixtureWithHistory, loadDashboardFixture as load } from '../support/dashboard.ts';
const figures = (asOf?: string) => {
  const r = load(asOf);
  return computeFigures(r.dataset!, r.diagnostics);
};
const counts = (list: { slug: string; count: number; depth: number }[]) => list.map((c) => [c.slug, c.count, c.depth]);

describe('the dashboard fixture, by hand', () => {
  test('totals: the inactive Old Wellbeing Club is counted as a service but not as active', () => {
    const f = figures();
    expect(f.totals).toEqual({ organisations: 4, services: 6, resources: 1, locations: 3, activeListings: 6, inactiveListings: 1, contributingOrganisations: 3 });
  });
  test('freshness bands at 2026-11-24 (due after 6 months, overdue after 12)', () => {
    // current: food bank (2026-10-01), young carers club (2026-09-01), advice session (2026-11-01)
    // due: pantry (2026-03-01), leaflet (2026-05-01); overdue: helpline (2025-10-01); old club is inactive.
    expect(figures().freshness).toEqual({ current: 3, due: 2, overdue: 1 });
    // On 2027-04-01 the food bank and the young carers club have fallen due and the pantry is overdue; the leaflet is
    // still due (overdue from 2027-05-01); only the advice session is current.
    expect(figures('2027-04-01').freshness).toEqual({ current: 1, due: 3, overdue: 2 });
  });
  test('counts by term fold narrower terms into broader ones, as the site browse pages do', () => {
    const f = figures();
    // Food and essentials = leaflet (food) + food bank and pantry (emergency food, narrower).
    expect(counts(f.byCategory)).toEqual([['food', 3, 0], ['emergency-food', 2, 1], ['mental-health', 2, 0], ['advice', 1, 0]]);
    expect(counts(f.byNeed)).toEqual([['food', 1, 0], ['someone-to-talk-to', 1, 0]]);
    // Carers = pantry, helpline, and the young carers club (young carers, narrower).
    expect(counts(f.byAudience)).toEqual([['carers', 3, 0], ['young-carers', 1, 1], ['formula-test', 1, 0]]);
    expect(f.byFormat.filter((c) => c.count > 0).map((c) => [c.slug, c.count])).toEqual([['leaflet', 1]]);
  });
  test('local and city-wide, as the site area pages define them', () => {
    const { dataset } = load();
    const l = (slug: string) => dataset!.listing(slug)!;
    expect([...localWards(dataset!, l('armley-aid/food-bank'))]).toEqual(['ward/armley']);
    expect([...localWards(dataset!, l('armley-aid/pantry'))]).toEqual(['ward/gipton-and-harehills']);
    expect(isCityWide(dataset!, l('city-helpline/helpline'))).toBe(true); // service area leeds
    expect(isCityWide(dataset!, l('city-helpline/food-leaflet'))).toBe(true); // a resource
    expect(isCityWide(dataset!, l('armley-aid/food-bank'))).toBe(false);
  });
  test('local listings by ward; Weetwood has none', () => {
    const f = figures();
    expect(counts(f.byWard)).toEqual([['ward/armley', 1, 0], ['ward/chapel-allerton', 2, 0], ['ward/gipton-and-harehills', 1, 0], ['ward/weetwood', 0, 0]]);
    expect(f.wardsWithoutLocalListings.map((w) => w.slug)).toEqual(['ward/weetwood']);
  });
  test('the category x ward matrix, with city-wide help apart', () => {
    const m = figures().categoryByWard;
    expect(m.rows).toEqual([
      { slug: 'food', name: 'Food and essentials', depth: 0 },
      { slug: 'emergency-food', name: 'Emergency food', depth: 1 },
      { slug: 'mental-health', name: 'Mental health', depth: 0 },
      { slug: 'advice', name: 'Advice <script>alert("x")</script> & "rights"', depth: 0 },
    ]);
    expect(m.columns.map((c) => c.slug)).toEqual(['ward/armley', 'ward/chapel-allerton', 'ward/gipton-and-harehills', 'ward/weetwood']);
    //                Armley C.Allerton G&H Weetwood
    expect(m.cells).toEqual([
      [1, 0, 1, 0], // food: food bank (Armley), pantry (G&H)
      [1, 0, 1, 0], // emergency food: the same two
      [0, 1, 0, 0], // mental health: young carers club (Chapel Allerton); the old club is inactive
      [0, 1, 0, 0], // advice: advice session (Chapel Allerton)
    ]);
    // food: the leaflet (a resource); mental health: the helpline (service area leeds).
    expect(m.cityWide).toEqual([1, 0, 1, 0]);
    // 6 cells with local help; 5 zeros covered city-wide (food x2, mental health x3); 5 gaps (emergency food x2, advice x3).
    expect(cellCounts(m)).toEqual({ local: 6, cityWideOnly: 5, gaps: 5 });
    expect(gapsOf(m).map((g) => [g.slug, g.wards.map((w) => w.slug)])).toEqual([
      ['emergency-food', ['ward/chapel-allerton', 'ward/weetwood']],
      ['advice', ['ward/armley', 'ward/gipton-and-harehills', 'ward/weetwood']],
    ]);
  });
  test('the audience x ward matrix', () => {
    const m = figures().audienceByWard;
    expect(m.rows.map((r) => [r.slug, r.depth])).toEqual([['carers', 0], ['young-carers', 1], ['formula-test', 0]]);
    expect(m.cells).toEqual([
      [0, 1, 1, 0], // carers: young carers club (C. Allerton, via young carers), pantry (G&H)
      [0, 1, 0, 0], // young carers: the club
      [0, 0, 0, 0], // formula-test: only the leaflet, which is city-wide
    ]);
    expect(m.cityWide).toEqual([1, 0, 1]); // helpline; none; leaflet
    expect(cellCounts(m)).toEqual({ local: 3, cityWideOnly: 6, gaps: 3 });
  });
  test('likely duplicates and findings by rule', () => {
    const f = figures();
    expect(f.duplicates).toEqual([{ first: 'city-helpline/helpline', second: 'hostile-trust/advice-session', reason: 'phone', value: '0113 496 0300' }]);
    // completeness: leaflet 30, pantry 21, young carers club 21, advice session 26 (policy 40); freshness: pantry and
    // leaflet due, helpline overdue; geography: LS12 is not an area in the fixture.
    expect(f.diagnosticsByRule).toEqual([
      { rule: 'completeness', errors: 0, warnings: 4 },
      { rule: 'duplicates', errors: 0, warnings: 1 },
      { rule: 'freshness', errors: 0, warnings: 3 },
      { rule: 'geography', errors: 0, warnings: 1 },
    ]);
  });
  test('completeness of every listing (service weights out of 19, resource out of 10)', () => {
    const items = figures().organisations.flatMap((o) => o.items.map((i) => [i.slug, i.completeness, i.missing.map((m) => m.id)]));
    expect(items).toEqual([
      // everything but "who": 17/19
      ['armley-aid/food-bank', 89, ['who']],
      // where (venue) only: 2/19
      ['armley-aid/old-club', 11, ['description', 'contact', 'when', 'who', 'cost', 'access', 'area', 'needs', 'languages', 'accessibility']],
      // where 2 + who 2: 4/19
      ['armley-aid/pantry', 21, ['description', 'contact', 'when', 'cost', 'access', 'area', 'needs', 'languages', 'accessibility']],
      // who 2 + clinical review (no conditions, so not needed) 1: 3/10
      ['city-helpline/food-leaflet', 30, ['description', 'needs', 'languages', 'cost', 'accessibility']],
      // contact 3 + where 2 + who 2 + area 1 + needs 1: 9/19
      ['city-helpline/helpline', 47, ['description', 'when', 'cost', 'access', 'languages', 'accessibility']],
      ['city-helpline/young-carers-club', 21, ['description', 'contact', 'when', 'cost', 'access', 'area', 'needs', 'languages', 'accessibility']],
      // contact 3 + where 2: 5/19
      ['hostile-trust/advice-session', 26, ['description', 'when', 'who', 'cost', 'access', 'area', 'needs', 'languages', 'accessibility']],
    ]);
  });
  test('per organisation: averages over active listings, warnings, and next steps', () => {
    const [armley, city, hostile, quiet] = figures().organisations;
    expect([armley, city, hostile, quiet].map((o) => [o!.slug, o!.listings, o!.active, o!.completeness, o!.warnings])).toEqual([
      ['armley-aid', 3, 2, 55, 2], // (89 + 21) / 2; pantry: completeness and freshness
      ['city-helpline', 3, 3, 33, 4], // (47 + 21 + 30) / 3 = 32.7
      ['hostile-trust', 1, 1, 26, 2], // completeness and duplicates
      ['quiet-group', 0, 0, null, 0],
    ]);
    expect(armley!.freshness).toEqual({ current: 1, due: 1, overdue: 0 });
    expect(armley!.nextSteps).toEqual([
      'Review 1 listing due soon: Harehills Pantry.',
      'Improve "Harehills Pantry" (21% complete): Add a description: what happens, who runs it, what to expect.',
    ]);
    expect(city!.nextSteps).toEqual([
      'Review 1 overdue listing: City Helpline.',
      'Review 1 listing due soon: Eating Well on a Budget.',
      'Improve "Young Carers Club" (21% complete): Add a description: what happens, who runs it, what to expect.',
      'Add maintainers (GitHub accounts) so your organisation can approve changes to its own listings.',
    ]);
    expect(quiet!.nextSteps).toEqual(['Add your first listing with the web form at /admin.']);
    const pantry = armley!.items.find((i) => i.slug === 'armley-aid/pantry')!;
    expect(pantry.warnings.map((w) => [w.rule, w.severity, w.line])).toEqual([
      ['completeness', 'warning', 2],
      ['freshness', 'warning', 10],
    ]);
    expect(pantry.warnings[1]!.hint).toMatch(/npx loop review/);
    expect(hostile!.name).toBe('<img src=x onerror=alert(1)> Trust & Co');
    expect(quiet!.fileWarnings).toEqual([]);
  });
  test("findings about an organisation's own file are kept with it", () => {
    const result = load();
    const withOrgWarning = [...result.diagnostics, { file: 'data/organisations/quiet-group.yaml', line: 3, column: 1, severity: 'warning' as const, rule: 'personal-data', message: 'looks like a person', hint: 'use a role mailbox' }];
    const quiet = computeFigures(result.dataset!, withOrgWarning).organisations[3]!;
    expect(quiet.fileWarnings).toEqual([{ rule: 'personal-data', severity: 'warning', message: 'looks like a person', hint: 'use a role mailbox', line: 3 }]);
    expect(quiet.warnings).toBe(1);
  });
});

describe('listings added and changed per month', () => {
  const e = (file: string, date: string, kind: 'added' | 'changed' | 'removed', id?: string) => ({ file, date, kind, ...(id ? { id } : {}) });
  test('each listing once a month (added wins), quiet months as zeros, organisations and removals left out', () => {
    expect(
      activityByMonth([
        e('data/services/a/x.yaml', '2026-08-02T10:00:00+01:00', 'added', 'X'),
        e('data/services/a/x.yaml', '2026-08-20T10:00:00+01:00', 'changed', 'X'),
        e('data/services/a/y.yaml', '2026-08-21T10:00:00+01:00', 'changed', 'Y'),
        e('data/services/a/y.yaml', '2026-08-22T10:00:00+01:00', 'changed', 'Y'),
        // renamed: a new path, the same listing
        e('data/services/a/y-renamed.yaml', '2026-11-01T10:00:00Z', 'changed', 'Y'),
        e('data/resources/a/z.yaml', '2026-11-03T10:00:00Z', 'added', 'Z'),
        e('data/organisations/a.yaml', '2026-09-01T10:00:00Z', 'changed'),
        e('data/services/a/x.yaml', '2026-12-01T10:00:00Z', 'removed', 'X'),
      ]),
    ).toEqual([
      { month: '2026-08', added: 1, changed: 1 },
      { month: '2026-09', added: 0, changed: 0 },
      { month: '2026-10', added: 0, changed: 0 },
      { month: '2026-11', added: 1, changed: 1 },
    ]);
  });
  test('across a new year, and nothing at all', () => {
    expect(activityByMonth([e('data/services/a/x.yaml', '2026-12-31T23:00:00Z', 'added'), e('data/services/a/y.yaml', '2027-02-01T00:00:00Z', 'added')]).map((m) => m.month)).toEqual(['2026-12', '2027-01', '2027-02']);
    expect(activityByMonth([])).toEqual([]);
  });
});

describe('from real git history', () => {
  const dir = dashboardFixtureWithHistory();
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  // See dashboardFixtureWithHistory: three commits, in August, October and November 2026.
  const expected = [
    { month: '2026-08', added: 5, changed: 0 },
    { month: '2026-09', added: 0, changed: 0 },
    { month: '2026-10', added: 2, changed: 1 },
    { month: '2026-11', added: 0, changed: 2 },
  ];
  test("the history module's change sets become one event per listing per version", async () => {
    const result = load('2026-11-24', dir);
    const history = await loadHistory(result.dataset!, { dataDir: join(dir, 'data'), root: dir });
    const events = historyEvents(history)!;
    expect(events.filter((e) => e.kind === 'added').map((e) => [e.date.slice(0, 10), e.record, e.id])).toEqual([
      ['2026-10-05', 'resource', 'e2f09937-751b-4c73-a83c-efd03b7604e1'],
      ['2026-10-05', 'service', '9cad8096-72ad-4f8d-a5f4-621dd688d0de'],
      ['2026-08-10', 'service', '05d9ab47-c5ae-465f-aa26-fb4f1019b222'],
      ['2026-08-10', 'service', '1bf76dcc-dc34-4c82-8608-1cec06b0b21f'],
      ['2026-08-10', 'service', 'cbcda02c-044f-4454-8448-96647e088452'],
      ['2026-08-10', 'service', 'b8deaee0-4150-48d2-b87e-eeca6c2ec47d'],
      ['2026-08-10', 'service', 'd8256179-813e-4d12-ab2e-5b13b3854aa0'],
    ]);
    // Organisations, venues and vocabularies were added too, but are not listings.
    expect(events.every((e) => e.record === 'service' || e.record === 'resource')).toBe(true);
    expect(computeFigures(result.dataset!, result.diagnostics, events).activity).toEqual(expected);
  });
  test('loop report counts them too (tests/report/figures.test.ts runs it without git)', async () => {
    const json = JSON.parse((await runLoop(['report', '--format', 'json', '--as-of', '2026-11-24'], { cwd: dir })).stdout) as Figures;
    expect(json.activity).toEqual(expected);
    const md = (await runLoop(['report', '--format', 'markdown', '--as-of', '2026-11-24'], { cwd: dir })).stdout;
    expect(md).toContain('| 2026-10 | 2 | 1 |');
  });
  test('no repository: no events, and a shallow history leaves out its oldest, partial month', async () => {
    const result = load('2026-11-24', dir);
    const unavailable = { status: { available: false, shallow: false, uncommitted: [] }, changeSets: [] };
    expect(historyEvents(unavailable as never)).toBeUndefined();
    const history = await loadHistory(result.dataset!, { dataDir: join(dir, 'data'), root: dir });
    const shallow = { status: { ...history.status, shallow: true }, changeSets: history.changeSets };
    expect(activityByMonth(historyEvents(shallow as never)!).map((m) => m.month)).toEqual(['2026-10', '2026-11']);
  });
});
