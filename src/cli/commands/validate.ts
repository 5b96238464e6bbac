import { existsSync, lstatSync, realpathSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';
import { FORMATS, formatDiagnostics, type Format } from '../../dataset/diagnostic-formats.ts';
import { dataPrefix, defaultCacheDir, defaultDataDir, findConfig, openCheckCache, resolveDataDir, validateChangedOnly, validateData, vouchedByGit, type LoadOptions, type ValidationResult, type Vouched } from '../../checks/load.ts';
import type { CheckCache } from '../../checks/cache.ts';
import { scopeOf, withinScope } from '../../checks/affected.ts';
import { changedFilesSince, changesAndFiles, type FilesInGit, type Listed } from '../../history/changed.ts';
import { countBySeverity } from '../../dataset/diagnostic.ts';
import { DEFAULT_LIMITS, readLimited } from '../../dataset/read.ts';
import { codeFrame } from '../../dataset/source.ts';
import { UsageError, type Command } from '../command.ts';
import { today } from '../../model/clock.ts';

export const validateCommand: Command = {
  name: 'validate',
  summary: 'Check every listing in data/ (exit 0 valid, 1 errors, 2 usage)',
  usage: 'npx loop validate [--data DIR] [--config FILE] [--format pretty|github|json] [--as-of YYYY-MM-DD] [--quiet] [--no-cache] [--cache-dir DIR] [--changed-since GIT-REF]',
  async run(args, io) {
    const { values } = parseArgs({
      args,
      options: {
        data: { type: 'string' },
        config: { type: 'string' },
        format: { type: 'string', default: 'pretty' },
        'as-of': { type: 'string' },
        quiet: { type: 'boolean', default: false },
        cache: { type: 'boolean', default: true },
        'cache-dir': { type: 'string' },
        'changed-since': { type: 'string' },
      },
      allowNegative: true,
      strict: true,
      allowPositionals: false,
    });
    const format = values.format as Format;
    if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}`);
    const asOf = today({ asOf: values['as-of'] });
    const dataDir = values.data ? resolve(io.cwd, values.data) : undefined;
    if (dataDir && !existsSync(dataDir)) throw new UsageError(`no such folder: ${values.data}`);
    const cacheDir = !values.cache ? undefined : values['cache-dir'] ? resolve(io.cwd, values['cache-dir']) : defaultCacheDir(io.cwd);
    const options: LoadOptions = {
      root: io.cwd,
      ...(cacheDir ? { cacheDir } : {}),
      ...(dataDir ? { dataDir } : {}),
      ...(values.config ? { configPath: resolve(io.cwd, values.config) } : {}),
      asOf,
    };
    const since = values['changed-since'];
    // A full check needs the findings only, so an unchanged folder is answered from the last run's report.
    const result = since ? await narrowed(options, since, io.cwd, dataDir, values.config ? resolve(io.cwd, values.config) : undefined, io.stderr) : await validateData({ ...options, reportOnly: true });
    const shown = values.quiet ? result.diagnostics.filter((d) => d.severity === 'error') : result.diagnostics;
    const texts = new Map<string, string>();
    // Rules about the file itself (a link, an unreadable, oversized or binary file) get no code frame: quoting it
    // would print whatever the link points at.
    const unquoted = new Set(result.diagnostics.filter((d) => FILE_ITSELF.has(d.rule)).map((d) => d.file));
    const frame = (file: string, line: number, column: number) => {
      if (unquoted.has(file)) return undefined;
      if (!texts.has(file)) texts.set(file, sourceText(resolve(io.cwd, file), file));
      const text = texts.get(file)!;
      return text ? codeFrame(text, line, column) : undefined;
    };
    io.stdout(formatDiagnostics(format, shown, { files: result.files, errors: result.errors, warnings: result.warnings }, { color: io.isTTY && !process.env.NO_COLOR, frame }));
    return result.errors > 0 ? 1 : 0;
  },
};

/**
 * The findings a branch can have caused since `ref` (src/checks/affected.ts). With the check cache, only the
 * records the change can interact with are loaded (`validateChangedOnly`: git says which files are unchanged, the
 * cache holds what the rules need of them); without it, or when the cache cannot answer, the whole dataset is
 * validated. Either way only the report is narrowed, and it is the same.
 */
async function narrowed(options: LoadOptions, ref: string, cwd: string, dataOption: string | undefined, configOption: string | undefined, note: (text: string) => void): Promise<ValidationResult> {
  const shownDir = dataOption ? resolveDataDir(dataOption) : defaultDataDir(cwd);
  if (!existsSync(shownDir)) return validateData(options);
  // git names files by their real paths.
  const dataDir = realpathSync(shownDir);
  const config = safeReal(configOption ?? findConfig(dataDir, cwd));
  // With the check cache, git is also asked what it knows of the data folder's files (in the same walk), and while
  // git works the cache's index is read and matched with git's blob ids.
  let changed: string[];
  let git: FilesInGit | undefined;
  let cache: CheckCache | undefined;
  let vouched: Vouched | undefined;
  const { cacheDir } = options;
  const meanwhile = async (blobs: Promise<Listed>) => {
    // git ls-files answers first: its output (20 MB at region scale) is read as it comes, for git waits on the pipe
    // while this thread is busy; then git status walks on while the index is read.
    const listed = await blobs.catch(() => undefined);
    cache = openCheckCache({ ...options, cacheDir: cacheDir! });
    try {
      vouched = listed && vouchedByGit(cache, listed, options);
    } catch {
      // validateChangedOnly matches them itself, and says what went wrong.
    }
  };
  try {
    if (cacheDir) ({ changed, files: git } = await changesAndFiles(dataDir, ref, [config], meanwhile));
    else changed = await changedFilesSince(dataDir, ref);
  } catch (error) {
    cache?.close();
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const inData: string[] = [];
  let outside = false;
  for (const path of changed) {
    if (path === config) outside = true;
    const rel = relative(dataDir, path);
    if (!rel.startsWith('..') && rel !== '' && !rel.startsWith(sep)) inData.push(rel.split(sep).join('/'));
  }
  const prefix = dataPrefix(cwd, shownDir);
  const files = (n: number) => `${n} file${n === 1 ? '' : 's'}`;
  if (cacheDir && git && !outside) {
    const quick = validateChangedOnly({ ...options, cacheDir, changed: inData, git, ...(cache ? { cache } : {}), ...(vouched ? { vouched } : {}) });
    // Its index is let go of before a full load reads the cache again.
    cache = undefined;
    if ('result' in quick) {
      const { scope } = quick;
      note(`--changed-since ${ref}: ${scope.changed.size} changed file${scope.changed.size === 1 ? '' : 's'} and ${scope.affected.size - scope.changed.size} that reference${scope.affected.size - scope.changed.size === 1 ? 's' : ''} or are referenced by them (${files(quick.loaded)} of ${quick.result.files} loaded: git and the check cache vouch for the rest)`);
      const diagnostics = withinScope(quick.result.diagnostics, scope, prefix);
      return { ...quick.result, diagnostics, ...countBySeverity(diagnostics) };
    }
    note(`--changed-since ${ref}: ${quick.fallback}, so the whole dataset is loaded`);
  }
  cache?.close();
  cache = undefined;
  const full = await validateData(options);
  const scope = scopeOf(full.dataset, inData, prefix, outside);
  if (scope.all) {
    note(`--changed-since ${ref}: ${scope.reason}, so every file is checked`);
    return full;
  }
  note(`--changed-since ${ref}: ${scope.changed.size} changed file${scope.changed.size === 1 ? '' : 's'} and ${scope.affected.size - scope.changed.size} that reference${scope.affected.size - scope.changed.size === 1 ? 's' : ''} or are referenced by them (the whole dataset was loaded to check them)`);
  const diagnostics = withinScope(full.diagnostics, scope, prefix);
  return { ...full, diagnostics, ...countBySeverity(diagnostics) };
}

function safeReal(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

const FILE_ITSELF = new Set(['file-link', 'file-read', 'file-size', 'encoding']);

/** A file's text for a code frame, read like the loader reads it: never through a link, never a huge file. */
function sourceText(full: string, display: string): string {
  try {
    if (!lstatSync(full).isFile()) return '';
  } catch {
    return '';
  }
  const read = readLimited(full, display, { ...DEFAULT_LIMITS, maxFileBytes: 1_000_000 });
  return 'bytes' in read ? new TextDecoder().decode(read.bytes) : '';
}
