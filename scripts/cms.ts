// `npm run cms`: the web form on this machine, without GitHub. Starts the local backend (decap-server's handlers
// behind LOOP's guard, src/cms/local-backend.ts) on this repository and the site's dev server, then prints the form's
// address. Saving writes straight into data/ (check it with `npx loop validate`, review it with `git diff`). With
// `-- --workflow`, saving instead follows the editorial workflow on local git branches (cms/<collection>/<slug>), as
// pull requests would be on GitHub; decap-server then checks branches out in this working tree, so commit or stash
// your own changes first.
//
// Both servers listen on 127.0.0.1 only. The backend answers only the dev server's page (Host and Origin are
// checked) carrying this run's random token, which the dev server writes into the page's config.yml, and it lets the
// form touch only data/ and the media folder.
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { LOCAL_BACKEND_PORT, MEDIA_FOLDER } from '../src/cms/config.ts';
import { startLocalBackend } from '../src/cms/local-backend.ts';
import { LOCAL_BACKEND_ENV } from '../src/integrations/cms.ts';

const root = join(import.meta.dirname, '..');
const workflow = process.argv.includes('--workflow');
const sitePort = 4321;

async function portFree(p: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(p, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

for (const port of [LOCAL_BACKEND_PORT, sitePort]) {
  if (!(await portFree(port))) {
    // The backend accepts only the page from the dev server's own origin, so both ports are fixed.
    console.error(`Port ${port} is in use (another \`npm run cms\` or \`npm start\`?). Stop whatever is using it and run \`npm run cms\` again.`);
    process.exit(1);
  }
}

const require = createRequire(import.meta.url);
const astroPackage = require.resolve('astro/package.json');
const astroBin = join(dirname(astroPackage), (JSON.parse(readFileSync(astroPackage, 'utf8')) as { bin: { astro: string } }).bin.astro);

const backend = await startLocalBackend({
  repo: root,
  mode: workflow ? 'git' : 'fs',
  port: LOCAL_BACKEND_PORT,
  pageOrigins: [`http://127.0.0.1:${sitePort}`, `http://localhost:${sitePort}`],
  folders: ['data', MEDIA_FOLDER],
  logLevel: 'info',
});

let stopping = false;
function stop(): void {
  if (stopping) return;
  stopping = true;
  if (site.exitCode === null) site.kill('SIGTERM');
  void backend.close();
}
const site: ChildProcess = spawn(process.execPath, [astroBin, 'dev', '--host', '127.0.0.1', '--port', String(sitePort)], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, [LOCAL_BACKEND_ENV]: backend.url },
});
site.once('exit', (code) => {
  stop();
  process.exitCode = code ?? 0;
});
process.once('SIGINT', stop);
process.once('SIGTERM', stop);

console.log(
  `\nThe web form will be at http://127.0.0.1:${sitePort}/<base>/admin/ (the base is the path of site.base_url in loop.config.yaml, e.g. /loop/).\n` +
    (workflow ? 'Saving creates a local branch per change (editorial workflow).\n' : 'Saving writes into data/ directly.\n'),
);
