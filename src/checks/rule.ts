import type { Dataset } from '../dataset/dataset.ts';
import type { Locator } from '../dataset/locator.ts';
import type { PathSegment } from '../dataset/source.ts';
import type { Diagnostic, Severity } from '../dataset/diagnostic.ts';

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
}

export interface Rule {
  id: string;
  /** One line for `loop rules` and the docs. */
  description: string;
  check(ctx: RuleContext): void;
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
