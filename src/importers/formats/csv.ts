/**
 * Spreadsheets: LOOP's own template (one row per service, docs/templates/loop-import-template.csv) or any other
 * spreadsheet through a mapping file that says which file and column holds what (see docs/importing.md). Rows
 * become HSDS 3.0 shaped objects and go through hsds.ts, so a spreadsheet is cleaned and checked exactly like a feed.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { readCsvTable } from './csv-file.ts';
import type { CountryCode } from 'libphonenumber-js/max';
import type { TermField } from '../../model/vocabularies.ts';
import { dayOf, HsdsMapper } from './hsds.ts';
import { Problems, type ImportBatch } from '../incoming.ts';
import type { ImportMapping, TableMapping } from './mapping.ts';
import { silentProgress, type Progress } from '../progress.ts';
import { date, splitList } from '../values.ts';

type Row = Record<string, string | undefined>;
type Json = Record<string, unknown>;

/** The columns of LOOP's spreadsheet template, in order, with what each holds (the mapping guide lists them too). */
export const TEMPLATE_COLUMNS: [string, string][] = [
  ['id', 'Your own reference for the row (1, 2, 3...). Keep it the same when you send an update.'],
  ['service_name', 'The name people know the service by.'],
  ['organisation_name', 'Who runs it. Rows with the same organisation name are one organisation.'],
  ['organisation_description', 'What the organisation does (one or two sentences).'],
  ['organisation_website', 'https://...'],
  ['organisation_email', 'A role mailbox such as info@.'],
  ['organisation_charity_number', 'Registered charity number, if any.'],
  ['organisation_company_number', 'Companies House number, if any.'],
  ['summary', 'One or two sentences for search results, at most 300 characters.'],
  ['description', 'More about the service. Blank lines start new paragraphs.'],
  ['categories', 'LOOP categories (names or codes from data/taxonomies/categories.yaml), separated by ";".'],
  ['audiences', 'Who it is especially for (names or codes from data/taxonomies/audiences.yaml), separated by ";".'],
  ['website', 'The service\'s web page.'],
  ['email', 'A role mailbox for the service.'],
  ['phone', 'As you would dial it, e.g. 0113 496 0123.'],
  ['phone_description', 'When to call, who answers.'],
  ['venue_name', 'Where it happens (leave blank for phone or online services).'],
  ['address_1', 'Building and street.'],
  ['address_2', 'More of the address, if needed.'],
  ['city', 'Usually Leeds.'],
  ['postcode', 'e.g. LS7 3HB.'],
  ['days', 'Days it runs, e.g. "Mon; Wed".'],
  ['opens', 'Opening time, 24-hour, e.g. 10:00.'],
  ['closes', 'Closing time, 24-hour, e.g. 12:00.'],
  ['schedule_notes', 'e.g. "Term time only" or "Closed on bank holidays".'],
  ['minimum_age', 'Youngest age it is for, in years.'],
  ['maximum_age', 'Oldest age it is for, in years.'],
  ['cost', '"Free", or what it costs in words.'],
  ['eligibility', 'Who can use it, in words.'],
  ['how_to_access', 'How to get the service: "Just turn up", "Self-refer by phone", "GP referral"...'],
  ['referral_route', 'self-referral, professional-referral, self-or-professional-referral or none.'],
  ['languages', 'Languages it is offered in (ISO codes or names), separated by ";".'],
  ['reviewed', 'When someone last checked every detail, YYYY-MM-DD.'],
  ['reviewed_by', 'The role mailbox of whoever checked it.'],
];

/** The mapping of the template onto the tables below: every table reads the same file ("*"). */
export const TEMPLATE_MAPPING: ImportMapping = {
  tables: {
    organisations: {
      file: '*',
      id: 'organisation_name',
      fields: {
        name: 'organisation_name',
        description: 'organisation_description',
        website: 'organisation_website',
        email: 'organisation_email',
        charity_number: 'organisation_charity_number',
        company_number: 'organisation_company_number',
      },
      lists: {},
    },
    locations: {
      file: '*',
      id: '{venue_name}|{postcode}',
      where: 'postcode',
      fields: { name: 'venue_name', address_1: 'address_1', address_2: 'address_2', city: 'city', postal_code: 'postcode' },
      lists: {},
    },
    services: {
      file: '*',
      id: 'id',
      organisation: 'organisation_name',
      location: '{venue_name}|{postcode}',
      fields: {
        name: 'service_name',
        summary: 'summary',
        description: 'description',
        url: 'website',
        email: 'email',
        phone: 'phone',
        phone_description: 'phone_description',
        days: 'days',
        opens: 'opens',
        closes: 'closes',
        schedule_notes: 'schedule_notes',
        minimum_age: 'minimum_age',
        maximum_age: 'maximum_age',
        cost: 'cost',
        eligibility_description: 'eligibility',
        application_process: 'how_to_access',
        referral_route: 'referral_route',
        reviewed: 'reviewed',
        reviewed_by: 'reviewed_by',
      },
      lists: {
        categories: { column: 'categories', separator: ';' },
        audiences: { column: 'audiences', separator: ';' },
        languages: { column: 'languages', separator: ';' },
      },
      vocabulary: 'LOOP spreadsheet template',
    },
  },
};

/** Field names a mapping may use, per table, and the HSDS key each becomes. */
const FIELDS: Record<string, Record<string, string>> = {
  services: {
    name: 'name', alternate_name: 'alternate_name', summary: 'x_summary', description: 'description', url: 'url', website: 'url',
    email: 'email', status: 'status', eligibility_description: 'eligibility_description', eligibility: 'eligibility_description',
    minimum_age: 'minimum_age', maximum_age: 'maximum_age', cost: 'fees_description', fees: 'fees_description',
    fees_description: 'fees_description', wait_time: 'wait_time', application_process: 'application_process',
    how_to_access: 'application_process', referral_route: 'x_referral_route', interpretation_services: 'interpretation_services',
    accreditations: 'accreditations', alert: 'alert', reviewed: 'assured_date', assured_date: 'assured_date',
    reviewed_by: 'assurer_email', assurer_email: 'assurer_email', last_modified: 'last_modified', required_documents: 'x_required_documents',
    phone: 'x_phone', phone_description: 'x_phone_description', days: 'x_days', opens: 'x_opens', closes: 'x_closes', schedule_notes: 'x_schedule_notes',
  },
  organisations: {
    name: 'name', alternate_name: 'alternate_name', description: 'description', website: 'website', url: 'website', email: 'email',
    legal_status: 'legal_status', year_incorporated: 'year_incorporated', charity_number: 'x_charity', company_number: 'x_company',
    phone: 'x_phone', logo: 'logo',
  },
  locations: {
    name: 'name', alternate_name: 'alternate_name', description: 'description', transportation: 'transportation', latitude: 'latitude',
    longitude: 'longitude', url: 'url', website: 'url', accessibility: 'x_accessibility', uprn: 'x_uprn', address_1: 'address_1',
    address_2: 'address_2', city: 'city', region: 'region', state_province: 'state_province', postal_code: 'postal_code',
    postcode: 'postal_code', country: 'country', phone: 'x_phone',
  },
  addresses: {
    address_1: 'address_1', address_2: 'address_2', address_3: 'address_3', city: 'city', region: 'region', state_province: 'state_province',
    postal_code: 'postal_code', postcode: 'postal_code', country: 'country', attention: 'attention',
  },
  phones: { number: 'number', extension: 'extension', type: 'type', description: 'description' },
  schedules: {
    days: 'x_days', weekday: 'x_days', byday: 'byday', opens: 'opens_at', opens_at: 'opens_at', closes: 'closes_at', closes_at: 'closes_at',
    notes: 'notes', description: 'description', freq: 'freq', interval: 'interval', dtstart: 'dtstart', valid_from: 'valid_from', valid_to: 'valid_to',
  },
  contacts: { name: 'name', title: 'title', department: 'department', email: 'email' },
};

const LIST_FIELDS: Record<string, TermField | 'funding' | 'required_documents'> = {
  categories: 'categories', needs: 'needs', circumstances: 'circumstances', conditions: 'conditions', audiences: 'audiences',
  languages: 'languages', service_areas: 'service_areas', funding: 'funding', required_documents: 'required_documents',
};

export interface SpreadsheetOptions {
  system?: string;
  mapping?: ImportMapping;
  mappingDir?: string;
  /** The country of numbers written without a country code (--country); else the mapping's phone_country. */
  phoneCountry?: CountryCode;
  progress?: Progress;
  maxFileBytes?: number;
}

/** Column value, or a "{a} {b}" template joining columns; a template with every part empty is empty. */
function valueOf(row: Row, ref: string | undefined): string {
  if (!ref) return '';
  if (!ref.includes('{')) return (row[ref.toLowerCase()] ?? '').trim();
  let any = false;
  const out = ref.replace(/\{([^}]+)\}/g, (_, col: string) => {
    const v = (row[col.trim().toLowerCase()] ?? '').trim();
    if (v) any = true;
    return v;
  });
  return any ? out.trim() : '';
}

function columnsIn(ref: string): string[] {
  return ref.includes('{') ? [...ref.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!.trim().toLowerCase()) : [ref.toLowerCase()];
}

function readCsv(path: string, maxBytes: number): { rows: Row[]; columns: string[] } {
  const size = statSync(path).size;
  if (size > maxBytes) throw new Error(`${basename(path)} is ${Math.round(size / 1e6)} MB, more than the ${Math.round(maxBytes / 1e6)} MB limit`);
  // Strict: a damaged file (cut short, not UTF-8, an unclosed quote) is an error naming it, never half-imported.
  return readCsvTable(readFileSync(path), basename(path));
}

/** What reading one spreadsheet needs to find and read its tables; files read once even if several tables share one. */
interface SheetSource {
  source: string;
  sourceIsDir: boolean;
  mappingDir: string | undefined;
  maxBytes: number;
  files: Map<string, { rows: Row[]; columns: string[] }>;
}

/** The records read so far, keyed as the mapping's ids (or row numbers) name them, for linked tables to attach to. */
interface SheetRecords {
  organisations: Map<string, Json>;
  locations: Map<string, Json & { organisation?: string }>;
  services: Map<string, Json>;
}

export async function readSpreadsheet(source: string, options: SpreadsheetOptions = {}): Promise<ImportBatch> {
  const problems = new Problems();
  const progress = options.progress ?? silentProgress;
  const mapping = options.mapping?.tables ? options.mapping : { ...TEMPLATE_MAPPING, ...(options.mapping ?? {}), tables: TEMPLATE_MAPPING.tables };
  const tables = mapping.tables!;
  if (!existsSync(source)) throw new Error(`${source} does not exist`);
  const sheet: SheetSource = { source, sourceIsDir: statSync(source).isDirectory(), mappingDir: options.mappingDir, maxBytes: options.maxFileBytes ?? 50_000_000, files: new Map() };
  const monthFirst = mapping.dates === 'month-first';

  const organisations = tables.organisations ? readOrganisations(sheet, tables.organisations) : new Map<string, Json>();
  const locations = tables.locations ? readLocations(sheet, tables.locations) : new Map<string, Json & { organisation?: string }>();
  if (tables.addresses) readAddresses(sheet, tables.addresses, locations);
  const services = readServices(sheet, tables, { organisations, locations }, monthFirst, problems);
  attachLinkedTables(sheet, tables, { organisations, locations, services }, problems);

  const system = options.system ?? mapping.system ?? basename(source).replace(/\.csv$/i, '');
  const phoneCountry = options.phoneCountry ?? (mapping.phone_country as CountryCode | undefined);
  const mapper = new HsdsMapper({ system, problems, ...(phoneCountry ? { phoneCountry } : {}), ...(mapping.vocabularies ? { vocabularies: mapping.vocabularies } : {}) });
  mapper.learnCountry([...services.values()]);
  mapper.addOrganisations([...organisations.values()]);
  progress.phase('reading services', services.size);
  for (const service of services.values()) {
    if (!service.x_no_organisation) mapper.addService(service);
    progress.tick();
  }
  progress.done();
  return { system, format: 'csv', source, records: mapper.result(), problems: problems.all(), complete: true };
}

/** The file a mapping's table reads: "*" is the source file itself, else a file beside the source or the mapping. */
function tablePath(sheet: SheetSource, name: string, table: TableMapping): string {
  const { source, sourceIsDir, mappingDir } = sheet;
  if (table.file === '*') {
    if (sourceIsDir) throw new Error(`the mapping's ${name} table reads "*" (the source file), but ${source} is a folder`);
    return source;
  }
  const candidates = [sourceIsDir ? join(source, table.file) : join(dirname(source), table.file), ...(mappingDir ? [join(mappingDir, table.file)] : [])];
  const found = candidates.find((c) => existsSync(c));
  if (!found) throw new Error(`the mapping's ${name} table reads ${table.file}, which is not in ${sourceIsDir ? source : dirname(source)}`);
  return resolve(found);
}

/** A mapping naming a column the file does not have, or a field or list LOOP does not know, is a mistake worth stopping for, not a silent blank. */
function checkTableMapping(path: string, name: string, table: TableMapping, columns: string[]): void {
  const refs = [table.id, table.organisation, table.location, table.service, table.contact, table.where, ...Object.values(table.fields), ...Object.values(table.lists).map((l) => (typeof l === 'string' ? l : l.column))];
  const missing = refs.filter((r): r is string => Boolean(r)).flatMap(columnsIn).filter((c) => !columns.includes(c));
  if (missing.length) throw new Error(`${basename(path)} has no column${missing.length > 1 ? 's' : ''} ${[...new Set(missing)].map((m) => `"${m}"`).join(', ')} (the ${name} table of the mapping uses ${missing.length > 1 ? 'them' : 'it'}); it has: ${columns.join(', ')}`);
  for (const field of Object.keys(table.fields)) {
    if (!FIELDS[name]![field]) throw new Error(`the mapping's ${name} table has an unknown field "${field}"; known: ${Object.keys(FIELDS[name]!).join(', ')}`);
  }
  for (const field of Object.keys(table.lists)) {
    if (!LIST_FIELDS[field]) throw new Error(`the mapping's ${name} table lists "${field}", which is not a list LOOP has; known: ${Object.keys(LIST_FIELDS).join(', ')}`);
  }
}

/** The rows of one mapped table (those its "where" column selects), after checking the mapping against the file. */
function loadTable(sheet: SheetSource, name: string, table: TableMapping): Row[] {
  const path = tablePath(sheet, name, table);
  if (!sheet.files.has(path)) sheet.files.set(path, readCsv(path, sheet.maxBytes));
  const { rows, columns } = sheet.files.get(path)!;
  checkTableMapping(path, name, table, columns);
  return table.where ? rows.filter((row) => valueOf(row, table.where)) : rows;
}

/** A row's mapped fields under their HSDS keys; empty values left out. */
function fieldsOf(name: string, table: TableMapping, row: Row): Json {
  const out: Json = {};
  for (const [field, ref] of Object.entries(table.fields)) {
    const value = valueOf(row, ref);
    if (value) out[FIELDS[name]![field]!] = value;
  }
  return out;
}

function rowKey(table: TableMapping, row: Row, index: number): string {
  return (table.id ? valueOf(row, table.id) : '') || `row ${index + 2}`;
}

function readOrganisations(sheet: SheetSource, table: TableMapping): Map<string, Json> {
  const organisations = new Map<string, Json>();
  loadTable(sheet, 'organisations', table).forEach((row, i) => {
    const key = rowKey(table, row, i);
    if (organisations.has(key)) return;
    const f = fieldsOf('organisations', table, row);
    const ids: Json[] = [];
    if (f.x_charity) ids.push({ identifier_scheme: /^SC/i.test(String(f.x_charity)) ? 'GB-SC' : 'GB-CHC', identifier: f.x_charity });
    if (f.x_company) ids.push({ identifier_scheme: 'GB-COH', identifier: f.x_company });
    const { x_charity: _c, x_company: _co, x_phone, ...rest } = f;
    organisations.set(key, { id: key, ...rest, organization_identifiers: ids, phones: x_phone ? [{ number: x_phone }] : [], contacts: [] });
  });
  return organisations;
}

/** Venues, each with the address on its own row (more may come from an addresses table). */
function readLocations(sheet: SheetSource, table: TableMapping): Map<string, Json & { organisation?: string }> {
  const locations = new Map<string, Json & { organisation?: string }>();
  loadTable(sheet, 'locations', table).forEach((row, i) => {
    const key = rowKey(table, row, i);
    if (locations.has(key)) return;
    const f = fieldsOf('locations', table, row);
    const { address_1, address_2, city, region, state_province, postal_code, country, x_accessibility, x_uprn, x_phone, ...rest } = f;
    const address = postal_code || address_1 ? [{ address_1, address_2, city, region, state_province, postal_code, country, address_type: 'physical' }] : [];
    const org = table.organisation ? valueOf(row, table.organisation) : undefined;
    locations.set(key, {
      id: key,
      ...rest,
      addresses: address,
      accessibility: x_accessibility ? [{ description: splitList(x_accessibility, ',').map((w) => w.replace(/_/g, ' ')).join(', ') }] : [],
      ...(x_uprn ? { external_identifier: x_uprn, external_identifier_type: 'UPRN' } : {}),
      phones: x_phone ? [{ number: x_phone }] : [],
      ...(org ? { organisation: org } : {}),
    });
  });
  return locations;
}

function readAddresses(sheet: SheetSource, table: TableMapping, locations: Map<string, Json>): void {
  for (const row of loadTable(sheet, 'addresses', table)) {
    const location = locations.get(valueOf(row, table.location));
    if (!location) continue;
    (location.addresses as Json[]).push({ ...fieldsOf('addresses', table, row), address_type: 'physical' });
  }
}

/** A service row's list columns: vocabulary terms, and the funding and required documents lists. */
function serviceLists(table: TableMapping, row: Row, source: string): { terms: Json[]; extraLists: Json } {
  const terms: Json[] = [];
  const extraLists: Json = {};
  for (const [field, spec] of Object.entries(table.lists)) {
    const column = typeof spec === 'string' ? spec : spec.column;
    const separator = typeof spec === 'string' ? ',' : spec.separator;
    const items = splitList(valueOf(row, column), separator);
    const target = LIST_FIELDS[field]!;
    if (target === 'funding') extraLists.funding = items.map((source) => ({ source }));
    else if (target === 'required_documents') extraLists.required_documents = items.map((document) => ({ document }));
    else for (const item of items) terms.push({ field: target, name: item, code: item, vocabulary: table.vocabulary ?? `${basename(source)} ${column}` });
  }
  return { terms, extraLists };
}

/** Services, each linked to its organisation and venue; a repeated id is skipped, a missing organisation reported. */
function readServices(sheet: SheetSource, tables: NonNullable<ImportMapping['tables']>, linked: Omit<SheetRecords, 'services'>, monthFirst: boolean, problems: Problems): Map<string, Json> {
  const { organisations, locations } = linked;
  const services = new Map<string, Json>();
  const serviceTable = tables.services;
  loadTable(sheet, 'services', serviceTable).forEach((row, i) => {
    const key = rowKey(serviceTable, row, i);
    if (services.has(key)) {
      problems.add('warning', `row ${i + 2}: id "${key}" is used by an earlier row; this row was skipped`);
      return;
    }
    const f = fieldsOf('services', serviceTable, row);
    const { x_phone, x_phone_description, x_days, x_opens, x_closes, x_schedule_notes, x_required_documents, x_referral_route, ...rest } = f;
    const locationKey = serviceTable.location ? valueOf(row, serviceTable.location) : '';
    const location = locationKey ? locations.get(locationKey) : undefined;
    const orgKey = (serviceTable.organisation ? valueOf(row, serviceTable.organisation) : '') || (location?.organisation as string | undefined) || '';
    const organisation = organisations.get(orgKey) ?? (orgKey && !tables.organisations ? { id: orgKey, name: orgKey } : undefined);
    if (!organisation) problems.add('error', `row ${i + 2}: no organisation${orgKey ? ` "${orgKey}" in the organisations table` : ''}; not imported`, { record: `service ${key}` });
    const { terms, extraLists } = serviceLists(serviceTable, row, sheet.source);
    const schedules: Json[] = [];
    if (x_days || x_opens || x_schedule_notes) {
      const days = splitList(x_days, /[;,/]| and /).map((d) => dayOf(d.replace(/\.$/, '')) ?? d);
      schedules.push({ freq: 'WEEKLY', byday: days.join(','), opens_at: x_opens, closes_at: x_closes, notes: x_schedule_notes });
    }
    if (rest.assured_date) rest.assured_date = date(rest.assured_date, undefined, 'reviewed', { monthFirst }) ?? rest.assured_date;
    services.set(key, {
      id: key,
      ...rest,
      ...extraLists,
      ...(x_required_documents && !extraLists.required_documents ? { required_documents: [{ document: x_required_documents }] } : {}),
      ...(x_referral_route ? { x_referral_route } : {}),
      ...(organisation ? { organization: organisation } : { x_no_organisation: true }),
      phones: x_phone ? [{ number: x_phone, description: x_phone_description }] : [],
      // Times on a row with a venue are the times at that venue.
      schedules: location ? [] : schedules,
      contacts: [],
      x_terms: terms,
      service_at_locations: location ? [{ location, schedules: location ? schedules : [] }] : [],
    });
    if (locationKey && !location) problems.add('warning', `row ${i + 2}: venue "${locationKey}" is not in the locations table`, { record: `service ${key}` });
  });
  return services;
}

/** Phones, schedules and contacts from their own tables, attached to whatever they link to. */
function attachLinkedTables(sheet: SheetSource, tables: NonNullable<ImportMapping['tables']>, records: SheetRecords, problems: Problems): void {
  const contacts = new Map<string, Json>();
  if (tables.contacts) {
    const table = tables.contacts;
    loadTable(sheet, 'contacts', table).forEach((row, i) => {
      const contact: Json = { ...fieldsOf('contacts', table, row), phones: [] };
      contacts.set(rowKey(table, row, i), contact);
      attach(records, problems, table, row, 'contacts', contact);
    });
  }
  if (tables.phones) {
    for (const row of loadTable(sheet, 'phones', tables.phones)) {
      const phone = fieldsOf('phones', tables.phones, row);
      const contact = tables.phones.contact ? contacts.get(valueOf(row, tables.phones.contact)) : undefined;
      if (contact) (contact.phones as Json[]).push(phone);
      else attach(records, problems, tables.phones, row, 'phones', phone);
    }
  }
  if (tables.schedules) {
    for (const row of loadTable(sheet, 'schedules', tables.schedules)) {
      const f = fieldsOf('schedules', tables.schedules, row);
      const { x_days, ...rest } = f;
      const days = x_days ? splitList(x_days, /[;,/]/).map((d) => dayOf(d) ?? d) : [];
      attach(records, problems, tables.schedules, row, 'schedules', { freq: 'WEEKLY', ...rest, ...(days.length ? { byday: days.join(',') } : {}) });
    }
  }
}

/** One linked row's item onto the service, else the venue, else the organisation it names. */
function attach(records: SheetRecords, problems: Problems, table: TableMapping, row: Row, list: 'phones' | 'schedules' | 'contacts', item: Json): void {
  const { services, locations, organisations } = records;
  const service = table.service ? services.get(valueOf(row, table.service)) : undefined;
  if (service) {
    (service[list] as Json[]).push(item);
    return;
  }
  const location = table.location ? locations.get(valueOf(row, table.location)) : undefined;
  if (location) {
    if (list === 'phones') (location.phones as Json[]).push(item);
    else if (list === 'schedules') {
      // A venue's hours, for the services that meet there: LOOP keeps times on the service at the venue.
      for (const s of services.values()) {
        for (const sal of s.service_at_locations as Json[]) {
          if (sal.location !== location) continue;
          const list = (sal.schedules as Json[] | undefined) ?? [];
          list.push(item);
          sal.schedules = list;
        }
      }
    } else problems.addRepeated('info', "contacts of a venue have no place in LOOP (contacts belong to services and organisations); not imported");
    return;
  }
  const organisation = table.organisation ? organisations.get(valueOf(row, table.organisation)) : undefined;
  if (organisation && list !== 'schedules') (organisation[list] as Json[]).push(item);
  else if (!organisation) problems.addRepeated('info', `${list} rows that link to nothing in the mapped tables were skipped`);
}
