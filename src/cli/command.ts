/** A `loop` sub-command. Exit codes: 0 success, 1 failure (e.g. invalid data), 2 usage error. */
export interface Command {
  name: string;
  summary: string;
  usage: string;
  run(args: string[], io: CommandIO): Promise<number>;
}

export interface CommandIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Current directory; commands resolve relative paths against it. */
  cwd: string;
  isTTY: boolean;
  /** Asks a question when interactive; undefined when not (commands then need flags). */
  prompt?: (question: string, defaultValue?: string) => Promise<string>;
}

export class UsageError extends Error {}
