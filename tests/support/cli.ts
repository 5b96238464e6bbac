import { main } from '../../src/cli/main.ts';
import type { CommandIO } from '../../src/cli/command.ts';

/** Runs `loop <args>` in-process, capturing output. */
export async function runLoop(args: string[], options: { cwd?: string; answers?: string[] } = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const answers = options.answers ? [...options.answers] : undefined;
  const io: CommandIO = {
    stdout: (t) => (stdout += t.endsWith('\n') ? t : `${t}\n`),
    stderr: (t) => (stderr += t.endsWith('\n') ? t : `${t}\n`),
    cwd: options.cwd ?? process.cwd(),
    isTTY: false,
    ...(answers ? { prompt: async () => answers.shift() ?? '' } : {}),
  };
  const code = await main(args, io);
  return { code, stdout, stderr };
}
