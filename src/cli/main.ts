import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createInterface } from 'node:readline/promises';
import { ClockError } from '../model/clock.ts';
import { UsageError, type Command, type CommandIO } from './command.ts';
import { codeownersCommand } from './commands/codeowners.ts';
import { duplicatesCommand } from './commands/duplicates.ts';
import { exportCommand } from './commands/export.ts';
import { importCommand } from './commands/import.ts';
import { newCommand } from './commands/new.ts';
import { prCommentCommand } from './commands/pr-comment.ts';
import { publishCommand } from './commands/publish.ts';
import { prSummaryCommand } from './commands/pr-summary.ts';
import { remindersCommand } from './commands/reminders.ts';
import { reportCommand } from './commands/report.ts';
import { reviewCommand } from './commands/review.ts';
import { rulesCommand } from './commands/rules.ts';
import { serveCommand } from './commands/serve.ts';
import { syncCommand } from './commands/sync.ts';
import { termsCommand } from './commands/terms.ts';
import { validateCommand } from './commands/validate.ts';

/** Every sub-command; each lives in its own module under commands/. */
export const COMMANDS: readonly Command[] = [
  // Checking and editing listings
  validateCommand,
  newCommand,
  reviewCommand,
  rulesCommand,
  // Bringing data in and out
  importCommand,
  syncCommand,
  exportCommand,
  duplicatesCommand,
  termsCommand,
  // Publishing
  publishCommand,
  serveCommand,
  // The co-operative's housekeeping
  reportCommand,
  remindersCommand,
  codeownersCommand,
  prSummaryCommand,
  prCommentCommand,
];

function help(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'loop: the LOOP data tools',
    '',
    'Usage: npx loop <command> [options]',
    '',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
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
    io.stdout(help());
    return name ? 0 : 2;
  }
  if (name === '--version' || name === '-V' || name === 'version') {
    io.stdout(`loop ${version()}`);
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.stderr(`loop: unknown command "${name}"\n\n${help()}`);
    return 2;
  }
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
