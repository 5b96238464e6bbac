import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';
import { defaultDataDir, resolveDataDir, validateData } from '../../checks/load.ts';
import { CODEOWNERS_PATH, generateCodeowners } from '../../github/codeowners.ts';
import type { Command } from '../command.ts';

export const codeownersCommand: Command = {
  name: 'codeowners',
  summary: 'Write .github/CODEOWNERS from organisations\' maintainers (--check: fail if it is out of date)',
  usage: 'npx loop codeowners [--check] [--data DIR] [--out FILE]',
  async run(args, io) {
    const { values } = parseArgs({ args, options: { check: { type: 'boolean', default: false }, data: { type: 'string' }, out: { type: 'string' } }, strict: true });
    const dataDir = values.data ? resolveDataDir(resolve(io.cwd, values.data)) : defaultDataDir(io.cwd);
    const result = await validateData({ root: io.cwd, dataDir });
    if (!result.dataset) {
      io.stderr('loop.config.yaml is invalid: run `npx loop validate`');
      return 1;
    }
    const rel = relative(io.cwd, dataDir).split(sep).join('/') || 'data';
    const expected = generateCodeowners(result.dataset, rel);
    const out = resolve(io.cwd, values.out ?? CODEOWNERS_PATH);
    const shown = relative(io.cwd, out);
    const current = existsSync(out) ? readFileSync(out, 'utf8') : undefined;
    if (values.check) {
      if (current === expected) {
        io.stdout(`${shown} is up to date`);
        return 0;
      }
      io.stderr(`${shown} is ${current === undefined ? 'missing' : 'out of date'}: run \`npx loop codeowners\` and commit the result`);
      return 1;
    }
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, expected);
    io.stdout(`Wrote ${shown}${current === expected ? ' (unchanged)' : ''}`);
    if (result.errors > 0) io.stdout(`Note: the data has ${result.errors} errors; invalid organisation files were left out.`);
    return 0;
  },
};
