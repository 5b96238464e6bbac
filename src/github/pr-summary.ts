/**
 * The pull request summary: which listings changed, what is wrong with them and how to fix it. Posted as one
 * comment per pull request (updated on each push) by .github/workflows/pr-comment.yml.
 */
import type { Diagnostic } from '../dataset/diagnostic.ts';

export const SUMMARY_MARKER = '<!-- loop-pr-summary -->';
/** GitHub refuses comments over 65,536 characters. */
const MAX_LENGTH = 60_000;

export interface ChangedFile {
  file: string;
  change: 'added' | 'modified' | 'deleted' | 'renamed';
}

function md(text: string): string {
  return text.replace(/[\\`*_[\]<>#|@!]/g, (c) => `\\${c}`).replace(/\r?\n/g, ' ');
}

export function prSummary(changed: readonly ChangedFile[], diagnostics: readonly Diagnostic[], options: { totalErrors: number; repositoryUrl?: string; headSha?: string } = { totalErrors: 0 }): string {
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
  const link = (file: string, line?: number) =>
    options.repositoryUrl && options.headSha ? `[\`${file}${line ? `:${line}` : ''}\`](${options.repositoryUrl.replace(/\/$/, '')}/blob/${options.headSha}/${file}${line ? `#L${line}` : ''})` : `\`${file}${line ? `:${line}` : ''}\``;
  const out: string[] = [SUMMARY_MARKER];
  out.push(
    errors > 0 || elsewhere > 0
      ? `## ❌ LOOP listing check: ${errors + Math.max(0, elsewhere)} error${errors + elsewhere === 1 ? '' : 's'} to fix`
      : `## ✅ LOOP listing check: no errors${warnings ? ` (${warnings} warning${warnings === 1 ? '' : 's'})` : ''}`,
  );
  out.push('');
  if (listings.length === 0) {
    out.push('This pull request does not change any listings.');
  } else {
    out.push(`This pull request changes ${listings.length} listing file${listings.length === 1 ? '' : 's'}:`, '', '| File | Change | Errors | Warnings |', '|---|---|---|---|');
    for (const c of listings) {
      const found = byFile.get(c.file) ?? [];
      out.push(`| ${link(c.file)} | ${c.change} | ${found.filter((d) => d.severity === 'error').length} | ${found.filter((d) => d.severity === 'warning').length} |`);
    }
  }
  if (elsewhere > 0) {
    out.push('', `⚠️ ${elsewhere} error${elsewhere === 1 ? '' : 's'} in files this pull request does not change (for example a reference to a file it deletes or renames). Run \`npx loop validate\` to see them.`);
  }
  const problems = listings.flatMap((c) => byFile.get(c.file) ?? []);
  if (problems.length) {
    out.push('', '### What to fix', '');
    for (const d of problems) {
      out.push(`- ${d.severity === 'error' ? '**error**' : 'warning'} ${link(d.file, d.line)} (${d.rule}): ${md(d.message)}${d.hint ? `  \n  _Fix:_ ${md(d.hint)}` : ''}`);
    }
    out.push(
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
  let text = `${out.join('\n')}\n`;
  if (text.length > MAX_LENGTH) text = `${text.slice(0, MAX_LENGTH)}\n\n…and more: run \`npx loop validate\` for the full list.\n`;
  return text;
}
