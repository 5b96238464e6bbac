/**
 * The HSDS 3.0 tabular format: one CSV per table, with HSDS's own table names, file names, column names, column
 * order, types and keys (HSDS 3.0's datapackage.json, transcribed; tests/publish/hsds-csv.test.ts checks it still
 * matches the official descriptor in ../shared/reference). Tables LOOP never has rows for (program, metadata,
 * meta_table_description) are left out rather than published empty.
 */

export type FieldType = 'string' | 'number' | 'integer' | 'date' | 'time' | 'datetime' | 'boolean';

export interface TableField {
  name: string;
  type: FieldType;
  format?: 'uuid' | 'email' | 'uri';
  required?: boolean;
}

export interface TableDef {
  path: string;
  title: string;
  fields: TableField[];
  /** [column, table it references by id]. */
  foreignKeys: [string, string][];
}

function f(name: string, type: FieldType, options: { format?: NonNullable<TableField['format']>; required?: boolean } = {}): TableField {
  return { name, type, ...options };
}

/** In HSDS's order. Every table's primary key is `id`. */
export const HSDS_TABLES = {
  organization: {
    path: 'organizations.csv',
    title: 'organization',
    fields: [
      f('id', 'string', { format: 'uuid', required: true }),
      f('name', 'string', { required: true }),
      f('alternate_name', 'string'),
      f('description', 'string', { required: true }),
      f('email', 'string', { format: 'email' }),
      f('website', 'string', { format: 'uri' }),
      f('tax_status', 'string'),
      f('tax_id', 'string'),
      f('year_incorporated', 'number'),
      f('legal_status', 'string'),
      f('logo', 'string'),
      f('uri', 'string', { format: 'uri' }),
      f('parent_organization_id', 'string', { format: 'uuid' }),
    ],
    foreignKeys: [],
  },
  service: {
    path: 'services.csv',
    title: 'service',
    fields: [
      f('id', 'string', { format: 'uuid', required: true }),
      f('organization_id', 'string', { format: 'uuid', required: true }),
      f('program_id', 'string', { format: 'uuid' }),
      f('name', 'string', { required: true }),
      f('alternate_name', 'string'),
      f('description', 'string'),
      f('url', 'string', { format: 'uri' }),
      f('email', 'string', { format: 'email' }),
      f('status', 'string', { required: true }),
      f('interpretation_services', 'string'),
      f('application_process', 'string'),
      f('fees_description', 'string'),
      f('wait_time', 'string'),
      f('fees', 'string'),
      f('accreditations', 'string'),
      f('eligibility_description', 'string'),
      f('minimum_age', 'number'),
      f('maximum_age', 'number'),
      f('assured_date', 'date'),
      f('assurer_email', 'string', { format: 'email' }),
      f('licenses', 'string'),
      f('alert', 'string'),
      f('last_modified', 'datetime'),
    ],
    foreignKeys: [['organization_id', 'organization']],
  },
  attribute: {
    path: 'attributes.csv',
    title: 'attribute',
    fields: [
      f('id', 'string', { format: 'uuid', required: true }),
      f('link_id', 'string', { format: 'uuid', required: true }),
      f('taxonomy_term_id', 'string', { format: 'uuid', required: true }),
      f('link_type', 'string'),
      f('link_entity', 'string', { required: true }),
      f('value', 'string'),
    ],
    foreignKeys: [['taxonomy_term_id', 'taxonomy_term']],
  },
  service_at_location: {
    path: 'service_at_location.csv',
    title: 'service_at_location',
    fields: [
      f('id', 'string', { format: 'uuid', required: true }),
      f('service_id', 'string', { format: 'uuid', required: true }),
      f('location_id', 'string', { format: 'uuid', required: true }),
      f('description', 'string'),
    ],
    foreignKeys: [['service_id', 'service'], ['location_id', 'location']],
  },
  location: {
    path: 'locations.csv',
    title: 'location',
    fields: [
      f('id', 'string', { format: 'uuid', required: true }),
      f('location_type', 'string', { required: true }),
      f('url', 'string', { format: 'uri' }),
      f('organization_id', 'string', { format: 'uuid' }),
      f('name', 'string'),
      f('alternate_name', 'string'),
      f('description', 'string'),
      f('transportation', 'string'),
      f('latitude', 'number'),
      f('longitude', 'number'),
      f('external_identifier', 'string'),
      f('external_identifier_type', 'string'),
    ],
    foreignKeys: [['organization_id', 'organization']],
  },
  phone: {
    path: 'phones.csv',
    title: 'phone',
    fields: [
      f('id', 'string', { format: 'uuid', required: true }),
      f('location_id', 'string', { format: 'uuid' }),
      f('service_id', 'string', { format: 'uuid' }),
      f('organization_id', 'string', { format: 'uuid' }),
      f('contact_id', 'string', { format: 'uuid' }),
      f('service_at_location_id', 'string', { format: 'uuid' }),
      f('number', 'string', { required: true }),
      f('extension', 'number'),
      f('type', 'string'),
      f('description', 'string'),
    ],
    foreignKeys: [['contact_id', 'contact'], ['location_id', 'location'], ['organization_id', 'organization'], ['service_id', 'service'], ['service_at_location_id', 'service_at_location']],
  },
  contact: {
    path: 'contacts.csv',
    title: 'contact',
    fields: [
      f('id', 'string', { format: 'uuid', required: true }),
      f('organization_id', 'string', { format: 'uuid' }),
      f('service_id', 'string', { format: 'uuid' }),
      f('service_at_location_id', 'string', { format: 'uuid' }),
      f('location_id', 'string', { format: 'uuid' }),
      f('name', 'string'),
      f('title', 'string'),
      f('department', 'string'),
      f('email', 'string', { format: 'email' }),
    ],
    foreignKeys: [['location_id', 'location'], ['organization_id', 'organization'], ['service_id', 'service'], ['service_at_location_id', 'service_at_location']],
  },
  address: {
    path: 'addresses.csv',
    title: 'address',
    fields: [
      f('id', 'string', { format: 'uuid', required: true }),
      f('location_id', 'string', { format: 'uuid' }),
      f('attention', 'string'),
      f('address_1', 'string', { required: true }),
      f('address_2', 'string'),
      f('city', 'string', { required: true }),
      f('region', 'string'),
      f('state_province', 'string', { required: true }),
      f('postal_code', 'string', { required: true }),
      f('country', 'string', { required: true }),
      f('address_type', 'string', { required: true }),
    ],
    foreignKeys: [['location_id', 'location']],
  },
  schedule: {
    path: 'schedules.csv',
    title: 'schedule',
    fields: [
      f('id', 'string', { format: 'uuid', required: true }),
      f('service_id', 'string', { format: 'uuid' }),
      f('location_id', 'string', { format: 'uuid' }),
      f('service_at_location_id', 'string', { format: 'uuid' }),
      f('valid_from', 'date'),
      f('valid_to', 'date'),
      f('dtstart', 'date'),
      f('timezone', 'number'),
      f('until', 'date'),
      f('count', 'number'),
      f('wkst', 'string'),
      f('freq', 'string'),
      f('interval', 'number'),
      f('byday', 'string'),
      f('byweekno', 'string'),
      f('bymonthday', 'string'),
      f('byyearday', 'string'),
      f('description', 'string'),
      f('opens_at', 'time'),
      f('closes_at', 'time'),
      f('schedule_link', 'string', { format: 'uri' }),
      f('attending_type', 'string'),
      f('notes', 'string'),
    ],
    foreignKeys: [['location_id', 'location'], ['service_id', 'service'], ['service_at_location_id', 'service_at_location']],
  },
  funding: {
    path: 'funding.csv',
    title: 'funding',
    fields: [
      f('id', 'string', { format: 'uuid', required: true }),
      f('organization_id', 'string', { format: 'uuid' }),
      f('service_id', 'string', { format: 'uuid' }),
      f('source', 'string'),
    ],
    foreignKeys: [['organization_id', 'organization'], ['service_id', 'service']],
  },
  service_area: {
    path: 'service_areas.csv',
    title: 'service_area',
    fields: [
      f('id', 'string', { format: 'uuid', required: true }),
      f('service_id', 'string', { format: 'uuid' }),
      f('name', 'string'),
      f('description', 'string'),
      f('extent', 'string'),
      f('extent_type', 'string'),
      f('uri', 'string'),
    ],
    foreignKeys: [['service_id', 'service']],
  },
  required_document: {
    path: 'required_documents.csv',
    title: 'required_document',
    fields: [
      f('id', 'string', { format: 'uuid', required: true }),
      f('service_id', 'string', { format: 'uuid' }),
      f('document', 'string'),
      f('uri', 'string', { format: 'uri' }),
    ],
    foreignKeys: [['service_id', 'service']],
  },
  language: {
    path: 'languages.csv',
    title: 'language',
    fields: [
      f('id', 'string', { format: 'uuid', required: true }),
      f('service_id', 'string', { format: 'uuid' }),
      f('location_id', 'string', { format: 'uuid' }),
      f('phone_id', 'string', { format: 'uuid' }),
      f('name', 'string'),
      f('code', 'string'),
      f('note', 'string'),
    ],
    foreignKeys: [['location_id', 'location'], ['phone_id', 'phone'], ['service_id', 'service']],
  },
  accessibility: {
    path: 'accessibility.csv',
    title: 'accessibility',
    fields: [
      f('id', 'string', { format: 'uuid', required: true }),
      f('location_id', 'string', { format: 'uuid' }),
      f('description', 'string'),
      f('details', 'string'),
      f('url', 'string', { format: 'uri' }),
    ],
    foreignKeys: [['location_id', 'location']],
  },
  taxonomy_term: {
    path: 'taxonomy_terms.csv',
    title: 'taxonomy_term',
    fields: [
      f('id', 'string', { format: 'uuid', required: true }),
      f('code', 'string'),
      f('name', 'string', { required: true }),
      f('description', 'string', { required: true }),
      f('parent_id', 'string', { format: 'uuid' }),
      f('taxonomy', 'string'),
      f('language', 'string'),
      f('taxonomy_id', 'string', { format: 'uuid' }),
      f('term_uri', 'string', { format: 'uri' }),
    ],
    foreignKeys: [['taxonomy_id', 'taxonomy']],
  },
  cost_option: {
    path: 'cost_options.csv',
    title: 'cost_option',
    fields: [
      f('id', 'string', { format: 'uuid', required: true }),
      f('service_id', 'string', { format: 'uuid', required: true }),
      f('valid_from', 'date'),
      f('valid_to', 'date'),
      f('option', 'string'),
      f('currency', 'string'),
      f('amount', 'number'),
      f('amount_description', 'string'),
    ],
    foreignKeys: [['service_id', 'service']],
  },
  organization_identifier: {
    path: 'organization_identifiers.csv',
    title: 'organization_identifier',
    fields: [
      f('id', 'string', { format: 'uuid', required: true }),
      f('organization_id', 'string', { format: 'uuid', required: true }),
      f('identifier_scheme', 'string'),
      f('identifier_type', 'string', { required: true }),
      f('identifier', 'string', { required: true }),
    ],
    foreignKeys: [['organization_id', 'organization']],
  },
  taxonomy: {
    path: 'taxonomies.csv',
    title: 'taxonomy',
    fields: [
      f('id', 'string', { format: 'uuid', required: true }),
      f('name', 'string', { required: true }),
      f('description', 'string', { required: true }),
      f('uri', 'string', { format: 'uri' }),
      f('version', 'string'),
    ],
    foreignKeys: [],
  },
} satisfies Record<string, TableDef>;

export type TableName = keyof typeof HSDS_TABLES;
