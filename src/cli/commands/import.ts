import { existsSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { defaultDataDir, findConfig, resolveDataDir } from '../../checks/load.ts';
import { FORMATS } from '../../importers/formats/index.ts';
import { readMapping, type ImportMapping } from '../../importers/formats/mapping.ts';
import { createProgress, type Progress } from '../../importers/progress.ts';
import { formatPlan, planJson } from '../../importers/sync/report.ts';
import { applyPlan, hasChanges, planImport, type Plan, type SyncOptions } from '../../importers/sync/sync.ts';
import { validateWouldBe } from '../../importers/sync/check-before-write.ts';
import type { Diagnostic } from '../../dataset/diagnostic.ts';
import { codeChanges, esdLabels, readEsdList, readWards } from '../../importers/formats/taxonomy-sources.ts';
import type { TermMapping } from '../../importers/sync/terms.ts';
import { UsageError, type Command, type CommandIO } from '../command.ts';
import { today } from '../../model/clock.ts';

export const IMPORT_OPTIONS = {
  data: { type: 'string' },
  config: { type: 'string' },
  write: { type: 'boolean', default: false },
  system: { type: 'string' },
  mapping: { type: 'string' },
  'reviewed-by': { type: 'string' },
  'fallback-category': { type: 'string' },
  'mark-missing-inactive': { type: 'boolean', default: false },
  'max-inactive-share': { type: 'string' },
  force: { type: 'boolean', default: false },
  resolve: { type: 'string' },
  'link-duplicates': { type: 'boolean', default: false },
  format: { type: 'string', default: 'text' },
  verbose: { type: 'boolean', default: false },
  'as-of': { type: 'string' },
  country: { type: 'string' },
  'esd-list': { type: 'string' },
  wards: { type: 'string' },
  // oruk
  'per-page': { type: 'string' },
  'max-pages': { type: 'string' },
  'max-records': { type: 'string' },
  'max-response-mb': { type: 'string' },
  partial: { type: 'boolean', default: false },
  'allow-redirect-host': { type: 'boolean', default: false },
  'list-only': { type: 'boolean', default: false },
  timeout: { type: 'string' },
  retries: { type: 'string' },
  'record-url': { type: 'string' },
  // hsds-csv
  datapackage: { type: 'string' },
} as const;

/** "20", "20%" or "12.5" as a share from 0 to 1. */
function percentShare(value: string): number {
  const n = Number(value.trim().replace(/%$/, ''));
  if (!Number.isFinite(n) || n < 0 || n > 100) throw new UsageError('--max-inactive-share must be a percentage from 0 to 100');
  return n / 100;
}

export interface ImportOutcome {
  code: number;
  changed: boolean;
}

type ImportValues = ReturnType<typeof parseImportArgs>['values'];

/** What was written, or why not: the would-be data folder's errors, if it was refused. */
interface WriteOutcome {
  written: boolean;
  validationErrors: number;
  refused: Diagnostic[];
}

/** Runs one import; shared by `loop import` and `loop sync`. */
export async function runImport(args: string[], io: CommandIO): Promise<ImportOutcome> {
  const { values, positionals } = parseImportArgs(args);
  const [formatName, source, ...extra] = positionals;
  const format = FORMATS.find((f) => f.name === formatName);
  if (!formatName || !format) throw new UsageError(`say which format to import: ${FORMATS.map((f) => f.name).join(', ')}`);
  if (!source) throw new UsageError('say what to import: a file, a folder or a URL');
  if (extra.length) throw new UsageError(`unexpected ${extra.join(' ')}`);
  if (values.format !== 'text' && values.format !== 'json') throw new UsageError('--format must be text or json');
  if (values.resolve !== undefined && values.resolve !== 'local' && values.resolve !== 'source') throw new UsageError('--resolve must be local or source');
  // Checked before any work: every date the import stamps and judges by is this one.
  const asOf = today({ asOf: values['as-of'] });
  const dataDir = values.data ? resolveDataDir(resolve(io.cwd, values.data)) : defaultDataDir(io.cwd);
  if (!existsSync(dataDir)) throw new UsageError(`no data folder at ${relative(io.cwd, dataDir) || '.'}`);
  const isUrl = /^https?:\/\//i.test(source);
  const sourcePath = isUrl ? source : resolve(io.cwd, source);
  if (!isUrl && !existsSync(sourcePath)) throw new UsageError(`${source} does not exist`);

  const { mapping, mappingDir } = mappingOption(values, io);
  const progress = createProgress(io.stderr, io.isTTY);
  const batch = await format.read(isUrl ? source : sourcePath, {
    ...(values.system ? { system: values.system } : {}),
    ...(mapping ? { mapping } : {}),
    ...(mappingDir ? { mappingDir } : {}),
    progress,
    options: values,
  });
  // The source as it was named (a URL, or a path relative to where the command ran), so the import state reads
  // the same on every machine.
  batch.source = isUrl ? source : relative(io.cwd, sourcePath).split('\\').join('/') || '.';
  const syncOptions = syncOptionsOf(values, io, { dataDir, asOf, mapping, progress });
  const plan = await planImport(batch, syncOptions);
  progress.done();
  const { written, validationErrors, refused } = await writeOrReport(plan, values, io, { dataDir, asOf, syncOptions, progress });
  if (values.format === 'json') io.stdout(JSON.stringify({ ...(planJson(plan, written) as object), validation_errors: validationErrors, ...(refused.length ? { refused: refused.map((d) => ({ file: d.file, line: d.line, column: d.column, rule: d.rule, message: d.message })) } : {}) }, null, 2));
  const needsAPerson = plan.problems.some((p) => p.severity === 'error') || (plan.conflicts.length > 0 && !plan.conflicts[0]!.resolved) || validationErrors > 0 || (values.write && plan.blocking.length > 0);
  return { code: needsAPerson ? 1 : 0, changed: written };
}

function parseImportArgs(args: string[]) {
  return parseArgs({ args, options: IMPORT_OPTIONS, allowPositionals: true, strict: true });
}

/** The --mapping file, read, and its folder (where the files it names may also be). */
function mappingOption(values: ImportValues, io: CommandIO): { mapping?: ImportMapping; mappingDir?: string } {
  if (!values.mapping) return {};
  const path = resolve(io.cwd, values.mapping);
  if (!existsSync(path)) throw new UsageError(`no mapping file at ${values.mapping}`);
  return { mapping: readMapping(path), mappingDir: dirname(path) };
}

function syncOptionsOf(values: ImportValues, io: CommandIO, context: { dataDir: string; asOf: string; mapping: ImportMapping | undefined; progress: Progress }): SyncOptions {
  const { dataDir, asOf, mapping, progress } = context;
  return {
    dataDir,
    ...(values.config ? { configPath: resolve(io.cwd, values.config) } : { configPath: findConfig(dataDir, io.cwd) }),
    today: asOf,
    ...(values['reviewed-by'] ? { reviewedBy: values['reviewed-by'] } : {}),
    ...(values['fallback-category'] ? { fallbackCategory: values['fallback-category'] } : {}),
    markMissingInactive: values['mark-missing-inactive'],
    ...(values['max-inactive-share'] !== undefined ? { maxInactiveShare: percentShare(values['max-inactive-share']) } : {}),
    force: values.force,
    ...(values.resolve ? { resolve: values.resolve as 'local' | 'source' } : {}),
    linkDuplicates: values['link-duplicates'],
    ...(mapping?.terms ? { mapping: mapping.terms as TermMapping } : {}),
    ...(values['esd-list'] ? { esdLabels: esdLabels(readEsdList(resolve(io.cwd, values['esd-list']))) } : {}),
    ...(values.wards ? { codeChanges: codeChanges(readWards(resolve(io.cwd, values.wards))) } : {}),
    progress,
  };
}

/** With --write, validates the would-be data folder and writes only if it is clean; prints the plan as text either way. */
async function writeOrReport(
  plan: Plan,
  values: ImportValues,
  io: CommandIO,
  context: { dataDir: string; asOf: string; syncOptions: SyncOptions; progress: Progress },
): Promise<WriteOutcome> {
  const { dataDir, asOf, syncOptions, progress } = context;
  const dataLabel = relative(io.cwd, dataDir) || '.';
  let written = false;
  let validationErrors = 0;
  let refused: Diagnostic[] = [];
  if (values.write && plan.blocking.length === 0) {
    // The would-be data folder is validated before anything is written: an import never leaves data/ invalid.
    if (hasChanges(plan)) progress.phase('validating the data folder');
    const after = hasChanges(plan)
      ? await validateWouldBe(plan, { dataDir, configPath: syncOptions.configPath ?? findConfig(dataDir, io.cwd), asOf, display: dataLabel })
      : { errors: [], warnings: plan.warnings };
    progress.done();
    validationErrors = after.errors.length;
    if (after.errors.length) {
      refused = after.errors;
      if (values.format === 'text') {
        io.stdout(formatPlan(plan, { verbose: values.verbose, written: false, dataLabel }));
        io.stdout(`\n✗ Nothing was written: with these changes loop validate would report ${after.errors.length} error${after.errors.length === 1 ? '' : 's'}:`);
        io.stdout(formatRefusal(after.errors));
      }
    } else {
      applyPlan(plan, dataDir, progress);
      written = hasChanges(plan) || plan.stateChanged;
      if (values.format === 'text') {
        io.stdout(formatPlan(plan, { verbose: values.verbose, written: true, dataLabel }));
        io.stdout(`\n✓ loop validate: 0 errors, ${after.warnings} warning${after.warnings === 1 ? '' : 's'}.`);
      }
    }
  } else if (values.format === 'text') {
    io.stdout(formatPlan(plan, { verbose: values.verbose, written: false, dataLabel }));
    if (values.write) io.stdout('\nNothing was written: the data folder has errors (see above).');
  }
  return { written, validationErrors, refused };
}

/** The errors an import would have caused, as `loop validate` prints them (at most 50, then a count). */
function formatRefusal(errors: Diagnostic[]): string {
  const shown = errors.slice(0, 50).map((d) => `  ${d.file}:${d.line}:${d.column}  ${d.rule}  ${d.message}`);
  if (errors.length > shown.length) shown.push(`  … and ${errors.length - shown.length} more`);
  return shown.join('\n');
}

export const importCommand: Command = {
  name: 'import',
  summary: 'Import listings from another directory (dry run unless --write)',
  usage: `npx loop import <${FORMATS.map((f) => f.name).join('|')}> <file|folder|url> [--data DIR] [--write] [--mapping FILE] [--system NAME]
       [--reviewed-by EMAIL] [--fallback-category SLUG] [--mark-missing-inactive [--max-inactive-share PERCENT] [--force]]
       [--resolve local|source] [--link-duplicates]
       [--format text|json] [--verbose] [--as-of YYYY-MM-DD] [--esd-list CSV] [--wards CSV]
       [--country CC] (the country of phone numbers written without a country code, e.g. US; default: the source's addresses)
       oruk: [--per-page N] [--max-pages N] [--max-records N] [--max-response-mb N] [--partial] [--allow-redirect-host]
             [--list-only] [--timeout SECONDS] [--retries N] [--record-url TEMPLATE]
       hsds-csv: [--datapackage FILE]
Exit 0 imported, 1 something needs a person (records not imported, conflicts, validation errors, unreadable source), 2 usage.`,
  async run(args, io) {
    try {
      return (await runImport(args, io)).code;
    } catch (error) {
      if (error instanceof UsageError || (error instanceof TypeError && 'code' in error)) throw error;
      if (error instanceof RangeError) throw new UsageError(error.message);
      io.stderr(`loop import: ${error instanceof Error ? error.message : String(error)}`);
      return 1;
    }
  },
};
