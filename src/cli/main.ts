import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createInterface } from 'node:readline/promises';
import { ClockError } from '../model/clock.ts';
import { UsageError, type Command, type CommandIO } from './command.ts';

/**
 * Every sub-command by name; each lives in its own module under commands/, loaded only when it runs (or for the
 * help): a command then starts without the modules of the others (an HTTP client, Astro's and the importers'),
 * which was a good part of a cached `loop validate` at 10,000 services (issue #19).
 */
export const COMMANDS: readonly (readonly [name: string, load: () => Promise<Command>])[] = [
  // Checking and editing listings
  ['validate', async () => (await import('./commands/validate.ts')).validateCommand],
  ['new', async () => (await import('./commands/new.ts')).newCommand],
  ['review', async () => (await import('./commands/review.ts')).reviewCommand],
  ['rules', async () => (await import('./commands/rules.ts')).rulesCommand],
  // Bringing data in and out
  ['import', async () => (await import('./commands/import.ts')).importCommand],
  ['sync', async () => (await import('./commands/sync.ts')).syncCommand],
  ['export', async () => (await import('./commands/export.ts')).exportCommand],
  ['duplicates', async () => (await import('./commands/duplicates.ts')).duplicatesCommand],
  ['terms', async () => (await import('./commands/terms.ts')).termsCommand],
  // Publishing
  ['publish', async () => (await import('./commands/publish.ts')).publishCommand],
  ['serve', async () => (await import('./commands/serve.ts')).serveCommand],
  // The co-operative's housekeeping
  ['report', async () => (await import('./commands/report.ts')).reportCommand],
  ['reminders', async () => (await import('./commands/reminders.ts')).remindersCommand],
  ['codeowners', async () => (await import('./commands/codeowners.ts')).codeownersCommand],
  ['pr-summary', async () => (await import('./commands/pr-summary.ts')).prSummaryCommand],
  ['pr-comment', async () => (await import('./commands/pr-comment.ts')).prCommentCommand],
];

/** Every command's module, in the order the help lists them. */
export async function allCommands(): Promise<Command[]> {
  return Promise.all(COMMANDS.map(async ([name, load]) => named(name, await load())));
}

function named(name: string, command: Command): Command {
  if (command.name !== name) throw new Error(`internal error: the command listed as "${name}" calls itself "${command.name}"`);
  return command;
}

async function help(): Promise<string> {
  const commands = await allCommands();
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'loop: the LOOP data tools',
    '',
    'Usage: npx loop <command> [options]',
    '',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run `npx loop <command> --help` for a command\'s options, `npx loop --version` for the version.',
  ].join('\n');
}

export function defaultIO(): CommandIO {
  const isTTY = Boolean(process.stdin.isTTY && process.stdout.isTTY);
  return {
    stdout: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
    stderr: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
    cwd: process.cwd(),
    isTTY,
    ...(isTTY
      ? {
          prompt: async (question: string, defaultValue?: string) => {
            const rl = createInterface({ input: process.stdin, output: process.stdout });
            try {
              const answer = (await rl.question(`${question}${defaultValue ? ` [${defaultValue}]` : ''}: `)).trim();
              return answer || defaultValue || '';
            } finally {
              rl.close();
            }
          },
        }
      : {}),
  };
}

/** The tools' version, from package.json (the release a bug report should name). */
export function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string };
  return pkg.version ?? 'unknown';
}

export async function main(argv: string[], io: CommandIO = defaultIO()): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(await help());
    return name ? 0 : 2;
  }
  if (name === '--version' || name === '-V' || name === 'version') {
    io.stdout(`loop ${version()}`);
    return 0;
  }
  const listed = COMMANDS.find(([listedName]) => listedName === name);
  if (!listed) {
    io.stderr(`loop: unknown command "${name}"\n\n${await help()}`);
    return 2;
  }
  const command = named(name, await listed[1]());
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(`${command.summary}\n\nUsage: ${command.usage}`);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    // A malformed --as-of or $LOOP_AS_OF is the caller's mistake, wherever it is noticed.
    if (error instanceof UsageError || error instanceof ClockError || (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'))) {
      io.stderr(`loop ${command.name}: ${error.message}\n\nUsage: ${command.usage}`);
      return 2;
    }
    throw error;
  }
}

export { parseArgs };
