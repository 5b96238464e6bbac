export type Severity = 'error' | 'warning';

/** One finding about one place in one file. Lines and columns are 1-based, as editors show them. */
export interface Diagnostic {
  /** Path relative to the repository root, with forward slashes (data/services/x/y.yaml). */
  file: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  severity: Severity;
  /** The rule's id, e.g. "schema", "unknown-key", "phone". */
  rule: string;
  message: string;
  /** How to fix it, when we can say. */
  hint?: string;
}

export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column || a.rule.localeCompare(b.rule) || a.message.localeCompare(b.message);
}

export function countBySeverity(diagnostics: readonly Diagnostic[]): { errors: number; warnings: number } {
  let errors = 0;
  for (const d of diagnostics) if (d.severity === 'error') errors++;
  return { errors, warnings: diagnostics.length - errors };
}
