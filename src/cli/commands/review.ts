import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';
import { checkEmail } from '../../model/formats.ts';
import { checkDate, today } from '../../model/clock.ts';
import { setTopLevelScalar } from '../../dataset/edit.ts';
import { validateData } from '../../checks/load.ts';
import { UsageError, type Command } from '../command.ts';

/**
 * Confirming a listing is still accurate is one small step: set `reviewed` to today (and `reviewed_by`), keeping
 * the rest of the file exactly as it was.
 */
export const reviewCommand: Command = {
  name: 'review',
  summary: 'Mark listings as reviewed today (sets reviewed and reviewed_by, keeps everything else)',
  usage: 'npx loop review <file.yaml>... [--by ROLE-MAILBOX] [--date YYYY-MM-DD] [--data DIR] [--as-of YYYY-MM-DD]',
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      options: { by: { type: 'string' }, date: { type: 'string' }, data: { type: 'string' }, 'as-of': { type: 'string' } },
      allowPositionals: true,
      strict: true,
    });
    if (positionals.length === 0) throw new UsageError('name at least one listing file');
    // --date is when the listing was checked; --as-of (or $LOOP_AS_OF) is today, which it cannot be after.
    const asOf = today({ asOf: values['as-of'] });
    const date = values.date === undefined ? asOf : checkDate(values.date, '--date');
    if (date > asOf) throw new UsageError(`--date cannot be in the future (today is ${asOf})`);
    if (values.by) {
      const problem = checkEmail(values.by);
      if (problem) throw new UsageError(`--by: ${problem.message}`);
    }
    const files = positionals.map((p) => resolve(io.cwd, p));
    for (const [i, file] of files.entries()) {
      if (!existsSync(file)) throw new UsageError(`no such file: ${positionals[i]}`);
      if (!/[\\/](services|resources)[\\/][^\\/]+[\\/][^\\/]+\.ya?ml$/.test(file)) throw new UsageError(`${positionals[i]} is not a service or resource listing`);
    }
    for (const file of files) {
      const before = readFileSync(file, 'utf8');
      let after: string;
      try {
        after = setTopLevelScalar(before, 'reviewed', date);
        if (values.by) after = setTopLevelScalar(after, 'reviewed_by', values.by);
      } catch (error) {
        io.stderr(`${relative(io.cwd, file)}: ${error instanceof Error ? error.message : String(error)}`);
        return 1;
      }
      writeFileSync(file, after);
      io.stdout(`${relative(io.cwd, file)}: reviewed ${date}${values.by ? ` by ${values.by}` : ''}`);
    }
    // Show anything still wrong in the files just touched, so "reviewed" never hides a broken listing.
    const result = await validateData({ root: io.cwd, asOf, ...(values.data ? { dataDir: resolve(io.cwd, values.data) } : {}) });
    const touched = new Set(files.map((f) => relative(io.cwd, f).split(sep).join('/')));
    const own = result.diagnostics.filter((d) => touched.has(d.file));
    for (const d of own) io.stdout(`${d.file}:${d.line}:${d.column}  ${d.severity}  ${d.rule}  ${d.message}`);
    return own.some((d) => d.severity === 'error') ? 1 : 0;
  },
};
