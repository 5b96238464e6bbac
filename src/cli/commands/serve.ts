import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { existsSync } from 'node:fs';
import { UsageError, type Command } from '../command.ts';
import { startStaticServer } from '../../serve/server.ts';
import { defaultDataDir, findConfig, loadConfig } from '../../dataset/load.ts';

/** The path the site was built for: LOOP_BASE_URL's, else loop.config.yaml's site.base_url's, else "/". */
function builtBase(cwd: string): string {
  if (process.env.LOOP_BASE_URL) return new URL(process.env.LOOP_BASE_URL).pathname;
  const { config } = loadConfig(findConfig(defaultDataDir(cwd), cwd), cwd);
  return config ? new URL(config.site.base_url).pathname : '/';
}

export const serveCommand: Command = {
  name: 'serve',
  summary: 'Serve the built site (dist/) at http://localhost:4321, honouring _headers and _redirects',
  usage: 'npx loop serve [--dir dist] [--port 4321] [--host localhost] [--base /path/]',
  async run(args, io) {
    const { values } = parseArgs({
      args,
      options: { dir: { type: 'string', default: 'dist' }, port: { type: 'string', default: process.env.PORT ?? '4321' }, host: { type: 'string', default: 'localhost' }, base: { type: 'string' } },
      strict: true,
    });
    const dir = resolve(io.cwd, values.dir);
    if (!existsSync(dir)) throw new UsageError(`${values.dir} does not exist: run \`npm run build\` first`);
    const port = Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError('--port must be a port number');
    const base = values.base ?? builtBase(io.cwd);
    const server = await startStaticServer({ root: dir, port, host: values.host, base });
    io.stdout(`LOOP is being served from ${values.dir} at ${server.url}${base === '/' ? '' : base} (Ctrl+C to stop)`);
    await new Promise<void>((done) => {
      const stop = () => server.close().then(done);
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    return 0;
  },
};
