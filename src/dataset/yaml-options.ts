/**
 * How LOOP reads YAML, in one place: the loader (read.ts) and the web form (its checks and its YAML format) parse
 * with these, so a file reads the same in `loop validate`, in CI and in the browser. Browser-safe.
 */
import type { DocumentOptions, ParseOptions, SchemaOptions } from 'yaml';

/**
 * YAML 1.2's core schema (dates and times stay text), a key twice in one block is an error, warnings are errors, and
 * keys are plain scalars. Plain messages (no source excerpt): diagnostics carry their own line and column.
 */
export const YAML_OPTIONS = {
  uniqueKeys: true,
  prettyErrors: false,
  version: '1.2',
  strict: true,
  stringKeys: false,
} as const satisfies ParseOptions & DocumentOptions & SchemaOptions;

/** How many alias expansions one file may make before reading stops (a "YAML bomb"); loop.config.yaml may lower or raise it for the loader. */
export const MAX_ALIAS_COUNT = 20;
