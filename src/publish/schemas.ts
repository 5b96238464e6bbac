/**
 * JSON Schemas published under /schemas/v1/: the authoring formats (service, organisation, location, resource,
 * taxonomy, synonyms, config: the same files as schemas/, generated from the zod model) and one per LOOP feed,
 * generated from feed-model.ts. Consumers validate against them; the tests validate every feed LOOP generates.
 */
import { derivedJsonSchema, generateSchemaFiles, withId } from '../model/json-schema.ts';
import { SCHEMAS_BASE, schemaPath } from '../urls/site.ts';
import { fileOf, prettyJson, type OutputFiles, type PublishContext } from './context.ts';
import { FEED_SCHEMAS, type FeedSchemaName } from './feed-model.ts';

/** The JSON Schema (draft 2020-12) of one feed, with its published address as $id. */
export function feedJsonSchema(ctx: PublishContext, name: FeedSchemaName): Record<string, unknown> {
  return withId(derivedJsonSchema(FEED_SCHEMAS[name], 'output'), ctx.url(schemaPath(name)));
}

export function schemaFiles(ctx: PublishContext): OutputFiles {
  const files: OutputFiles = new Map();
  for (const [name, text] of generateSchemaFiles()) files.set(`${fileOf(SCHEMAS_BASE)}/${name}`, text);
  for (const name of Object.keys(FEED_SCHEMAS) as FeedSchemaName[]) files.set(fileOf(schemaPath(name)), prettyJson(feedJsonSchema(ctx, name)));
  return files;
}
