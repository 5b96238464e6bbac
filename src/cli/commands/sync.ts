import { existsSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { defaultDataDir, findConfig, loadConfig, resolveDataDir } from '../../checks/load.ts';
import { UsageError, type Command, type CommandIO } from '../command.ts';
import { IMPORT_OPTIONS, runImport } from './import.ts';
import { today } from '../../model/clock.ts';

/** `options:` of a sync entry as `loop import` flags: { per_page: 50, mark_missing_inactive: true } -> --per-page 50 --mark-missing-inactive. */
export function optionArgs(options: Record<string, unknown> = {}): string[] {
  const args: string[] = [];
  for (const [key, value] of Object.entries(options)) {
    const flag = key.replace(/_/g, '-');
    const known = (IMPORT_OPTIONS as Record<string, { type: string }>)[flag];
    // --force is for one run a person has checked, never a standing setting.
    if (!known || ['data', 'write', 'format', 'system', 'config', 'as-of', 'force'].includes(flag)) throw new UsageError(`sync option "${key}" is not an import option`);
    if (known.type === 'boolean') {
      if (value === true) args.push(`--${flag}`);
      else if (value !== false) throw new UsageError(`sync option "${key}" must be true or false`);
    } else if (typeof value === 'string' || typeof value === 'number') args.push(`--${flag}`, String(value));
    else throw new UsageError(`sync option "${key}" must be text or a number`);
  }
  return args;
}

export const syncCommand: Command = {
  name: 'sync',
  summary: 'Run every import listed under sync: in loop.config.yaml (dry run unless --write)',
  usage: 'npx loop sync [--data DIR] [--config FILE] [--only NAME] [--write] [--force] [--format text|json] [--as-of YYYY-MM-DD]\n--force lets this run mark inactive more of a source than its max_inactive_share (default 20%).',
  async run(args, io) {
    const { values } = parseArgs({
      args,
      options: { data: { type: 'string' }, config: { type: 'string' }, only: { type: 'string' }, write: { type: 'boolean', default: false }, force: { type: 'boolean', default: false }, format: { type: 'string', default: 'text' }, 'as-of': { type: 'string' } },
      strict: true,
    });
    if (values.format !== 'text' && values.format !== 'json') throw new UsageError('--format must be text or json');
    // One date for every source, checked before any of them runs.
    const asOf = today({ asOf: values['as-of'] });
    const dataDir = values.data ? resolveDataDir(resolve(io.cwd, values.data)) : defaultDataDir(io.cwd);
    if (!existsSync(dataDir)) throw new UsageError(`no data folder at ${relative(io.cwd, dataDir) || '.'}`);
    const configPath = values.config ? resolve(io.cwd, values.config) : findConfig(dataDir, io.cwd);
    const { config, diagnostics } = loadConfig(configPath, io.cwd);
    if (!config) {
      io.stderr(`loop sync: ${diagnostics[0]?.message ?? 'loop.config.yaml is not valid'}`);
      return 1;
    }
    const wanted = values.only?.split(',').map((s) => s.trim());
    const sources = (config.sync ?? []).filter((s) => !wanted || wanted.includes(s.name));
    if (!sources.length) {
      io.stdout(wanted ? `No sync source called ${wanted.join(', ')} in ${relative(io.cwd, configPath)}.` : `No sources under sync: in ${relative(io.cwd, configPath)}; nothing to do.`);
      return wanted ? 2 : 0;
    }
    // Paths in the config are relative to the config file, wherever the command is run from.
    const base: CommandIO = { ...io, cwd: dirname(configPath) };
    let worst = 0;
    const summary: { name: string; code: number; changed: boolean; error?: string }[] = [];
    for (const source of sources) {
      if (values.format === 'text') io.stdout(`\n=== ${source.name} ===`);
      try {
        const outcome = await runImport([source.format, source.source, '--system', source.name, '--data', dataDir, '--config', configPath, '--format', values.format, '--as-of', asOf, ...optionArgs(source.options), ...(values.write ? ['--write'] : []), ...(values.force ? ['--force'] : [])], base);
        summary.push({ name: source.name, code: outcome.code, changed: outcome.changed });
        worst = Math.max(worst, outcome.code);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        io.stderr(`loop sync: ${source.name}: ${message}`);
        summary.push({ name: source.name, code: 1, changed: false, error: message });
        worst = Math.max(worst, 1);
      }
    }
    if (values.format === 'text') {
      io.stdout(`\nSync: ${summary.map((s) => `${s.name} ${s.error ? 'failed' : s.code ? 'needs attention' : s.changed ? 'changed' : 'no changes'}`).join('; ')}`);
    }
    return worst;
  },
};
