import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { defaultDataDir, resolveDataDir, validateData } from '../../checks/load.ts';
import { loadHistory } from '../../history/index.ts';
import { computeFigures } from '../../report/figures.ts';
import { historyEvents } from '../../report/history.ts';
import { reportMarkdown, reportText } from '../../report/format.ts';
import { UsageError, type Command } from '../command.ts';
import { today } from '../../model/clock.ts';

export const reportCommand: Command = {
  name: 'report',
  summary: 'The state of the data: counts, freshness, gaps, duplicates, warnings, per organisation',
  usage: 'npx loop report [--data DIR] [--format text|markdown|json] [--as-of YYYY-MM-DD]',
  async run(args, io) {
    const { values } = parseArgs({ args, options: { data: { type: 'string' }, format: { type: 'string', default: 'text' }, 'as-of': { type: 'string' } }, strict: true });
    if (!['text', 'markdown', 'json'].includes(values.format)) throw new UsageError('--format must be text, markdown or json');
    const asOf = today({ asOf: values['as-of'] });
    const dataDir = values.data ? resolveDataDir(resolve(io.cwd, values.data)) : defaultDataDir(io.cwd);
    const result = await validateData({ root: io.cwd, dataDir, asOf });
    if (!result.dataset) {
      io.stderr('loop.config.yaml is invalid: run `npx loop validate`');
      return 1;
    }
    // Listings added and changed per month come from git; without a repository that part is left out.
    const history = historyEvents(await loadHistory(result.dataset, { dataDir, root: io.cwd }));
    const figures = computeFigures(result.dataset, result.diagnostics, history);
    io.stdout(values.format === 'json' ? JSON.stringify(figures, null, 2) : values.format === 'markdown' ? reportMarkdown(figures) : reportText(figures));
    return 0;
  },
};
