/** Opens, updates and closes the per-organisation review reminder issues. Idempotent: a second run changes nothing. */
import type { Dataset } from '../dataset/dataset.ts';
import type { GitHub, GitHubIssue } from './client.ts';
import { REMINDER_LABEL, reminderIssue, reminders } from './reminders.ts';

export interface SyncReport {
  opened: string[];
  updated: string[];
  closed: string[];
  unchanged: string[];
}

export async function syncReminderIssues(dataset: Dataset, github: GitHub): Promise<SyncReport> {
  const report: SyncReport = { opened: [], updated: [], closed: [], unchanged: [] };
  const existing = await github.issuesWithLabel(REMINDER_LABEL, 'all');
  const byKey = new Map<string, GitHubIssue>();
  // Prefer an open issue when an organisation has several (e.g. an old closed one).
  for (const issue of existing) {
    const key = /<!-- loop-review-reminder:([a-z0-9-]+) -->/.exec(issue.body ?? '')?.[1];
    if (key && (!byKey.has(key) || issue.state === 'open')) byKey.set(key, issue);
  }
  for (const reminder of reminders(dataset)) {
    const slug = reminder.organisation.slug;
    const issue = byKey.get(slug);
    const pending = reminder.due.length + reminder.overdue.length;
    if (pending === 0) {
      if (issue?.state === 'open') {
        await github.updateIssue(issue.number, { state: 'closed', state_reason: 'completed' });
        report.closed.push(slug);
      }
      continue;
    }
    const content = reminderIssue(dataset, reminder);
    if (!issue) {
      await github.createIssue(content.title, content.body, [REMINDER_LABEL]);
      report.opened.push(slug);
    } else if (issue.state === 'closed' || issue.title !== content.title || issue.body !== content.body) {
      await github.updateIssue(issue.number, { title: content.title, body: content.body, state: 'open' });
      report.updated.push(slug);
    } else {
      report.unchanged.push(slug);
    }
  }
  return report;
}
