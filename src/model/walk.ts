/**
 * Walking the zod model by path: which schemas, and so which keys, apply at a place in a file. The schema check uses
 * it for its hints, the importers' YAML writer to order keys the way the model does.
 */
import type { z } from 'zod';

export type AnySchema = z.core.$ZodType;

export interface Def {
  type: string;
  shape?: Record<string, AnySchema>;
  element?: AnySchema;
  innerType?: AnySchema;
  in?: AnySchema;
  options?: AnySchema[];
  entries?: Record<string, string>;
  values?: unknown[];
}

export function defOf(schema: AnySchema): Def {
  return schema._zod.def as unknown as Def;
}

/** Unwraps optional/default/pipe wrappers to the schema that has the shape. */
export function unwrap(schema: AnySchema): AnySchema {
  let current = schema;
  for (;;) {
    const def = defOf(current);
    if (def.innerType && ['optional', 'default', 'prefault', 'nullable', 'readonly', 'catch', 'nonoptional'].includes(def.type)) current = def.innerType;
    else if (def.type === 'pipe' && def.in) current = def.in;
    else return current;
  }
}

/** The schemas that might apply at `path` (several where a union is involved). */
export function schemasAt(root: AnySchema, path: readonly (string | number)[]): AnySchema[] {
  let current: AnySchema[] = [unwrap(root)];
  for (const segment of path) {
    const next: AnySchema[] = [];
    for (const s of current) {
      const def = defOf(s);
      if (def.type === 'object' && typeof segment === 'string' && def.shape?.[segment]) next.push(unwrap(def.shape[segment]));
      else if (def.type === 'array' && typeof segment === 'number' && def.element) next.push(unwrap(def.element));
      else if (def.type === 'union' && def.options) {
        for (const option of def.options) next.push(...schemasAt(option, [segment]));
      }
    }
    current = next.flatMap((s) => (defOf(s).type === 'union' ? (defOf(s).options ?? []).map(unwrap) : [s]));
  }
  return current;
}

export function keysAt(root: AnySchema, path: readonly (string | number)[]): string[] {
  const keys = new Set<string>();
  for (const s of schemasAt(root, path)) {
    const def = defOf(s);
    if (def.type === 'object' && def.shape) for (const k of Object.keys(def.shape)) keys.add(k);
  }
  return [...keys];
}
