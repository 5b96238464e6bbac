// `npm run cms`: the web form on this machine, without GitHub. Starts decap-server (Decap's local backend) on this
// repository and the site's dev server, then prints the form's address. Saving writes straight into data/ (check it
// with `npx loop validate`, review it with `git diff`). With `-- --workflow`, saving instead follows the editorial
// workflow on local git branches (cms/<collection>/<slug>), as pull requests would be on GitHub; decap-server then
// checks branches out in this working tree, so commit or stash your own changes first.
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DEFAULT_LOCAL_BACKEND } from '../src/cms/config.ts';

const root = join(import.meta.dirname, '..');
const workflow = process.argv.includes('--workflow');
const port = Number(new URL(DEFAULT_LOCAL_BACKEND).port);

async function portFree(p: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(p, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

if (!(await portFree(port))) {
  // public/admin/config.yml and the page's Content-Security-Policy name this port, so another will not do.
  console.error(`Port ${port} is in use (another decap-server?). Stop whatever is using it and run \`npm run cms\` again.`);
  process.exit(1);
}

const require = createRequire(import.meta.url);
// Resolved before anything starts, so a missing package cannot leave a server running.
const decapServer = require.resolve('decap-server/dist/index.js');
const astroPackage = require.resolve('astro/package.json');
const astroBin = join(dirname(astroPackage), (JSON.parse(readFileSync(astroPackage, 'utf8')) as { bin: { astro: string } }).bin.astro);

const children: ChildProcess[] = [];
function start(command: string, args: string[], env: NodeJS.ProcessEnv = {}): ChildProcess {
  const child = spawn(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  children.push(child);
  child.once('exit', (code) => {
    stop();
    process.exitCode = code ?? 0;
  });
  return child;
}
let stopping = false;
function stop(): void {
  if (stopping) return;
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
}
process.once('SIGINT', stop);
process.once('SIGTERM', stop);

start(process.execPath, [decapServer], {
  PORT: String(port),
  BIND_HOST: '127.0.0.1',
  MODE: workflow ? 'git' : 'fs',
  GIT_REPO_DIRECTORY: root,
});
start(process.execPath, [astroBin, 'dev', '--host', '127.0.0.1']);
console.log(
  `\nThe web form will be at http://127.0.0.1:4321/<base>/admin/ (the base is the path of site.base_url in loop.config.yaml, e.g. /loop/).\n` +
    (workflow ? 'Saving creates a local branch per change (editorial workflow).\n' : 'Saving writes into data/ directly.\n'),
);
