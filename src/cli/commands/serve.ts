import { buildEnvironment } from '../../build/context.ts';
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { existsSync } from 'node:fs';
import { UsageError, type Command } from '../command.ts';
import { startStaticServer } from '../../serve/server.ts';
import { defaultDataDir, findConfig, loadConfig } from '../../checks/load.ts';

export const serveCommand: Command = {
  name: 'serve',
  summary: 'Serve the built site (dist/) at http://localhost:4321, honouring _headers and _redirects',
  usage: 'npx loop serve [--dir dist] [--port 4321] [--host localhost] [--base /loop/]',
  async run(args, io) {
    const { values } = parseArgs({
      args,
      options: {
        dir: { type: 'string', default: 'dist' },
        port: { type: 'string', default: process.env.PORT ?? '4321' },
        host: { type: 'string', default: 'localhost' },
        base: { type: 'string' },
      },
      strict: true,
    });
    const dir = resolve(io.cwd, values.dir);
    if (!existsSync(dir)) throw new UsageError(`${values.dir} does not exist: run \`npm run build\` first`);
    const port = Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError('--port must be a port number');
    // The site is built for its published path (site.base_url, or LOOP_BASE_URL as astro.config.mjs reads it),
    // so it is served under the same path: links and the search bundle then work exactly as when published.
    const base = values.base ?? baseOf(io.cwd);
    const server = await startStaticServer({ root: dir, port, host: values.host, base });
    io.stdout(`LOOP is being served from ${values.dir} at ${server.url}${base} (Ctrl+C to stop)`);
    await new Promise<void>((done) => {
      const stop = () => server.close().then(done);
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    return 0;
  },
};

function baseOf(cwd: string): string {
  const configured = buildEnvironment().baseUrl ?? loadConfig(findConfig(defaultDataDir(cwd), cwd), cwd).config?.site.base_url;
  return configured ? new URL(configured).pathname : '/';
}
