import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { GitHub } from '../../github/client.ts';
import { readPrReport, ReportError } from '../../github/pr-report.ts';
import { prSummary, SUMMARY_MARKER } from '../../github/pr-summary.ts';
import { UsageError, type Command } from '../command.ts';

/**
 * Posts the summary as ONE comment per pull request, editing it on later pushes. Runs in the trusted workflow
 * (pr-comment.yml, workflow_run, LOOP's code from the base branch) on the JSON report the untrusted pull request
 * job uploaded: the report is checked against a strict schema and the Markdown is rendered here, escaping every
 * string in it, so the pull request never supplies Markdown. The pull request's number comes from the report too,
 * which is why its head must be the commit that was validated (`--head-sha`, from the workflow_run event).
 */
export const prCommentCommand: Command = {
  name: 'pr-comment',
  summary: 'Render the pull request report (from loop pr-summary --format json) and create or update the LOOP comment (used by CI)',
  usage: 'npx loop pr-comment --report FILE --head-sha SHA',
  async run(args, io) {
    const { values } = parseArgs({ args, options: { report: { type: 'string' }, 'head-sha': { type: 'string' } }, strict: true });
    if (!values.report) throw new UsageError('--report is required (the JSON written by loop pr-summary --format json)');
    const headSha = values['head-sha'];
    if (!headSha || !/^[0-9a-f]{40}$/.test(headSha)) throw new UsageError('--head-sha must be the full commit the report was made for');
    let report;
    try {
      report = readPrReport(resolve(io.cwd, values.report));
    } catch (error) {
      if (!(error instanceof ReportError)) throw error;
      io.stderr(`${error.message}; nothing posted`);
      return 1;
    }
    const github = GitHub.fromEnvironment();
    const number = report.pullRequest;
    const head = await github.pullHeadSha(number);
    if (head !== headSha) {
      io.stderr(`pull request #${number} is not at ${headSha.slice(0, 7)} (it is at ${head.slice(0, 7)}); nothing posted`);
      return 0;
    }
    const server = process.env.GITHUB_SERVER_URL ?? 'https://github.com';
    const repository = process.env.GITHUB_REPOSITORY;
    const body = prSummary(report.changed, report.diagnostics, {
      totalErrors: report.totalErrors,
      truncated: report.truncated,
      headSha,
      ...(repository ? { repositoryUrl: `${server}/${repository}` } : {}),
    });
    const existing = (await github.comments(number)).find((c) => c.body?.startsWith(SUMMARY_MARKER) && c.user?.type === 'Bot');
    if (existing) await github.updateComment(existing.id, body);
    else await github.createComment(number, body);
    io.stdout(`${existing ? 'updated' : 'posted'} the summary on #${number}`);
    return 0;
  },
};
