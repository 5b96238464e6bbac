/**
 * CiviCRM (Doing Good Leeds): organisations in from an APIv4 `Contact.get` JSON export, and LOOP organisations out
 * as a CSV for CiviCRM's contact import, so the two directories stay in step.
 *
 * The export read is what the APIv4 REST endpoint and the API explorer return: `{"values": [...], "entity":
 * "Contact", "action": "get", "version": 4, "count": N, "countFetched": N}` (or just the `values` list), with
 * implicit joins such as `email_primary.email`, `phone_primary.phone`, `address_primary.postal_code`, an explicit
 * `Website AS website` join (`website.url`), and custom fields named `<Group>.<Field>`. Only contacts of type
 * Organization are read: individuals are personal data and never enter LOOP.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import type { CountryCode } from 'libphonenumber-js/max';
import type { Dataset, OrganisationRecord } from '../../dataset/dataset.ts';
import { absoluteUrl, organisationPath } from '../../urls/site.ts';
import { HsdsMapper } from './hsds.ts';
import { fetchJson, type FetchOptions } from './http.ts';
import { Problems, type ImportBatch, type IncomingRecord } from '../incoming.ts';
import { idOf, instant, isRecord, records, str } from '../values.ts';

type Json = Record<string, unknown>;

export const DEFAULT_CIVICRM_SYSTEM = 'Doing Good Leeds (CiviCRM)';

/** LOOP organisation fields a custom field may fill. */
const TARGETS = ['description', 'charity_number', 'company_number', 'legal_status', 'year_incorporated', 'logo', 'alternate_name', 'website'] as const;
type Target = (typeof TARGETS)[number];

/** Custom fields recognised without a mapping, by the part after the group name (case and separators ignored). */
const KNOWN_CUSTOM: Record<string, Target> = {
  charitynumber: 'charity_number',
  registeredcharitynumber: 'charity_number',
  charityregistrationnumber: 'charity_number',
  charityno: 'charity_number',
  companynumber: 'company_number',
  companyregistrationnumber: 'company_number',
  companyno: 'company_number',
  description: 'description',
  organisationdescription: 'description',
  organizationdescription: 'description',
  aboutus: 'description',
  legalstatus: 'legal_status',
  legalstructure: 'legal_status',
  yearfounded: 'year_incorporated',
  yearestablished: 'year_incorporated',
  logo: 'logo',
};

export interface CiviCrmOptions {
  system?: string;
  /** Custom field name (e.g. "Organisation_Details.Charity_Number") to LOOP field, beyond the ones recognised. */
  customFields?: Record<string, string>;
  /** Provenance URL of a contact: "{id}" is replaced, e.g. https://example.org/civicrm/contact/view?reset=1&cid={id}. */
  recordUrl?: string;
  fetch?: FetchOptions;
  phoneCountry?: CountryCode;
}

function contactsIn(value: unknown): Json[] | undefined {
  if (Array.isArray(value)) return records(value);
  if (isRecord(value) && Array.isArray(value.values)) return records(value.values);
  if (isRecord(value) && isRecord(value.values)) return records(Object.values(value.values)); // APIv3 keyed by id
  return undefined;
}

export async function readCiviCrm(source: string, options: CiviCrmOptions = {}): Promise<ImportBatch> {
  const problems = new Problems();
  const value = await readExport(source, options);
  const contacts = contactsOfExport(value, problems);
  const system = options.system ?? DEFAULT_CIVICRM_SYSTEM;
  const mapper = new HsdsMapper({ system, problems, ...(options.phoneCountry ? { phoneCountry: options.phoneCountry } : {}) });
  const custom = { ...options.customFields };
  const skipped = { individuals: 0, deleted: 0 };
  const out: IncomingRecord[] = [];
  const seen = new Set<string>();
  for (const contact of contacts) {
    const id = organisationIdOf(contact, seen, skipped, problems);
    if (!id) continue;
    const record = mapper.addOrganisation(organisationOf(contact, id, custom, problems));
    if (!record) continue;
    const modified = instant(contact.modified_date);
    if (modified?.assumedZone) problems.addRepeated('info', 'modified_date has no time zone; read as UK local time', record.label);
    const url = options.recordUrl?.replace('{id}', encodeURIComponent(id));
    out.push({ ...record, ...(url ? { url } : {}), ...(modified ? { modified: modified.iso } : {}) });
  }
  const { individuals, deleted } = skipped;
  if (individuals) problems.add('info', `${individuals} contact${individuals === 1 ? ' is a person or household' : 's are people or households'}: LOOP lists organisations only, so ${individuals === 1 ? 'it was' : 'they were'} skipped`);
  if (deleted) problems.add('info', `${deleted} organisation${deleted === 1 ? ' is' : 's are'} in CiviCRM's trash (is_deleted); treated as gone from the source`);
  if (!out.length && contacts.length) problems.add('warning', 'no organisations in the export');
  return { system, format: 'civicrm', source, records: out, problems: problems.all(), complete: true };
}

/** The export as parsed JSON, from a URL or a file (at most 200 MB). */
async function readExport(source: string, options: CiviCrmOptions): Promise<unknown> {
  if (/^https?:\/\//i.test(source)) return await fetchJson(source, options.fetch);
  if (!existsSync(source)) throw new Error(`${source} does not exist`);
  if (statSync(source).size > 200_000_000) throw new Error(`${source} is larger than 200 MB`);
  try {
    return JSON.parse(readFileSync(source, 'utf8').replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new Error(`${basename(source)} is not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** The contacts of a Contact.get result; a CiviCRM error, or anything else, stops the import. */
function contactsOfExport(value: unknown, problems: Problems): Json[] {
  if (isRecord(value) && (value.error_code !== undefined || value.error_message !== undefined || value.is_error === 1)) {
    throw new Error(`the export is a CiviCRM error, not contacts: ${str(value.error_message) ?? str(value.error_code) ?? 'unknown error'}`);
  }
  const contacts = contactsIn(value);
  if (!contacts) throw new Error('this is not a CiviCRM Contact.get result (no "values" list)');
  if (isRecord(value) && value.entity !== undefined && value.entity !== 'Contact') problems.add('warning', `the export is of ${String(value.entity)}, not Contact; read anyway`);
  return contacts;
}

/** The id of a contact to import, or undefined for a person, a repeat, one in the trash or one with no id (counted or reported). */
function organisationIdOf(contact: Json, seen: Set<string>, skipped: { individuals: number; deleted: number }, problems: Problems): string | undefined {
  const type = str(contact.contact_type) ?? str(contact['contact_type:name']);
  if (type && type !== 'Organization') {
    skipped.individuals++;
    return undefined;
  }
  const id = idOf(contact.id) ?? idOf(contact.contact_id);
  if (!id) {
    const name = str(contact.organization_name) ?? str(contact.display_name);
    problems.add('error', `a contact${name ? ` ("${name}")` : ''} has no id; not imported`);
    return undefined;
  }
  if (seen.has(id)) return undefined;
  seen.add(id);
  if (contact.is_deleted === true || contact.is_deleted === 1 || contact.is_deleted === '1') {
    skipped.deleted++;
    return undefined;
  }
  return id;
}

/** The organisation in HSDS shape, so hsds.ts cleans it like any other source. */
function organisationOf(contact: Json, id: string, custom: Record<string, string>, problems: Problems): Json {
  const name = str(contact.organization_name) ?? str(contact.display_name);
  const org: Json = {
    id,
    name,
    email: contact['email_primary.email'] ?? contact.email,
    website: contact['website.url'] ?? contact['website_primary.url'],
    phones: [],
    organization_identifiers: [],
  };
  const nick = str(contact.nick_name);
  const legal = str(contact.legal_name);
  if (nick && nick !== name) org.alternate_name = nick;
  else if (legal && legal !== name) org.alternate_name = legal;
  const phone = contact['phone_primary.phone'] ?? contact.phone;
  if (phone) {
    const typeLabel = str(contact['phone_primary.phone_type_id:label']) ?? str(contact['phone_primary.phone_type_id:name']);
    (org.phones as Json[]).push({ number: phone, extension: contact['phone_primary.phone_ext'], type: typeLabel === 'Fax' ? 'fax' : typeLabel === 'Mobile' ? 'cell' : 'voice' });
  }
  addCustomFields(org, contact, custom, problems);
  if (contact['address_primary.postal_code'] || contact['address_primary.street_address']) {
    problems.addRepeated('info', "an organisation's postal address has no place in a LOOP organisation (venues are listed with services); not imported");
  }
  return org;
}

/** Custom fields (`<Group>.<Field>`) onto the organisation: those the mapping sends somewhere LOOP has, or ones recognised by name. */
function addCustomFields(org: Json, contact: Json, custom: Record<string, string>, problems: Problems): void {
  for (const [key, raw] of Object.entries(contact)) {
    if (!key.includes('.') || key.startsWith('email_primary.') || key.startsWith('phone_primary.') || key.startsWith('address_primary.') || key.startsWith('website')) continue;
    if (raw === null || raw === undefined || raw === '') continue;
    const configured = custom[key];
    const field = ((configured && (TARGETS as readonly string[]).includes(configured)) ? configured : KNOWN_CUSTOM[key.slice(key.indexOf('.') + 1).toLowerCase().replace(/[^a-z]/g, '')]) as Target | undefined;
    if (configured && !(TARGETS as readonly string[]).includes(configured)) problems.add('warning', `the mapping sends ${key} to "${configured}", which a CiviCRM import cannot fill; known: ${TARGETS.join(', ')}`);
    if (!field) {
      problems.addRepeated('info', `custom field ${key} is not mapped to a LOOP field; left out (add it under "civicrm:" in a mapping file)`);
      continue;
    }
    if (field === 'charity_number') (org.organization_identifiers as Json[]).push({ identifier_scheme: /^SC/i.test(String(raw)) ? 'GB-SC' : 'GB-CHC', identifier: String(raw).trim() });
    else if (field === 'company_number') (org.organization_identifiers as Json[]).push({ identifier_scheme: 'GB-COH', identifier: String(raw).trim() });
    else org[field] = raw;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Export: LOOP organisations as a CiviCRM contact-import CSV.

/** Column headings as CiviCRM names the fields, so its import wizard maps most of them by itself. */
export const EXPORT_COLUMNS = [
  'Contact ID',
  'External Identifier',
  'Organization Name',
  'Nick Name',
  'Email',
  'Phone',
  'Website',
  'Charity Number',
  'Company Number',
  'Description',
  'LOOP Page',
] as const;

/**
 * A cell as CSV: quoted when needed, and never read as a formula by a spreadsheet on the way (a leading =, @, or a
 * + or - that is not the start of a number gets a leading apostrophe).
 */
export function csvCell(value: string | undefined): string {
  let text = (value ?? '').replace(/\r\n?/g, '\n');
  if (/^[=@\t]/.test(text) || /^[+-](?![\d\s()]+$)/.test(text)) text = `'${text}`;
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function contactIdOf(org: OrganisationRecord, system: string): string | undefined {
  return org.provenance?.find((p) => p.system === system)?.id;
}

/** One row per LOOP organisation; CiviCRM's own id (from provenance) lets its import update rather than duplicate. */
export function civicrmExport(dataset: Dataset, system = DEFAULT_CIVICRM_SYSTEM): string {
  const rows = [EXPORT_COLUMNS.map((c) => csvCell(c)).join(',')];
  for (const org of dataset.organisations) {
    const cells = [
      contactIdOf(org, system),
      org.id,
      org.name,
      org.alternate_name,
      org.email,
      org.phones?.[0]?.number,
      org.website,
      org.charity_number,
      org.company_number,
      org.description,
      absoluteUrl(dataset.config, organisationPath(org)),
    ];
    rows.push(cells.map((c) => csvCell(c)).join(','));
  }
  return `${rows.join('\r\n')}\r\n`;
}
