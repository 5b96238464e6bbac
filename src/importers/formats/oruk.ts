/**
 * Open Referral UK: the ORUK 3.0 / HSDS 3.0 API (a paginated /services walk over HTTP, LOOP's own static API, or
 * saved JSON files and folders) and the legacy ORUK 1.0 shape (Spring-style pages, regular_schedules,
 * service_taxonomys, physical_addresses), which is first rewritten into the 3.0 shape.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { CountryCode } from 'libphonenumber-js/max';
import type { TermField } from '../../model/vocabularies.ts';
import { HsdsMapper } from './hsds.ts';
import { decodeUtf8 } from './csv-file.ts';
import { fetchJson, FetchError, type FetchOptions } from './http.ts';
import { Problems, type ImportBatch } from '../incoming.ts';
import { silentProgress, type Progress } from '../progress.ts';
import { idOf, isRecord, records, str } from '../values.ts';

type Json = Record<string, unknown>;

export interface OrukOptions {
  /** The system name for provenance; default the host name (URLs) or the file name. */
  system?: string;
  fetch?: FetchOptions;
  /** Page size asked for (default 100). */
  perPage?: number;
  /**
   * The most pages read from an API (default 2,000) and records (default 200,000): a walk that would go further is
   * an error and imports nothing, unless `partial` (then it stops there, and nothing is reported missing).
   */
  maxPages?: number;
  maxRecords?: number;
  /** Stop at a cap or a repeating page instead of failing: a partial read, so nothing is reported missing. */
  partial?: boolean;
  /** Over HTTP, fetch each service's full record from /services/{id} (default true: list items may be abbreviated). */
  details?: boolean;
  /** Concurrent requests for full records (default 4). */
  concurrency?: number;
  /** Provenance URL of a record read from files: "{id}" is replaced by the source id. */
  recordUrl?: string;
  phoneCountry?: CountryCode;
  vocabularies?: Record<string, TermField>;
  progress?: Progress;
  /** Largest saved file read, in bytes (default 200 MB). */
  maxFileBytes?: number;
}

/** A page of results in either paging style, or undefined when `value` is not a page. */
export function pageOf(value: unknown): { items: Json[]; dropped: number; page?: number; totalPages?: number; last?: boolean; first?: boolean; spring: boolean } | undefined {
  if (Array.isArray(value)) return { items: records(value), dropped: value.length - records(value).length, spring: false };
  if (!isRecord(value)) return undefined;
  const items = Array.isArray(value.contents) ? value.contents : Array.isArray(value.content) ? value.content : undefined;
  if (!items) return undefined;
  const spring = value.totalPages !== undefined || value.number !== undefined || Array.isArray(value.content);
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : undefined);
  const page = num(spring ? value.number : value.page_number);
  const totalPages = num(spring ? value.totalPages : value.total_pages);
  const last = typeof (spring ? value.last : value.last_page) === 'boolean' ? Boolean(spring ? value.last : value.last_page) : undefined;
  const first = typeof (spring ? value.first : value.first_page) === 'boolean' ? Boolean(spring ? value.first : value.first_page) : undefined;
  return {
    items: records(items),
    dropped: items.length - records(items).length,
    spring,
    ...(page !== undefined ? { page } : {}),
    ...(totalPages !== undefined ? { totalPages } : {}),
    ...(last !== undefined ? { last } : {}),
    ...(first !== undefined ? { first } : {}),
  };
}

const LEGACY_KEYS = ['regular_schedules', 'holiday_schedules', 'service_taxonomys', 'eligibilitys', 'fundings', 'deliverable_type', 'attending_type', 'attending_access', 'reviews'];

export function isLegacyService(service: Json): boolean {
  if (LEGACY_KEYS.some((k) => k in service)) return true;
  return records(service.service_at_locations).some((sal) => isRecord(sal.location) && ('physical_addresses' in sal.location || 'accessibility_for_disabilities' in sal.location));
}

const ESD_VOCABULARIES: Record<string, string> = {
  esdservicetypes: 'service',
  esdservicetype: 'service',
  esdservices: 'service',
  esdneeds: 'need',
  esdcircumstances: 'circumstance',
};

function legacyTerm(taxonomy: Json): Json | undefined {
  const id = idOf(taxonomy.id);
  const name = str(taxonomy.name);
  const vocabulary = str(taxonomy.vocabulary);
  if (!id && !name) return undefined;
  const esdType = ESD_VOCABULARIES[(vocabulary ?? '').toLowerCase().replace(/[^a-z]/g, '')];
  const code = id?.includes(':') ? id.slice(id.lastIndexOf(':') + 1) : id;
  const termUri = esdType && code && /^\d+$/.test(code) ? `http://id.esd.org.uk/${esdType}/${code}` : undefined;
  return { id, name, code, taxonomy: vocabulary, ...(termUri ? { term_uri: termUri } : {}) };
}

/** ORUK 1.0 regular_schedules (one weekday each) as HSDS 3.0 schedules, days with the same times together. */
function legacySchedules(list: unknown): Json[] {
  const out: Json[] = [];
  const byTimes = new Map<string, Json>();
  for (const s of records(list)) {
    const { weekday, id: _id, ...rest } = s;
    const day = weekday !== undefined && weekday !== null && weekday !== '' ? String(weekday) : undefined;
    if (rest.byday !== undefined || !day) {
      out.push({ ...rest, freq: rest.freq ?? (rest.byday ? 'WEEKLY' : undefined) });
      continue;
    }
    const key = JSON.stringify({ ...rest, weekday: undefined });
    const same = byTimes.get(key);
    if (same) same.byday = `${String(same.byday)},${day}`;
    else {
      const schedule: Json = { ...rest, byday: day, freq: rest.freq ?? 'WEEKLY' };
      byTimes.set(key, schedule);
      out.push(schedule);
    }
  }
  return out;
}

function legacyLocation(location: Json): Json {
  const { physical_addresses, postal_addresses, accessibility_for_disabilities, ...rest } = location;
  const addresses = [...records(physical_addresses).map((a) => ({ ...a, address_type: 'physical' })), ...records(postal_addresses).map((a) => ({ ...a, address_type: 'postal' }))];
  const accessibility = records(accessibility_for_disabilities).map((a) => ({ description: a.accessibility, details: a.details }));
  return { ...rest, ...(addresses.length ? { addresses } : {}), ...(accessibility.length ? { accessibility } : {}) };
}

const DELIVERY: Record<string, string> = { phone: 'phone', online: 'online', venue: 'in-person', 'home visit': 'home-visit' };

/** An ORUK 1.0 service rewritten in the HSDS 3.0 shape. */
export function fromLegacy(service: Json, problems: Problems): Json {
  const { regular_schedules, holiday_schedules, service_taxonomys, eligibilitys, fundings, deliverable_type, attending_type, attending_access, reviews, fees, ...rest } = service;
  const out: Json = { ...rest };
  const label = `service ${idOf(service.id) ?? ''}`.trim();
  if (fees !== undefined) out.fees_description = fees;
  const schedules = legacySchedules(regular_schedules);
  if (schedules.length) out.schedules = schedules;
  if (records(holiday_schedules).length) problems.addRepeated('info', 'holiday closures (holiday_schedules) have no LOOP equivalent; put them in an alert by hand', label);
  const attributes = records(service_taxonomys)
    .map((st) => (isRecord(st.taxonomy) ? legacyTerm(st.taxonomy) : undefined))
    .filter((t): t is Json => t !== undefined)
    .map((taxonomy_term) => ({ taxonomy_term }));
  if (attributes.length) out.attributes = [...records(service.attributes), ...attributes];
  const eligibility = records(eligibilitys);
  const words = eligibility.map((e) => str(e.eligibility)).filter(Boolean);
  if (words.length && !out.eligibility_description) out.eligibility_description = words.join('; ');
  const minimum = eligibility.map((e) => e.minimum_age).find((a) => a !== undefined && a !== null);
  const maximum = eligibility.map((e) => e.maximum_age).find((a) => a !== undefined && a !== null);
  if (minimum !== undefined && out.minimum_age === undefined) out.minimum_age = minimum;
  if (maximum !== undefined && out.maximum_age === undefined) out.maximum_age = maximum;
  if (records(fundings).length) out.funding = records(fundings);
  out.languages = records(service.languages).map((l) => ({ name: l.language ?? l.name, code: l.code }));
  out.service_areas = records(service.service_areas).map((a) => ({ ...a, name: a.name ?? a.service_area }));
  const delivery = DELIVERY[str(attending_type)?.toLowerCase().trim() ?? ''];
  if (delivery) out.x_delivery = [delivery];
  if (deliverable_type || attending_access) problems.addRepeated('info', 'ORUK 1.0 deliverable_type and attending_access have no LOOP field; left out', label);
  if (records(reviews).length) problems.addRepeated('info', 'ORUK 1.0 reviews are not imported', label);
  if (isRecord(service.organization)) {
    const org = service.organization;
    out.organization = { ...org, website: org.website ?? org.url };
  }
  out.service_at_locations = records(service.service_at_locations).map((sal) => {
    const { regular_schedule, regular_schedules: salSchedules, holiday_schedules: salHolidays, ...salRest } = sal;
    const schedules = legacySchedules([...records(regular_schedule), ...records(salSchedules)]);
    if (records(salHolidays).length) problems.addRepeated('info', 'holiday closures (holiday_schedules) have no LOOP equivalent; put them in an alert by hand', label);
    return { ...salRest, ...(isRecord(sal.location) ? { location: legacyLocation(sal.location) } : {}), ...(schedules.length ? { schedules } : {}) };
  });
  return out;
}

interface Walk {
  services: Json[];
  organisations?: Json[];
  complete: boolean;
  source: string;
  recordUrl?: (id: string) => string;
}

function systemFromUrl(url: URL): string {
  return url.hostname.replace(/^www\./, '');
}

/** Reads an ORUK source (URL, JSON file, or folder of JSON files) into a batch of incoming records. */
export async function readOruk(source: string, options: OrukOptions = {}): Promise<ImportBatch> {
  const problems = new Problems();
  const progress = options.progress ?? silentProgress;
  let walk: Walk;
  let system = options.system;
  if (/^https?:\/\//i.test(source)) {
    const url = new URL(source);
    system ??= systemFromUrl(url);
    walk = await walkApi(url, options, problems, progress);
  } else {
    system ??= basename(source).replace(/\.json$/i, '');
    walk = readSaved(source, options, problems);
  }
  const template = options.recordUrl;
  const mapper = new HsdsMapper({
    system,
    problems,
    ...(options.phoneCountry ? { phoneCountry: options.phoneCountry } : {}),
    ...(options.vocabularies ? { vocabularies: options.vocabularies } : {}),
    recordUrl: (kind, id) => (kind === 'service' ? (template ? template.replace('{id}', encodeURIComponent(id)) : walk.recordUrl?.(id)) : undefined),
  });
  mapper.learnCountry(walk.services);
  mapper.addOrganisations(walk.organisations ?? []);
  let legacy = 0;
  progress.phase('reading services', walk.services.length);
  for (const service of walk.services) {
    if (isLegacyService(service)) {
      legacy++;
      mapper.addService(fromLegacy(service, problems));
    } else mapper.addService(service);
    progress.tick();
  }
  progress.done();
  if (legacy) problems.add('info', `${legacy} service${legacy === 1 ? ' was' : 's were'} in the legacy ORUK 1.0 shape and read as such`);
  return { system, format: 'oruk', source: walk.source, records: mapper.result(), problems: problems.all(), complete: walk.complete };
}

function readJsonFile(path: string, maxBytes: number): unknown {
  const size = statSync(path).size;
  if (size > maxBytes) throw new Error(`${path} is ${Math.round(size / 1e6)} MB, more than the ${Math.round(maxBytes / 1e6)} MB limit`);
  // Invalid UTF-8 is an error saying where, never replacement characters in the listings.
  const text = decodeUtf8(readFileSync(path), path);
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new Error(`${path} is not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
}

const ORG_KEYS = ['website', 'tax_status', 'tax_id', 'year_incorporated', 'legal_status', 'organization_identifiers', 'programs', 'parent_organization_id', 'logo'];
const SERVICE_KEYS = ['organization', 'organization_id', 'service_at_locations', 'eligibility_description', 'application_process', 'fees_description', 'assured_date', 'service_taxonomys', 'regular_schedules'];

/** What an ORUK/HSDS object is: a service, an organisation, a service at a location, or something else. */
export function kindOfObject(value: Json): 'service' | 'organisation' | 'service_at_location' | undefined {
  if (isRecord(value.service) && (isRecord(value.location) || value.location_id !== undefined)) return 'service_at_location';
  // A service without a name is still a service (and is reported as such), not something else.
  if (SERVICE_KEYS.some((k) => k in value)) return 'service';
  if (value.name === undefined) return undefined;
  if (ORG_KEYS.some((k) => k in value)) return 'organisation';
  // A bare organisation (LOOP's feeds always give its page as `uri`); taxonomies have a version, terms a term_uri.
  if (('uri' in value || 'services' in value) && !('version' in value) && !('term_uri' in value) && !('status' in value)) return 'organisation';
  // Taxonomies, terms and locations have names too; a service says what state it is in.
  return 'status' in value && !('term_uri' in value) && !('location_type' in value) ? 'service' : undefined;
}

/** The same service met twice (a list entry and a full record, or in a service_at_location): one fuller record. */
function mergeServices(a: Json, b: Json): Json {
  const [base, other] = Object.keys(b).length > Object.keys(a).length ? [b, a] : [a, b];
  const merged: Json = { ...base };
  for (const [k, v] of Object.entries(other)) if (merged[k] === undefined || merged[k] === null) merged[k] = v;
  const sals = [...records(base.service_at_locations)];
  for (const sal of records(other.service_at_locations)) {
    if (!sals.some((s) => (s.id !== undefined && s.id === sal.id) || (isRecord(s.location) && isRecord(sal.location) && s.location.id === sal.location.id))) sals.push(sal);
  }
  if (sals.length) merged.service_at_locations = sals;
  return merged;
}

interface Collected {
  services: Json[];
  organisations: Json[];
  skipped: number;
  /** Position of each service id in `services`, so repeats merge in constant time. */
  byId?: Map<unknown, number>;
}

/** Services (with service_at_location records folded into them) and organisations in one parsed JSON document. */
function collect(value: unknown, into: Collected = { services: [], organisations: [], skipped: 0 }): Collected {
  const page = pageOf(value);
  // {"services": [...]} is a container, unless it is an organisation listing its services.
  const container = isRecord(value) && Array.isArray(value.services) && value.name === undefined;
  const items = page ? page.items : container ? records(value.services) : isRecord(value) ? [value] : [];
  if (!page && !isRecord(value)) into.skipped++;
  if (page) into.skipped += page.dropped;
  const byId = (into.byId ??= new Map());
  const add = (service: Json) => {
    const index = service.id === undefined ? undefined : byId.get(service.id);
    if (index === undefined) {
      if (service.id !== undefined) byId.set(service.id, into.services.length);
      into.services.push(service);
    } else into.services[index] = mergeServices(into.services[index]!, service);
  };
  for (const item of items) {
    const kind = kindOfObject(item);
    if (kind === 'service') add(item);
    else if (kind === 'organisation') into.organisations.push(item);
    else if (kind === 'service_at_location') {
      const { service, ...sal } = item;
      const svc = service as Json;
      add({ ...svc, service_at_locations: [...records(svc.service_at_locations), sal] });
    } else into.skipped++;
  }
  return into;
}

/** Services in one parsed JSON document (for HTTP answers). */
function servicesIn(value: unknown): Json[] | undefined {
  const found = collect(value);
  return found.services.length ? found.services : undefined;
}

function readSaved(path: string, options: OrukOptions, problems: Problems): Walk {
  const maxBytes = options.maxFileBytes ?? 200_000_000;
  if (!existsSync(path)) throw new Error(`${path} does not exist`);
  const files: string[] = [];
  if (statSync(path).isDirectory()) {
    const servicesDir = join(path, 'services');
    // A static ORUK API (LOOP's dist/oruk/v3): one full record per services/<id>.json, and the full organisations
    // (with contacts, phones and funding, which a service only summarises) in organizations/<id>.json.
    const isApi = existsSync(servicesDir) && statSync(servicesDir).isDirectory();
    const dirs = isApi ? [join(path, 'organizations'), servicesDir].filter((d) => existsSync(d) && statSync(d).isDirectory()) : [path];
    for (const dir of dirs) {
      for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
        if (entry.isFile() && entry.name.endsWith('.json')) files.push(join(dir, entry.name));
      }
    }
    if (!files.length) throw new Error(`${path} holds no .json files`);
  } else files.push(path);
  const found: Collected = { services: [], organisations: [], skipped: 0 };
  let only: unknown;
  for (const file of files) {
    const skipped = found.skipped;
    const value = readJsonFile(file, maxBytes);
    if (files.length === 1) only = value;
    const items = pageOf(value)?.items.length ?? (isRecord(value) && Array.isArray(value.services) && value.name === undefined ? value.services.length : 1);
    collect(value, found);
    if (found.skipped - skipped >= items) problems.add('warning', `${basename(file)} holds no ORUK services or organisations (it is not a page, a list, a service or an organisation); skipped`);
    else if (found.skipped > skipped) problems.add('info', `${basename(file)}: ${found.skipped - skipped} item${found.skipped - skipped === 1 ? '' : 's'} that are not services or organisations skipped`);
  }
  // One saved page of many, or one saved service, is not the whole source: nothing may be reported missing from it.
  let complete = true;
  if (files.length === 1) {
    const value = only;
    const page = pageOf(value);
    if (page && page.totalPages !== undefined && page.totalPages > 1) {
      complete = false;
      problems.add('info', `${basename(path)} is page ${page.page ?? '?'} of ${page.totalPages}; records not on it are not reported as missing`);
    } else if (!page && !(isRecord(value) && Array.isArray(value.services) && value.name === undefined)) {
      complete = false;
      problems.add('info', `${basename(path)} holds one service, not the whole source; nothing is reported as missing`);
    }
  }
  return { services: found.services, organisations: found.organisations, complete, source: path };
}

function listUrl(url: URL): { list: URL; root?: URL; single?: URL; static: boolean } {
  const path = url.pathname;
  if (/\/services(\.json)?\/?$/.test(path)) return { list: url, static: path.endsWith('.json') };
  if (/\/services\/[^/]+$/.test(path)) return { list: url, single: url, static: path.endsWith('.json') };
  const root = new URL(url);
  if (!root.pathname.endsWith('/')) root.pathname += '/';
  const statics = root.pathname.endsWith('.json/');
  return { list: new URL(statics ? 'services.json' : 'services', root), root, static: statics };
}

export const DEFAULT_MAX_PAGES = 2_000;
export const DEFAULT_MAX_RECORDS = 200_000;

/** A walk that reached a cap or looped: nothing is imported, because a partial read could later mark records missing. */
export class WalkLimitError extends FetchError {}

const count = (n: number) => n.toLocaleString('en-GB');

const NOTHING_IMPORTED = 'nothing was imported, because a partial read could later mark records missing';

/** Fetch options that report retries and cross-host redirects (each pair of hosts once). */
function walkFetchOptions(options: OrukOptions, problems: Problems, progress: Progress): FetchOptions {
  const redirected = new Set<string>();
  return {
    ...options.fetch,
    onRetry: (u, attempt, reason, wait) => progress.note(`retrying ${u} (${attempt}): ${reason}; waiting ${Math.round(wait / 1000)} s`),
    onRedirectHost: (from, to) => {
      const hosts = `${new URL(from).host} -> ${new URL(to).host}`;
      if (redirected.has(hosts)) return;
      redirected.add(hosts);
      problems.add('warning', `${from} redirected to another host, ${to} (followed because of --allow-redirect-host): check that this is the directory you meant to import`);
    },
  };
}

/**
 * Reads the API root (its version) and finds where the list answers: at the API's own URL, or, for a static copy on
 * a host that cannot rewrite URLs (GitHub Pages), only at the .json names.
 */
async function discoverList(root: URL, list: URL, isStatic: boolean, fetchOptions: FetchOptions, problems: Problems): Promise<{ list: URL; isStatic: boolean }> {
  try {
    const info = await fetchJson(root.toString(), { ...fetchOptions, retries: 0 });
    const version = isRecord(info) ? str(info.version) : undefined;
    if (version && !/^HSDS-UK-3|^3\./.test(version)) problems.add('info', `the API says it is version "${version}"; read as ORUK 1.0 where the shape says so`);
  } catch {
    // The root document is optional in practice; the walk itself will say if the API is wrong.
  }
  if (isStatic) return { list, isStatic };
  try {
    await fetchJson(list.toString(), { ...fetchOptions, retries: 0 });
  } catch (error) {
    if (error instanceof FetchError && error.status === 404) {
      const staticList = new URL('services.json', root);
      try {
        await fetchJson(staticList.toString(), { ...fetchOptions, retries: 0 });
        problems.add('info', `${root.toString()} answers at the static file names (services.json): read as a static ORUK API`);
        return { list: staticList, isStatic: true };
      } catch {
        // Neither answers: the walk reports the original address's error.
      }
    }
  }
  return { list, isStatic };
}

/** The addresses of a page of the list, a full service and a full organisation, for the API's kind (live or static). */
interface ApiAddresses {
  page(n: number): URL;
  service(id: string): string;
  organisation(id: string): string;
}

function apiAddresses(list: URL, isStatic: boolean, perPage: number): ApiAddresses {
  const base = list.toString().replace(/\?.*$/, '');
  const itemBase = base.replace(/\.json$/, '').replace(/\/$/, '');
  const suffix = isStatic ? '.json' : '';
  return {
    page(n) {
      if (isStatic) return n === 1 ? list : new URL(list.toString().replace(/services\.json$/, `services/page/${n}.json`));
      const u = new URL(list);
      u.searchParams.set('page', String(n));
      u.searchParams.set('per_page', String(perPage));
      return u;
    },
    service: (id) => `${itemBase}/${encodeURIComponent(id)}${suffix}`,
    organisation: (id) => `${base.replace(/services(\.json)?\/?$/, 'organizations')}/${encodeURIComponent(id)}${suffix}`,
  };
}

interface WalkedPages {
  /** List entries by id, in the order first seen. */
  seen: Map<string, Json>;
  anonymous: Json[];
  complete: boolean;
}

/** Stops the walk at a cap: an error (nothing imported), or with --partial a note that the read is incomplete. */
function stopAt(where: string, message: string, override: string, partial: boolean, problems: Problems): void {
  if (!partial) throw new WalkLimitError(where, `${message}${override}`);
  problems.add('info', `${message}: stopped there (--partial); records not fetched are not reported as missing`);
}

/** Reads the list page by page until the API says it is the last, within the page and record caps, refusing loops. */
async function walkPages(list: URL, at: ApiAddresses, options: OrukOptions, fetchOptions: FetchOptions, problems: Problems, progress: Progress): Promise<WalkedPages> {
  const maxPages = options.maxPages ?? DEFAULT_MAX_PAGES;
  const maxRecords = options.maxRecords ?? DEFAULT_MAX_RECORDS;
  const partial = options.partial ?? false;
  const walked: WalkedPages = { seen: new Map(), anonymous: [], complete: true };
  const { seen, anonymous } = walked;
  let zeroBased = false;
  progress.phase('fetching service pages');
  for (let n = 1; ; n++) {
    if (n > maxPages) {
      const message = `${list.toString()} has more than ${count(maxPages)} page${maxPages === 1 ? '' : 's'} of services (the --max-pages cap)`;
      stopAt(list.toString(), message, `: ${NOTHING_IMPORTED}. Raise --max-pages, or add --partial to import only the first ${count(maxPages)}`, partial, problems);
      walked.complete = false;
      break;
    }
    const here = at.page(n).toString();
    const page = pageOf(await fetchJson(here, fetchOptions));
    if (!page) throw new FetchError(here, 'the answer is not a page of services (no "contents" list)');
    let fresh = 0;
    for (const item of page.items) {
      const id = idOf(item.id);
      if (!id) {
        anonymous.push(item);
        fresh++;
      } else if (!seen.has(id)) {
        seen.set(id, item);
        fresh++;
      }
    }
    progress.tick(1, page.totalPages);
    if (n === 1 && page.spring && page.first === false && page.page === 1) {
      // A zero-based Spring API: "page=1" was its second page, so fetch page 0 as well.
      zeroBased = true;
      const zero = pageOf(await fetchJson(at.page(0).toString(), fetchOptions));
      for (const item of zero?.items ?? []) {
        const id = idOf(item.id);
        if (id && !seen.has(id)) seen.set(id, item);
      }
    }
    if (seen.size + anonymous.length > maxRecords) {
      const message = `${list.toString()} has more than ${count(maxRecords)} services (the --max-records cap), reached at ${here}`;
      stopAt(here, message, `: ${NOTHING_IMPORTED}. Raise --max-records, or add --partial to import only what was read`, partial, problems);
      walked.complete = false;
      break;
    }
    if (page.items.length === 0) break;
    if (fresh === 0) {
      // The API ignores "page", or its pages go round in a loop: what it has not shown yet is unknown.
      const message = `${here} holds only services already read on earlier pages: the API seems to ignore "page", or its pages repeat`;
      if (!partial) throw new WalkLimitError(here, `${message}; ${NOTHING_IMPORTED}`);
      problems.add('warning', `${message}; stopped (--partial): records not fetched are not reported as missing`);
      walked.complete = false;
      break;
    }
    if (page.last === true) break;
    if (page.totalPages !== undefined && n >= page.totalPages - (zeroBased ? 1 : 0)) break;
    if (page.totalPages === undefined && page.last === undefined) break;
  }
  progress.done();
  return walked;
}

/** Each service's full record, a few at a time, in list order; the list entry where the record cannot be had. */
async function fetchServiceDetails(seen: ReadonlyMap<string, Json>, at: ApiAddresses, options: OrukOptions, fetchOptions: FetchOptions, problems: Problems, progress: Progress): Promise<Json[]> {
  const full: Json[] = [];
  const ids = [...seen.keys()];
  progress.phase('fetching full service records', ids.length);
  let next = 0;
  const worker = async () => {
    while (next < ids.length) {
      const id = ids[next++]!;
      try {
        const value = await fetchJson(at.service(id), fetchOptions);
        full.push(isRecord(value) && !pageOf(value) ? value : seen.get(id)!);
      } catch (error) {
        problems.add('warning', `could not fetch the full record (${error instanceof Error ? error.message : String(error)}); used the list entry`, { record: `service ${id}` });
        full.push(seen.get(id)!);
      }
      progress.tick();
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 4) }, worker));
  progress.done();
  const order = new Map(ids.map((id, i) => [id, i]));
  return full.sort((a, b) => (order.get(idOf(a.id) ?? '') ?? 0) - (order.get(idOf(b.id) ?? '') ?? 0));
}

/** Full organisation records (contacts, phones, funding) where the API has them; a service only summarises its own. */
async function fetchOrganisations(services: readonly Json[], at: ApiAddresses, fetchOptions: FetchOptions, problems: Problems, progress: Progress): Promise<Json[]> {
  const organisations: Json[] = [];
  const orgIds = [...new Set(services.map((s) => idOf(isRecord(s.organization) ? s.organization.id : s.organization_id)).filter((id): id is string => Boolean(id)))];
  progress.phase('fetching organisations', orgIds.length);
  let failed = 0;
  for (const id of orgIds) {
    try {
      const value = await fetchJson(at.organisation(id), { ...fetchOptions, retries: Math.min(fetchOptions.retries ?? 3, 1) });
      if (isRecord(value) && kindOfObject(value) === 'organisation') organisations.push(value);
    } catch {
      failed++;
    }
    progress.tick();
  }
  progress.done();
  if (failed) problems.add('info', `${failed} organisation record${failed === 1 ? '' : 's'} could not be fetched from /organizations; the summaries inside the services were used`);
  return organisations;
}

async function walkApi(url: URL, options: OrukOptions, problems: Problems, progress: Progress): Promise<Walk> {
  const fetchOptions = walkFetchOptions(options, problems, progress);
  const located = listUrl(url);
  if (located.single) {
    const value = await fetchJson(located.single.toString(), fetchOptions);
    const services = servicesIn(value);
    if (!services) throw new FetchError(located.single.toString(), 'the answer is not an ORUK service');
    return { services, complete: false, source: located.single.toString() };
  }
  const { list, isStatic } = located.root ? await discoverList(located.root, located.list, located.static, fetchOptions, problems) : { list: located.list, isStatic: located.static };
  const at = apiAddresses(list, isStatic, options.perPage ?? 100);
  const { seen, anonymous, complete } = await walkPages(list, at, options, fetchOptions, problems, progress);
  if (!(options.details ?? true)) return { services: [...seen.values(), ...anonymous], organisations: [], complete, source: url.toString(), recordUrl: at.service };
  const services = [...(await fetchServiceDetails(seen, at, options, fetchOptions, problems, progress)), ...anonymous];
  const organisations = await fetchOrganisations(services, at, fetchOptions, problems, progress);
  return { services, organisations, complete, source: url.toString(), recordUrl: at.service };
}
