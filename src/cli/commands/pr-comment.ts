import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { GitHub } from '../../github/client.ts';
import { SUMMARY_MARKER } from '../../github/pr-summary.ts';
import { UsageError, type Command } from '../command.ts';

/**
 * Posts the summary as ONE comment per pull request, editing it on later pushes. Runs in a trusted workflow
 * (workflow_run) on a summary produced by the untrusted pull request, so it checks that the summary starts with
 * LOOP's marker and, when given, that the pull request's head is the commit that was validated.
 */
export const prCommentCommand: Command = {
  name: 'pr-comment',
  summary: 'Create or update the LOOP summary comment on a pull request (used by CI)',
  usage: 'npx loop pr-comment --pr NUMBER --body-file FILE [--head-sha SHA]',
  async run(args, io) {
    const { values } = parseArgs({ args, options: { pr: { type: 'string' }, 'body-file': { type: 'string' }, 'head-sha': { type: 'string' } }, strict: true });
    if (!values.pr || !/^[1-9]\d{0,9}$/.test(values.pr)) throw new UsageError('--pr must be a pull request number');
    if (!values['body-file']) throw new UsageError('--body-file is required');
    const body = readFileSync(resolve(io.cwd, values['body-file']), 'utf8');
    if (!body.startsWith(SUMMARY_MARKER) || body.length > 65_000) {
      io.stderr('the summary file is not a LOOP summary; nothing posted');
      return 1;
    }
    const github = GitHub.fromEnvironment();
    const number = Number(values.pr);
    if (values['head-sha']) {
      const head = await github.pullHeadSha(number);
      if (head !== values['head-sha']) {
        io.stderr(`pull request #${number} has moved on (${head.slice(0, 7)}); a newer check will comment`);
        return 0;
      }
    }
    const existing = (await github.comments(number)).find((c) => c.body?.startsWith(SUMMARY_MARKER) && c.user?.type === 'Bot');
    if (existing) await github.updateComment(existing.id, body);
    else await github.createComment(number, body);
    io.stdout(`${existing ? 'updated' : 'posted'} the summary on #${number}`);
    return 0;
  },
};
