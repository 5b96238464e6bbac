#!/usr/bin/env node
// The `loop` command. Node 24 (brought in by the `node` devDependency) runs the TypeScript sources directly.
import { main } from '../src/cli/main.ts';

process.exitCode = await main(process.argv.slice(2));
