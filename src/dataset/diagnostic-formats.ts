/**
 * Diagnostic formats: `pretty` for people, `github` for Actions annotations on the pull request's lines, `json`
 * for machines (the PR summary comment, editors, the dashboard).
 */
import type { Diagnostic } from './diagnostic.ts';

export const FORMATS = ['pretty', 'github', 'json'] as const;
export type Format = (typeof FORMATS)[number];

export interface Summary {
  files: number;
  errors: number;
  warnings: number;
}

export type FrameSource = (file: string, line: number, column: number) => string | undefined;

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function formatPretty(diagnostics: readonly Diagnostic[], summary: Summary, options: { color?: boolean; frame?: FrameSource } = {}): string {
  const c = options.color
    ? { red: (s: string) => `\u001b[31m${s}\u001b[39m`, yellow: (s: string) => `\u001b[33m${s}\u001b[39m`, dim: (s: string) => `\u001b[2m${s}\u001b[22m`, bold: (s: string) => `\u001b[1m${s}\u001b[22m` }
    : { red: (s: string) => s, yellow: (s: string) => s, dim: (s: string) => s, bold: (s: string) => s };
  const out: string[] = [];
  for (const d of diagnostics) {
    const severity = d.severity === 'error' ? c.red('error') : c.yellow('warning');
    out.push(`${c.bold(`${d.file}:${d.line}:${d.column}`)}  ${severity}  ${c.dim(d.rule)}  ${d.message}`);
    const frame = options.frame?.(d.file, d.line, d.column);
    if (frame) out.push(c.dim(frame.replace(/^/gm, '    ')));
    if (d.hint) out.push(`    ${c.dim('fix:')} ${d.hint}`);
  }
  if (out.length) out.push('');
  const verdict = summary.errors > 0 ? c.red('✗') : c.bold('✓');
  out.push(`${verdict} ${plural(summary.files, 'file')} checked: ${plural(summary.errors, 'error')}, ${plural(summary.warnings, 'warning')}`);
  return out.join('\n');
}

/** GitHub workflow commands: https://docs.github.com/actions/reference/workflow-commands-for-github-actions */
function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function formatGithub(diagnostics: readonly Diagnostic[], summary: Summary): string {
  const lines = diagnostics.map((d) => {
    const props = [`file=${escapeProperty(d.file)}`, `line=${d.line}`, `col=${d.column}`];
    if (d.endLine) props.push(`endLine=${d.endLine}`);
    if (d.endColumn && d.endLine === d.line) props.push(`endColumn=${d.endColumn}`);
    props.push(`title=${escapeProperty(`LOOP ${d.rule}`)}`);
    return `::${d.severity === 'error' ? 'error' : 'warning'} ${props.join(',')}::${escapeData(d.hint ? `${d.message}\nFix: ${d.hint}` : d.message)}`;
  });
  lines.push(`${plural(summary.files, 'file')} checked: ${plural(summary.errors, 'error')}, ${plural(summary.warnings, 'warning')}`);
  return lines.join('\n');
}

export function formatJson(diagnostics: readonly Diagnostic[], summary: Summary): string {
  return JSON.stringify({ valid: summary.errors === 0, ...summary, diagnostics }, null, 2);
}

export function formatDiagnostics(format: Format, diagnostics: readonly Diagnostic[], summary: Summary, options: { color?: boolean; frame?: FrameSource } = {}): string {
  switch (format) {
    case 'github':
      return formatGithub(diagnostics, summary);
    case 'json':
      return formatJson(diagnostics, summary);
    default:
      return formatPretty(diagnostics, summary, options);
  }
}
