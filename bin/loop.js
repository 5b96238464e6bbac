#!/usr/bin/env node
// The `loop` command. Node 24 (brought in by the `node` devDependency) runs the TypeScript sources directly.
// Run with an older Node (a system Node 20 outside `npm run`/`npx`), it hands over to the project's own Node
// rather than failing with "Unknown file extension .ts".
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import module from 'node:module';
import { fileURLToPath } from 'node:url';

if (!process.features.typescript) {
  const own = fileURLToPath(new URL('../node_modules/node/bin/node', import.meta.url));
  if (!existsSync(own) || own === process.execPath) {
    console.error(`loop needs Node 22.18 or later (this is ${process.version}). Run \`npm install\` in the project, then \`npx loop\`.`);
    process.exit(1);
  }
  const child = spawnSync(own, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(child.status ?? 1);
}

// `npx loop report | head`: when the reader goes away, stop quietly instead of crashing with EPIPE.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(process.exitCode ?? 0);
  });
}

// Node's own cache of compiled modules (and, on Node 24, of the TypeScript it strips): every command starts a
// few hundred milliseconds sooner, which is a good part of a `loop validate --changed-since` (issue #19). Node
// checks each entry against the source, so it is never stale; LOOP_CACHE=0 turns it off with LOOP's own cache.
if (process.env.LOOP_CACHE !== '0') module.enableCompileCache?.();

const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
