/**
 * HSDS tabular data packages: a datapackage.json and one CSV per table, in the HSDS 1.1, 2.0 or 3.0 layout. The
 * tables are joined back into HSDS 3.0 service objects (organisation, venues with addresses, phones, schedules,
 * contacts, terms...) and mapped by hsds.ts like any ORUK feed.
 */
import { readFileSync } from 'node:fs';
import { posix } from 'node:path';
import type { CountryCode } from 'libphonenumber-js/max';
import type { TermField } from '../../model/vocabularies.ts';
import { dayOf, HsdsMapper } from './hsds.ts';
import { DamagedFileError, readCsvTable, type CsvRow, type CsvTable } from './csv-file.ts';
import { openDataPackage, resourcePath, type DataPackage } from './data-package.ts';
import { Problems, type ImportBatch } from '../incoming.ts';
import { silentProgress, type Progress } from '../progress.ts';
import { isRecord, splitList } from '../values.ts';

type Row = CsvRow;
type Json = Record<string, unknown>;

export interface HsdsCsvOptions {
  system?: string;
  /** A datapackage.json to use for the table names and paths when the package's own is missing or broken. */
  datapackage?: string;
  phoneCountry?: CountryCode;
  vocabularies?: Record<string, TermField>;
  progress?: Progress;
  maxFileBytes?: number;
}

/** HSDS file names (all versions) to table names. */
const FILE_TABLES: Record<string, string> = {
  'organizations.csv': 'organization',
  'services.csv': 'service',
  'locations.csv': 'location',
  'services_at_location.csv': 'service_at_location',
  'service_at_location.csv': 'service_at_location',
  'phones.csv': 'phone',
  'physical_addresses.csv': 'physical_address',
  'postal_addresses.csv': 'postal_address',
  'addresses.csv': 'address',
  'regular_schedules.csv': 'regular_schedule',
  'holiday_schedules.csv': 'holiday_schedule',
  'schedules.csv': 'schedule',
  'contacts.csv': 'contact',
  'languages.csv': 'language',
  'accessibility_for_disabilities.csv': 'accessibility_for_disabilities',
  'accessibility.csv': 'accessibility',
  'service_areas.csv': 'service_area',
  'funding.csv': 'funding',
  'eligibility.csv': 'eligibility',
  'required_documents.csv': 'required_document',
  'payments_accepted.csv': 'payment_accepted',
  'taxonomy.csv': 'taxonomy',
  'taxonomies.csv': 'taxonomy',
  'taxonomy_terms.csv': 'taxonomy_term',
  'services_taxonomy.csv': 'service_taxonomy',
  'service_attributes.csv': 'service_attribute',
  'other_attributes.csv': 'other_attribute',
  'attributes.csv': 'attribute',
  'cost_options.csv': 'cost_option',
  'organization_identifiers.csv': 'organization_identifier',
  'programs.csv': 'program',
  'metadata.csv': 'metadata',
  'meta_table_descriptions.csv': 'meta_table_description',
};

function readTable(pkg: DataPackage, path: string, maxBytes: number): CsvTable {
  const size = pkg.size(path);
  if (size > maxBytes) throw new Error(`${path} is ${Math.round(size / 1e6)} MB, more than the ${Math.round(maxBytes / 1e6)} MB limit`);
  return readCsvTable(pkg.read(path), path);
}

/**
 * The columns of each table LOOP reads (beside `id` and the `…_id` links, read everywhere). Anything else in the
 * package is listed in the report with how many values it held, so nothing is left behind unsaid. Services are not
 * listed here: hsds.ts reports their unknown keys itself.
 */
const CARRIED: Record<string, string[]> = {
  organization: ['name', 'alternate_name', 'description', 'email', 'url', 'website', 'legal_status', 'logo', 'year_incorporated', 'uri'],
  location: ['name', 'alternate_name', 'description', 'transportation', 'latitude', 'longitude', 'url', 'location_type', 'external_identifier', 'external_identifier_type'],
  physical_address: ['address_1', 'address_2', 'address_3', 'address_4', 'city', 'region', 'state_province', 'postal_code', 'country'],
  postal_address: ['address_1', 'address_2', 'address_3', 'address_4', 'city', 'region', 'state_province', 'postal_code', 'country'],
  address: ['address_1', 'address_2', 'address_3', 'address_4', 'city', 'region', 'state_province', 'postal_code', 'country', 'address_type'],
  phone: ['number', 'extension', 'type', 'language', 'description', 'department'],
  contact: ['name', 'title', 'department', 'email'],
  regular_schedule: ['weekday', 'opens_at', 'closes_at', 'valid_from', 'valid_to'],
  schedule: ['freq', 'byday', 'bymonthday', 'interval', 'opens_at', 'closes_at', 'dtstart', 'valid_from', 'valid_to', 'until', 'description', 'notes', 'schedule_link', 'attending_type', 'count', 'wkst', 'byweekno', 'byyearday'],
  language: ['language', 'name', 'code'],
  accessibility_for_disabilities: ['accessibility', 'details'],
  accessibility: ['description', 'details', 'url'],
  service_area: ['service_area', 'name', 'description', 'uri', 'extent'],
  funding: ['source'],
  eligibility: ['eligibility'],
  required_document: ['document'],
  taxonomy: ['name', 'vocabulary', 'description', 'uri', 'version'],
  taxonomy_term: ['name', 'term', 'code', 'term_uri', 'description', 'taxonomy'],
  service_taxonomy: [],
  service_attribute: [],
  attribute: ['link_type', 'link_entity', 'value'],
  service_at_location: ['description'],
  cost_option: ['amount', 'currency', 'option', 'amount_description', 'valid_from', 'valid_to'],
  organization_identifier: ['identifier', 'identifier_type', 'identifier_scheme'],
};

/** Lists every column and table in the package that LOOP does not carry, with counts. */
function reportNotCarried(files: Map<string, string>, table: (name: string) => CsvTable, others: string[], pkg: DataPackage, maxBytes: number, problems: Problems): void {
  for (const [name, path] of files) {
    const carried = CARRIED[name];
    if (!carried) continue;
    const { columns, rows } = table(name);
    for (const column of columns) {
      if (column === 'id' || column.endsWith('_id') || carried.includes(column)) continue;
      const values = rows.filter((row) => row[column] !== undefined).length;
      problems.add('info', `${path}: column "${column}" is not carried into LOOP (${values} of ${rows.length} rows have a value)`);
    }
  }
  for (const path of others) {
    let rows: string;
    try {
      rows = `${readTable(pkg, path, maxBytes).rows.length} rows`;
    } catch (error) {
      rows = `not read: ${error instanceof Error ? error.message : String(error)}`;
    }
    problems.add('info', `${path} is not an HSDS table LOOP reads; not carried (${rows})`);
  }
}

const NOT_IMPORTED: Record<string, string> = {
  holiday_schedule: 'holiday closures',
  payment_accepted: 'payment methods',
  program: 'programmes',
  metadata: 'change metadata',
  meta_table_description: 'table descriptions',
  other_attribute: 'attributes of records other than services',
};

const TABLE_NAMES = new Set(Object.values(FILE_TABLES));

/** The HSDS table a resource holds: by its file name, else by its name ("services" or "service"). */
function tableOf(path: string, name: unknown): string | undefined {
  const byFile = FILE_TABLES[posix.basename(path).toLowerCase()];
  if (byFile) return byFile;
  if (typeof name !== 'string') return undefined;
  const key = name.trim().toLowerCase();
  return FILE_TABLES[`${key}.csv`] ?? (TABLE_NAMES.has(key) ? key : undefined);
}

interface Tables {
  version: '1.1' | '2.0' | '3.0';
  get(name: string): Row[];
}

/** The package, and which file in it holds each HSDS table (paths relative to the package root). */
function locate(source: string, options: HsdsCsvOptions, problems: Problems, maxBytes: number): { pkg: DataPackage; files: Map<string, string>; others: string[] } {
  const pkg = openDataPackage(source, maxBytes);
  const files = new Map<string, string>();
  const others: string[] = [];
  let descriptor: unknown;
  if (pkg.descriptor !== undefined) {
    const text = pkg.descriptor;
    try {
      descriptor = JSON.parse(text.replace(/^\uFEFF/, ''));
    } catch {
      const hint = text.length < 200 && !text.includes('{') ? ` (it only says "${text.trim()}": a link that was not followed?)` : '';
      problems.add('warning', `datapackage.json is not JSON${hint}; the CSV files are read by their HSDS names`);
    }
  } else problems.add('info', 'no datapackage.json; the CSV files are read by their HSDS names');
  if (!descriptor && options.datapackage) {
    try {
      descriptor = JSON.parse(readFileSync(options.datapackage, 'utf8'));
    } catch (error) {
      throw new Error(`cannot read --datapackage ${options.datapackage}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  const present = new Set(pkg.files);
  if (isRecord(descriptor) && Array.isArray(descriptor.resources)) {
    const missing: string[] = [];
    for (const resource of descriptor.resources) {
      if (!isRecord(resource)) continue;
      const name = typeof resource.name === 'string' ? resource.name : '(no name)';
      if (Array.isArray(resource.path)) throw new DamagedFileError(`datapackage.json: resource "${name}" is split over ${resource.path.length} files; LOOP reads one file per table (join them first); nothing was imported`);
      if (typeof resource.path !== 'string') continue;
      const path = resourcePath(resource.path, name);
      // A listed table that is not there is a damaged package: read as empty, it would look like a source that
      // withdrew every service.
      if (!present.has(path)) {
        missing.push(`${name} (${path})`);
        continue;
      }
      const table = tableOf(path, resource.name);
      if (table && !files.has(table)) files.set(table, path);
      else if (!table && !others.includes(path)) others.push(path);
    }
    if (missing.length) throw new DamagedFileError(`datapackage.json lists ${missing.length === 1 ? 'a table' : 'tables'} missing from ${pkg.label}: ${missing.join(', ')}; nothing was imported`);
  }
  for (const path of pkg.files) {
    if (path.includes('/')) continue;
    const table = FILE_TABLES[path.toLowerCase()];
    if (table && !files.has(table)) files.set(table, path);
    else if (!table && /\.csv$/i.test(path) && !others.includes(path)) others.push(path);
  }
  if (!files.has('service') && !files.has('organization')) throw new Error(`${pkg.label} has neither services.csv nor organizations.csv: is it an HSDS data package?`);
  return { pkg, files, others };
}

export async function readHsdsCsv(source: string, options: HsdsCsvOptions = {}): Promise<ImportBatch> {
  const problems = new Problems();
  const progress = options.progress ?? silentProgress;
  const maxBytes = options.maxFileBytes ?? 200_000_000;
  const { pkg, files, others } = locate(source, options, problems, maxBytes);
  const cache = new Map<string, CsvTable>();
  const table = (name: string): CsvTable => {
    if (!cache.has(name)) {
      const path = files.get(name);
      cache.set(name, path ? readTable(pkg, path, maxBytes) : { columns: [], rows: [] });
    }
    return cache.get(name)!;
  };
  // Every table is read, and so checked, before anything is mapped: a damaged file stops the import whole.
  for (const name of files.keys()) table(name);
  const get = (name: string): Row[] => table(name).rows;
  const version: Tables['version'] = files.has('attribute') || files.has('address') || posix.basename(files.get('service_at_location') ?? '') === 'service_at_location.csv'
    ? '3.0'
    : files.has('service_attribute') || files.has('taxonomy_term') || (files.has('schedule') && !files.has('regular_schedule'))
      ? '2.0'
      : '1.1';
  problems.add('info', `read as an HSDS ${version} data package (${[...files.keys()].length} tables)`);
  for (const [table, what] of Object.entries(NOT_IMPORTED)) {
    if (get(table).length) problems.add('info', `${posix.basename(files.get(table)!)}: ${what} have no place in LOOP and were not imported (${get(table).length} rows)`);
  }
  reportNotCarried(files, table, others, pkg, maxBytes, problems);
  const system = options.system ?? pkg.name;
  const services = assemble({ version, get }, problems);
  // Venues come in through the services held at them; one no service uses has no place in LOOP, and is counted, not silently dropped.
  const usedVenues = new Set([...get('service_at_location'), ...(version === '1.1' ? get('regular_schedule') : get('schedule'))].map((r) => r.location_id));
  const unusedVenues = get('location').filter((l) => l.id && !usedVenues.has(l.id)).length;
  if (unusedVenues) problems.add('info', `${posix.basename(files.get('location') ?? 'locations.csv')}: ${unusedVenues} venue${unusedVenues === 1 ? '' : 's'} no service uses ${unusedVenues === 1 ? 'was' : 'were'} not imported (LOOP keeps venues through the services held there)`);
  const mapper = new HsdsMapper({
    system,
    problems,
    ...(options.phoneCountry ? { phoneCountry: options.phoneCountry } : {}),
    ...(options.vocabularies ? { vocabularies: options.vocabularies } : {}),
  });
  mapper.learnCountry(services.services);
  mapper.addOrganisations(services.organisations);
  progress.phase('reading services', services.services.length);
  for (const service of services.services) {
    mapper.addService(service);
    progress.tick();
  }
  progress.done();
  return { system, format: 'hsds-csv', source, records: mapper.result(), problems: problems.all(), complete: true };
}

function group(rows: Row[], column: string): Map<string, Row[]> {
  const out = new Map<string, Row[]>();
  for (const row of rows) {
    const key = row[column];
    if (!key) continue;
    const list = out.get(key);
    if (list) list.push(row);
    else out.set(key, [row]);
  }
  return out;
}

function clean(row: Row, drop: string[] = []): Json {
  const out: Json = {};
  for (const [k, v] of Object.entries(row)) if (v !== undefined && !drop.includes(k)) out[k] = v;
  return out;
}

/** HSDS 1.1 regular_schedules rows (one weekday each) folded into HSDS 3.0 schedules (days listed together). */
function weeklySchedules(rows: Row[], problems: Problems): Json[] {
  const byTimes = new Map<string, { days: string[]; row: Row }>();
  for (const row of rows) {
    const day = dayOf(row.weekday);
    if (!day) {
      problems.add('warning', `regular_schedules row ${row.id ?? '(no id)'}: weekday "${row.weekday ?? ''}" is not a day; its times (${row.opens_at ?? '?'}–${row.closes_at ?? '?'}) were left out`, { record: `service ${row.service_id ?? '(none)'}` });
      continue;
    }
    const key = `${row.opens_at ?? ''}|${row.closes_at ?? ''}|${row.valid_from ?? ''}|${row.valid_to ?? ''}`;
    const entry = byTimes.get(key) ?? { days: [], row };
    if (!entry.days.includes(day)) entry.days.push(day);
    byTimes.set(key, entry);
  }
  return [...byTimes.values()].map(({ days, row }) => ({ freq: 'WEEKLY', byday: days.join(','), opens_at: row.opens_at, closes_at: row.closes_at, valid_from: row.valid_from, valid_to: row.valid_to }));
}

type Groups = Map<string, Row[]>;

/** Phone and contact rows grouped by what they belong to (a contact's phones go with the contact). */
interface PhonesAndContacts {
  contactObject: (row: Row) => Json;
  orgPhones: Groups;
  servicePhones: Groups;
  locationPhones: Groups;
  salPhones: Groups;
  orgContacts: Groups;
  serviceContacts: Groups;
  salContacts: Groups;
}

/** Schedule rows grouped by what they belong to, and how this version's rows become HSDS 3.0 schedules. */
interface ScheduleGroups {
  toSchedules: (rows: Row[]) => Json[];
  salSchedules: Groups;
  serviceSchedules: Groups;
  serviceLocationSchedules: Groups;
}

function assemble(tables: Tables, problems: Problems): { organisations: Json[]; services: Json[] } {
  const people = phonesAndContacts(tables.get);
  const locations = venuesOf(tables, people);
  const organisations = organisationsOf(tables.get, people);
  const orgById = new Map(organisations.map((o) => [String(o.id), o]));
  const termsOfService = serviceTerms(tables);
  const services = servicesOf(tables, { people, schedules: scheduleGroups(tables, problems), locations, orgById, termsOfService }, problems);
  return { organisations, services };
}

function languagesOf(row: Row): Json[] {
  return splitList(row.language, /[,;]/).map((code) => (/^[a-z]{2,3}$/i.test(code) ? { code: code.toLowerCase() } : { name: code }));
}

function phoneObject(row: Row): Json {
  return { ...clean(row, ['language', 'department']), ...(row.language ? { languages: languagesOf(row) } : {}), ...(row.department && !row.description ? { description: row.department } : {}) };
}

function phonesAndContacts(get: Tables['get']): PhonesAndContacts {
  const phones = get('phone');
  const contacts = get('contact');
  const phonesByContact = group(phones, 'contact_id');
  const contactObject = (row: Row): Json => ({ ...clean(row), phones: (phonesByContact.get(row.id ?? '') ?? []).map(phoneObject) });
  const phonesBy = (column: string) => group(phones.filter((p) => !p.contact_id || column === 'contact_id'), column);
  return {
    contactObject,
    orgPhones: phonesBy('organization_id'),
    servicePhones: phonesBy('service_id'),
    locationPhones: phonesBy('location_id'),
    salPhones: phonesBy('service_at_location_id'),
    orgContacts: group(contacts, 'organization_id'),
    serviceContacts: group(contacts, 'service_id'),
    salContacts: group(contacts, 'service_at_location_id'),
  };
}

function scheduleGroups({ get, version }: Tables, problems: Problems): ScheduleGroups {
  // Schedules: HSDS 3.0/2.0 rows are already schedules; 1.1 rows are one weekday each.
  const scheduleRows = version === '1.1' ? get('regular_schedule') : get('schedule');
  return {
    toSchedules: (rows: Row[]) => (version === '1.1' ? weeklySchedules(rows, problems) : rows.map((r) => clean(r, ['service_id', 'location_id', 'service_at_location_id']))),
    salSchedules: group(scheduleRows.filter((s) => s.service_at_location_id), 'service_at_location_id'),
    serviceSchedules: group(scheduleRows.filter((s) => !s.service_at_location_id && !s.location_id), 'service_id'),
    serviceLocationSchedules: group(scheduleRows.filter((s) => !s.service_at_location_id && s.location_id && s.service_id), 'service_id'),
  };
}

/** Venues by id, with their addresses, accessibility and own phone lines. */
function venuesOf({ get, version }: Tables, people: PhonesAndContacts): Map<string, Json> {
  // Addresses: 3.0 has one table with address_type; 1.x/2.0 have physical and postal tables.
  const addresses = version === '3.0' ? get('address') : [...get('physical_address').map((a) => ({ ...a, address_type: 'physical' })), ...get('postal_address').map((a) => ({ ...a, address_type: 'postal' }))];
  const addressesByLocation = group(addresses, 'location_id');
  const accessibility = version === '3.0' ? get('accessibility') : get('accessibility_for_disabilities').map((a) => ({ ...a, description: [a.accessibility?.replace(/_/g, ' '), a.details].filter(Boolean).join(': '), details: undefined }));
  const accessibilityByLocation = group(accessibility, 'location_id');
  const locations = new Map<string, Json>();
  for (const row of get('location')) {
    if (!row.id) continue;
    locations.set(row.id, {
      ...clean(row, ['organization_id']),
      addresses: (addressesByLocation.get(row.id) ?? []).map((a) => clean(a, ['location_id'])),
      accessibility: (accessibilityByLocation.get(row.id) ?? []).map((a) => clean(a, ['location_id'])),
      phones: (people.locationPhones.get(row.id) ?? []).filter((p) => !p.service_id && !p.service_at_location_id).map(phoneObject),
    });
  }
  return locations;
}

function organisationsOf(get: Tables['get'], people: PhonesAndContacts): Json[] {
  const identifiers = group(get('organization_identifier'), 'organization_id');
  const orgFunding = group(get('funding').filter((f) => !f.service_id), 'organization_id');
  return get('organization').map((row) => ({
    ...clean(row),
    website: row.website ?? row.url,
    organization_identifiers: (identifiers.get(row.id ?? '') ?? []).map((r) => clean(r)),
    funding: (orgFunding.get(row.id ?? '') ?? []).map((r) => clean(r)),
    phones: (people.orgPhones.get(row.id ?? '') ?? []).filter((p) => !p.service_id && !p.location_id && !p.service_at_location_id).map(phoneObject),
    contacts: (people.orgContacts.get(row.id ?? '') ?? []).filter((c) => !c.service_id && !c.service_at_location_id).map(people.contactObject),
  }));
}

/** Taxonomy terms by service id, whichever way this version links them to services. */
function serviceTerms({ get, version }: Tables): Map<string, Json[]> {
  const termsOfService = new Map<string, Json[]>();
  const addTerm = (serviceId: string | undefined, term: Json | undefined) => {
    if (!serviceId || !term) return;
    const list = termsOfService.get(serviceId) ?? [];
    list.push({ taxonomy_term: term });
    termsOfService.set(serviceId, list);
  };
  if (version === '1.1') {
    const terms = new Map(get('taxonomy').map((t) => [t.id ?? '', { id: t.id, name: t.name, parent_id: t.parent_id, taxonomy: t.vocabulary }]));
    for (const link of get('service_taxonomy')) addTerm(link.service_id, terms.get(link.taxonomy_id ?? ''));
    for (const service of get('service')) for (const id of splitList(service.taxonomy_ids, ',')) addTerm(service.id, terms.get(id) ?? { id, code: id });
  } else {
    const vocabularies = new Map(get('taxonomy').map((t) => [t.id ?? '', clean(t)]));
    const terms = new Map(
      get('taxonomy_term').map((t) => [t.id ?? '', { ...clean(t), name: t.name ?? t.term, ...(t.taxonomy_id && vocabularies.has(t.taxonomy_id) ? { taxonomy_detail: vocabularies.get(t.taxonomy_id) } : {}) }]),
    );
    for (const link of get('service_attribute')) addTerm(link.service_id, terms.get(link.taxonomy_term_id ?? ''));
    const services = new Set(get('service').map((s) => s.id));
    for (const link of get('attribute')) {
      const linkType = (link.link_type ?? link.link_entity ?? '').toLowerCase();
      if (services.has(link.link_id) && (!linkType || linkType === 'service' || !['organization', 'location'].includes(linkType))) addTerm(link.link_id, terms.get(link.taxonomy_term_id ?? ''));
    }
  }
  return termsOfService;
}

/** Services with everything linked to them, then one note of what the eligibility rows gave. */
function servicesOf(
  { get }: Tables,
  parts: { people: PhonesAndContacts; schedules: ScheduleGroups; locations: Map<string, Json>; orgById: Map<string, Json>; termsOfService: Map<string, Json[]> },
  problems: Problems,
): Json[] {
  const { people, schedules, locations, orgById, termsOfService } = parts;
  const { toSchedules, salSchedules, serviceSchedules, serviceLocationSchedules } = schedules;
  const serviceFunding = group(get('funding'), 'service_id');
  const serviceLanguages = group(get('language').filter((l) => l.service_id), 'service_id');
  const sals = group(get('service_at_location'), 'service_id');
  const eligibility = group(get('eligibility'), 'service_id');
  const carriedEligibility = { ages: 0, audiences: 0 };
  const areas = group(get('service_area'), 'service_id');
  const costs = group(get('cost_option'), 'service_id');
  const documents = group(get('required_document'), 'service_id');
  const services: Json[] = [];
  for (const row of get('service')) {
    const id = row.id ?? '';
    const organisation = orgById.get(row.organization_id ?? '');
    if (!organisation && row.organization_id) problems.add('warning', `organization_id ${row.organization_id} is not in organizations.csv`, { record: `service ${id}` });
    const locationSchedules = group(serviceLocationSchedules.get(id) ?? [], 'location_id');
    const eligible = eligibilityOf((eligibility.get(id) ?? []).map((e) => e.eligibility).filter((e): e is string => Boolean(e)), row);
    if (eligible.ages) carriedEligibility.ages++;
    if (eligible.audiences.length) carriedEligibility.audiences++;
    services.push({
      ...clean(row, ['taxonomy_ids']),
      ...(organisation ? { organization: organisation } : {}),
      ...eligible.fields,
      ...(eligible.audiences.length ? { x_terms: eligible.audiences } : {}),
      phones: (people.servicePhones.get(id) ?? []).filter((p) => !p.service_at_location_id).map(phoneObject),
      schedules: toSchedules(serviceSchedules.get(id) ?? []),
      contacts: (people.serviceContacts.get(id) ?? []).map(people.contactObject),
      languages: (serviceLanguages.get(id) ?? []).map((l) => ({ name: l.name ?? l.language, code: l.code })),
      service_areas: (areas.get(id) ?? []).map((a) => ({ ...clean(a), name: a.name ?? a.service_area })),
      funding: (serviceFunding.get(id) ?? []).map((r) => clean(r)),
      cost_options: (costs.get(id) ?? []).map((r) => clean(r)),
      required_documents: (documents.get(id) ?? []).map((r) => clean(r)),
      attributes: termsOfService.get(id) ?? [],
      service_at_locations: (sals.get(id) ?? []).map((sal) => ({
        ...clean(sal),
        ...(locations.has(sal.location_id ?? '') ? { location: locations.get(sal.location_id!) } : {}),
        schedules: toSchedules([...(salSchedules.get(sal.id ?? '') ?? []), ...(locationSchedules.get(sal.location_id ?? '') ?? [])]),
        phones: (people.salPhones.get(sal.id ?? '') ?? []).map(phoneObject),
        contacts: (people.salContacts.get(sal.id ?? '') ?? []).map(people.contactObject),
      })),
    });
  }
  const eligibilityRows = get('eligibility').length;
  if (eligibilityRows) {
    problems.add(
      'info',
      `eligibility: ${eligibilityRows} rows carried as eligibility text; age ranges in them gave the minimum and maximum age of ${carriedEligibility.ages} services; words naming a LOOP audience set audiences (${carriedEligibility.audiences} services offered one; those matching none are kept as text only)`,
    );
  }
  return services;
}

/**
 * HSDS 1.1 eligibility rows ("adult", "18-25", "65 and over", "veterans") for one service: all kept as eligibility
 * text, ages read into minimum_age/maximum_age when the service gives none, and each short phrase offered as an
 * audience that counts only if it matches a LOOP audience (its words are in the text either way).
 */
function eligibilityOf(words: string[], service: Row): { fields: Json; audiences: Json[]; ages: boolean } {
  if (!words.length) return { fields: {}, audiences: [], ages: false };
  const fields: Json = {};
  if (!service.eligibility_description) fields.eligibility_description = words.join('; ');
  let ages = false;
  if (service.minimum_age === undefined && service.maximum_age === undefined) {
    const ranges = words.map(ageRange).filter((r): r is AgeRange => r !== undefined);
    if (ranges.length) {
      // Several rows are alternatives ("5-11", "12-17"): the service is for anyone in any of them.
      const min = ranges.every((r) => r.min !== undefined) ? Math.min(...ranges.map((r) => r.min!)) : undefined;
      const max = ranges.every((r) => r.max !== undefined) ? Math.max(...ranges.map((r) => r.max!)) : undefined;
      if (min !== undefined) fields.minimum_age = min;
      if (max !== undefined) fields.maximum_age = max;
      ages = min !== undefined || max !== undefined;
    }
  }
  const audiences = words.filter((w) => w.length <= 60 && !ageRange(w)).map((name) => ({ field: 'audiences', vocabulary: 'eligibility', name, if_known: true }));
  return { fields, audiences, ages };
}

interface AgeRange {
  min?: number;
  max?: number;
}

/** An age range written in words: "18-25", "ages 5 to 11", "18+", "65 and over", "under 16", "16 and under". */
export function ageRange(text: string): AgeRange | undefined {
  const t = text.toLowerCase();
  const age = (s: string | undefined) => (s !== undefined && Number(s) <= 120 ? Number(s) : undefined);
  let m = /\b(\d{1,3})\s*(?:-|–|to)\s*(\d{1,3})\b/.exec(t);
  if (m) {
    const [min, max] = [age(m[1]), age(m[2])];
    return min !== undefined && max !== undefined && min <= max ? { min, max } : undefined;
  }
  m = /\b(\d{1,3})\s*(?:\+|years? (?:old )?(?:and|or) (?:over|older|above)|(?:and|or) (?:over|older|above))|\b(?:over|at least)\s+(\d{1,3})\b/.exec(t);
  if (m) {
    // "over 18" is said of people of 18 too ("over-18s"), so it is read as 18 and over.
    const n = age(m[1] ?? m[2]);
    return n !== undefined ? { min: n } : undefined;
  }
  m = /\b(?:under|younger than|below)\s+(\d{1,3})\b/.exec(t);
  if (m) {
    const n = age(m[1]);
    return n !== undefined && n > 0 ? { max: n - 1 } : undefined;
  }
  m = /\b(?:up to|upto)\s+(\d{1,3})\b|\b(\d{1,3})\s*(?:years? (?:old )?)?(?:and|or) (?:under|younger|below)\b/.exec(t);
  if (m) {
    const n = age(m[1] ?? m[2]);
    return n !== undefined ? { max: n } : undefined;
  }
  return undefined;
}
