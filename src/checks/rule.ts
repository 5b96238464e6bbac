import type { Dataset } from '../dataset/dataset.ts';
import type { Locator } from '../dataset/locator.ts';
import type { PathSegment } from '../dataset/source.ts';
import type { Diagnostic, Severity } from '../dataset/diagnostic.ts';
import type { FormatProblem } from '../model/formats.ts';

/** What a dataset-wide rule sees: the linked Dataset, plus what it needs to point at lines. */
export interface RuleContext {
  dataset: Dataset;
  /** Ids and slugs of files that exist but failed their schema: references to them are not reported twice. */
  invalid: {
    /** `${kind}:${slug}` of every file that failed its schema. */
    slugs: ReadonlySet<string>;
    /** File kinds with at least one invalid file. */
    kinds: ReadonlySet<string>;
  };
  report(file: string, path: readonly PathSegment[], message: string, options?: { severity?: Severity; hint?: string; key?: boolean }): void;
  /**
   * Every valid organisation's and venue's slug in the data folder, in the Dataset's order, when the Dataset holds
   * only part of it (`loop validate --changed-since` loads the records a change can interact with, issue #19):
   * suggestions ("did you mean…") are chosen from these. Absent, the Dataset's own.
   */
  slugs?: { organisations: readonly string[]; locations: readonly string[] };
}

export interface Rule {
  id: string;
  /** One line for `loop rules` and the docs. */
  description: string;
  check(ctx: RuleContext): void;
}

/**
 * A rule checked file by file, before the Dataset exists. Its module names the rule, says when it runs and where its
 * check lives; the value-level ones carry that check too, so it can be called on its own (tests, the web form).
 */
export interface FileRule {
  id: string;
  /** One line for `loop rules` and the docs. */
  description: string;
  /** read: the file itself (place, size, encoding); parse: the YAML; schema: the model's fields. */
  stage: 'read' | 'parse' | 'schema';
  /** The check of one value, where the rule is one (phone, url, …). */
  check?: (value: string) => FormatProblem | null;
}

export function makeReporter(sources: ReadonlyMap<string, Locator>, rule: string, out: Diagnostic[], defaultSeverity: Severity = 'error'): RuleContext['report'] {
  return (file, path, message, options = {}) => {
    const position = sources.get(file)?.locate(path, { key: options.key ?? false }) ?? { line: 1, column: 1 };
    out.push({
      file,
      ...position,
      severity: options.severity ?? defaultSeverity,
      rule,
      message,
      ...(options.hint ? { hint: options.hint } : {}),
    });
  };
}
