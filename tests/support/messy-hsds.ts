/**
 * A realistic messy HSDS 1.1 tabular data package (issue #16), written deterministically from a seed: the kinds of
 * input every large directory has, in the shape of a real package (the HSDS 1.1 sample in
 * shared/datasets/hsds-1.1-sample-datapackage/all_resources: the same file names and columns, a datapackage.json
 * listing each CSV with its fields). It is an American 211-style directory, so:
 *
 * - phone numbers are US numbers written every way people write them (`(305) 374-2211`, `305-374-2211`,
 *   `1-800-273-8255`, `800.662.4357`, with `ext.`), and a few that are not numbers at all (`211`, `CALL-4-HELP`);
 * - descriptions are full of abbreviations, initials, decimals, emails and URLs with no space after the full stop
 *   (`A.T.I.`, `J.R. Thompson`, `$10.50`, `www.example.org/help.Call…`);
 * - contacts mix roles (`Intake Coordinator`, `intake@`) with people (`Jane Smith, MSW`, `Dr. Carlos Ruiz-Mendez`,
 *   `jsmith@`, `jane.smith@`);
 * - ~2,000 taxonomy terms of a vocabulary LOOP does not know (AIRS/211 style), each used by at least one service,
 *   most by a few and some by hundreds;
 * - eligibility rows (ages, audiences, words), programmes (not carried by LOOP), US addresses (venues LOOP cannot
 *   place), a few web addresses with `{…}` templates, branch programmes sharing a name inside one organisation;
 * - ambiguous times: `5:00`–`7:00pm`, and a closing time with no opening time.
 *
 * `writeDamagedVariant` then copies the clean package and breaks it one way: a table datapackage.json lists but that
 * is missing, a CSV cut mid-row, invalid UTF-8, an unclosed quote.
 *
 * The manifest it returns says what was put where, so tests can check each kind of mess came out right.
 */
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface MessyOptions {
  /** Same seed, same bytes. */
  seed?: number;
  services?: number;
  /** Terms in the big unknown vocabulary. */
  terms?: number;
}

export interface MessyPhone {
  serviceId: string;
  raw: string;
  /** E.164, or undefined for a "number" that is not one (211, CALL-4-HELP). */
  e164?: string;
  extension?: string;
}

export interface MessyManifest {
  dir: string;
  seed: number;
  counts: Record<string, number>;
  services: { id: string; name: string; organisationId: string; description: string }[];
  phones: MessyPhone[];
  /** Contacts that are people: their names and mailboxes must not reach LOOP. */
  people: { serviceId: string; name: string; email: string }[];
  /** Role contacts, which LOOP keeps. */
  roles: { serviceId: string; title: string; email: string }[];
  /** Services with `5:00`–`7:00pm` style rows (a guess must be reported). */
  ambiguousTimes: string[];
  /** Services with a closing time and no opening time (a drop must be reported). */
  closeWithoutOpen: string[];
  eligibility: { serviceId: string; text: string }[];
  /** Services whose url holds a `{…}` template, which the ORUK `uri` format rejects. */
  templatedUrls: string[];
  /** Services in one organisation sharing a name (different branch programmes, not duplicates). */
  branchNames: { organisationId: string; name: string; serviceIds: string[] }[];
  vocabulary: string;
  terms: { id: string; name: string }[];
  /** The tables written, by file name. */
  tables: string[];
}

/** mulberry32: a small seeded generator, so the package is the same bytes on every machine. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Cell = string | number | undefined;

function csvCell(value: Cell): string {
  if (value === undefined) return '';
  const s = String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function csv(columns: readonly string[], rows: Record<string, Cell>[]): string {
  return `${[columns.join(','), ...rows.map((r) => columns.map((c) => csvCell(r[c])).join(','))].join('\r\n')}\r\n`;
}

/** HSDS 1.1 tables: resource name, file and columns, as in the HSDS 1.1 sample package. */
export const TABLES = {
  organization: { path: 'organizations.csv', columns: ['id', 'name', 'alternate_name', 'description', 'email', 'url', 'tax_status', 'tax_id', 'year_incorporated', 'legal_status'] },
  program: { path: 'programs.csv', columns: ['id', 'organization_id', 'name', 'alternate_name'] },
  service: {
    path: 'services.csv',
    columns: ['id', 'organization_id', 'program_id', 'name', 'alternate_name', 'description', 'url', 'email', 'status', 'interpretation_services', 'application_process', 'wait_time', 'fees', 'accreditations', 'licenses', 'taxonomy_ids'],
  },
  location: { path: 'locations.csv', columns: ['id', 'organization_id', 'name', 'alternate_name', 'description', 'transportation', 'latitude', 'longitude'] },
  service_at_location: { path: 'services_at_location.csv', columns: ['id', 'service_id', 'location_id', 'description'] },
  physical_address: { path: 'physical_addresses.csv', columns: ['id', 'location_id', 'attention', 'address_1', 'address_2', 'address_3', 'address_4', 'city', 'region', 'state_province', 'postal_code', 'country'] },
  phone: { path: 'phones.csv', columns: ['id', 'location_id', 'service_id', 'organization_id', 'contact_id', 'service_at_location_id', 'number', 'extension', 'type', 'language', 'description', 'department'] },
  contact: { path: 'contacts.csv', columns: ['id', 'organization_id', 'service_id', 'service_at_location_id', 'name', 'title', 'department', 'email'] },
  regular_schedule: { path: 'regular_schedules.csv', columns: ['id', 'service_id', 'location_id', 'service_at_location_id', 'weekday', 'opens_at', 'closes_at'] },
  eligibility: { path: 'eligibility.csv', columns: ['id', 'service_id', 'eligibility'] },
  language: { path: 'languages.csv', columns: ['id', 'service_id', 'location_id', 'language'] },
  taxonomy: { path: 'taxonomy.csv', columns: ['id', 'name', 'parent_id', 'parent_name', 'vocabulary'] },
  service_taxonomy: { path: 'services_taxonomy.csv', columns: ['id', 'service_id', 'taxonomy_id', 'taxonomy_detail'] },
} as const;
type Table = keyof typeof TABLES;

const PLACES = ['Little Havana', 'Allapattah', 'Overtown', 'Wynwood', 'Liberty City', 'Hialeah', 'Coral Way', 'Kendall', 'Homestead', 'Opa-locka', 'Doral', 'Sweetwater', 'Flagami', 'Brownsville', 'Model City', 'Coconut Grove'];
const ORG_KINDS = ['Community Action Agency', 'Family Services', 'Neighborhood Center', 'Senior Services', 'Youth Alliance', 'Health Collaborative', 'Legal Aid Society', 'Food Network', 'Housing Coalition', 'Workforce Partners'];
const SERVICES = ['Food Pantry', 'Senior Meals Program', 'Tax Help (VITA)', 'ESL Classes', 'Rent Assistance', 'Utility Bill Help', 'After-School Tutoring', 'Diaper Bank', 'Legal Clinic', 'Job Readiness Workshop', 'Mobile Health Van', 'Case Management', 'Emergency Shelter Referral', 'Clothing Closet', 'Benefits Enrollment', 'Parenting Classes', 'Support Group', 'Transportation Vouchers', 'GED Preparation', 'Immigration Consultations'];
const DESCRIPTIONS = [
  'A.T.I. (Adult Training Institute) offers GED prep and job skills.Classes run Mon.-Thu. from 6 p.m. See www.ati-miami.org/classes for dates.',
  'Free tax filing for households earning under $64,000.Visit https://vita.example.org/signup.Bring photo I.D. and your W-2.',
  "Dr. Lee's clinic serves uninsured adults, e.g. day laborers, i.e. anyone 18+. Fees start at $10.50 per visit.",
  'J.R. Thompson Senior Center provides hot meals at noon.Transportation is available on request.',
  'Contact intake@example.org.Walk-ins welcome Tue. and Thu. mornings.',
  'U.S. citizens and lawful permanent residents can get help applying for SNAP, WIC and Medicaid. Approx. 2.5 hours per appointment.',
  'St. Vincent de Paul volunteers hand out groceries every Sat. at 9 a.m. No I.D. needed.',
  'Emergency help with rent, up to $1,200.00 once a year.Call first: funds are limited.',
  'Workshops on resumes, interviews and digital skills. Certificates issued by M.D.C.P.S. Adult Ed.',
  'We help families find safe housing. Most clients are referred by 2-1-1 or a case manager.',
];
const PEOPLE = ['Jane Smith, MSW', 'Dr. Carlos Ruiz-Mendez', "Mary-Ann O'Neil LCSW", 'Robert T. Jones Jr.', 'Ana Lucia Pérez, PhD', 'Rev. Michael Brown', 'Keisha Williams-Grant, RN', 'David Chen MD', 'Sarah Goldberg, Esq.', 'Luis A. Fernández'];
const ROLES = [
  { title: 'Intake Coordinator', box: 'intake' },
  { title: 'Program Office', box: 'programs' },
  { title: 'Front Desk', box: 'info' },
  { title: 'Volunteer Services', box: 'volunteer' },
];
const ELIGIBILITY = ['seniors 60+', 'veterans', 'ages 18-24', 'families with children under 5', 'adult', 'youth ages 12 to 17', 'Miami-Dade County residents', 'low-income households (200% FPL)', 'pregnant women', 'people experiencing homelessness'];
const LANGUAGES = ['English', 'Spanish', 'Haitian Creole', 'es', 'en', 'French'];
const EXCHANGES = ['374', '375', '547', '579', '644', '358', '603', '416', '438', '260'];
const AREAS = ['305', '786', '954', '561'];
const TERM_DOMAINS = ['Food Pantries', 'Rent Payment Assistance', 'Utility Service Payment Assistance', 'Tax Preparation Assistance', 'English as a Second Language', 'Legal Counseling', 'Job Search/Placement', 'Homeless Shelter', 'Case/Care Management', 'Clothing', 'Diapers', 'Senior Meals', 'Tutoring Services', 'Medical Care', 'Mental Health Support Groups', 'Transportation Expense Assistance', 'Benefits Screening', 'Parenting Education', 'Immigrant Visa Applications', 'GED/High School Equivalency'];
const TERM_QUALIFIERS = ['Emergency', 'Ongoing', 'Walk-in', 'By Appointment', 'Mobile', 'Home Delivered', 'Spanish Language', 'For Veterans', 'For Seniors', 'For Youth', 'For Families', 'Faith Based', 'Sliding Scale', 'Online', 'After Hours', 'Weekend', 'School Based', 'Countywide', 'Citywide', 'Neighborhood', 'Bilingual', 'Peer Led', 'Crisis', 'Short Term', 'Long Term', 'Group', 'Individual', 'Outreach', 'Drop-in', 'Referral Only', 'Same Day', 'Seasonal', 'Year Round', 'Low Barrier', 'ADA Accessible', 'Pet Friendly', 'LGBTQ+ Affirming', 'Trauma Informed', 'Culturally Specific', 'Women Only', 'Men Only', 'Family Friendly', 'Evening', 'Early Morning', 'Rural', 'Urban', 'Hospital Based', 'Clinic Based', 'Shelter Based', 'Library Based', 'Church Based', 'Community Center', 'Telephone', 'Text Line', 'Video Visit', 'In Person', 'Pop-up', 'Voucher', 'Cash Assistance', 'In Kind', 'Fee Waived', 'Income Tested', 'Asset Tested', 'No ID Required', 'Documents Required', 'Children 0-5', 'Teens', 'Young Adults', 'Adults', 'Older Adults', 'Caregivers', 'Grandparents', 'Refugees', 'Asylum Seekers', 'Students', 'Workers', 'Unemployed', 'Disabled', 'Deaf/Hard of Hearing', 'Blind/Low Vision', 'Chronic Illness', 'HIV/AIDS', 'Substance Use', 'Reentry', 'Survivors', 'Foster Youth', 'Kinship Care', 'Military Families', 'Farmworkers', 'Day Laborers', 'Street Outreach', 'Tenants', 'Homeowners', 'Small Business', 'Gig Workers', 'Hurricane Recovery', 'Heat Relief', 'Flood Recovery', 'Holiday'];

const WEEKDAYS = ['1', '2', '3', '4', '5'];

/** Writes the clean (but messy) package into `dir` and says what is in it. */
export function writeMessyPackage(dir: string, options: MessyOptions = {}): MessyManifest {
  const seed = options.seed ?? 16;
  const serviceCount = options.services ?? 3000;
  const termCount = options.terms ?? 2000;
  const rand = random(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
  const chance = (p: number): boolean => rand() < p;
  const uuid = (): string => {
    const hex = Array.from({ length: 32 }, () => Math.floor(rand() * 16).toString(16)).join('');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${'89ab'[Math.floor(rand() * 4)]}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  };
  const rows: Record<Table, Record<string, Cell>[]> = Object.fromEntries(Object.keys(TABLES).map((t) => [t, []])) as unknown as Record<Table, Record<string, Cell>[]>;
  const manifest: MessyManifest = {
    dir,
    seed,
    counts: {},
    services: [],
    phones: [],
    people: [],
    roles: [],
    ambiguousTimes: [],
    closeWithoutOpen: [],
    eligibility: [],
    templatedUrls: [],
    branchNames: [],
    vocabulary: 'AIRS/211 Taxonomy (Miami-Dade)',
    terms: [],
    tables: [],
  };

  // The vocabulary: domain - qualifier names, AIRS-style codes as ids, a few parents.
  const terms: { id: string; name: string }[] = [];
  for (let i = 0; terms.length < termCount; i++) {
    const domain = TERM_DOMAINS[i % TERM_DOMAINS.length]!;
    const qualifier = TERM_QUALIFIERS[Math.floor(i / TERM_DOMAINS.length) % TERM_QUALIFIERS.length]!;
    const round = Math.floor(i / (TERM_DOMAINS.length * TERM_QUALIFIERS.length));
    const letter = 'BDFHLNPRTY'[i % 10]!;
    terms.push({ id: `${letter}${letter === 'B' ? 'D' : 'X'}-${1000 + (i % 900)}.${String(i).padStart(4, '0')}`, name: `${domain} - ${qualifier}${round ? ` ${round + 1}` : ''}` });
  }
  manifest.terms = terms;
  for (const [i, term] of terms.entries()) {
    const parent = i >= TERM_DOMAINS.length && chance(0.2) ? terms[i % TERM_DOMAINS.length]! : undefined;
    rows.taxonomy.push({ id: term.id, name: term.name, parent_id: parent?.id, parent_name: parent?.name, vocabulary: manifest.vocabulary });
  }

  const phone = (serviceId: string): MessyPhone => {
    const roll = rand();
    if (roll < 0.03) return { serviceId, raw: pick(['211', 'CALL-4-HELP', 'TTY 711']) };
    const tollFree = roll < 0.25;
    const area = tollFree ? pick(['800', '888', '877']) : pick(AREAS);
    const exchange = pick(EXCHANGES);
    const line = String(Math.floor(rand() * 9000) + 1000);
    const e164 = `+1${area}${exchange}${line}`;
    const style = Math.floor(rand() * 5);
    const raw = [`(${area}) ${exchange}-${line}`, `${area}-${exchange}-${line}`, `1-${area}-${exchange}-${line}`, `${area}.${exchange}.${line}`, `${area} ${exchange} ${line}`][style]!;
    return { serviceId, raw, e164, ...(chance(0.08) ? { extension: String(Math.floor(rand() * 900) + 100) } : {}) };
  };

  // Organisations, their programmes and venues.
  const orgCount = Math.max(1, Math.round(serviceCount / 5));
  const orgs: { id: string; name: string; domain: string; locations: string[]; programs: string[] }[] = [];
  for (let o = 0; o < orgCount; o++) {
    const name = `${PLACES[o % PLACES.length]} ${ORG_KINDS[Math.floor(o / PLACES.length) % ORG_KINDS.length]}${o >= PLACES.length * ORG_KINDS.length ? ` ${Math.floor(o / (PLACES.length * ORG_KINDS.length)) + 1}` : ''}`;
    const domain = `${name.toLowerCase().replace(/[^a-z0-9]+/g, '')}.org`;
    const org = { id: uuid(), name, domain, locations: [] as string[], programs: [] as string[] };
    orgs.push(org);
    rows.organization.push({
      id: org.id,
      name,
      description: `${name} has served Miami-Dade families since ${1960 + (o % 60)}.Our mission: dignity, access & opportunity for all.`,
      email: `info@${domain}`,
      url: `https://www.${domain}`,
      tax_status: '501(c)(3)',
      tax_id: `59-${String(1000000 + o).slice(-7)}`,
      year_incorporated: 1960 + (o % 60),
      legal_status: 'nonprofit',
    });
    for (let p = 0; p < (chance(0.3) ? 1 : 0); p++) {
      const id = uuid();
      org.programs.push(id);
      rows.program.push({ id, organization_id: org.id, name: `${name} Family Programs`, alternate_name: undefined });
    }
    const venues = 1 + Math.floor(rand() * 3);
    for (let v = 0; v < venues; v++) {
      const id = uuid();
      org.locations.push(id);
      rows.location.push({ id, organization_id: org.id, name: `${name} - ${v === 0 ? 'Main Office' : `Branch ${v + 1}`}`, description: v === 0 ? 'Main office; ring the bell at the side door.' : undefined, latitude: (25.7 + rand() * 0.2).toFixed(6), longitude: (-80.4 + rand() * 0.2).toFixed(6) });
      rows.physical_address.push({ id: uuid(), location_id: id, address_1: `${100 + Math.floor(rand() * 9000)} NW ${1 + Math.floor(rand() * 80)}th St`, address_2: chance(0.3) ? `Suite ${100 + Math.floor(rand() * 300)}` : undefined, city: 'Miami', state_province: 'FL', postal_code: `331${String(Math.floor(rand() * 90) + 10)}`, country: 'US' });
    }
  }

  // Services.
  const branchGroups = new Map<string, { organisationId: string; name: string; serviceIds: string[] }>();
  for (let s = 0; s < serviceCount; s++) {
    const org = orgs[s % orgs.length]!;
    const id = uuid();
    // One organisation in ten runs the same programme at several branches under one name.
    const branch = Math.floor(s / orgs.length) < 3 && (s % orgs.length) % 10 === 0;
    const base = SERVICES[(s * 7 + Math.floor(s / orgs.length)) % SERVICES.length]!;
    const name = branch ? 'Senior Meals Program' : Math.floor(s / orgs.length) === 0 ? base : `${base} (${PLACES[(s + 3) % PLACES.length]})`;
    const description = chance(0.7) ? pick(DESCRIPTIONS) : `${name} at ${org.name}.We help ${pick(['families', 'seniors', 'youth', 'neighbors'])} with ${name.toLowerCase()}, e.g. forms, referrals and follow-up.`;
    const templated = chance(0.01);
    const url = templated ? `https://www.${org.domain}/find?zip={zip}&lang={lang}` : chance(0.8) ? `https://www.${org.domain}/services/${s}` : undefined;
    if (templated) manifest.templatedUrls.push(id);
    rows.service.push({
      id,
      organization_id: org.id,
      program_id: org.programs[0],
      name,
      description,
      url,
      email: chance(0.6) ? `${pick(ROLES).box}@${org.domain}` : undefined,
      status: 'active',
      interpretation_services: chance(0.3) ? 'Spanish and Haitian Creole interpreters on site' : undefined,
      application_process: pick(['Walk in.', 'Call to make an appt.', 'Referral from a case manager required.', 'Apply online or by phone.']),
      fees: pick(['Free', 'Free', '$5.00 sliding scale', 'None.']),
    });
    manifest.services.push({ id, name, organisationId: org.id, description });
    if (branch) {
      const group = branchGroups.get(org.id) ?? { organisationId: org.id, name, serviceIds: [] };
      group.serviceIds.push(id);
      branchGroups.set(org.id, group);
    }

    // Phones: one or two per service; a location phone now and then.
    for (let k = 0; k < (chance(0.25) ? 2 : 1); k++) {
      const p = phone(id);
      manifest.phones.push(p);
      rows.phone.push({ id: uuid(), service_id: id, number: p.raw, extension: p.extension, type: k ? 'fax' : 'voice', language: chance(0.2) ? 'en, es' : undefined, description: k ? undefined : pick([undefined, 'Main line', 'Hotline (24/7)', 'Para español, oprima 2']) });
    }

    // Venues: one (sometimes two) of the organisation's.
    const sals: { id: string; location: string }[] = [];
    for (const location of org.locations.slice(0, chance(0.2) ? 2 : 1)) {
      const salId = uuid();
      sals.push({ id: salId, location });
      rows.service_at_location.push({ id: salId, service_id: id, location_id: location });
    }

    // Contacts: roles, and people (names with credentials and personal mailboxes).
    if (chance(0.4)) {
      const role = pick(ROLES);
      const email = `${role.box}@${org.domain}`;
      manifest.roles.push({ serviceId: id, title: role.title, email });
      rows.contact.push({ id: uuid(), organization_id: org.id, service_id: id, title: role.title, email });
    }
    if (chance(0.3)) {
      const name = pick(PEOPLE);
      const words = name.replace(/^(Dr|Rev)\.\s+/, '').split(/[\s,]+/);
      const first = words[0]!.toLowerCase().normalize('NFKD').replace(/[^a-z]/g, '');
      const last = words.find((w, i) => i > 0 && /^[A-Z](?:[a-z]|'[A-Z])/.test(w) && !/^(Jr|Esq|PhD)\.?$/.test(w))!.toLowerCase().normalize('NFKD').replace(/[^a-z-]/g, '');
      const email = chance(0.5) ? `${first[0]}${last.replace(/-/g, '')}@${org.domain}` : `${first}.${last}@${org.domain}`;
      manifest.people.push({ serviceId: id, name, email });
      rows.contact.push({ id: uuid(), organization_id: org.id, service_id: id, name, title: pick(['Program Director', 'Case Manager', undefined]), email });
    }

    // Schedules: clear times, am/pm times, ambiguous times, a close with no open, or none.
    const roll = rand();
    const at = chance(0.3) ? sals[0] : undefined;
    const times = (opens: string | undefined, closes: string | undefined) => {
      for (const weekday of WEEKDAYS.slice(0, 2 + Math.floor(rand() * 4))) {
        rows.regular_schedule.push({ id: uuid(), service_id: id, ...(at ? { location_id: at.location, service_at_location_id: at.id } : {}), weekday, opens_at: opens, closes_at: closes });
      }
    };
    if (roll < 0.6) times('09:00:00', '17:00:00');
    else if (roll < 0.72) times('9:00am', '5:00pm');
    else if (roll < 0.8) {
      times('5:00', '7:00pm');
      manifest.ambiguousTimes.push(id);
    } else if (roll < 0.84) {
      times(undefined, '14:00');
      manifest.closeWithoutOpen.push(id);
    }

    if (chance(0.3)) {
      for (const text of new Set([pick(ELIGIBILITY), ...(chance(0.3) ? [pick(ELIGIBILITY)] : [])])) {
        manifest.eligibility.push({ serviceId: id, text });
        rows.eligibility.push({ id: uuid(), service_id: id, eligibility: text });
      }
    }
    if (chance(0.4)) for (const language of new Set([pick(LANGUAGES), pick(LANGUAGES)])) rows.language.push({ id: uuid(), service_id: id, language });

    // Terms: every term is used (service s takes terms s, s + services…), plus a few popular ones (a skewed pick).
    const mine = new Set<string>();
    for (let t = s; t < terms.length || t === s; t += serviceCount) mine.add(terms[t % terms.length]!.id);
    for (let k = 0; k < Math.floor(rand() * 3); k++) mine.add(terms[Math.floor(Math.pow(rand(), 4) * terms.length)]!.id);
    for (const termId of mine) rows.service_taxonomy.push({ id: uuid(), service_id: id, taxonomy_id: termId });
  }
  manifest.branchNames = [...branchGroups.values()].filter((g) => g.serviceIds.length > 1);

  mkdirSync(dir, { recursive: true });
  const resources = [];
  for (const [name, table] of Object.entries(TABLES) as [Table, (typeof TABLES)[Table]][]) {
    writeFileSync(join(dir, table.path), csv(table.columns, rows[name]));
    manifest.tables.push(table.path);
    manifest.counts[table.path] = rows[name].length;
    resources.push({ name, path: table.path, format: 'csv', mediatype: 'text/csv', encoding: 'utf-8', schema: { fields: table.columns.map((c) => ({ name: c, type: c === 'year_incorporated' || c === 'weekday' ? 'integer' : 'string' })), primaryKey: 'id' } });
  }
  writeFileSync(
    join(dir, 'datapackage.json'),
    `${JSON.stringify({ name: 'miami-dade-211-export', title: 'Miami-Dade 211 resource directory (synthetic)', profile: 'tabular-data-package', version: '1.1', license: { name: 'CC-BY-4.0', path: 'https://creativecommons.org/licenses/by/4.0/' }, resources }, null, 2)}\n`,
  );
  return manifest;
}

export const DAMAGES = ['missing-table', 'cut-row', 'invalid-utf8', 'unclosed-quote'] as const;
export type Damage = (typeof DAMAGES)[number];

export interface DamagedVariant {
  dir: string;
  damage: Damage;
  /** The file an error must name. */
  file: string;
  /** The line of that file where the damage is (1-based, counting the header), when there is one. */
  line?: number;
}

/** Copies a clean package to `dir` and breaks it one way. */
export function writeDamagedVariant(clean: string, dir: string, damage: Damage): DamagedVariant {
  rmSync(dir, { recursive: true, force: true });
  cpSync(clean, dir, { recursive: true });
  const lines = (file: string): string[] => readFileSync(join(dir, file), 'utf8').split('\r\n');
  switch (damage) {
    case 'missing-table': {
      // Listed in datapackage.json, not on disk: read naively, every phone would silently vanish.
      rmSync(join(dir, TABLES.phone.path));
      return { dir, damage, file: TABLES.phone.path };
    }
    case 'cut-row': {
      // A download cut short: the last row stops after its third field (outside any quotes).
      const file = TABLES.service.path;
      const all = lines(file).filter((l) => l !== '');
      const last = all.at(-1)!;
      const cut = last.split(',').slice(0, 4).join(',');
      writeFileSync(join(dir, file), [...all.slice(0, -1), cut].join('\r\n'));
      return { dir, damage, file, line: all.length };
    }
    case 'invalid-utf8': {
      // A Latin-1 byte in a UTF-8 file: "Pérez" saved by another program.
      const file = TABLES.organization.path;
      const all = lines(file);
      const line = Math.min(5, all.length - 1);
      const row = all[line - 1]!;
      const at = row.indexOf(',') + 1;
      const before = `${all.slice(0, line - 1).join('\r\n')}\r\n${row.slice(0, at)}`;
      const after = `${row.slice(at)}\r\n${all.slice(line).join('\r\n')}`;
      const bytes = Buffer.concat([Buffer.from(before), Buffer.from([0x50, 0xe9, 0x72, 0x65, 0x7a, 0x20]), Buffer.from(after)]);
      writeFileSync(join(dir, file), bytes);
      return { dir, damage, file, line };
    }
    case 'unclosed-quote': {
      // A quote opened in a description and never closed: the rest of the file would become one field.
      const file = TABLES.location.path;
      const all = lines(file);
      const line = Math.min(4, all.length - 1);
      const fields = all[line - 1]!.split(',');
      fields[4] = '"Main office, 2nd floor';
      all[line - 1] = fields.join(',');
      writeFileSync(join(dir, file), all.join('\r\n'));
      return { dir, damage, file, line };
    }
  }
}
