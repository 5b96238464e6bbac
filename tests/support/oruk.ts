/**
 * Validators for published ORUK files, built from the official specifications in ../shared/reference only: the ORUK
 * 3.0 OpenAPI document and compiled schemas (registered under the URLs the OpenAPI `$ref`s) and HSDS 3.0's. Each
 * endpoint's response is checked against the schema both OpenAPI documents declare for it, exactly as the ORUK
 * validator does, plus the entity schema where the OpenAPI points somewhere odd (service_at_locations/{id}).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

const ORUK_COMPILED = 'https://raw.githubusercontent.com/openreferral/uk-profile/main/schema/compiled/';
const ORUK_SCHEMA = 'https://raw.githubusercontent.com/openreferral/uk-profile/main/schema/';
const HSDS_COMPILED = 'https://raw.githubusercontent.com/openreferral/specification/3.0/schema/compiled/';
const HSDS_SCHEMA = 'https://raw.githubusercontent.com/openreferral/specification/3.0/schema/';

export type Endpoint = 'services' | 'service_at_locations' | 'taxonomies' | 'taxonomy_terms' | 'organizations';

export interface OrukValidators {
  /** Errors (empty when valid) for GET / */
  index(value: unknown): string[];
  /** Errors for a list page (Page wrapper + items). */
  page(endpoint: Endpoint, value: unknown): string[];
  /** Errors for GET /{endpoint}/{id}. */
  item(endpoint: Endpoint, value: unknown): string[];
}

function readJson(path: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
}

function pointer(path: string): string {
  return `#/paths/${path.replace(/~/g, '~0').replace(/\//g, '~1')}/get/responses/200/content/application~1json/schema`;
}

export function orukValidators(reference: string): OrukValidators {
  const ajv = new Ajv2020({ allErrors: true, strict: false, validateFormats: true });
  (addFormats as unknown as (a: Ajv2020) => void)(ajv);
  const oruk = join(reference, 'oruk-3.0');
  const hsds = join(reference, 'hsds-3.0', 'schema');
  // Each schema gets the URL it is published at as its $id, so relative $refs between them ("taxonomy_term.json")
  // resolve as they do online.
  const register = (path: string, url: string) => ajv.addSchema({ ...readJson(path), $id: url });
  for (const file of readdirSync(join(oruk, 'compiled'))) register(join(oruk, 'compiled', file), `${ORUK_COMPILED}${file}`);
  for (const file of readdirSync(join(oruk, 'schemata'))) register(join(oruk, 'schemata', file), `${ORUK_SCHEMA}${file}`);
  for (const file of readdirSync(join(hsds, 'compiled'))) register(join(hsds, 'compiled', file), `${HSDS_COMPILED}${file}`);
  for (const file of readdirSync(hsds).filter((f) => f.endsWith('.json') && f !== 'openapi.json')) register(join(hsds, file), `${HSDS_SCHEMA}${file}`);
  const orukApi = readJson(join(oruk, 'openapi.json'));
  const hsdsApi = readJson(join(hsds, 'openapi.json'));
  ajv.addSchema(orukApi, 'oruk-openapi');
  ajv.addSchema(hsdsApi, 'hsds-openapi');
  const paths = (api: Record<string, unknown>) => Object.keys(api.paths as Record<string, unknown>);
  const compiled = new Map<string, ValidateFunction>();
  const get = (ref: string): ValidateFunction => {
    let fn = compiled.get(ref);
    if (!fn) {
      fn = ajv.getSchema(ref) ?? ajv.compile({ $ref: ref });
      compiled.set(ref, fn);
    }
    return fn;
  };
  const check = (refs: string[], value: unknown): string[] => {
    const errors: string[] = [];
    for (const ref of refs) {
      const fn = get(ref);
      if (!fn(value)) errors.push(...(fn.errors ?? []).slice(0, 10).map((e) => `${ref.split('#')[0]!.split('/').slice(-1)[0]}: ${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`));
    }
    return errors;
  };
  const declared = (path: string): string[] => {
    const refs: string[] = [];
    if (paths(orukApi).includes(path)) refs.push(`oruk-openapi${pointer(path)}`);
    if (paths(hsdsApi).includes(path)) refs.push(`hsds-openapi${pointer(path)}`);
    if (refs.length === 0) throw new Error(`neither OpenAPI document declares ${path}`);
    return refs;
  };
  // Entity schemas checked as well as what the OpenAPI documents declare for each item.
  const entity: Partial<Record<Endpoint, string[]>> = {
    service_at_locations: [`${ORUK_COMPILED}service_at_location.json`, `${HSDS_COMPILED}service_at_location.json`],
    organizations: [`${ORUK_COMPILED}organization.json`],
  };
  return {
    index: (value) => check(declared('/'), value),
    page: (endpoint, value) => check(declared(`/${endpoint}`), value),
    item: (endpoint, value) => check([...declared(`/${endpoint}/{id}`), ...(entity[endpoint] ?? [])], value),
  };
}
