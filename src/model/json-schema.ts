/**
 * JSON Schemas generated from the zod model: for editors (yaml-language-server autocomplete), third parties and
 * the published /schemas/v1/. Generated, committed, and checked for drift by a test.
 */
import { z } from 'zod';
import { configSchema } from './config.ts';
import { SCHEMAS, type FileKind } from './kinds.ts';

export const SCHEMA_BASE_URL = 'https://loop-leeds.github.io/loop/schemas/v1/';

export function jsonSchemaFor(schema: z.ZodType, name: string): Record<string, unknown> {
  const generated = z.toJSONSchema(schema, { io: 'input', target: 'draft-2020-12', unrepresentable: 'any' }) as Record<string, unknown>;
  const { $schema, ...rest } = generated;
  return { $schema, $id: `${SCHEMA_BASE_URL}${name}.schema.json`, ...rest };
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
