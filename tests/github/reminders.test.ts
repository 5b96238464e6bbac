import { afterEach, describe, expect, test } from 'vitest';
import { GitHub } from '../../src/github/client.ts';
import { reminderIssue, reminders } from '../../src/github/reminders.ts';
import { syncReminderIssues } from '../../src/github/sync-issues.ts';
import { edit, validateWith } from '../support/data.ts';
import { startFakeGitHub, type FakeGitHub } from '../support/fake-github.ts';

// Fixture reviews: guide 2026-08-01, drop-in 2026-09-14, phone line 2026-10-01, food share 2026-11-01.
const CURRENT = '2026-11-24';
const MIXED = '2027-08-15'; // guide overdue; drop-in, phone line and food share due

describe('who needs reminding', () => {
  test('current, due and overdue listings, grouped by organisation', () => {
    expect(reminders(validateWith({}, { asOf: CURRENT }).dataset!).every((r) => r.due.length + r.overdue.length === 0)).toBe(true);
    const [carers, food] = reminders(validateWith({}, { asOf: MIXED }).dataset!);
    expect(carers!.organisation.slug).toBe('chapeltown-carers');
    expect(carers!.overdue.map((i) => i.listing.slug)).toEqual(['chapeltown-carers/carers-guide']);
    expect(carers!.due.map((i) => i.listing.slug)).toEqual(['chapeltown-carers/carers-drop-in', 'chapeltown-carers/carers-phone-line']);
    expect(food!.due.map((i) => i.listing.slug)).toEqual(['harehills-food-share/food-share']);
  });
  test('inactive listings are not chased', () => {
    const files = edit('services/harehills-food-share/food-share.yaml', 'kind: service', 'kind: service\nstatus: defunct');
    const food = reminders(validateWith(files, { asOf: MIXED }).dataset!)[1]!;
    expect(food.due).toEqual([]);
  });
  test('the issue names the maintainers, lists each listing with its file, and escapes listing text', () => {
    const files = edit('services/chapeltown-carers/carers-drop-in.yaml', "name: Carers' Drop-in", 'name: "Drop-in <img src=x> @everyone [x](javascript:1)"');
    const dataset = validateWith(files, { asOf: MIXED }).dataset!;
    const issue = reminderIssue(dataset, reminders(dataset)[0]!);
    expect(issue.title).toBe('Review due: 3 listings for Chapeltown Carers Network');
    expect(issue.body).toContain('<!-- loop-review-reminder:chapeltown-carers -->');
    expect(issue.body).toContain('@chapeltown-carers-admin: 3 of Chapeltown Carers Network');
    expect(issue.body).toContain('`data/resources/chapeltown-carers/carers-guide.yaml`');
    expect(issue.body).toContain('overdue since 2027-08-01');
    expect(issue.body).toContain('Drop-in \\<img src=x\\> \\@everyone \\[x\\](javascript:1)');
    expect(issue.body).not.toMatch(/(?<!\\)@everyone/);
  });
});

describe('syncing reminder issues with GitHub', () => {
  let fake: FakeGitHub | undefined;
  afterEach(async () => fake?.close());

  test('opens one issue per organisation, updates it, leaves it alone when unchanged, closes it when current', async () => {
    fake = await startFakeGitHub('loop-leeds/loop', 1);
    const github = new GitHub({ token: 'test-token', repository: 'loop-leeds/loop', apiUrl: fake.url });
    const mixed = validateWith({}, { asOf: MIXED }).dataset!;
    expect(await syncReminderIssues(mixed, github)).toEqual({ opened: ['chapeltown-carers', 'harehills-food-share'], updated: [], closed: [], unchanged: [] });
    expect(fake.issues.map((i) => [i.title, i.state, i.labels])).toEqual([
      ['Review due: 3 listings for Chapeltown Carers Network', 'open', ['review-reminder']],
      ['Review due: 1 listing for Harehills Food Share', 'open', ['review-reminder']],
    ]);
    // Idempotent: pagination (page size 1) is followed and nothing changes on a second run.
    expect(await syncReminderIssues(mixed, github)).toEqual({ opened: [], updated: [], closed: [], unchanged: ['chapeltown-carers', 'harehills-food-share'] });
    // The food share is reviewed: its issue closes; the carers' issue is updated when one of theirs is reviewed.
    const files = {
      ...edit('services/harehills-food-share/food-share.yaml', 'reviewed: 2026-11-01', 'reviewed: 2027-08-01'),
      ...edit('services/chapeltown-carers/carers-phone-line.yaml', 'reviewed: 2026-10-01', 'reviewed: 2027-08-01'),
    };
    const later = validateWith(files, { asOf: MIXED }).dataset!;
    expect(await syncReminderIssues(later, github)).toEqual({ opened: [], updated: ['chapeltown-carers'], closed: ['harehills-food-share'], unchanged: [] });
    expect(fake.issues.map((i) => [i.title, i.state])).toEqual([
      ['Review due: 2 listings for Chapeltown Carers Network', 'open'],
      ['Review due: 1 listing for Harehills Food Share', 'closed'],
    ]);
    // Due again later: the closed issue is reopened rather than duplicated.
    expect(await syncReminderIssues(mixed, github)).toMatchObject({ opened: [], updated: ['chapeltown-carers', 'harehills-food-share'] });
    expect(fake.issues).toHaveLength(2);
  });
  test('a bad token is an error, not a silent success', async () => {
    fake = await startFakeGitHub();
    const github = new GitHub({ token: 'wrong', repository: 'loop-leeds/loop', apiUrl: fake.url });
    await expect(syncReminderIssues(validateWith({}, { asOf: MIXED }).dataset!, github)).rejects.toThrow(/401/);
  });
});
