import { existsSync, lstatSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { FORMATS, formatDiagnostics, type Format } from '../../dataset/diagnostic-formats.ts';
import { defaultCacheDir, validateData } from '../../checks/load.ts';
import { DEFAULT_LIMITS, readLimited } from '../../dataset/read.ts';
import { codeFrame } from '../../dataset/source.ts';
import { UsageError, type Command } from '../command.ts';
import { today } from '../../model/clock.ts';

export const validateCommand: Command = {
  name: 'validate',
  summary: 'Check every listing in data/ (exit 0 valid, 1 errors, 2 usage)',
  usage: 'npx loop validate [--data DIR] [--config FILE] [--format pretty|github|json] [--as-of YYYY-MM-DD] [--quiet] [--no-cache] [--cache-dir DIR]',
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
    const result = await validateData({
      root: io.cwd,
      ...(cacheDir ? { cacheDir } : {}),
      ...(dataDir ? { dataDir } : {}),
      ...(values.config ? { configPath: resolve(io.cwd, values.config) } : {}),
      asOf,
    });
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
