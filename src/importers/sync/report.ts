/**
 * The import plan in words (the dry-run diff people read before `--write`) and as JSON (for the sync workflow's
 * pull request and other tools).
 */
import { stringify } from 'yaml';
import type { Problem } from '../incoming.ts';
import type { FileChange, Plan } from './sync.ts';

function short(value: unknown, max = 90): string {
  if (value === undefined) return '(none)';
  let text = typeof value === 'string' ? JSON.stringify(value) : stringify(value, { lineWidth: 0, collectionStyle: 'flow' }).trim();
  text = text.replace(/\s+/g, ' ');
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function plural(n: number, word: string, many = `${word}s`): string {
  return `${n.toLocaleString('en-GB')} ${n === 1 ? word : many}`;
}

/** A unified-style line diff of two small texts (listing files are small). */
export function lineDiff(before: string, after: string, context = 2): string[] {
  const a = before.split('\n');
  const b = after.split('\n');
  const n = a.length;
  const m = b.length;
  if (n * m > 4_000_000) return ['(file too large to show a diff)'];
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  const ops: { op: ' ' | '-' | '+'; line: string }[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      ops.push({ op: ' ', line: a[i]! });
      i++;
      j++;
    } else if (lcs[i + 1]![j]! >= lcs[i]![j + 1]!) ops.push({ op: '-', line: a[i++]! });
    else ops.push({ op: '+', line: b[j++]! });
  }
  while (i < n) ops.push({ op: '-', line: a[i++]! });
  while (j < m) ops.push({ op: '+', line: b[j++]! });
  const out: string[] = [];
  let lastShown = -1;
  ops.forEach((o, k) => {
    if (o.op === ' ') return;
    const from = Math.max(lastShown + 1, k - context);
    if (lastShown >= 0 && from > lastShown + 1) out.push('  ...');
    for (let c = from; c < k; c++) out.push(`  ${ops[c]!.line}`);
    out.push(`${o.op} ${o.line}`);
    lastShown = k;
    let after = k + 1;
    while (after < ops.length && after <= k + context && ops[after]!.op === ' ') {
      out.push(`  ${ops[after]!.line}`);
      lastShown = after;
      after++;
    }
  });
  return out;
}

const SEVERITY_WORD: Record<Problem['severity'], string> = { error: 'error  ', warning: 'warning', info: 'note   ' };

export interface ReportOptions {
  /** Show whole new files and line diffs of updated ones. */
  verbose?: boolean;
  /** Notes (info) are listed only when verbose, counted otherwise. */
  written?: boolean;
  /** Where the data folder is, as the user named it, for file paths. */
  dataLabel?: string;
}

export function formatPlan(plan: Plan, options: ReportOptions = {}): string {
  const out: string[] = [];
  const at = (file: string) => `${options.dataLabel ? `${options.dataLabel.replace(/\/$/, '')}/` : ''}${file}`;
  out.push(`Import from ${plan.system} (${plan.format}): ${plan.source}`);
  out.push(`Read ${plural(plan.read.service, 'service')}, ${plan.read.resource ? `${plural(plan.read.resource, 'resource')}, ` : ''}${plural(plan.read.organisation, 'organisation')} and ${plural(plan.read.location, 'venue')}.`);
  if (plan.blocking.length) {
    out.push('', `The data folder already has ${plural(plan.blocking.length, 'error')}; fix them first (npx loop validate). The plan below cannot be written until then.`);
    for (const d of plan.blocking.slice(0, 10)) out.push(`  ${at(d.file)}:${d.line}:${d.column}  ${d.message}`);
  }
  const section = (title: string, items: FileChange[], mark: string) => {
    if (!items.length) return;
    out.push('', `${title} (${items.length}):`);
    for (const change of items) {
      out.push(`  ${mark} ${at(change.file)}   ${change.label}`);
      if (change.action === 'update') {
        if (options.verbose && change.before !== undefined) for (const l of lineDiff(change.before, change.after)) out.push(`      ${l}`);
        else for (const c of change.changes) out.push(`      ${c.field}: ${short(c.from)} → ${short(c.to)}`);
      } else if (options.verbose) {
        for (const l of change.after.trimEnd().split('\n')) out.push(`      ${l}`);
      }
    }
  };
  section('Created', plan.created, '+');
  section('Updated', plan.updated, '~');
  section('Vocabulary files', plan.vocabularies, plan.vocabularies.some((v) => v.action === 'create') ? '+' : '~');
  if (plan.unchanged.length) out.push('', `Unchanged: ${plural(plan.unchanged.length, 'record')}.`);
  if (plan.conflicts.length) {
    const resolved = plan.conflicts[0]!.resolved;
    out.push('', `Conflicts (${plan.conflicts.length}): changed both in LOOP and at the source; ${resolved ? `resolved in favour of ${resolved === 'local' ? 'LOOP' : 'the source'} (--resolve ${resolved})` : 'left as they are in LOOP (choose with --resolve local or --resolve source)'}`);
    for (const c of plan.conflicts) {
      out.push(`  ! ${at(c.file)}   ${c.field}   (${c.label})`);
      out.push(`      LOOP:   ${short(c.local)}`);
      out.push(`      source: ${short(c.incoming)}`);
    }
  }
  if (plan.duplicates.length) {
    out.push('', `Possible duplicates (${plan.duplicates.length}):`);
    const outcome = { reused: 'the existing one is used as it is', linked: 'linked (--link-duplicates) and merged', created: 'imported as a new record', 'not imported': 'not imported (likely already in LOOP; use --link-duplicates to merge)' };
    for (const d of plan.duplicates) out.push(`  ? ${d.label} ~ ${at(d.file)}  score ${d.score.toFixed(2)}: ${d.reasons.join(', ')}: ${outcome[d.outcome]}`);
  }
  if (plan.missing.length) {
    out.push('', `No longer in the source (${plan.missing.length}): nothing is deleted${plan.missing.some((m) => m.markedInactive) ? '' : '; --mark-missing-inactive sets services to inactive'}`);
    for (const m of plan.missing) out.push(`  - ${at(m.file)}   ${m.label} (source id ${m.sourceId})${m.markedInactive ? ': marked inactive' : ''}`);
  }
  const counts = { error: 0, warning: 0, info: 0 };
  for (const p of plan.problems) counts[p.severity]++;
  if (plan.problems.length) {
    out.push('', `What could not be carried over as it was: ${plural(counts.error, 'error')}, ${plural(counts.warning, 'warning')}, ${plural(counts.info, 'note')}`);
    const shown = plan.problems.filter((p) => options.verbose || p.severity !== 'info');
    for (const p of shown) out.push(`  ${SEVERITY_WORD[p.severity]} ${p.record ? `${p.record}: ` : ''}${p.field ? `${p.field}: ` : ''}${p.message}`);
    if (shown.length < plan.problems.length) out.push(`  (${plural(plan.problems.length - shown.length, 'note')} not shown; --verbose lists them)`);
  }
  const total = plan.created.length + plan.updated.length + plan.vocabularies.length;
  out.push('');
  const open = plan.conflicts.filter((c) => !c.resolved).length;
  if (!total && open) out.push(`Nothing to change but the ${plural(open, 'conflict')} above, left as ${open === 1 ? 'it is' : 'they are'} in LOOP until you choose (--resolve local or --resolve source).`);
  else if (!total) out.push('Nothing to change: LOOP already matches the source.');
  else if (options.written) out.push(`Wrote ${plural(total, 'file')}.`);
  else out.push(`Dry run: nothing was written. ${plural(total, 'file')} would change; run again with --write to make these changes.`);
  return out.join('\n');
}

export function planJson(plan: Plan, written: boolean): unknown {
  const files = (list: FileChange[]) => list.map((f) => ({ file: f.file, kind: f.kind, action: f.action, label: f.label, changes: f.changes.map((c) => c.field) }));
  return {
    system: plan.system,
    format: plan.format,
    source: plan.source,
    date: plan.today,
    written,
    read: plan.read,
    created: files(plan.created),
    updated: files(plan.updated),
    vocabularies: files(plan.vocabularies),
    unchanged: plan.unchanged.length,
    conflicts: plan.conflicts,
    duplicates: plan.duplicates,
    missing: plan.missing,
    problems: plan.problems,
    blocking: plan.blocking,
  };
}
