import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { buildEnvironment } from '../../build/context.ts';
import { formatPretty } from '../../dataset/diagnostic-formats.ts';
import { defaultDataDir, validateData } from '../../checks/load.ts';
import { today } from '../../model/clock.ts';
import { publish } from '../../publish/publish.ts';
import { SnapshotError } from '../../publish/versions.ts';
import { UsageError, type Command } from '../command.ts';

export const publishCommand: Command = {
  name: 'publish',
  summary: 'Write the open data (ORUK API, feeds, downloads, schemas) into a folder, without building the site',
  usage:
    'npx loop publish [--out dist] [--data DIR] [--config FILE] [--as-of YYYY-MM-DD] [--base-url URL] [--oruk-page-size N] [--update-lock]\n\n' +
    '  --update-lock  record releases published for the first time in published-versions.json (commit it)',
  async run(args, io) {
    const { values } = parseArgs({
      args,
      options: {
        out: { type: 'string', default: 'dist' },
        data: { type: 'string' },
        config: { type: 'string' },
        'as-of': { type: 'string' },
        'base-url': { type: 'string' },
        'oruk-page-size': { type: 'string' },
        'update-lock': { type: 'boolean', default: false },
      },
      strict: true,
      allowPositionals: false,
    });
    const asOf = today({ asOf: values['as-of'] });
    const pageSize = values['oruk-page-size'] === undefined ? undefined : Number(values['oruk-page-size']);
    if (pageSize !== undefined && (!Number.isInteger(pageSize) || pageSize < 1)) throw new UsageError('--oruk-page-size must be a whole number of at least 1');
    let baseUrl: string | undefined;
    if (values['base-url']) {
      try {
        const url = new URL(values['base-url']);
        if (!/^https?:$/.test(url.protocol)) throw new Error('not http');
        baseUrl = url.toString().replace(/\/?$/, '/');
      } catch {
        throw new UsageError('--base-url must be an http(s) address, e.g. https://example.org/loop/');
      }
    }
    const dataDir = values.data ? resolve(io.cwd, values.data) : defaultDataDir(io.cwd);
    if (!existsSync(dataDir)) throw new UsageError(`no such folder: ${values.data ?? dataDir}`);
    const result = await validateData({ root: io.cwd, dataDir, ...(values.config ? { configPath: resolve(io.cwd, values.config) } : {}), asOf });
    if (result.errors > 0 || !result.dataset) {
      const errors = result.diagnostics.filter((d) => d.severity === 'error');
      io.stderr(formatPretty(errors, { files: result.files, errors: result.errors, warnings: result.warnings }));
      io.stderr('The data has errors (above), so nothing was published.');
      return 1;
    }
    const dataset = result.dataset;
    const config = baseUrl ? { ...dataset.config, site: { ...dataset.config.site, base_url: baseUrl } } : undefined;
    try {
      await publish(dataset, resolve(io.cwd, values.out), {
        root: io.cwd,
        dataDir,
        ...(values.config ? { configPath: resolve(io.cwd, values.config) } : {}),
        ...(config ? { config } : {}),
        ...(pageSize ? { orukPageSize: pageSize } : {}),
        // On Netlify's build machines (NETLIFY=true), _redirects may use the query rules only Netlify reads.
        ...(buildEnvironment().netlify ? { netlifyRules: true } : {}),
        updateLock: values['update-lock'],
        log: (message) => io.stdout(message),
      });
    } catch (error) {
      if (error instanceof SnapshotError) {
        io.stderr(`loop publish: ${error.message}`);
        return 1;
      }
      throw error;
    }
    return 0;
  },
};
