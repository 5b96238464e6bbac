/**
 * The validator's own per-file checks, run in the web form as people type: the same zod schema, format checks
 * (phone numbers, postcodes, web addresses...) and plain-words messages as `npx loop validate`, on the very text
 * the form is about to save. Checks that need the whole dataset (references, duplicates, freshness) run in CI on the
 * pull request. Browser-safe: no Node APIs.
 */
import { LineCounter, parseDocument } from 'yaml';
import type { Diagnostic } from '../dataset/diagnostic.ts';
import { checkSchema } from '../checks/schema.ts';
import { SourceFile } from '../dataset/source.ts';
import { MAX_ALIAS_COUNT, YAML_OPTIONS } from '../dataset/yaml-options.ts';
import { SCHEMAS } from '../model/kinds.ts';
import type { FormKind } from './yaml-format.ts';

/** Diagnostics for one file's text, as `loop validate` reports them for that file on its own. */
export function checkListingText(kind: FormKind, text: string, display = `${kind}.yaml`): Diagnostic[] {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { ...YAML_OPTIONS, lineCounter });
  const file = new SourceFile(display, text, lineCounter, doc);
  if (doc.errors.length) {
    return doc.errors.map((error) => ({ file: display, ...file.positionOfOffset(error.pos[0]), severity: 'error', rule: 'yaml-syntax', message: error.message.split('\n')[0]! }));
  }
  return checkSchema(SCHEMAS[kind], doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }), file, kind).diagnostics;
}
