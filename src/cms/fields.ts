/**
 * The web form's fields, generated from the zod model so the form and the validator cannot disagree. We walk the
 * JSON Schema that zod itself derives from each file kind (`z.toJSONSchema`, the same one behind schemas/): it
 * carries every field, its description, enum values, defaults, bounds and patterns in a documented shape, so no
 * zod internals are needed. Anything the walker does not know how to show is an error, never a silent omission:
 * a new kind of field in the model fails the form-config test until this module learns it.
 */
import { z } from 'zod';
import { TAXONOMY_FILES, type TaxonomyKind, TERM_FIELDS } from '../model/vocabularies.ts';
import { WEEKDAY_NAMES } from '../model/fields.ts';
import { derivedJsonSchema } from '../model/json-schema.ts';
import { SCHEMAS } from '../model/kinds.ts';
import type { FormKind } from './yaml-format.ts';

export { TAXONOMY_FILES };

/** The part of JSON Schema that zod emits for LOOP's model. */
export interface JsonSchema {
  type?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: (string | number)[];
  const?: unknown;
  anyOf?: JsonSchema[];
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  minItems?: number;
  default?: unknown;
  description?: string;
  additionalProperties?: unknown;
}

/** A Decap CMS field (https://decapcms.org/docs/widgets/): only the options LOOP uses. */
export interface CmsField {
  name: string;
  label: string;
  widget: string;
  required: boolean;
  hint?: string;
  default?: unknown;
  pattern?: [string, string];
  options?: { label: string; value: string | number }[];
  multiple?: boolean;
  min?: number;
  max?: number;
  step?: number;
  value_type?: 'int' | 'float';
  fields?: CmsField[];
  field?: CmsField;
  collapsed?: boolean;
  summary?: string;
  label_singular?: string;
  collection?: string;
  file?: string;
  value_field?: string;
  search_fields?: string[];
  display_fields?: string[];
  options_length?: number;
  format?: string;
  date_format?: string | false;
  time_format?: string | false;
  read_only?: boolean;
  /** loop-review widget: the freshness policy from loop.config.yaml, so the form says when a review is due. */
  due_after_months?: number;
  overdue_after_months?: number;
}

export type { FormKind };

type Reference = { collection: 'organisations' | 'locations' } | { taxonomy: TaxonomyKind } | { free: true };

/**
 * What each reference field points at, by field name (a name means the same thing wherever it appears: a phone
 * line's `languages` and a service's `languages` both hold language terms). Fields whose schema is a slug or term
 * pattern must be listed here; `free` marks the few that are labels rather than references.
 */
export const REFERENCES: Record<string, Reference> = {
  organisation: { collection: 'organisations' },
  parent_organisation: { collection: 'organisations' },
  location: { collection: 'locations' },
  ward: { taxonomy: 'area' },
  ...Object.fromEntries(Object.entries(TERM_FIELDS).map(([field, kind]) => [field, { taxonomy: kind }])),
  tags: { free: true },
};

const SLUG_PATTERN = z.toJSONSchema(z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/)).pattern as string;

/** Labels where the field name, read aloud, would not be plain English. Everything else is the name humanised. */
const LABELS: Record<string, string> = {
  id: 'Listing id',
  url: 'Web address',
  email: 'Email (a role mailbox)',
  uprn: 'UPRN',
  esd: 'LGA/esd term URIs',
  snomed: 'SNOMED CT concept id',
  dtstart: 'First date',
  freq: 'How often',
  reviewed: 'Last checked',
  reviewed_by: 'Checked by (role mailbox)',
  address_1: 'Building and street',
  address_2: 'Address line 2',
  state_province: 'County',
  postal_code: 'Postcode',
  location_type: 'Kind of location',
  parent_organisation: 'Parent organisation',
  charity_number: 'Charity number',
  company_number: 'Company number',
  minimum_age: 'Minimum age',
  maximum_age: 'Maximum age',
  amount_description: 'Amount description',
  attending_type: 'How people attend',
  free: 'Free of charge',
};

export function humanise(name: string): string {
  const words = name.replace(/[_-]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function optionLabel(value: string | number): string {
  if (typeof value === 'number') return String(value);
  return (WEEKDAY_NAMES as Record<string, string>)[value] ?? humanise(value);
}

/** Regexes the form checks as you type; the validator's own checks (phone numbers, postcodes...) still run in CI. */
const EMAIL_PATTERN: [string, string] = ['^[^\\s@]+@[^\\s@]+\\.[^\\s@]+$', 'write an email address, e.g. hello@example.org'];
const URL_PATTERN: [string, string] = ['^https?://\\S+$', 'start web addresses with https://'];

export interface WalkContext {
  /** Path of field names from the top of the file, for error messages ("services: locations.schedules.opens"). */
  path: string[];
  kind: FormKind;
  /** True while every enclosing object is itself required: only then may a field be required in the form. */
  requiredChain: boolean;
  /** Top-level fields only: nested defaults would pre-fill empty list items (see fieldFor). */
  topLevel: boolean;
  policy: { due_after_months: number; overdue_after_months: number };
}

function fail(ctx: WalkContext, message: string): never {
  throw new Error(`${ctx.kind}: ${ctx.path.join('.') || '(root)'}: ${message}`);
}

function referenceField(base: Omit<CmsField, 'widget'>, ref: Exclude<Reference, { free: true }>, multiple: boolean): CmsField {
  if ('collection' in ref) {
    return {
      ...base,
      widget: 'relation',
      collection: ref.collection,
      value_field: '{{slug}}',
      search_fields: ['name', 'alternate_name'],
      display_fields: ['name'],
      options_length: 500,
      ...(multiple ? { multiple: true } : {}),
    };
  }
  return {
    ...base,
    widget: 'relation',
    collection: 'taxonomies',
    file: TAXONOMY_FILES[ref.taxonomy],
    value_field: 'terms.*.slug',
    search_fields: ['terms.*.name', 'terms.*.slug'],
    display_fields: ['terms.*.name'],
    options_length: 500,
    ...(multiple ? { multiple: true } : {}),
  };
}

/** How a collapsed list item is named, where the first text field would not say enough. */
const SUMMARIES: Record<string, string> = {
  schedules: '{{fields.days}} {{fields.opens}}-{{fields.closes}} {{fields.description}}',
  options: '{{fields.option}} {{fields.amount}}',
  other_identifiers: '{{fields.scheme}} {{fields.identifier}}',
};

/** Otherwise the first required text field names a list item ("0113 496 0123", "Getting here"), or the first text field without a default. */
function summaryFor(name: string, item: JsonSchema): string | undefined {
  if (SUMMARIES[name]) return SUMMARIES[name];
  const props = Object.entries(item.properties ?? {});
  const required = new Set(item.required ?? []);
  const pick = props.find(([k, p]) => required.has(k) && p.type === 'string') ?? props.find(([, p]) => p.type === 'string' && p.default === undefined);
  return pick ? `{{fields.${pick[0]}}}` : undefined;
}

/** One schema node -> one form field. `required` is whether the model requires this key in its parent object. */
export function fieldFor(name: string, schema: JsonSchema, required: boolean, ctx: WalkContext): CmsField {
  const here: WalkContext = { ...ctx, path: [...ctx.path, name] };
  const formRequired = required && ctx.requiredChain && schema.default === undefined;
  const base: Omit<CmsField, 'widget'> = {
    name,
    label: LABELS[name] ?? humanise(name),
    required: formRequired,
    ...(schema.description ? { hint: schema.description } : {}),
    // Defaults only at the top of a file: Decap fills a new list item or object with its children's defaults, so a
    // nested default (a schedule's `freq: weekly`) would add an unasked-for schedule to every new service. The
    // model applies those defaults when it reads the file anyway.
    ...(ctx.topLevel && schema.default !== undefined ? { default: schema.default } : {}),
  };

  if (schema.anyOf) return unionField(schema, base, here);

  const ref = ctx.kind === 'taxonomy' ? undefined : REFERENCES[name];
  const isArray = schema.type === 'array';
  const leaf = isArray ? schema.items : schema;
  if (!leaf) fail(here, 'an array without an item schema');

  if (ref && !('free' in ref)) {
    if (leaf.type !== 'string') fail(here, `"${name}" is listed as a reference but holds ${leaf.type}`);
    return referenceField(base, ref, isArray);
  }
  if (!ref && ctx.kind !== 'taxonomy' && leaf.type === 'string' && leaf.pattern && (leaf.pattern === SLUG_PATTERN || leaf.pattern.startsWith(SLUG_PATTERN.slice(0, -1)))) {
    fail(here, `"${name}" holds slugs but is not in REFERENCES (src/cms/fields.ts): say what it refers to`);
  }

  if (isArray) return arrayField(name, leaf, base, here);

  switch (schema.type) {
    case 'string':
      return stringField(name, schema, base, here);
    case 'integer':
    case 'number':
      return {
        ...base,
        widget: 'number',
        value_type: schema.type === 'integer' ? 'int' : 'float',
        ...(schema.minimum !== undefined ? { min: schema.minimum } : schema.exclusiveMinimum !== undefined && schema.type === 'integer' ? { min: schema.exclusiveMinimum + 1 } : {}),
        ...(schema.maximum !== undefined ? { max: schema.maximum } : {}),
        step: schema.type === 'integer' ? 1 : name === 'amount' ? 0.01 : 0.000001,
      };
    case 'boolean':
      return { ...base, widget: 'boolean' };
    case 'object':
      return {
        ...base,
        widget: 'object',
        collapsed: !formRequired,
        fields: objectFields(schema, { ...here, requiredChain: formRequired, topLevel: false }),
      };
    default:
      return fail(here, `no form widget for JSON Schema type "${String(schema.type)}"`);
  }
}

function stringField(name: string, schema: JsonSchema, base: Omit<CmsField, 'widget'>, ctx: WalkContext): CmsField {
  if (schema.enum) {
    return { ...base, widget: 'select', options: schema.enum.map((value) => ({ label: optionLabel(value), value })) };
  }
  if (schema.format === 'uuid') return { ...base, widget: 'uuid', read_only: true };
  if (schema.format === 'date') {
    if (name === 'reviewed' && ctx.path.length === 1) {
      // The "still accurate" control: a date, a button that sets it to today, and when the next review is due.
      return { ...base, widget: 'loop-review', default: '{{now}}', ...ctx.policy };
    }
    return { ...base, widget: 'datetime', format: 'YYYY-MM-DD', date_format: 'YYYY-MM-DD', time_format: false };
  }
  if (schema.pattern === '^([01]\\d|2[0-3]):[0-5]\\d$') {
    return { ...base, widget: 'datetime', format: 'HH:mm', date_format: false, time_format: 'HH:mm' };
  }
  const pattern: [string, string] | undefined =
    schema.format === 'email'
      ? [...EMAIL_PATTERN]
      : schema.format === 'uri'
        ? [...URL_PATTERN]
        : schema.pattern
          ? [schema.pattern, schema.description ? `see the hint: ${schema.description}` : 'check the format']
          : schema.maxLength !== undefined
            ? [`^[\\s\\S]{0,${schema.maxLength}}$`, `keep this to ${schema.maxLength.toLocaleString('en-GB')} characters or fewer`]
            : undefined;
  // Long text (descriptions, notes) gets a text area; names and single facts a one-line box.
  const widget = (schema.maxLength ?? 0) > 300 ? 'text' : 'string';
  return { ...base, widget, ...(pattern ? { pattern } : {}) };
}

function arrayField(name: string, items: JsonSchema, base: Omit<CmsField, 'widget'>, ctx: WalkContext): CmsField {
  // An empty list is not "given": a required list (categories) needs at least one item, which Decap checks.
  if (items.enum) {
    return { ...base, widget: 'select', multiple: true, options: items.enum.map((value) => ({ label: optionLabel(value), value })) };
  }
  const itemCtx: WalkContext = { ...ctx, requiredChain: true, topLevel: false };
  if (items.type === 'object') {
    const summary = summaryFor(name, items);
    return {
      ...base,
      widget: 'list',
      label_singular: singular(base.label),
      collapsed: true,
      ...(summary ? { summary } : {}),
      fields: objectFields(items, itemCtx),
    };
  }
  if (items.type === 'array') {
    // A list of lists (synonym groups): each inner list is one comma-separated line.
    return { ...base, widget: 'list', field: { ...fieldFor('group', items, true, itemCtx), label: 'Group' } };
  }
  const inner = fieldFor(name, items, true, itemCtx);
  return { ...base, widget: 'list', label_singular: singular(base.label), field: { ...inner, label: singular(base.label), hint: items.description ?? inner.hint ?? '' } };
}

function singular(label: string): string {
  if (/ies$/.test(label)) return label.replace(/ies$/, 'y');
  if (/(ss|us)$/.test(label)) return label;
  return label.replace(/s$/, '');
}

/**
 * Unions: the form shows one shape, and the YAML format (src/cms/yaml-format.ts) converts between it and the
 * file. The only union in the model is `cost: free | {free, description, options}`; the form always shows the
 * object, and "free" alone is written back as `cost: free`.
 */
function unionField(schema: JsonSchema, base: Omit<CmsField, 'widget'>, ctx: WalkContext): CmsField {
  const branches = schema.anyOf!;
  const literal = branches.find((b) => b.const !== undefined);
  const object = branches.find((b) => b.type === 'object');
  if (branches.length === 2 && literal && object && typeof literal.const === 'string' && object.properties?.[literal.const]?.type === 'boolean') {
    const flag = LABELS[literal.const] ?? humanise(literal.const);
    return {
      ...base,
      hint: `Tick "${flag}", or describe the charges and give prices.`,
      widget: 'object',
      collapsed: !base.required,
      fields: objectFields(object, { ...ctx, requiredChain: base.required, topLevel: false }),
    };
  }
  return fail(ctx, 'a union the form cannot show; teach unionField (src/cms/fields.ts) and the YAML format how');
}

export function objectFields(schema: JsonSchema, ctx: WalkContext): CmsField[] {
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties ?? {}).map(([key, child]) => fieldFor(key, child, required.has(key), ctx));
}

/** The JSON Schema zod derives for a file kind, as the form sees it (input side: defaults make fields optional). */
export function formSchema(kind: FormKind): JsonSchema {
  return derivedJsonSchema(SCHEMAS[kind]) as JsonSchema;
}

/**
 * The form shows fields in the model's order, except that the review comes first (confirming a listing is still
 * accurate is the most common visit, and the control is at the top of the page) followed by what the listing is;
 * the importer's records and the fixed id come last. Files are still written in the model's order.
 */
const FORM_FIRST = ['reviewed', 'reviewed_by', 'name', 'alternate_name', 'organisation', 'kind', 'format', 'status', 'summary', 'description'];
const FORM_LAST = ['tags', 'provenance', 'id'];

export function fieldsFor(kind: FormKind, policy: WalkContext['policy']): CmsField[] {
  const fields = objectFields(formSchema(kind), { kind, path: [], requiredChain: true, topLevel: true, policy });
  if (kind === 'taxonomy') return fields;
  const rank = (name: string): number => (FORM_FIRST.includes(name) ? FORM_FIRST.indexOf(name) - 100 : FORM_LAST.includes(name) ? 100 + FORM_LAST.indexOf(name) : 0);
  return fields.map((field, i) => ({ field, i })).sort((a, b) => rank(a.field.name) - rank(b.field.name) || a.i - b.i).map(({ field }) => field);
}
