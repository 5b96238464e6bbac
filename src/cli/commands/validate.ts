import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { FORMATS, formatDiagnostics, type Format } from '../../dataset/diagnostic-formats.ts';
import { validateData } from '../../checks/load.ts';
import { codeFrame } from '../../dataset/source.ts';
import { UsageError, type Command } from '../command.ts';

export const validateCommand: Command = {
  name: 'validate',
  summary: 'Check every listing in data/ (exit 0 valid, 1 errors, 2 usage)',
  usage: 'npx loop validate [--data DIR] [--config FILE] [--format pretty|github|json] [--as-of YYYY-MM-DD] [--quiet]',
  async run(args, io) {
    const { values } = parseArgs({
      args,
      options: {
        data: { type: 'string' },
        config: { type: 'string' },
        format: { type: 'string', default: 'pretty' },
        'as-of': { type: 'string' },
        quiet: { type: 'boolean', default: false },
      },
      strict: true,
      allowPositionals: false,
    });
    const format = values.format as Format;
    if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}`);
    if (values['as-of'] && !/^\d{4}-\d{2}-\d{2}$/.test(values['as-of'])) throw new UsageError('--as-of must be a date, YYYY-MM-DD');
    const dataDir = values.data ? resolve(io.cwd, values.data) : undefined;
    if (dataDir && !existsSync(dataDir)) throw new UsageError(`no such folder: ${values.data}`);
    const result = await validateData({
      root: io.cwd,
      ...(dataDir ? { dataDir } : {}),
      ...(values.config ? { configPath: resolve(io.cwd, values.config) } : {}),
      ...(values['as-of'] ? { asOf: values['as-of'] } : {}),
    });
    const shown = values.quiet ? result.diagnostics.filter((d) => d.severity === 'error') : result.diagnostics;
    const texts = new Map<string, string>();
    const frame = (file: string, line: number, column: number) => {
      if (!texts.has(file)) {
        try {
          texts.set(file, readFileSync(resolve(io.cwd, file), 'utf8'));
        } catch {
          texts.set(file, '');
        }
      }
      const text = texts.get(file)!;
      return text && text.length < 1_000_000 ? codeFrame(text, line, column) : undefined;
    };
    io.stdout(formatDiagnostics(format, shown, { files: result.files, errors: result.errors, warnings: result.warnings }, { color: io.isTTY && !process.env.NO_COLOR, frame }));
    return result.errors > 0 ? 1 : 0;
  },
};
