import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { simpleGit } from 'simple-git';
import { defaultCacheDir, validateData } from '../../checks/load.ts';
import { prReport } from '../../github/pr-report.ts';
import { prSummary, type ChangedFile } from '../../github/pr-summary.ts';
import { UsageError, type Command } from '../command.ts';
import { today } from '../../model/clock.ts';

const CHANGE: Record<string, ChangedFile['change']> = { A: 'added', M: 'modified', D: 'deleted', R: 'renamed', C: 'added', T: 'modified' };

export const prSummaryCommand: Command = {
  name: 'pr-summary',
  summary: 'Write the pull request summary (changed listings, errors, warnings, how to fix) as Markdown, or as the JSON report CI hands to pr-comment',
  usage: 'npx loop pr-summary --base REF [--out FILE] [--format markdown|json --pr NUMBER] [--as-of YYYY-MM-DD]',
  async run(args, io) {
    const { values } = parseArgs({ args, options: { base: { type: 'string' }, out: { type: 'string' }, format: { type: 'string', default: 'markdown' }, pr: { type: 'string' }, 'as-of': { type: 'string' } }, strict: true });
    const asOf = today({ asOf: values['as-of'] });
    if (!values.base) throw new UsageError('--base is required (the branch or commit the pull request merges into)');
    if (values.format !== 'markdown' && values.format !== 'json') throw new UsageError('--format must be markdown or json');
    if (values.format === 'json' && !(values.pr && /^[1-9]\d{0,9}$/.test(values.pr))) throw new UsageError('--format json needs --pr NUMBER (the pull request the report is for)');
    const git = simpleGit({ baseDir: io.cwd });
    let raw: string;
    try {
      raw = await git.raw(['diff', '--name-status', '--find-renames', `${values.base}...HEAD`]);
    } catch (error) {
      throw new UsageError(`cannot compare with ${values.base}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
    }
    const changed: ChangedFile[] = raw
      .split('\n')
      .filter(Boolean)
      .map((line) => {
        const [status, ...paths] = line.split('\t');
        return { file: paths.at(-1)!, change: CHANGE[status![0]!] ?? 'modified' };
      });
    // The cache the validate step just filled: only the changed files were parsed there, none are here.
    const cacheDir = defaultCacheDir(io.cwd);
    const result = await validateData({ root: io.cwd, asOf, ...(cacheDir ? { cacheDir } : {}) });
    let text: string;
    if (values.format === 'json') {
      // For the trusted comment job: data only. It renders the Markdown itself, with its own links.
      text = `${JSON.stringify(prReport(Number(values.pr), changed, result.diagnostics, result.errors), null, 1)}\n`;
    } else {
      const repository = process.env.GITHUB_SERVER_URL && process.env.GITHUB_REPOSITORY ? `${process.env.GITHUB_SERVER_URL}/${process.env.GITHUB_REPOSITORY}` : undefined;
      const headSha = process.env.LOOP_HEAD_SHA ?? (await git.revparse(['HEAD'])).trim();
      text = prSummary(changed, result.diagnostics, { totalErrors: result.errors, headSha, ...(repository ? { repositoryUrl: repository } : {}) });
    }
    if (values.out) {
      const out = resolve(io.cwd, values.out);
      mkdirSync(dirname(out), { recursive: true });
      writeFileSync(out, text);
    } else io.stdout(text);
    return 0;
  },
};
