/**
 * JSON Schemas generated from the zod model: for editors (yaml-language-server autocomplete), third parties and
 * the published /schemas/v1/. Generated, committed, and checked for drift by a test.
 */
import { z } from 'zod';
import { configSchema } from './config.ts';
import { SCHEMAS, type FileKind } from './kinds.ts';

export const SCHEMA_BASE_URL = 'https://loop-leeds.github.io/loop/schemas/v1/';

/**
 * The one way LOOP derives a JSON Schema (draft 2020-12) from zod: the authoring side ('input', where defaults
 * make fields optional) for files people write, the 'output' side for feeds LOOP writes. Anything JSON Schema
 * cannot say (refinements, transforms) is left open rather than refused.
 */
export function derivedJsonSchema(schema: z.core.$ZodType, io: 'input' | 'output' = 'input'): Record<string, unknown> {
  return z.toJSONSchema(schema, { io, target: 'draft-2020-12', unrepresentable: 'any' }) as Record<string, unknown>;
}

/** A derived schema with its published address as `$id`, right after `$schema`. */
export function withId(schema: Record<string, unknown>, id: string): Record<string, unknown> {
  const { $schema, ...rest } = schema;
  return { $schema, $id: id, ...rest };
}

export function jsonSchemaFor(schema: z.ZodType, name: string): Record<string, unknown> {
  return withId(derivedJsonSchema(schema), `${SCHEMA_BASE_URL}${name}.schema.json`);
}

/** File name -> pretty JSON text, for every file kind plus loop.config.yaml. */
export function generateSchemaFiles(): Map<string, string> {
  const files = new Map<string, string>();
  for (const kind of Object.keys(SCHEMAS) as FileKind[]) {
    files.set(`${kind}.schema.json`, `${JSON.stringify(jsonSchemaFor(SCHEMAS[kind], kind), null, 2)}\n`);
  }
  files.set('config.schema.json', `${JSON.stringify(jsonSchemaFor(configSchema, 'config'), null, 2)}\n`);
  return files;
}
