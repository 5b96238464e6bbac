/**
 * The pull request summary: which listings changed, what is wrong with them and how to fix it. Posted as one
 * comment per pull request (updated on each push) by .github/workflows/pr-comment.yml.
 */
import type { Diagnostic } from '../dataset/diagnostic.ts';
import { mdCode, mdText, urlPath } from './comment-markdown.ts';

export const SUMMARY_MARKER = '<!-- loop-pr-summary -->';
/** GitHub refuses comments over 65,536 characters. */
const MAX_LENGTH = 60_000;

export interface ChangedFile {
  file: string;
  change: 'added' | 'modified' | 'deleted' | 'renamed';
}

export interface SummaryOptions {
  totalErrors: number;
  /** https://github.com/owner/name: file names link to the validated commit when both this and headSha are given. */
  repositoryUrl?: string;
  headSha?: string;
  /** The lists were cut short by the job that checked the pull request. */
  truncated?: boolean;
}

/**
 * The comment, from data the pull request controls: every file name, rule and message goes through
 * comment-markdown.ts, and the links are built only from the trusted repository address and commit.
 */
export function prSummary(changed: readonly ChangedFile[], diagnostics: readonly Diagnostic[], options: SummaryOptions = { totalErrors: 0 }): string {
  const byFile = new Map<string, Diagnostic[]>();
  for (const d of diagnostics) {
    const list = byFile.get(d.file) ?? [];
    list.push(d);
    byFile.set(d.file, list);
  }
  const listings = changed.filter((c) => c.file.startsWith('data/') || c.file === 'loop.config.yaml');
  const errors = listings.reduce((n, c) => n + (byFile.get(c.file) ?? []).filter((d) => d.severity === 'error').length, 0);
  const warnings = listings.reduce((n, c) => n + (byFile.get(c.file) ?? []).filter((d) => d.severity === 'warning').length, 0);
  const elsewhere = options.totalErrors - errors;
  const repository = options.repositoryUrl && /^https:\/\/[\w.-]+(:\d+)?\/[\w.-]+\/[\w.-]+\/?$/.test(options.repositoryUrl) ? options.repositoryUrl.replace(/\/$/, '') : undefined;
  const sha = options.headSha && /^[0-9a-f]{7,64}$/.test(options.headSha) ? options.headSha : undefined;
  const link = (file: string, line?: number) => {
    const label = mdCode(`${file}${line ? `:${line}` : ''}`);
    return repository && sha ? `[${label}](${repository}/blob/${sha}/${urlPath(file)}${line ? `#L${line}` : ''})` : label;
  };
  const out: string[] = [SUMMARY_MARKER];
  out.push(
    errors > 0 || elsewhere > 0
      ? `## ❌ LOOP listing check: ${errors + Math.max(0, elsewhere)} error${errors + elsewhere === 1 ? '' : 's'} to fix`
      : `## ✅ LOOP listing check: no errors${warnings ? ` (${warnings} warning${warnings === 1 ? '' : 's'})` : ''}`,
  );
  out.push('');
  if (options.truncated) out.push('This pull request is large: the lists below are cut short. Run `npx loop validate` for everything.', '');
  if (listings.length === 0) {
    out.push('This pull request does not change any listings.');
  } else {
    out.push(`This pull request changes ${listings.length} listing file${listings.length === 1 ? '' : 's'}:`, '', '| File | Change | Errors | Warnings |', '|---|---|---|---|');
    // The table gets at most half the room, so the fixes below always have some.
    let room = MAX_LENGTH / 2;
    for (const [i, c] of listings.entries()) {
      const found = byFile.get(c.file) ?? [];
      const row = `| ${link(c.file)} | ${c.change} | ${found.filter((d) => d.severity === 'error').length} | ${found.filter((d) => d.severity === 'warning').length} |`;
      room -= row.length + 1;
      if (room < 0) {
        out.push('', `…and ${listings.length - i} more files.`);
        break;
      }
      out.push(row);
    }
  }
  if (elsewhere > 0) {
    out.push('', `⚠️ ${elsewhere} error${elsewhere === 1 ? '' : 's'} in files this pull request does not change (for example a reference to a file it deletes or renames). Run \`npx loop validate\` to see them.`);
  }
  const problems = listings.flatMap((c) => byFile.get(c.file) ?? []);
  const closing: string[] = [];
  if (problems.length) {
    out.push('', '### What to fix', '');
    closing.push(
      '',
      '<details><summary>How to fix these</summary>',
      '',
      '- The file and line are marked on the "Files changed" tab too.',
      '- Editing in the web form? Open the listing at /admin, correct the field, and save: this comment updates itself.',
      '- Editing YAML? Run `npx loop validate` locally for the same messages with the lines around each problem.',
      '- Warnings do not block merging; errors do. CONTRIBUTING.md explains each rule.',
      '',
      '</details>',
    );
  }
  // Whole lines only: cutting the text anywhere else could leave an escape or a <code> half written.
  const more = (n: number) => `- …and ${n} more: run \`npx loop validate\` for the full list.`;
  let length = out.join('\n').length + closing.join('\n').length + more(problems.length).length + 2;
  for (const [i, d] of problems.entries()) {
    const line = `- ${d.severity === 'error' ? '**error**' : 'warning'} ${link(d.file, d.line)} (${mdText(d.rule)}): ${mdText(d.message)}${d.hint ? `  \n  _Fix:_ ${mdText(d.hint)}` : ''}`;
    if (length + line.length + 1 > MAX_LENGTH) {
      out.push(more(problems.length - i));
      break;
    }
    out.push(line);
    length += line.length + 1;
  }
  return `${[...out, ...closing].join('\n')}\n`;
}
