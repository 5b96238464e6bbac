/**
 * HSDS tabular data packages: a datapackage.json and one CSV per table, in the HSDS 1.1, 2.0 or 3.0 layout. The
 * tables are joined back into HSDS 3.0 service objects (organisation, venues with addresses, phones, schedules,
 * contacts, terms...) and mapped by hsds.ts like any ORUK feed.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { CountryCode } from 'libphonenumber-js/max';
import type { TermField } from '../../model/vocabularies.ts';
import { dayOf, HsdsMapper } from './hsds.ts';
import { Problems, type ImportBatch } from '../incoming.ts';
import { silentProgress, type Progress } from '../progress.ts';
import { isRecord, splitList } from '../values.ts';

type Row = Record<string, string | undefined>;
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

const NOT_IMPORTED: Record<string, string> = {
  holiday_schedule: 'holiday closures',
  payment_accepted: 'payment methods',
  program: 'programmes',
  metadata: 'change metadata',
  meta_table_description: 'table descriptions',
  other_attribute: 'attributes of records other than services',
};

function readCsv(path: string, maxBytes: number): Row[] {
  const size = statSync(path).size;
  if (size > maxBytes) throw new Error(`${basename(path)} is ${Math.round(size / 1e6)} MB, more than the ${Math.round(maxBytes / 1e6)} MB limit`);
  let text = readFileSync(path, 'utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const rows = parse(text, { columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()), skip_empty_lines: true, relax_column_count: true, relax_quotes: true }) as Record<string, string>[];
  return rows.map((row) => {
    const out: Row = {};
    for (const [k, v] of Object.entries(row)) out[k] = v === '' ? undefined : v;
    return out;
  });
}

interface Tables {
  version: '1.1' | '2.0' | '3.0';
  get(name: string): Row[];
}

function locate(source: string, options: HsdsCsvOptions, problems: Problems): { folder: string; files: Map<string, string> } {
  if (!existsSync(source)) throw new Error(`${source} does not exist`);
  const folder = statSync(source).isDirectory() ? source : dirname(source);
  const files = new Map<string, string>();
  const descriptorPath = statSync(source).isDirectory() ? join(folder, 'datapackage.json') : source;
  let descriptor: unknown;
  if (existsSync(descriptorPath)) {
    const text = readFileSync(descriptorPath, 'utf8');
    try {
      descriptor = JSON.parse(text);
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
  if (isRecord(descriptor) && Array.isArray(descriptor.resources)) {
    for (const resource of descriptor.resources) {
      if (!isRecord(resource) || typeof resource.path !== 'string') continue;
      const path = join(folder, resource.path);
      if (!path.startsWith(folder)) continue;
      const table = FILE_TABLES[basename(resource.path)] ?? (typeof resource.name === 'string' ? resource.name : undefined);
      if (table && existsSync(path)) files.set(table, path);
    }
  }
  for (const name of readdirSync(folder)) {
    const table = FILE_TABLES[name];
    if (table && !files.has(table)) files.set(table, join(folder, name));
  }
  if (!files.has('service') && !files.has('organization')) throw new Error(`${folder} has neither services.csv nor organizations.csv: is it an HSDS data package?`);
  return { folder, files };
}

export async function readHsdsCsv(source: string, options: HsdsCsvOptions = {}): Promise<ImportBatch> {
  const problems = new Problems();
  const progress = options.progress ?? silentProgress;
  const { folder, files } = locate(source, options, problems);
  const cache = new Map<string, Row[]>();
  const maxBytes = options.maxFileBytes ?? 200_000_000;
  const get = (name: string): Row[] => {
    if (!cache.has(name)) cache.set(name, files.has(name) ? readCsv(files.get(name)!, maxBytes) : []);
    return cache.get(name)!;
  };
  const version: Tables['version'] = files.has('attribute') || files.has('address') || basename(files.get('service_at_location') ?? '') === 'service_at_location.csv'
    ? '3.0'
    : files.has('service_attribute') || files.has('taxonomy_term') || (files.has('schedule') && !files.has('regular_schedule'))
      ? '2.0'
      : '1.1';
  problems.add('info', `read as an HSDS ${version} data package (${[...files.keys()].length} tables)`);
  for (const [table, what] of Object.entries(NOT_IMPORTED)) {
    if (get(table).length) problems.add('info', `${basename(files.get(table)!)}: ${what} have no place in LOOP and were not imported (${get(table).length} rows)`);
  }
  const system = options.system ?? basename(folder);
  const services = assemble({ version, get }, problems);
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
function weeklySchedules(rows: Row[]): Json[] {
  const byTimes = new Map<string, { days: string[]; row: Row }>();
  for (const row of rows) {
    const day = dayOf(row.weekday);
    if (!day) continue;
    const key = `${row.opens_at ?? ''}|${row.closes_at ?? ''}|${row.valid_from ?? ''}|${row.valid_to ?? ''}`;
    const entry = byTimes.get(key) ?? { days: [], row };
    if (!entry.days.includes(day)) entry.days.push(day);
    byTimes.set(key, entry);
  }
  return [...byTimes.values()].map(({ days, row }) => ({ freq: 'WEEKLY', byday: days.join(','), opens_at: row.opens_at, closes_at: row.closes_at, valid_from: row.valid_from, valid_to: row.valid_to }));
}

function assemble(tables: Tables, problems: Problems): { organisations: Json[]; services: Json[] } {
  const { get, version } = tables;
  const phones = get('phone');
  const contacts = get('contact');
  const phonesByContact = group(phones, 'contact_id');
  const languagesOf = (row: Row) => splitList(row.language, /[,;]/).map((code) => (/^[a-z]{2,3}$/i.test(code) ? { code: code.toLowerCase() } : { name: code }));
  const phoneObject = (row: Row): Json => ({ ...clean(row, ['language', 'department']), ...(row.language ? { languages: languagesOf(row) } : {}), ...(row.department && !row.description ? { description: row.department } : {}) });
  const contactObject = (row: Row): Json => ({ ...clean(row), phones: (phonesByContact.get(row.id ?? '') ?? []).map(phoneObject) });
  const phonesBy = (column: string) => group(phones.filter((p) => !p.contact_id || column === 'contact_id'), column);
  const orgPhones = phonesBy('organization_id');
  const servicePhones = phonesBy('service_id');
  const locationPhones = phonesBy('location_id');
  const salPhones = phonesBy('service_at_location_id');
  const orgContacts = group(contacts, 'organization_id');
  const serviceContacts = group(contacts, 'service_id');
  const salContacts = group(contacts, 'service_at_location_id');
  const identifiers = group(get('organization_identifier'), 'organization_id');
  const funding = get('funding');
  const orgFunding = group(funding.filter((f) => !f.service_id), 'organization_id');
  const serviceFunding = group(funding, 'service_id');

  // Schedules: HSDS 3.0/2.0 rows are already schedules; 1.1 rows are one weekday each.
  const scheduleRows = version === '1.1' ? get('regular_schedule') : get('schedule');
  const toSchedules = (rows: Row[]) => (version === '1.1' ? weeklySchedules(rows) : rows.map((r) => clean(r, ['service_id', 'location_id', 'service_at_location_id'])));
  const salSchedules = group(scheduleRows.filter((s) => s.service_at_location_id), 'service_at_location_id');
  const serviceSchedules = group(scheduleRows.filter((s) => !s.service_at_location_id && !s.location_id), 'service_id');
  const serviceLocationSchedules = group(scheduleRows.filter((s) => !s.service_at_location_id && s.location_id && s.service_id), 'service_id');

  // Addresses: 3.0 has one table with address_type; 1.x/2.0 have physical and postal tables.
  const addresses = version === '3.0' ? get('address') : [...get('physical_address').map((a) => ({ ...a, address_type: 'physical' })), ...get('postal_address').map((a) => ({ ...a, address_type: 'postal' }))];
  const addressesByLocation = group(addresses, 'location_id');
  const accessibility = version === '3.0' ? get('accessibility') : get('accessibility_for_disabilities').map((a) => ({ ...a, description: [a.accessibility?.replace(/_/g, ' '), a.details].filter(Boolean).join(': '), details: undefined }));
  const accessibilityByLocation = group(accessibility, 'location_id');
  const languages = get('language');
  const serviceLanguages = group(languages.filter((l) => l.service_id), 'service_id');
  const locations = new Map<string, Json>();
  for (const row of get('location')) {
    if (!row.id) continue;
    locations.set(row.id, {
      ...clean(row, ['organization_id']),
      addresses: (addressesByLocation.get(row.id) ?? []).map((a) => clean(a, ['location_id'])),
      accessibility: (accessibilityByLocation.get(row.id) ?? []).map((a) => clean(a, ['location_id'])),
      phones: (locationPhones.get(row.id) ?? []).filter((p) => !p.service_id && !p.service_at_location_id).map(phoneObject),
    });
  }

  const organisations: Json[] = get('organization').map((row) => ({
    ...clean(row),
    website: row.website ?? row.url,
    organization_identifiers: (identifiers.get(row.id ?? '') ?? []).map((r) => clean(r)),
    funding: (orgFunding.get(row.id ?? '') ?? []).map((r) => clean(r)),
    phones: (orgPhones.get(row.id ?? '') ?? []).filter((p) => !p.service_id && !p.location_id && !p.service_at_location_id).map(phoneObject),
    contacts: (orgContacts.get(row.id ?? '') ?? []).filter((c) => !c.service_id && !c.service_at_location_id).map(contactObject),
  }));
  const orgById = new Map(organisations.map((o) => [String(o.id), o]));

  // Taxonomy terms, whichever way this version links them to services.
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

  const sals = group(get('service_at_location'), 'service_id');
  const eligibility = group(get('eligibility'), 'service_id');
  const areas = group(get('service_area'), 'service_id');
  const costs = group(get('cost_option'), 'service_id');
  const documents = group(get('required_document'), 'service_id');
  const services: Json[] = [];
  for (const row of get('service')) {
    const id = row.id ?? '';
    const organisation = orgById.get(row.organization_id ?? '');
    if (!organisation && row.organization_id) problems.add('warning', `organization_id ${row.organization_id} is not in organizations.csv`, { record: `service ${id}` });
    const locationSchedules = group(serviceLocationSchedules.get(id) ?? [], 'location_id');
    const eligibilityWords = (eligibility.get(id) ?? []).map((e) => e.eligibility).filter(Boolean);
    services.push({
      ...clean(row, ['taxonomy_ids']),
      ...(organisation ? { organization: organisation } : {}),
      ...(eligibilityWords.length && !row.eligibility_description ? { eligibility_description: eligibilityWords.join('; ') } : {}),
      phones: (servicePhones.get(id) ?? []).filter((p) => !p.service_at_location_id).map(phoneObject),
      schedules: toSchedules(serviceSchedules.get(id) ?? []),
      contacts: (serviceContacts.get(id) ?? []).map(contactObject),
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
        phones: (salPhones.get(sal.id ?? '') ?? []).map(phoneObject),
        contacts: (salContacts.get(sal.id ?? '') ?? []).map(contactObject),
      })),
    });
  }
  return { organisations, services };
}
