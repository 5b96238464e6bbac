import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { defaultDataDir, loadDataset, resolveDataDir } from '../../checks/load.ts';
import { civicrmExport, DEFAULT_CIVICRM_SYSTEM } from '../../importers/formats/civicrm.ts';
import { UsageError, type Command } from '../command.ts';
import { today } from '../../model/clock.ts';

const TARGETS = ['civicrm'] as const;

export const exportCommand: Command = {
  name: 'export',
  summary: 'Export LOOP organisations for another system (civicrm: a contact-import CSV)',
  usage: `npx loop export civicrm [--data DIR] [--out FILE] [--system NAME] [--as-of YYYY-MM-DD]
       --system names the CiviCRM source in provenance (default "${DEFAULT_CIVICRM_SYSTEM}"): its contact ids fill "Contact ID".`,
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      options: { data: { type: 'string' }, out: { type: 'string' }, system: { type: 'string', default: DEFAULT_CIVICRM_SYSTEM }, 'as-of': { type: 'string' } },
      allowPositionals: true,
      strict: true,
    });
    const [target, ...extra] = positionals;
    if (!target || !(TARGETS as readonly string[]).includes(target) || extra.length) throw new UsageError(`say what to export: ${TARGETS.join(', ')}`);
    const dataDir = values.data ? resolveDataDir(resolve(io.cwd, values.data)) : defaultDataDir(io.cwd);
    if (!existsSync(dataDir)) throw new UsageError(`no data folder at ${relative(io.cwd, dataDir) || '.'}`);
    const loaded = await loadDataset({ dataDir, root: io.cwd, asOf: today({ asOf: values['as-of'] }) });
    if (!loaded.ok) {
      const errors = loaded.diagnostics.filter((d) => d.severity === 'error');
      io.stderr(`loop export: the data has ${errors.length} error${errors.length === 1 ? '' : 's'}; run \`npx loop validate\` and fix them first`);
      return 1;
    }
    const csv = civicrmExport(loaded.dataset, values.system);
    if (!values.out) {
      io.stdout(csv);
      return 0;
    }
    const out = resolve(io.cwd, values.out);
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, csv);
    io.stderr(`Wrote ${loaded.dataset.organisations.length} organisations to ${relative(io.cwd, out)}`);
    return 0;
  },
};
