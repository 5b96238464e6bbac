/**
 * The README's commands are the contract with a newcomer. npm runs scripts with node_modules/.bin on PATH, but it
 * does not link the project's own bin there, so a script must call `node bin/loop.js`, never `loop`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { repoRoot } from '../support/shared.ts';

const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string>; bin: Record<string, string> };

test.each(Object.entries(pkg.scripts))('npm run %s only calls programs that exist', (_name, command) => {
  for (const part of command.split(/&&|\|\||;/)) {
    const program = part.trim().split(/\s+/)[0]!;
    expect(existsSync(join(repoRoot, 'node_modules', '.bin', program)) || ['node', 'npm', 'npx', 'bash'].includes(program), `"${program}" in "${command}"`).toBe(true);
    if (program === 'node' || program === 'bash') {
      const script = part.trim().split(/\s+/)[1]!;
      expect(existsSync(join(repoRoot, script)), script).toBe(true);
    }
  }
});

test('the README\'s two commands exist', () => {
  const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
  expect(readme).toContain('npm install && npm start');
  expect(readme).toContain('npm test');
  expect(pkg.scripts.start).toMatch(/validate.*astro build.*serve/);
  expect(pkg.scripts.test).toBe('vitest run');
  expect(Object.keys(pkg.bin)).toEqual(['loop']);
});
