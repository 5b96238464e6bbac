/**
 * Rules "schema" and "unknown-key" (and the format rules whose checks live in the model): runs a file's zod schema
 * and turns every issue into a diagnostic a volunteer can act on.
 */
import type { z } from 'zod';
import type { SourceFile, PathSegment } from '../dataset/source.ts';
import type { Diagnostic } from '../dataset/diagnostic.ts';
import { keysAt, schemasAt, type AnySchema } from '../model/walk.ts';
import { closest, didYouMean } from './suggest.ts';

function descriptionAt(root: AnySchema, path: readonly PathSegment[]): string | undefined {
  for (const s of schemasAt(root, path)) {
    const meta = (s as unknown as { meta?: () => { description?: string } | undefined }).meta?.();
    if (meta?.description) return meta.description;
  }
  return undefined;
}

function valueAt(value: unknown, path: readonly PathSegment[]): unknown {
  let current = value;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[segment as string];
  }
  return current;
}

function describe(value: unknown): string {
  if (value === null) return 'nothing (null)';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a block of fields';
  if (typeof value === 'string') return `the text "${value.length > 40 ? `${value.slice(0, 40)}…` : value}"`;
  if (typeof value === 'number') return `the number ${value}`;
  if (typeof value === 'boolean') return `${value}`;
  return typeof value;
}

const EXPECTED: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list (lines starting with "- ")',
  object: 'a block of fields',
};

function pathLabel(path: readonly PathSegment[]): string {
  return path.length ? path.map((p) => (typeof p === 'number' ? `[${p}]` : p)).join('.').replace(/\.\[/g, '[') : 'the file';
}

/**
 * Validates `value` against `schema` and reports issues positioned in `source`. Returns the parsed data when valid.
 */
export function checkSchema<T extends AnySchema>(schema: T, value: unknown, source: SourceFile, displayKind: string): { data?: z.output<T>; diagnostics: Diagnostic[] } {
  const result = (schema as unknown as z.ZodType).safeParse(value);
  if (result.success) return { data: result.data as z.output<T>, diagnostics: [] };
  const diagnostics: Diagnostic[] = [];
  const seen = new Set<string>();
  for (const issue of result.error.issues) {
    for (const d of issueToDiagnostics(schema, value, source, issue as z.core.$ZodIssue, displayKind)) {
      const key = `${d.line}:${d.column}:${d.rule}:${d.message}`;
      if (!seen.has(key)) {
        seen.add(key);
        diagnostics.push(d);
      }
    }
  }
  return { diagnostics };
}

function issueToDiagnostics(schema: AnySchema, value: unknown, source: SourceFile, issue: z.core.$ZodIssue, displayKind: string): Diagnostic[] {
  const path = issue.path as PathSegment[];
  const at = (p: readonly PathSegment[], key = false) => source.locate(p, { key });
  const base = (rule: string, message: string, p: readonly PathSegment[] = path, hint?: string, key = false): Diagnostic => ({
    file: source.file,
    ...at(p, key),
    severity: 'error',
    rule,
    message,
    ...(hint ? { hint } : {}),
  });
  const field = path.at(-1);
  const label = pathLabel(path);
  const actual = valueAt(value, path);

  switch (issue.code) {
    case 'unrecognized_keys': {
      const known = keysAt(schema, path);
      return issue.keys.map((key) => {
        const suggestion = closest(key, known);
        return base(
          'unknown-key',
          `"${key}" is not a field of ${path.length ? label : `a ${displayKind}`}${suggestion ? ` (did you mean "${suggestion}"?)` : ''}`,
          [...path, key],
          suggestion ? undefined : `known fields here: ${known.join(', ')}`,
          true,
        );
      });
    }
    case 'invalid_type': {
      if (actual === undefined) {
        const description = descriptionAt(schema, path);
        return [base('schema', `"${String(field)}" is required${path.length > 1 ? ` in ${pathLabel(path.slice(0, -1))}` : ''}`, path.slice(0, -1), description)];
      }
      const expected = EXPECTED[issue.expected] ?? issue.expected;
      let hint: string | undefined;
      if (issue.expected === 'string' && (typeof actual === 'number' || typeof actual === 'boolean')) hint = `put it in quotes: "${String(actual)}"`;
      if (issue.expected === 'array' && typeof actual === 'string') hint = `write it as a list: [${actual}]`;
      return [base('schema', `${label} should be ${expected}, not ${describe(actual)}`, path, hint)];
    }
    case 'invalid_value': {
      const options = issue.values.map(String);
      const suggestion = typeof actual === 'string' ? didYouMean(actual, options) : '';
      return [base('schema', `${label} cannot be ${describe(actual)}${suggestion}`, path, `use one of: ${options.join(', ')}`)];
    }
    case 'invalid_union': {
      const description = descriptionAt(schema, path);
      return [base('schema', `${label} is not in a shape LOOP understands`, path, description)];
    }
    case 'too_small':
    case 'too_big': {
      const message = /^(Too small|Too big|Invalid)/.test(issue.message) ? genericSize(issue, label) : `${label}: ${issue.message}`;
      return [base('schema', message, path)];
    }
    case 'invalid_format':
      return [base('schema', `${label}: ${issue.message.replace(/^Invalid string: /, '')}`, path)];
    case 'custom': {
      const params = (issue.params ?? {}) as { rule?: string; suggestion?: string; character?: string };
      const diagnostic = base(params.rule ?? 'schema', `${label}: ${issue.message}`, path, params.suggestion ? `write "${params.suggestion}"` : undefined);
      // A hidden character is found by its own column: the value may look perfectly fine on screen.
      if (params.character) {
        const { line, column } = source.locateCharacter(path, params.character);
        return [{ ...diagnostic, line, column, endLine: line, endColumn: column + 1 }];
      }
      return [diagnostic];
    }
    default:
      return [base('schema', `${label}: ${issue.message}`, path)];
  }
}

function genericSize(issue: z.core.$ZodIssueTooBig | z.core.$ZodIssueTooSmall, label: string): string {
  const small = issue.code === 'too_small';
  const limit = Number((issue as { minimum?: number | bigint; maximum?: number | bigint }).minimum ?? (issue as { maximum?: number | bigint }).maximum);
  switch (issue.origin) {
    case 'array':
      return small ? `${label} needs at least ${limit} item${limit === 1 ? '' : 's'}` : `${label} can have at most ${limit} items`;
    case 'string':
      return small ? `${label} cannot be empty` : `${label} is too long (at most ${limit} characters)`;
    default:
      return small ? `${label} must be at least ${limit}` : `${label} must be at most ${limit}`;
  }
}
