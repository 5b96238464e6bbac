/**
 * HSDS 3.0 JSON (the shape of an ORUK 3.0 `/services/{id}` response) into incoming LOOP records. Every other
 * source is first brought into this shape (ORUK 1.0 JSON, HSDS 1.1/2.0/3.0 CSV packages, mapped spreadsheets), so
 * the mapping from Open Referral to LOOP is written, and tested, once.
 */
import type { CountryCode } from 'libphonenumber-js/max';
import { mailboxProblem, personalDataInContact, personalMailbox } from '../../model/personal-data.ts';
import { REFERRAL_ROUTES, type TermField } from '../../model/vocabularies.ts';
import { schedule as scheduleSchema } from '../../model/fields.ts';
import { openingHours } from '../opening-hours.ts';
import { labelOf, type IncomingRecord, type IncomingServiceLocation, type Problems, type SourceTerm } from '../incoming.ts';
import {
  age, bool, country, date, email, idOf, instant, integer, isRecord, line, number, phone, phoneType, postcode, records, richText, splitList, str, webUrl,
  type At,
} from '../values.ts';

type Json = Record<string, unknown>;

export interface HsdsOptions {
  system: string;
  problems: Problems;
  /**
   * Country for phone numbers written without one, as the source says it (the mapping file's phone_country or
   * --country). Without it the country of the source's addresses is used; failing that only UK-form numbers are read.
   */
  phoneCountry?: CountryCode;
  /** The public page or API address of a record in the source, for provenance. */
  recordUrl?: (kind: 'organisation' | 'service' | 'location', id: string) => string | undefined;
  /** Vocabulary names (or ids) to the listing field their terms belong in, e.g. {"BCC Age Groups": "audiences"}. */
  vocabularies?: Record<string, TermField>;
}

const SERVICE_KEYS = new Set([
  'id', 'organization_id', 'program_id', 'name', 'alternate_name', 'description', 'url', 'additional_urls', 'email', 'status',
  'interpretation_services', 'application_process', 'fees_description', 'wait_time', 'fees', 'accreditations',
  'eligibility_description', 'minimum_age', 'maximum_age', 'assured_date', 'assurer_email', 'licenses', 'alert',
  'last_modified', 'phones', 'schedules', 'service_areas', 'service_at_locations', 'languages', 'organization', 'funding',
  'cost_options', 'program', 'required_documents', 'contacts', 'capacities', 'attributes', 'metadata',
  // Placecube extensions LOOP reads (see below).
  'pc_targetAudience', 'pc_metadata',
  // Set by the ORUK 1.0 and CSV readers when they bring other shapes into this one.
  'x_delivery', 'x_summary', 'x_terms', 'x_referral_route',
  // LOOP's own feeds: what HSDS has no place for, exactly as authored (see src/publish/oruk.ts).
  'loop',
]);

/** Attribute link types LOOP's feeds use for its own vocabularies, and the listing field each fills. */
const LINK_FIELDS: Record<string, TermField> = {
  category: 'categories',
  need: 'needs',
  circumstance: 'circumstances',
  condition: 'conditions',
  audience: 'audiences',
  area: 'service_areas',
  language: 'languages',
};
/** Link types of LOOP's built-in vocabularies: read from the `loop` extension, never as taxonomy terms. */
const BUILT_IN_LINKS = new Set(['listing_type', 'kind', 'delivery', 'referral_route', 'resource_format', 'resource_platform', 'tag', 'accessibility']);
const ACCESSIBILITY_FLAGS = ['step_free_access', 'accessible_toilet', 'hearing_loop', 'accessible_parking', 'changing_places'];
const NOT_CARRIED: Record<string, string> = {
  licenses: 'licences',
  program: 'programme',
  program_id: 'programme',
  metadata: 'change metadata',
  capacities: 'capacity',
  additional_urls: 'additional web addresses',
};

const DAY_CODES = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
type Day = (typeof DAY_CODES)[number];
const DAY_NAMES: Record<string, Day> = {
  mo: 'MO', mon: 'MO', monday: 'MO', tu: 'TU', tue: 'TU', tues: 'TU', tuesday: 'TU', we: 'WE', wed: 'WE', wednesday: 'WE',
  th: 'TH', thu: 'TH', thur: 'TH', thurs: 'TH', thursday: 'TH', fr: 'FR', fri: 'FR', friday: 'FR', sa: 'SA', sat: 'SA',
  saturday: 'SA', su: 'SU', sun: 'SU', sunday: 'SU',
};

/** A weekday from "MO", "Monday", "mon" or HSDS 1.x's 1 (Monday) to 7 (Sunday). */
export function dayOf(value: unknown): Day | undefined {
  if (typeof value === 'number' || /^\s*\d\s*$/.test(String(value))) {
    const n = Number(value);
    return n >= 1 && n <= 7 ? DAY_CODES[n - 1] : undefined;
  }
  return typeof value === 'string' ? DAY_NAMES[value.trim().toLowerCase()] : undefined;
}

const ATTENDING: Record<string, string> = {
  'in-person': 'in-person', 'in person': 'in-person', venue: 'in-person', 'face to face': 'in-person', online: 'online',
  remote: 'online', video: 'online', phone: 'phone', telephone: 'phone', 'home visit': 'home-visit', 'home-visit': 'home-visit',
};

/** Who an incoming service is, worked out before its fields are read. */
interface ServiceIdentity {
  name: string;
  key: string;
  kind: 'service' | 'resource';
  label: string;
  at: At;
  ext: Json | undefined;
  builtIns: Record<string, string[]>;
  /** The country this service's numbers are read in (see phoneCountry). */
  country: CountryCode | undefined;
}

export class HsdsMapper {
  private readonly options: HsdsOptions;
  private readonly organisations = new Map<string, IncomingRecord>();
  private readonly locations = new Map<string, IncomingRecord>();
  /** Venues already found unusable, so each is reported once however many services use it. */
  private readonly failedLocations = new Set<string>();
  private readonly services: IncomingRecord[] = [];
  private readonly serviceKeys = new Set<string>();
  /** Full organisation objects by id, for services that only carry organization_id. */
  private readonly orgObjects = new Map<string, Json>();
  /** How many keys the copy each organisation record was made from had: the fullest copy wins. */
  private readonly orgSizes = new Map<string, number>();

  /**
   * Personal data left out, counted once per contact however often the source repeats it (an organisation embedded
   * in every service, a contact listed on the service and on each of its venues), so the report's counts are true.
   */
  private readonly personal = { contacts: new Set<string>(), names: new Set<string>(), mailboxes: new Set<string>(), records: new Set<string>(), recordEmails: new Set<string>(), reported: false };

  /** Countries the source's addresses name, so numbers without a country code are read in the source's own. */
  private readonly addressCountries = new Set<CountryCode>();

  constructor(options: HsdsOptions) {
    this.options = options;
  }

  /**
   * Learns the source's country from every address its services' venues have, before any number is read. One
   * country for the whole source is taken as the country of its phone numbers; several leave each service to its
   * own venues' country.
   */
  learnCountry(services: Json[]): void {
    for (const service of services) for (const c of this.addressCountriesOf(service)) this.addressCountries.add(c);
    if (this.options.phoneCountry || this.addressCountries.size === 0) return;
    const countries = [...this.addressCountries].sort();
    this.problems.add(
      'info',
      countries.length === 1
        ? `phone numbers without a country code were read as ${countries[0]} numbers, the country of the source's addresses`
        : `the source's addresses are in ${countries.join(', ')}: each service's numbers without a country code were read in its venues' country; others left out unless UK-form (name one with --country)`,
    );
  }

  private addressCountriesOf(service: Json): Set<CountryCode> {
    const out = new Set<CountryCode>();
    for (const sal of records(service.service_at_locations)) {
      const location = isRecord(sal.location) ? sal.location : undefined;
      for (const address of records(location?.addresses)) {
        const code = country(address.country);
        if (code) out.add(code as CountryCode);
      }
    }
    return out;
  }

  /** The country numbers without a country code are read in: the source's word, else its addresses', else none. */
  private phoneCountry(own?: Set<CountryCode>): CountryCode | undefined {
    if (this.options.phoneCountry) return this.options.phoneCountry;
    if (own?.size === 1) return [...own][0];
    return this.addressCountries.size === 1 ? [...this.addressCountries][0] : undefined;
  }

  private get problems(): Problems {
    return this.options.problems;
  }

  /** Organisation objects known by id (from an /organizations walk or organizations.csv). */
  addOrganisations(orgs: Json[]): void {
    for (const org of orgs) {
      const id = idOf(org.id);
      if (!id) continue;
      const known = this.orgObjects.get(id);
      if (!known || Object.keys(org).length > Object.keys(known).length) this.orgObjects.set(id, org);
      this.organisation(org);
    }
  }

  /** One organisation on its own (CiviCRM): its incoming record, or undefined when it cannot be imported. */
  addOrganisation(org: Json): IncomingRecord | undefined {
    const key = this.organisation(org);
    return key ? this.organisations.get(key) : undefined;
  }

  addService(service: Json): void {
    const who = this.serviceIdentity(service);
    if (!who) return;
    const { key, kind, label, at, ext, builtIns } = who;
    const { fields, set, phones: servicePhones, schedules: serviceSchedules } = this.serviceFields(service, who);
    const terms = this.serviceTerms(service);
    const orgKey = this.serviceOrganisation(service, label);
    if (!orgKey) return;
    const locations = this.serviceLocations(service, at, servicePhones, serviceSchedules, who.country);
    set('phones', servicePhones);
    set('schedules', serviceSchedules);
    if (builtIns.kind?.[0]) set('kind', builtIns.kind[0]);
    if (builtIns.tag?.length) set('tags', builtIns.tag);
    if (ext) this.fromExtension(ext, fields, kind, at);
    const { review, modified } = this.serviceReview(service, ext, at);
    const url = this.options.recordUrl?.('service', key);
    const record: IncomingRecord = {
      kind,
      key,
      label,
      fields,
      terms,
      ...(typeof ext?.slug === 'string' ? { slug: ext.slug } : {}),
      ...(Array.isArray(ext?.provenance) ? { provenance: records(ext.provenance) } : {}),
      ...(url ? { url } : {}),
      ...(orgKey ? { organisation: orgKey } : {}),
      ...(locations.length ? { locations } : {}),
      ...(review ? { review } : {}),
      ...(modified ? { modified } : {}),
    };
    this.services.push(record);
  }

  /** Who a service is (name, key, listing type) and what of it LOOP cannot carry; undefined when it cannot be imported. */
  private serviceIdentity(service: Json): ServiceIdentity | undefined {
    const name = line(service.name, 150);
    let key = idOf(service.id);
    const ext = isRecord(service.loop) ? service.loop : undefined;
    const builtIns = this.builtInAttributes(service);
    const kind = ext?.type === 'resource' || builtIns.listing_type?.[0] === 'resource' ? 'resource' : 'service';
    const label = labelOf(kind, key ?? '(no id)', name);
    const at: At = { problems: this.problems, record: label };
    line(service.name, 150, at, 'name'); // once more, to report a name that had to be cut
    if (!name) {
      this.problems.add('error', 'has no name, so it cannot be listed; not imported', { record: label });
      return undefined;
    }
    if (!key) {
      // Without an id the next import can only find it again by name and organisation.
      key = `name:${name.toLowerCase()}|${idOf((service.organization as Json | undefined)?.id) ?? idOf(service.organization_id) ?? ''}`;
      this.problems.add('warning', 'has no id; it is keyed by its name and organisation, so renaming it at the source will look like a new service', { record: label });
    }
    if (typeof service.id === 'number') this.problems.addRepeated('info', 'integer ids read as text', label);
    if (this.serviceKeys.has(key)) {
      this.problems.add('warning', `appears more than once in the source (id ${key}); the first copy was used`, { record: label });
      return undefined;
    }
    this.serviceKeys.add(key);
    for (const k of Object.keys(service)) {
      if (NOT_CARRIED[k] !== undefined) {
        if (service[k] !== null && service[k] !== '' && !(Array.isArray(service[k]) && (service[k] as unknown[]).length === 0)) {
          this.problems.addRepeated('info', `the ${NOT_CARRIED[k]} (${k}) has no place in a LOOP listing and was not imported`, label);
        }
      } else if (!SERVICE_KEYS.has(k)) {
        this.problems.addRepeated('info', `unknown key "${k}" ignored`, label);
      }
    }
    return { name, key, kind, label, at, ext, builtIns, country: this.phoneCountry(this.addressCountriesOf(service)) };
  }

  /** The service's own fields, each cleaned and checked; its phones and schedules are returned to be added to. */
  private serviceFields(service: Json, who: ServiceIdentity): { fields: Json; set: (field: string, value: unknown) => void; phones: Json[]; schedules: Json[] } {
    const { name, label, at, ext, builtIns } = who;
    const fields: Json = { name };
    const set = (field: string, value: unknown) => {
      if (value !== undefined && !(Array.isArray(value) && value.length === 0)) fields[field] = value;
    };
    set('alternate_name', line(service.alternate_name, 150, at, 'alternate_name'));
    set('status', this.status(service.status, at));
    const summary = line(ext ? ext.summary : service.x_summary, 300, at, 'summary');
    set('summary', summary);
    // LOOP's feeds put the summary at the head of `description` for HSDS readers, and the authored text in `loop`.
    set('description', richText(ext ? ext.description : service.description, at, 'description'));
    set('url', webUrl(service.url, at, 'url'));
    set('email', this.recordEmail(service.email, at));
    set('minimum_age', age(service.minimum_age, at, 'minimum_age'));
    set('maximum_age', age(service.maximum_age, at, 'maximum_age'));
    if (fields.minimum_age !== undefined && fields.maximum_age !== undefined && (fields.maximum_age as number) < (fields.minimum_age as number)) {
      this.problems.add('warning', `maximum_age ${String(fields.maximum_age)} is below minimum_age ${String(fields.minimum_age)}; both left out`, { record: label });
      delete fields.minimum_age;
      delete fields.maximum_age;
    }
    set('eligibility_description', richText(service.eligibility_description, at, 'eligibility_description'));
    set('cost', this.cost(service, at));
    set('alert', line(service.alert, 500, at, 'alert'));
    const servicePhones = this.phones(service.phones, at, 'phones', who.country);
    const serviceSchedules = this.schedules(service.schedules, at, 'schedules');
    set('delivery', Array.isArray(service.x_delivery) ? service.x_delivery : builtIns.delivery);
    const referral = this.referral(service.application_process, at, service.x_referral_route);
    set('referral', referral.referral);
    set('wait_time', line(service.wait_time, 300, at, 'wait_time'));
    set('information', referral.information);
    const contacts = this.contacts([...records(service.contacts), ...records(service.service_at_locations).flatMap((sal) => records(sal.contacts))], at, 'contacts', who.country);
    set('contacts', contacts);
    set('funding', this.funding(service.funding, at));
    set('interpretation_services', line(service.interpretation_services, 500, at, 'interpretation_services'));
    set('required_documents', records(service.required_documents).map((d) => line(d.document, 200, at, 'required_documents')).filter((d): d is string => d !== undefined));
    set('accreditations', line(service.accreditations, 500, at, 'accreditations'));

    return { fields, set, phones: servicePhones, schedules: serviceSchedules };
  }

  /** The service's vocabulary terms: areas, languages, attributes, LOOP's own and Placecube's audiences. */
  private serviceTerms(service: Json): SourceTerm[] {
    const terms: SourceTerm[] = [];
    for (const area of records(service.service_areas)) terms.push(this.areaTerm(area));
    for (const language of records(service.languages)) {
      const term = this.languageTerm(language);
      if (term) terms.push(term);
    }
    for (const attribute of records(service.attributes)) {
      if (BUILT_IN_LINKS.has(str(attribute.link_type) ?? '')) continue;
      const term = this.attributeTerm(attribute);
      if (term) terms.push(term);
    }
    for (const term of records(service.x_terms)) {
      const name = line(term.name, 120);
      if (name && typeof term.field === 'string') {
        terms.push({ field: term.field as TermField, name, ...(typeof term.code === 'string' ? { code: term.code } : {}), ...(typeof term.vocabulary === 'string' ? { vocabulary: term.vocabulary } : {}), ...(term.if_known === true ? { ifKnown: true } : {}) });
      }
    }
    // Placecube's target audiences: a vendor extension, but real and useful.
    for (const audience of records(service.pc_targetAudience)) {
      const name = line(audience.audienceType, 120);
      if (name) terms.push({ field: 'audiences', vocabulary: 'Placecube target audience', name, ...(idOf(audience.id) ? { code: idOf(audience.id)! } : {}) });
    }

    return terms;
  }

  /** The venues a service is at; what it says at a venue LOOP cannot hold is kept on the service. */
  private serviceLocations(service: Json, at: At, servicePhones: Json[], serviceSchedules: Json[], phoneCountry: CountryCode | undefined): IncomingServiceLocation[] {
    const label = at.record;
    const locations: IncomingServiceLocation[] = [];
    const unlinked = new Set<string>();
    for (const sal of records(service.service_at_locations)) {
      const location = isRecord(sal.location) ? sal.location : undefined;
      const locationKey = location ? this.location(location) : undefined;
      if (!locationKey) {
        const venue = idOf(location?.id) ?? idOf(sal.location_id);
        // The times and phone lines at a venue LOOP cannot hold still tell people when and how: keep them on the service.
        const kept = this.schedules(sal.schedules, at, 'schedules');
        const keptPhones = this.phones(sal.phones, at, 'phones', phoneCountry);
        const where = line(location?.name, 100);
        for (const s of kept) {
          if (where && !s.notes) s.notes = `At ${where}`;
          if (!serviceSchedules.some((o) => JSON.stringify(o) === JSON.stringify(s))) serviceSchedules.push(s);
        }
        for (const p of keptPhones) if (!servicePhones.some((o) => o.number === p.number && o.extension === p.extension)) servicePhones.push(p);
        if ((location || venue) && !unlinked.has(venue ?? '')) {
          this.problems.add('warning', `a venue (${venue ?? 'no id'}) could not be imported, so it is not linked${kept.length || keptPhones.length ? '; its times and phone lines were kept on the service' : ''}`, { record: label, field: 'locations' });
        }
        unlinked.add(venue ?? '');
        continue;
      }
      if (locations.some((l) => l.location === locationKey)) continue;
      const description = line(sal.description, 500, at, 'locations.description');
      const schedules = this.schedules(sal.schedules, at, 'locations.schedules');
      const phones = this.phones(sal.phones, at, 'locations.phones', phoneCountry);
      locations.push({ location: locationKey, ...(description ? { description } : {}), ...(schedules.length ? { schedules } : {}), ...(phones.length ? { phones } : {}) });
    }

    return locations;
  }

  /** When and by whom the source last assured the service, and when it last changed it. */
  private serviceReview(service: Json, ext: Json | undefined, at: At): { review?: IncomingRecord['review']; modified?: string } {
    const label = at.record;
    const pcMeta = isRecord(service.pc_metadata) ? service.pc_metadata : {};
    const assured = date(service.assured_date ?? pcMeta.date_assured, at, 'assured_date');
    const assurer = str(service.assurer_email ?? pcMeta.assured_by)?.trim();
    const modified = instant(service.last_modified);
    if (modified?.assumedZone) this.problems.addRepeated('info', 'last_modified has no time zone; read as UK local time', label);
    else if (service.last_modified && !modified) this.problems.add('warning', `last_modified "${String(service.last_modified).slice(0, 40)}" is not a date-time`, { record: label });

    const review = isRecord(ext?.review) ? ext.review : undefined;
    const trustedBy = typeof review?.reviewed_by === 'string' ? review.reviewed_by : undefined;
    return {
      ...(assured || assurer ? { review: { ...(assured ? { date: assured } : {}), ...(trustedBy ?? assurer ? { by: (trustedBy ?? assurer)! } : {}), ...(trustedBy ? { trusted: true } : {}) } } : {}),
      ...(modified ? { modified: modified.iso } : {}),
    };
  }

  /** Values of LOOP's built-in vocabularies on a feed's attributes (delivery, kind, tags...), by link type. */
  private builtInAttributes(service: Json): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    for (const attribute of records(service.attributes)) {
      const type = str(attribute.link_type);
      const term = isRecord(attribute.taxonomy_term) ? attribute.taxonomy_term : undefined;
      const code = str(term?.code);
      if (!type || !BUILT_IN_LINKS.has(type) || !code) continue;
      (out[type] ??= []).includes(code) || out[type]!.push(code);
    }
    return out;
  }

  /**
   * What LOOP's feeds carry in their `loop` extension: the authored values HSDS has no place for. Each is checked by
   * the model when the record is written; one that fails is dropped and reported like any other bad value.
   */
  private fromExtension(ext: Json, fields: Json, kind: 'service' | 'resource', at: At): void {
    const copy = (from: string, to = from) => {
      if (ext[from] !== undefined && ext[from] !== null) fields[to] = structuredClone(ext[from]);
    };
    if (typeof ext.status === 'string') fields.status = ext.status;
    for (const key of ['end_date', 'social', 'tags', 'cost']) copy(key);
    if (ext.accessibility !== undefined) fields.accessibility = richText(ext.accessibility, at, 'accessibility');
    if (kind === 'service') {
      for (const key of ['kind', 'delivery', 'confidential_location', 'information']) copy(key);
      if (isRecord(ext.referral)) {
        fields.referral = structuredClone(ext.referral);
        delete fields.information;
        if (Array.isArray(ext.information)) fields.information = structuredClone(ext.information);
      }
    } else {
      for (const key of ['format', 'platforms', 'publisher', 'published', 'duration', 'clinically_reviewed']) copy(key);
      for (const key of ['phones', 'schedules', 'contacts', 'funding', 'interpretation_services', 'required_documents', 'accreditations', 'wait_time', 'delivery', 'referral', 'information', 'kind']) delete fields[key];
    }
    if (!isRecord(ext.referral) && kind === 'service') delete fields.referral;
    if (ext.information === undefined && kind === 'service' && !isRecord(ext.referral)) delete fields.information;
  }

  result(): IncomingRecord[] {
    this.reportPersonalData();
    return [...this.organisations.values(), ...this.locations.values(), ...this.services];
  }

  private status(value: unknown, at: At): string | undefined {
    const s = typeof value === 'string' ? value.trim().toLowerCase() : undefined;
    if (!s) return undefined;
    if (['active', 'inactive', 'defunct', 'temporarily closed'].includes(s)) return s;
    if (s === 'temporarily_closed' || s === 'temporarily-closed' || s === 'paused') return 'temporarily closed';
    if (s === 'closed' || s === 'deleted') return 'defunct';
    at.problems.add('warning', `status "${s}" is not an HSDS status; left as active`, { record: at.record, field: 'status' });
    return undefined;
  }

  private serviceOrganisation(service: Json, label: string): string | undefined {
    const embedded = isRecord(service.organization) ? service.organization : undefined;
    const id = idOf(embedded?.id) ?? idOf(service.organization_id);
    const full = id ? this.orgObjects.get(id) : undefined;
    const source = full && (!embedded || Object.keys(full).length >= Object.keys(embedded).length) ? full : embedded;
    if (source) {
      const key = this.organisation(id && !source.id ? { ...source, id } : source);
      if (key) return key;
    }
    this.problems.add('error', `no organisation${id ? ` (organization_id ${id} is not in the source)` : ''}: every LOOP service belongs to one; not imported`, { record: label, field: 'organisation' });
    return undefined;
  }

  /** Registers an organisation; returns its key, or undefined when it cannot be imported. */
  private organisation(org: Json): string | undefined {
    const name = line(org.name, 150);
    const key = idOf(org.id) ?? (name ? `name:${name.toLowerCase()}` : undefined);
    if (!key) return undefined;
    const known = this.organisations.get(key);
    // The same organisation is embedded in every service; the fullest copy wins.
    if (known && (this.orgSizes.get(key) ?? 0) >= Object.keys(org).length) return key;
    this.orgSizes.set(key, Object.keys(org).length);
    const label = labelOf('organisation', key, name);
    if (!name) {
      if (!known) this.problems.add('error', 'has no name; not imported', { record: label });
      return known ? key : undefined;
    }
    const at: At = { problems: this.problems, record: label };
    const fields: Json = { name };
    const set = (field: string, value: unknown) => {
      if (value !== undefined && !(Array.isArray(value) && value.length === 0)) fields[field] = value;
    };
    set('alternate_name', line(org.alternate_name, 150, at, 'alternate_name'));
    set('description', richText(org.description, at, 'description'));
    // HSDS `uri` identifies the record (LOOP's feeds put the LOOP page there); it is not the organisation's website.
    set('website', webUrl(org.website ?? org.url, at, 'website'));
    set('email', this.recordEmail(org.email, at));
    set('phones', this.phones(org.phones, at, 'phones', this.phoneCountry()));
    set('logo', webUrl(org.logo, at, 'logo'));
    const ids = this.identifiers(org, at);
    set('charity_number', ids.charity);
    set('company_number', ids.company);
    set('other_identifiers', ids.other);
    set('legal_status', line(org.legal_status, 120, at, 'legal_status'));
    set('year_incorporated', integer(org.year_incorporated, 1500, 2100, at, 'year_incorporated'));
    set('contacts', this.contacts(records(org.contacts), at, 'contacts', this.phoneCountry()));
    set('funding', this.funding(org.funding, at));
    const ext = isRecord(org.loop) ? org.loop : undefined;
    if (ext?.social !== undefined) fields.social = structuredClone(ext.social);
    const parent = idOf(org.parent_organization_id);
    const url = this.options.recordUrl?.('organisation', key);
    const record: IncomingRecord = {
      kind: 'organisation',
      key,
      label,
      fields,
      ...(url ? { url } : {}),
      ...(parent && parent !== key ? { parentOrganisation: parent } : {}),
      ...(typeof ext?.slug === 'string' ? { slug: ext.slug } : {}),
      ...(Array.isArray(ext?.provenance) ? { provenance: records(ext.provenance) } : {}),
    };
    this.organisations.set(key, record);
    return key;
  }

  private identifiers(org: Json, at: At): { charity?: string; company?: string; other: Json[] } {
    const out: { charity?: string; company?: string; other: Json[] } = { other: [] };
    for (const ident of records(org.organization_identifiers)) {
      const scheme = str(ident.identifier_scheme)?.trim().toUpperCase();
      const value = str(ident.identifier)?.trim();
      if (!value) continue;
      // The first charity and company numbers fill LOOP's own fields; further ones (the same register described
      // another way, a second company) are kept as other identifiers.
      if ((scheme === 'GB-CHC' || scheme === 'GB-SC' || scheme === 'GB-NIC') && !out.charity) {
        out.charity = scheme === 'GB-SC' && !/^SC/i.test(value) ? `SC${value}` : value;
      } else if (scheme === 'GB-COH' && !out.company) {
        out.company = /^\d{1,7}$/.test(value) ? value.padStart(8, '0') : value.toUpperCase();
        if (out.company !== value) at.problems.add('info', `company number "${value}" written with 8 characters as "${out.company}"`, { record: at.record, field: 'company_number' });
      } else if (scheme && /^[A-Z]{2}-[A-Z0-9]{2,}$/.test(scheme)) {
        const type = line(ident.identifier_type, 60);
        // LOOP's feeds write the scheme as the type when none was given: no need to keep it twice.
        out.other.push({ scheme, identifier: value.slice(0, 60), ...(type && type.toUpperCase() !== scheme ? { type } : {}) });
      } else {
        at.problems.add('warning', `identifier "${value}" has no org-id.guide scheme ("${scheme ?? ''}"); left out`, { record: at.record, field: 'other_identifiers' });
      }
    }
    return out;
  }

  /** Registers a venue; returns its key, or undefined when it cannot be a LOOP location (reported). */
  private location(loc: Json): string | undefined {
    const key = idOf(loc.id);
    const addresses = records(loc.addresses);
    const address = addresses.find((a) => str(a.address_type)?.toLowerCase() !== 'postal') ?? addresses[0];
    const nameGuess = line(loc.name, 150) ?? line(address?.address_1, 150);
    const finalKey = key ?? (nameGuess ? `name:${nameGuess.toLowerCase()}|${str(address?.postal_code) ?? ''}` : undefined);
    if (!finalKey || this.failedLocations.has(finalKey)) return undefined;
    if (this.locations.has(finalKey)) return finalKey;
    const result = this.newLocation(loc, finalKey, address, nameGuess);
    if (!result) this.failedLocations.add(finalKey);
    return result;
  }

  private newLocation(loc: Json, finalKey: string, address: Json | undefined, nameGuess: string | undefined): string | undefined {
    const label = labelOf('location', finalKey, nameGuess);
    const at: At = { problems: this.problems, record: label };
    const type = str(loc.location_type)?.toLowerCase();
    const fields: Json = {};
    const set = (field: string, value: unknown) => {
      if (value !== undefined && !(Array.isArray(value) && value.length === 0)) fields[field] = value;
    };
    const url = webUrl(loc.url, at, 'url');
    let addressValue: Json | undefined;
    if (address) {
      const countryCode = country(address.country);
      const code = countryCode && countryCode !== 'GB' ? undefined : postcode(address.postal_code);
      const address1 = line([address.address_1].filter(Boolean).join(', '), 200, at, 'address.address_1');
      if (countryCode && countryCode !== 'GB') {
        this.problems.add('error', `the address is in ${countryCode}; LOOP holds UK venues only, so it was not imported`, { record: label, field: 'address' });
      } else if (!code) {
        this.problems.add('error', `"${str(address.postal_code) ?? '(none)'}" is not a UK postcode; a venue needs one, so it was not imported`, { record: label, field: 'address.postal_code' });
      } else if (!address1) {
        this.problems.add('error', 'the address has no first line; not imported', { record: label, field: 'address' });
      } else {
        const extra = [address.address_2, address.address_3, address.address_4].map((a) => line(a, 200)).filter(Boolean).join(', ');
        addressValue = {
          address_1: address1,
          ...(extra ? { address_2: extra.slice(0, 200) } : {}),
          ...(line(address.city, 80) ? { city: line(address.city, 80) } : {}),
          ...(line(address.region, 80) ? { region: line(address.region, 80) } : {}),
          ...(line(address.state_province, 80) ? { state_province: line(address.state_province, 80) } : {}),
          // country defaults to GB in the model; hand-written files leave it out.
          postal_code: code,
        };
      }
      if (!addressValue) return undefined;
    }
    let locationType = type === 'virtual' || type === 'postal' ? type : 'physical';
    if (!addressValue) {
      if (url && (type === 'virtual' || !type)) locationType = 'virtual';
      else {
        this.problems.add('error', 'has no address, so it cannot be shown as a venue; not imported', { record: label });
        return undefined;
      }
    }
    set('name', nameGuess ?? `${String(addressValue?.address_1)}`);
    set('alternate_name', line(loc.alternate_name, 150, at, 'alternate_name'));
    if (locationType !== 'physical') fields.location_type = locationType;
    set('description', richText(loc.description, at, 'description'));
    set('url', url);
    set('address', addressValue);
    const lat = number(loc.latitude, -90, 90, at, 'latitude');
    const lon = number(loc.longitude, -180, 180, at, 'longitude');
    if (lat !== undefined && lon !== undefined && !(lat === 0 && lon === 0)) {
      fields.latitude = lat;
      fields.longitude = lon;
    } else if (lat !== undefined || lon !== undefined) {
      this.problems.add('warning', 'latitude and longitude must both be valid; both left out', { record: label, field: 'latitude' });
    }
    if (str(loc.external_identifier_type)?.toUpperCase() === 'UPRN' && /^\d{1,12}$/.test(str(loc.external_identifier) ?? '')) fields.uprn = str(loc.external_identifier);
    set('transportation', richText(loc.transportation, at, 'transportation'));
    set('accessibility', this.accessibility(loc, at));
    set('phones', this.phones(loc.phones, at, 'phones', this.phoneCountry(new Set(records(loc.addresses).map((a) => country(a.country) as CountryCode | undefined).filter((c): c is CountryCode => c !== undefined)))));
    if (records(loc.schedules).length) this.problems.addRepeated('info', "a venue's own opening hours have no place in LOOP (services carry their times); not imported", label);
    const ext = isRecord(loc.loop) ? loc.loop : undefined;
    if (typeof ext?.ward === 'string') fields.ward = ext.ward;
    const orgId = idOf(loc.organization_id);
    const recordUrl = this.options.recordUrl?.('location', finalKey);
    this.locations.set(finalKey, {
      kind: 'location',
      key: finalKey,
      label,
      fields,
      ...(recordUrl ? { url: recordUrl } : {}),
      ...(orgId ? { organisation: orgId } : {}),
      ...(typeof ext?.slug === 'string' ? { slug: ext.slug } : {}),
      ...(Array.isArray(ext?.provenance) ? { provenance: records(ext.provenance) } : {}),
    });
    return finalKey;
  }

  private accessibility(loc: Json, at: At): Json | undefined {
    const items = records(loc.accessibility);
    if (!items.length) return undefined;
    const description = items.map((a) => richText(a.description, at, 'accessibility.description')).filter(Boolean).join('\n\n');
    const details = items.map((a) => line(a.details, 1000)).filter(Boolean).join(' ');

    const url = items.map((a) => webUrl(a.url, at, 'accessibility.url')).find(Boolean);
    const out: Json = {};
    if (description) out.description = description;
    // Words in the description say more than a guess would; flags are only set where a feed states them (LOOP's
    // feeds say each feature as an attribute with the value "true" or "false").
    for (const flag of ACCESSIBILITY_FLAGS) {
      const direct = items.find((a) => typeof a[flag] === 'boolean')?.[flag];
      const attribute = items.flatMap((a) => records(a.attributes)).find((x) => str(x.link_type) === 'accessibility' && isRecord(x.taxonomy_term) && x.taxonomy_term.code === flag);
      const value = typeof direct === 'boolean' ? direct : attribute ? bool(attribute.value) : undefined;
      if (typeof value === 'boolean') out[flag] = value;
    }
    if (details) out.details = details.slice(0, 1000);
    if (url) out.url = url;
    return Object.keys(out).length ? out : undefined;
  }

  phones(value: unknown, at: At, field: string, phoneCountry: CountryCode | undefined): Json[] {
    const out: Json[] = [];
    for (const p of records(value)) {
      const parsed = phone(p.number, at, field, phoneCountry);
      if (!parsed) continue;
      const type = phoneType(p.type);
      if (p.type && !type) at.problems.addRepeated('info', `phone type "${String(p.type).slice(0, 20)}" has no LOOP equivalent; left out`, at.record);
      const extension = p.extension === undefined || p.extension === null || p.extension === '' ? undefined : integer(p.extension, 1, 99_999_999, at, `${field}.extension`);
      const description = [parsed.note, line(p.description, 300)].filter(Boolean).join(': ');
      const languages = records(p.languages).map((l) => this.languageTerm(l)).filter((t): t is SourceTerm => t !== undefined);
      const entry: Json = {
        number: parsed.number,
        ...(type ? { type } : {}),
        ...(extension !== undefined ? { extension } : {}),
        ...(description ? { description: description.slice(0, 300) } : {}),
        ...(languages.length ? { languages } : {}),
      };
      if (!out.some((o) => o.number === entry.number && o.extension === entry.extension && o.type === entry.type)) out.push(entry);
    }
    return out;
  }

  schedules(value: unknown, at: At, field: string): Json[] {
    const out: Json[] = [];
    for (const s of records(value)) {
      const schedule = this.schedule(s, at, field);
      if (schedule && !out.some((o) => JSON.stringify(o) === JSON.stringify(schedule))) out.push(schedule);
    }
    return out;
  }

  private schedule(s: Json, at: At, field: string): Json | undefined {
    const out: Json = {};
    const freq = str(s.freq)?.trim().toUpperCase();
    const byday = splitList(s.byday, ',');
    const days: Day[] = [];
    const weeks: number[] = [];
    for (const part of byday) {
      const m = /^([+-]?\d)?\s*([A-Za-z]+)$/.exec(part.trim());
      const day = m ? dayOf(m[2]) : undefined;
      if (!day) {
        at.problems.add('warning', `"${part}" is not a day; left out of the schedule`, { record: at.record, field });
        continue;
      }
      if (!days.includes(day)) days.push(day);
      if (m?.[1] && Number(m[1]) !== 0 && !weeks.includes(Number(m[1]))) weeks.push(Number(m[1]));
    }
    const monthDays = splitList(s.bymonthday, ',').map(Number).filter((n) => Number.isInteger(n) && n !== 0 && n >= -31 && n <= 31);
    let monthly = freq === 'MONTHLY' || weeks.length > 0;
    if (freq === 'YEARLY') {
      at.problems.add('warning', 'a yearly schedule cannot be written in LOOP; left out', { record: at.record, field });
      return undefined;
    }
    if (freq === 'DAILY' && !days.length) days.push(...DAY_CODES);
    if (monthDays.length && !monthly) {
      if (!days.length) monthly = true;
      else at.problems.add('info', 'days of the month on a weekly schedule were left out', { record: at.record, field });
    }
    if (monthly) out.freq = 'monthly';
    const interval = s.interval === undefined || s.interval === null || s.interval === '' ? undefined : Number(s.interval);
    if (interval !== undefined && Number.isInteger(interval) && interval > 1 && interval <= 12) out.interval = interval;
    if (days.length) out.days = DAY_CODES.filter((d) => days.includes(d));
    if (monthly && weeks.length) out.weeks_of_month = weeks.filter((w) => w >= -1 && w <= 5);
    if (monthly && monthDays.length) out.month_days = monthDays;
    // The pair is read together (a bare "5:00" before "7:00pm" is 17:00); every guess and drop is reported.
    const hours = openingHours(s.opens_at, s.closes_at);
    if (hours.guess) at.problems.add('warning', hours.guess, { record: at.record, field });
    if (hours.dropped) at.problems.add('warning', hours.dropped, { record: at.record, field });
    if (hours.opens && hours.closes) {
      out.opens = hours.opens;
      out.closes = hours.closes;
    }
    const dtstart = date(s.dtstart);
    if (dtstart) out.dtstart = dtstart;
    const validFrom = date(s.valid_from);
    const validTo = date(s.valid_to) ?? date(s.until);
    if (validFrom) out.valid_from = validFrom;
    if (validTo && (!validFrom || validTo >= validFrom)) out.valid_to = validTo;
    const description = line(s.description, 500, at, `${field}.description`);
    if (description) out.description = description;
    const notes = line(s.notes, 500, at, `${field}.notes`);
    if (notes) out.notes = notes;
    const link = webUrl(s.schedule_link, at, `${field}.schedule_link`);
    if (link) out.schedule_link = link;
    const attending = ATTENDING[str(s.attending_type)?.trim().toLowerCase() ?? ''];
    if (attending) out.attending_type = attending;
    else if (s.attending_type) at.problems.addRepeated('info', 'free-text attending_type on a schedule has no LOOP equivalent; left out', at.record);
    if (out.interval && !out.dtstart) {
      at.problems.add('warning', `"every ${String(out.interval)}" needs a start date (dtstart) to say which weeks; the interval was left out`, { record: at.record, field });
      delete out.interval;
    }
    if (out.freq === 'monthly' && !out.weeks_of_month && !out.month_days && !out.dtstart) delete out.freq;
    if (out.weeks_of_month && !out.days) delete out.weeks_of_month;
    const ignored = ['count', 'wkst', 'byweekno', 'byyearday'].filter((k) => s[k] !== undefined && s[k] !== null && s[k] !== '');
    if (ignored.length) at.problems.addRepeated('info', `schedule parts ${ignored.join(', ')} have no LOOP equivalent; left out`, at.record);
    const meaningful = ['days', 'opens', 'month_days', 'description', 'notes', 'dtstart', 'schedule_link'].some((k) => out[k] !== undefined);
    if (!meaningful) {
      const said = ['opens_at', 'closes_at', 'byday', 'bymonthday', 'freq', 'description', 'valid_from', 'valid_to'].filter((k) => s[k] !== undefined && s[k] !== null && s[k] !== '');
      if (said.length) at.problems.add('warning', `a schedule with no days, times or words LOOP can show (it gave ${said.join(', ')}) was left out`, { record: at.record, field });
      return undefined;
    }
    const check = scheduleSchema.safeParse(out);
    if (!check.success) {
      at.problems.add('warning', `a schedule could not be made valid (${check.error.issues[0]?.message ?? 'invalid'}); left out`, { record: at.record, field });
      return undefined;
    }
    return out;
  }

  private cost(service: Json, at: At): unknown {
    const description = line(service.fees_description ?? service.fees, 1000, at, 'cost.description');
    const options: Json[] = [];
    for (const c of records(service.cost_options)) {
      const option: Json = {};
      const amount = number(c.amount, 0, 100_000, at, 'cost.options.amount');
      if (amount !== undefined) option.amount = amount;
      const currency = str(c.currency)?.trim().toUpperCase();
      if (currency && /^[A-Z]{3}$/.test(currency) && currency !== 'GBP') option.currency = currency;
      const words = line(c.option, 300, at, 'cost.options.option');
      if (words) option.option = words;
      const amountDescription = line(c.amount_description, 300, at, 'cost.options.amount_description');
      if (amountDescription) option.amount_description = amountDescription;
      const from = date(c.valid_from);
      const to = date(c.valid_to);
      if (from) option.valid_from = from;
      if (to) option.valid_to = to;
      if (Object.keys(option).length) options.push(option);
    }
    if (!options.length && description && /^(free|none|no charge|free of charge|£?0(\.00)?|nil)\.?$/i.test(description)) return 'free';
    if (!options.length && !description) return undefined;
    const free = options.length > 0 && options.every((o) => o.amount === 0) ? true : undefined;
    return { ...(free ? { free } : {}), ...(description ? { description } : {}), ...(options.length ? { options } : {}) };
  }

  /** HSDS has one free-text application_process; LOOP needs a route, so the text is read for one. */
  private referral(value: unknown, at: At, given?: unknown): { referral?: Json; information?: Json[] } {
    const text = richText(value, at, 'referral.description');
    const route = typeof given === 'string' ? given.trim().toLowerCase().replace(/\s+/g, '-') : undefined;
    if (route && REFERRAL_ROUTES.includes(route as (typeof REFERRAL_ROUTES)[number])) return { referral: { route, ...(text ? { description: text } : {}) } };
    if (route) at.problems.add('warning', `referral route "${String(given)}" is not one of ${REFERRAL_ROUTES.join(', ')}; read from the words instead`, { record: at.record, field: 'referral' });
    if (!text) return {};
    const lower = text.toLowerCase();
    const self = /self[- ]?refer|refer (yourself|themselves)|contact us directly|call us|ring us|email us|get in touch|apply online|book online|just call/.test(lower);
    const professional = /\b(gp|doctor|professional|social worker|health visitor|key worker|agency) (referral|to refer|must refer|refers|can refer)|referral (from|by) (a |your )?(gp|doctor|professional|social worker)|professional[- ]referral|referred by/.test(lower);
    const none = /^(none|no referral( needed| required)?|just (turn|drop|come) (up|in|along)|drop[- ]in)\b/.test(lower);
    const found = self && professional ? 'self-or-professional-referral' : professional ? 'professional-referral' : self ? 'self-referral' : none ? 'none' : undefined;
    if (found) return { referral: { route: found, description: text } };
    // No honest route: keep the words where people will read them rather than guess.
    return { information: [{ title: 'How to get this service', text }] };
  }

  private contacts(list: Json[], at: At, field: string, phoneCountry: CountryCode | undefined): Json[] {
    const out: Json[] = [];
    for (const c of list) {
      const contact: Json = {};
      const name = line(c.name, 120, at, `${field}.name`);
      const mail = email(c.email, at, `${field}.email`);
      const key = `${at.record}|${idOf(c.id) ?? ''}|${name ?? ''}|${mail ?? ''}`;
      this.personal.contacts.add(key);
      // The same test the validator's personal-data rule warns with (src/model/personal-data.ts).
      const found = personalDataInContact({ name, email: mail });
      if (found.name) {
        this.personal.names.add(key);
        this.personal.records.add(at.record);
      } else if (name) contact.name = name;
      const title = line(c.title, 120, at, `${field}.title`);
      if (title) contact.title = title;
      const department = line(c.department, 120, at, `${field}.department`);
      if (department) contact.department = department;
      if (found.email) {
        this.personal.mailboxes.add(key);
        this.personal.records.add(at.record);
      } else if (mail) contact.email = mail;
      const phones = this.phones(c.phones, at, `${field}.phones`, phoneCountry);
      if (phones.length) contact.phones = phones;
      if (!contact.name && !contact.title && !contact.department && !contact.email && !phones.length) continue;
      if (!out.some((o) => JSON.stringify(o) === JSON.stringify(contact))) out.push(contact);
    }
    return out;
  }

  /** A record's own email: a person's own mailbox is left out; a webmail address is kept (often a group's only one) and said. */
  private recordEmail(value: unknown, at: At): string | undefined {
    const mail = email(value, at, 'email');
    const kind = mail ? personalMailbox(mail) : undefined;
    if (!mail || !kind) return mail;
    // An organisation is read again from each fuller copy of it: say each address once.
    const once = `${at.record}|${mail}`;
    const said = this.personal.recordEmails.has(once);
    this.personal.recordEmails.add(once);
    if (said) return kind === 'personal' ? undefined : mail;
    if (kind === 'personal') {
      this.problems.add('warning', `${mailboxProblem(mail, kind)}; left out (LOOP lists role mailboxes only)`, { record: at.record, field: 'email' });
      return undefined;
    }
    this.problems.add('warning', `${mailboxProblem(mail, kind)}; kept, as it may be the group's only address, but loop validate will warn until a role mailbox replaces it`, { record: at.record, field: 'email' });
    return mail;
  }

  /** One line of the report for the personal data left out, with counts that are true. */
  private reportPersonalData(): void {
    if (this.personal.reported) return;
    this.personal.reported = true;
    const { contacts, names, mailboxes, records: affected } = this.personal;
    if (!names.size && !mailboxes.size) return;
    const parts = [
      ...(names.size ? [`${names.size} personal name${names.size === 1 ? '' : 's'}`] : []),
      ...(mailboxes.size ? [`${mailboxes.size} personal email address${mailboxes.size === 1 ? '' : 'es'}`] : []),
    ];
    this.problems.add(
      'info',
      `${parts.join(' and ')} left out of ${contacts.size} contact${contacts.size === 1 ? '' : 's'} in ${affected.size} record${affected.size === 1 ? '' : 's'} (LOOP lists roles and role mailboxes, never private individuals)${affected.size ? `, e.g. ${[...affected].slice(0, 3).join('; ')}` : ''}`,
    );
  }

  private funding(value: unknown, at: At): string[] {
    const out: string[] = [];
    for (const f of records(value)) {
      const source = line(f.source, 300, at, 'funding');
      if (source && !out.includes(source)) out.push(source);
    }
    return out;
  }

  private areaTerm(area: Json): SourceTerm {
    const name = line(area.name, 120) ?? line(area.service_area, 120) ?? line(area.description, 120);
    const uri = str(area.uri)?.trim();
    const code = /\b([EWSN]\d{8})\b/.exec(uri ?? '')?.[1] ?? /^[EWSN]\d{8}$/.exec(str(area.extent)?.trim() ?? '')?.[0];
    // "http://www.example.com" is a placeholder in real feeds (Placecube): it identifies nothing.
    const realUri = uri && !/^https?:\/\/(www\.)?example\.(com|org)\/?$/i.test(uri) ? uri : undefined;
    return { field: 'service_areas', vocabulary: 'service area', ...(name ? { name } : {}), ...(realUri ? { uri: realUri } : {}), ...(code ? { code } : {}) };
  }

  private languageTerm(language: Json): SourceTerm | undefined {
    const name = line(language.name ?? language.language, 80);
    const code = str(language.code)?.trim().toLowerCase();
    if (!name && !code) return undefined;
    return { field: 'languages', vocabulary: 'language', ...(name ? { name } : {}), ...(code ? { code } : {}) };
  }

  private attributeTerm(attribute: Json): SourceTerm | undefined {
    const term = isRecord(attribute.taxonomy_term) ? attribute.taxonomy_term : undefined;
    if (!term) return undefined;
    const detail = isRecord(term.taxonomy_detail) ? term.taxonomy_detail : {};
    const vocabulary = line(detail.name, 120) ?? line(term.taxonomy, 120);
    const uri = str(term.term_uri)?.trim();
    const name = line(term.name, 120);
    const code = str(term.code)?.trim();
    const id = idOf(term.id);
    const vocabularyId = idOf(detail.id) ?? idOf(term.taxonomy_id);
    const source: Omit<SourceTerm, 'field'> = {
      ...(vocabulary ? { vocabulary } : {}),
      ...(uri ? { uri } : {}),
      ...(name ? { name } : {}),
      ...(code ? { code } : {}),
      ...(id ? { id } : {}),
      ...(vocabularyId ? { vocabularyId } : {}),
    };
    const linked = LINK_FIELDS[str(attribute.link_type) ?? ''];
    return { field: linked ?? this.fieldFor(source), ...source };
  }

  /** Which listing field a source vocabulary feeds. */
  private fieldFor(term: Omit<SourceTerm, 'field'>): TermField {
    const configured = this.options.vocabularies ?? {};
    for (const key of [term.vocabularyId, term.vocabulary]) if (key && configured[key]) return configured[key]!;
    const esd = /id\.esd\.org\.uk\/(service|need|circumstance)\//.exec(term.uri ?? '')?.[1];
    if (esd === 'need') return 'needs';
    if (esd === 'circumstance') return 'circumstances';
    if (esd === 'service') return 'categories';
    const v = (term.vocabulary ?? '').toLowerCase();
    if (/audience|age group|user group|client group|who/.test(v)) return 'audiences';
    if (/\bneeds?\b/.test(v)) return 'needs';
    if (/circumstance/.test(v)) return 'circumstances';
    if (/condition|snomed/.test(v)) return 'conditions';
    if (/language/.test(v)) return 'languages';
    if (/area|ward|geograph/.test(v)) return 'service_areas';
    return 'categories';
  }
}
