/**
 * The `loop` entry point itself (bin/loop.js), run as a real process: the version, and the hand-over to the
 * project's own Node when someone runs it with an older system Node (Node 20 cannot run the TypeScript sources).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { repoRoot } from '../support/shared.ts';
import { allCommands, COMMANDS } from '../../src/cli/main.ts';

const BIN = join(repoRoot, 'bin', 'loop.js');
const VERSION = (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;

function run(node: string, args: string[]) {
  return spawnSync(node, [BIN, ...args], { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
}

/** An older Node on this machine (Debian's, usually), if there is one: the case a newcomer hits. */
function olderNode(): string | undefined {
  for (const candidate of ['/usr/bin/node', '/usr/local/bin/node']) {
    const probe = spawnSync(candidate, ['-p', 'Boolean(process.features.typescript)'], { encoding: 'utf8' });
    if (probe.status === 0 && probe.stdout.trim() === 'false') return candidate;
  }
  return undefined;
}

describe('bin/loop.js', () => {
  test('prints its version and its help', () => {
    const v = run(process.execPath, ['--version']);
    expect(v.status).toBe(0);
    expect(v.stdout.trim()).toBe(`loop ${VERSION}`);
    const help = run(process.execPath, ['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('validate');
    const unknown = run(process.execPath, ['frobnicate']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('unknown command "frobnicate"');
  });
  test('every command is listed under the name its module gives it (modules load only when their command runs)', async () => {
    const commands = await allCommands();
    expect(commands.map((c) => c.name)).toEqual(COMMANDS.map(([name]) => name));
    const help = run(process.execPath, ['--help']);
    const lines = help.stdout.split('\n');
    for (const { name, summary } of commands) expect(lines.some((line) => line.trim().startsWith(`${name} `) && line.endsWith(`  ${summary}`)), name).toBe(true);
  });
  test('stops quietly when its reader goes away (`loop report | head`), without an EPIPE crash', () => {
    // A real shell pipe (Node's own child pipes are sockets, which behave differently): head reads 100 bytes of a
    // report far bigger than a pipe's buffer and exits while loop is still writing.
    const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
    const result = spawnSync('bash', ['-c', `set -o pipefail; ${quote(process.execPath)} ${quote(BIN)} report --format json | head -c 100 >/dev/null`], { cwd: repoRoot, encoding: 'utf8' });
    expect(result.stderr).not.toContain('EPIPE');
    expect(result.stderr).not.toContain('Unhandled');
    expect(result.status).toBe(0);
  });
  const old = olderNode();
  test.skipIf(!old)(`run with an older Node (${old ?? 'none on this machine: skipped'}), it hands over to the project's Node`, () => {
    const v = run(old!, ['--version']);
    expect(v.stderr).not.toContain('ERR_UNKNOWN_FILE_EXTENSION');
    expect(v.status).toBe(0);
    expect(v.stdout.trim()).toBe(`loop ${VERSION}`);
    // Exit codes pass through the hand-over.
    expect(run(old!, ['frobnicate']).status).toBe(2);
  });
});
