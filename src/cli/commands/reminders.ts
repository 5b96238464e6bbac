import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { defaultDataDir, resolveDataDir, validateData } from '../../checks/load.ts';
import { GitHub } from '../../github/client.ts';
import { reminderIssue, reminders } from '../../github/reminders.ts';
import { syncReminderIssues } from '../../github/sync-issues.ts';
import { UsageError, type Command } from '../command.ts';
import { today } from '../../model/clock.ts';

export const remindersCommand: Command = {
  name: 'reminders',
  summary: 'List listings due or overdue for review by organisation (--apply: open/update/close GitHub issues)',
  usage: 'npx loop reminders [--data DIR] [--as-of YYYY-MM-DD] [--format text|json] [--apply]',
  async run(args, io) {
    const { values } = parseArgs({
      args,
      options: { data: { type: 'string' }, 'as-of': { type: 'string' }, format: { type: 'string', default: 'text' }, apply: { type: 'boolean', default: false } },
      strict: true,
    });
    if (!['text', 'json'].includes(values.format)) throw new UsageError('--format must be text or json');
    const dataDir = values.data ? resolveDataDir(resolve(io.cwd, values.data)) : defaultDataDir(io.cwd);
    const result = await validateData({ root: io.cwd, dataDir, asOf: today({ asOf: values['as-of'] }) });
    if (!result.dataset) {
      io.stderr('loop.config.yaml is invalid: run `npx loop validate`');
      return 1;
    }
    const dataset = result.dataset;
    if (values.apply) {
      const report = await syncReminderIssues(dataset, GitHub.fromEnvironment());
      io.stdout(`opened ${report.opened.length}, updated ${report.updated.length}, closed ${report.closed.length}, unchanged ${report.unchanged.length}`);
      return 0;
    }
    const pending = reminders(dataset).filter((r) => r.due.length + r.overdue.length > 0);
    if (values.format === 'json') {
      io.stdout(
        JSON.stringify(
          pending.map((r) => ({
            organisation: r.organisation.slug,
            maintainers: r.organisation.maintainers ?? [],
            overdue: r.overdue.map((i) => ({ file: i.listing.file, reviewed: i.listing.reviewed, since: i.info.overdue })),
            due: r.due.map((i) => ({ file: i.listing.file, reviewed: i.listing.reviewed, since: i.info.due })),
            issue: reminderIssue(dataset, r),
          })),
          null,
          2,
        ),
      );
      return 0;
    }
    if (pending.length === 0) io.stdout('Every active listing is within the review policy.');
    for (const r of pending) {
      io.stdout(`${r.organisation.name} (${r.organisation.slug})`);
      for (const i of r.overdue) io.stdout(`  overdue  ${i.listing.reviewed}  ${i.listing.file}`);
      for (const i of r.due) io.stdout(`  due      ${i.listing.reviewed}  ${i.listing.file}`);
    }
    return 0;
  },
};
