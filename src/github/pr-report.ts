/**
 * The pull request check as data: what the untrusted `pull_request` job (validate.yml) uploads, and what the
 * trusted `workflow_run` job (pr-comment.yml) renders into the comment with LOOP's own code from the base branch.
 *
 * A pull request controls this file completely (it can change the code that writes it), so the reader treats it as
 * hostile: a size cap before parsing, a strict shape with caps on every list and string, and nothing in it is ever
 * run or trusted beyond being shown as escaped text.
 */
import { lstatSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import type { Diagnostic } from '../dataset/diagnostic.ts';
import type { ChangedFile } from './pr-summary.ts';

export const REPORT_FORMAT = 'loop-pr-report';
/** Lists are cut to this many entries by the writer; a comment cannot show more anyway (GitHub's 65,536 characters). */
export const MAX_ENTRIES = 1000;
const MAX_PATH = 1024;
const MAX_MESSAGE = 4000;
/** The whole file: MAX_ENTRIES entries of the longest allowed strings would be larger, but no honest report is. */
export const MAX_REPORT_BYTES = 4 * 1024 * 1024;

const count = z.number().int().min(0).max(10_000_000);

export const PrReportSchema = z.strictObject({
  format: z.literal(REPORT_FORMAT),
  version: z.literal(1),
  pullRequest: z.number().int().min(1).max(9_999_999_999),
  changed: z
    .array(z.strictObject({ file: z.string().min(1).max(MAX_PATH), change: z.enum(['added', 'modified', 'deleted', 'renamed']) }))
    .max(MAX_ENTRIES),
  diagnostics: z
    .array(
      z.strictObject({
        file: z.string().min(1).max(MAX_PATH),
        line: count,
        column: count,
        severity: z.enum(['error', 'warning']),
        rule: z.string().min(1).max(100),
        message: z.string().max(MAX_MESSAGE),
        hint: z.string().max(MAX_MESSAGE).exactOptional(),
      }),
    )
    .max(MAX_ENTRIES),
  totalErrors: count,
  /** The writer cut a list short. */
  truncated: z.boolean(),
});

export type PrReport = z.infer<typeof PrReportSchema>;

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** The report for a pull request, kept within the caps the reader enforces: only diagnostics in changed files. */
export function prReport(pullRequest: number, changed: readonly ChangedFile[], diagnostics: readonly Diagnostic[], totalErrors: number): PrReport {
  const files = new Set(changed.map((c) => c.file));
  const relevant = diagnostics.filter((d) => files.has(d.file));
  return {
    format: REPORT_FORMAT,
    version: 1,
    pullRequest,
    changed: changed.slice(0, MAX_ENTRIES).map((c) => ({ file: clip(c.file, MAX_PATH), change: c.change })),
    diagnostics: relevant.slice(0, MAX_ENTRIES).map((d) => ({
      file: clip(d.file, MAX_PATH),
      line: d.line,
      column: d.column,
      severity: d.severity,
      rule: clip(d.rule, 100),
      message: clip(d.message, MAX_MESSAGE),
      ...(d.hint === undefined ? {} : { hint: clip(d.hint, MAX_MESSAGE) }),
    })),
    totalErrors,
    truncated: changed.length > MAX_ENTRIES || relevant.length > MAX_ENTRIES,
  };
}

export class ReportError extends Error {}

/** Parses a report from text, refusing anything that is not exactly the shape above. */
export function parsePrReport(text: string): PrReport {
  if (Buffer.byteLength(text) > MAX_REPORT_BYTES) throw new ReportError(`the report is larger than ${MAX_REPORT_BYTES} bytes`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ReportError('the report is not JSON');
  }
  const parsed = PrReportSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ReportError(`the report is not a LOOP pull request report (${issue.path.join('.') || 'top level'}: ${issue.code})`);
  }
  return parsed.data;
}

/** Reads a downloaded report: a regular file (not a link), size checked before it is read. */
export function readPrReport(path: string): PrReport {
  let stat;
  try {
    stat = lstatSync(path);
  } catch {
    throw new ReportError(`no report at ${path}`);
  }
  if (!stat.isFile()) throw new ReportError(`${path} is not a regular file`);
  if (stat.size > MAX_REPORT_BYTES) throw new ReportError(`the report is larger than ${MAX_REPORT_BYTES} bytes`);
  return parsePrReport(readFileSync(path, 'utf8'));
}
