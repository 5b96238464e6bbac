/**
 * From a batch of incoming records to a plan of file changes, and from a plan to files. The plan says what would
 * be created, updated, left alone, what conflicts, what may be a duplicate, what is missing from the source and
 * what could not be carried over; `applyPlan` writes it. Planning never writes, so a dry run is the plan printed.
 *
 * Rules that keep the data safe:
 * - Nothing is deleted. A record gone from the source is reported; only `markMissingInactive` changes it, and only
 *   to `status: inactive`.
 * - Existing files change field by field, in place (see yaml-writer.ts): hand edits, comments and fields the source
 *   does not send stay as they are.
 * - Three-way merge per field against what the source said last time (state.ts): changed only at the source, it is
 *   updated; changed only here, it is kept; changed in both, it is a conflict, reported and left alone unless
 *   `resolve` says which side wins.
 * - Values LOOP makes up (a summary drawn from the description, a placeholder description, the import mailbox as
 *   reviewer) fill gaps only; they never overwrite or conflict with what people wrote.
 * - A review date only moves forward: the later of LOOP's and the source's wins.
 * - Importing the same source twice changes nothing the second time.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { isRoleMailbox } from '../../model/personal-data.ts';
import type { Diagnostic } from '../../dataset/diagnostic.ts';
import { type Dataset, type ListingRecord, type LocationRecord, type OrganisationRecord } from '../../dataset/dataset.ts';
import { TERM_FIELDS, type TermField } from '../../model/vocabularies.ts';
import { findConfig, validateData } from '../../checks/load.ts';
import { LIKELY_DUPLICATE, POSSIBLE_DUPLICATE, type SimilarityProfile } from '../../dataset/similarity.ts';
import { today as clockToday } from '../../model/clock.ts';
import { uuid as uuidSchema } from '../../model/fields.ts';
import { uuidv5 } from '../../model/ids.ts';
import { SCHEMAS, slugify, type FileKind } from '../../model/kinds.ts';
import { Problems, type ImportBatch, type IncomingKind, type IncomingRecord, type Problem, type SourceTerm } from '../incoming.ts';
import { MatchIndex, locationProfile, organisationProfile, type Candidate, type MatchHow } from './matching.ts';
import { silentProgress, type Progress } from '../progress.ts';
import { fingerprint, readState, recordKey, stateKey, stateText, statePath, type ImportState, type RecordState } from './state.ts';
import { TermResolver, type TermMapping } from './terms.ts';
import { planVocabularyFiles } from './vocabulary-files.ts';
import { summaryFrom, ukDate } from '../values.ts';
import { canonical, newFileText, updateFileText } from './yaml-writer.ts';

type Json = Record<string, unknown>;
type AnyRecord = OrganisationRecord | LocationRecord | ListingRecord;

export interface SyncOptions {
  dataDir: string;
  /** loop.config.yaml (default: beside the data folder, else the current directory's). */
  configPath?: string;
  /** The import date (YYYY-MM-DD, UK); default today. */
  today?: string;
  /** Role mailbox recorded as reviewer when the source gives none LOOP may publish; default the publisher's. */
  reviewedBy?: string;
  /** A LOOP category for listings whose source categories map to none; default "imported/uncategorised". */
  fallbackCategory?: string;
  /** Set status: inactive on services that are no longer in the source (only for complete imports). */
  markMissingInactive?: boolean;
  /**
   * The largest share (0 to 1) of a source's active listings one run may mark inactive; default 0.2. More than
   * that is far likelier a broken or partial export than a directory closing a fifth of its services overnight.
   */
  maxInactiveShare?: number;
  /** Mark inactive beyond `maxInactiveShare` (never when nothing at all was read). */
  force?: boolean;
  /** Who wins a conflict: nobody (default: reported and left alone), LOOP's copy, or the source. */
  resolve?: 'local' | 'source';
  /** Treat likely duplicates (score >= 0.8) as the same record: link and merge instead of skipping. */
  linkDuplicates?: boolean;
  mapping?: TermMapping;
  esdLabels?: ReadonlyMap<string, string>;
  codeChanges?: ReadonlyMap<string, string>;
  progress?: Progress;
}

export interface FieldChange {
  field: string;
  from?: unknown;
  to?: unknown;
}

export interface FileChange {
  /** Relative to the data folder. */
  file: string;
  kind: FileKind;
  action: 'create' | 'update';
  label: string;
  before?: string;
  after: string;
  changes: FieldChange[];
}

export interface Conflict {
  file: string;
  label: string;
  field: string;
  local: unknown;
  incoming: unknown;
  resolved?: 'local' | 'source';
}

export interface PossibleDuplicate {
  label: string;
  kind: IncomingKind;
  /** The existing record's file. */
  file: string;
  score: number;
  reasons: string[];
  outcome: 'reused' | 'linked' | 'created' | 'not imported';
}

export interface MissingRecord {
  kind: IncomingKind;
  sourceId: string;
  file: string;
  label: string;
  markedInactive: boolean;
}

export interface Plan {
  system: string;
  format: string;
  source: string;
  today: string;
  created: FileChange[];
  updated: FileChange[];
  /** Taxonomy files gaining imported terms. */
  vocabularies: FileChange[];
  unchanged: { file: string; label: string }[];
  conflicts: Conflict[];
  duplicates: PossibleDuplicate[];
  missing: MissingRecord[];
  problems: Problem[];
  read: Record<IncomingKind, number>;
  /** Errors already in the data folder: a plan on top of them is shown but not written. */
  blocking: Diagnostic[];
  /** Warnings in the data folder when planning began. */
  warnings: number;
  state: ImportState;
  stateChanged: boolean;
}

interface Target {
  record?: AnyRecord;
  how?: MatchHow;
  base?: RecordState;
  /** For new records. */
  slug?: string;
  id?: string;
  /** A likely duplicate used as it is (venues and organisations): referenced, never changed. */
  reused?: boolean;
}

interface Desired {
  values: Json;
  defaults: Json;
}

const REQUIRED: Record<IncomingKind, string[]> = {
  organisation: ['id', 'name', 'description'],
  location: ['id', 'name'],
  service: ['id', 'name', 'organisation', 'summary', 'categories', 'reviewed', 'reviewed_by'],
  resource: ['id', 'name', 'organisation', 'summary', 'categories', 'reviewed', 'reviewed_by', 'format', 'url'],
};

const FOLDER: Record<IncomingKind, string> = { organisation: 'organisations', location: 'locations', service: 'services', resource: 'resources' };

const isListing = (kind: IncomingKind): kind is 'service' | 'resource' => kind === 'service' || kind === 'resource';

/** The model's own UUID check: a source id is reused as the LOOP id only when LOOP would accept it. */
const isUuid = (value: string): boolean => uuidSchema.safeParse(value.toLowerCase()).success;

function fileOf(kind: IncomingKind, slug: string): string {
  return `${FOLDER[kind]}/${slug}.yaml`;
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

export const DEFAULT_MAX_INACTIVE_SHARE = 0.2;

function isEmpty(value: unknown): boolean {
  return value === undefined || (Array.isArray(value) && value.length === 0);
}

export async function planImport(batch: ImportBatch, options: SyncOptions): Promise<Plan> {
  const dataDir = resolve(options.dataDir);
  const today = options.today ?? clockToday();
  const progress = options.progress ?? silentProgress;
  const configPath = options.configPath ?? findConfig(dataDir);
  progress.phase('reading the data folder');
  const validation = await validateData({ dataDir, root: dataDir, configPath, asOf: today });
  progress.done();
  if (!validation.dataset) {
    const first = validation.diagnostics.find((d) => d.severity === 'error');
    throw new Error(`cannot read the data folder: ${first ? `${first.file}:${first.line}: ${first.message}` : 'unknown error'}`);
  }
  const planner = new ImportPlanner(batch, options, validation.dataset, { dataDir, today, progress, blocking: validation.diagnostics.filter((d) => d.severity === 'error'), warnings: validation.warnings });
  planner.match();
  planner.planChanges();
  if (batch.complete) planner.reportMissing();
  planner.planVocabularies();
  return planner.finish();
}

/**
 * One import being planned: which LOOP record each incoming record is (matching), what each should hold and how
 * that merges with the file (planning changes), what the source no longer has, and the new imported terms. Holds
 * the bookkeeping the steps share (slugs and ids taken, targets, the new import state); writes nothing.
 */
class ImportPlanner {
  readonly plan: Plan;
  private readonly problems = new Problems();
  private readonly system: string;
  private readonly namespace: string;
  private readonly oldState: ImportState;
  private readonly state: ImportState;
  private readonly index: MatchIndex;
  private readonly terms: TermResolver;
  private readonly reviewedBy: string;
  private readonly dataDir: string;
  private readonly today: string;
  private readonly progress: Progress;
  private readonly used: { ids: Set<string> } & Record<IncomingKind, Set<string>>;
  private readonly targets = new Map<string, Target>();
  private readonly slugOf = new Map<string, string>();
  private readonly seen = new Set<string>();

  private readonly batch: ImportBatch;
  private readonly options: SyncOptions;
  private readonly dataset: Dataset;

  constructor(batch: ImportBatch, options: SyncOptions, dataset: Dataset, context: { dataDir: string; today: string; progress: Progress; blocking: Diagnostic[]; warnings: number }) {
    this.batch = batch;
    this.options = options;
    this.dataset = dataset;
    this.dataDir = context.dataDir;
    this.today = context.today;
    this.progress = context.progress;
    for (const p of batch.problems) this.problems.list.push(p);
    this.system = batch.system;
    this.namespace = stateKey(this.system);
    const { state: oldState, problem: stateProblem } = readState(this.dataDir, this.system, batch.format, batch.source);
    if (stateProblem) this.problems.add('warning', stateProblem);
    this.oldState = oldState;
    this.state = { ...oldState, format: batch.format, source: batch.source, records: { ...oldState.records } };
    this.index = new MatchIndex(dataset);
    this.terms = new TermResolver(dataset, {
      namespace: this.namespace,
      system: this.system,
      ...(options.mapping ? { mapping: options.mapping } : {}),
      ...(options.esdLabels ? { esdLabels: options.esdLabels } : {}),
      ...(options.codeChanges ? { codeChanges: options.codeChanges } : {}),
    });
    this.reviewedBy = options.reviewedBy ?? dataset.config.publisher.email;
    if (options.fallbackCategory && !this.terms.isLoopTerm('category', options.fallbackCategory)) {
      throw new Error(`the fallback category "${options.fallbackCategory}" is not a category in data/taxonomies/`);
    }
    this.plan = {
      system: this.system,
      format: batch.format,
      source: batch.source,
      today: this.today,
      created: [],
      updated: [],
      vocabularies: [],
      unchanged: [],
      conflicts: [],
      duplicates: [],
      missing: [],
      problems: [],
      read: { organisation: 0, location: 0, service: 0, resource: 0 },
      blocking: context.blocking,
      warnings: context.warnings,
      state: this.state,
      stateChanged: false,
    };
    // Services and resources share one namespace of slugs (organisation/name).
    const listingSlugs = new Set(dataset.listings.map((l) => l.slug));
    this.used = {
      ids: new Set<string>([...dataset.organisations, ...dataset.listings, ...dataset.locations, ...dataset.taxonomies].map((r) => r.id)),
      organisation: new Set(dataset.organisations.map((o) => o.slug)),
      location: new Set(dataset.locations.map((l) => l.slug)),
      service: listingSlugs,
      resource: listingSlugs,
    };
  }

  private kindOf(record: object): IncomingKind {
    if ('listing' in record) return (record as ListingRecord).listing;
    const slug = (record as { slug: string }).slug;
    return this.dataset.location(slug) === record ? 'location' : 'organisation';
  }

  private byKind(kind: IncomingKind): IncomingRecord[] {
    return this.batch.records.filter((r) => r.kind === kind);
  }

  private existingFor(rec: IncomingRecord): Target | undefined {
    const base = this.oldState.records[recordKey(rec.kind, rec.key)];
    if (base) {
      const record = this.dataset.byUuid(base.id);
      if (record && 'slug' in record && this.kindOf(record) === rec.kind) return { record: record as AnyRecord, how: 'state', base };
    }
    const byProvenance = this.index.byProvenance(rec.kind, this.system, rec.key);
    if (byProvenance) return { record: byProvenance, how: 'provenance', ...(base ? { base } : {}) };
    return undefined;
  }

  private newId(rec: IncomingRecord): string {
    const { used, namespace } = this;
    let id = isUuid(rec.key) && !used.ids.has(rec.key.toLowerCase()) ? rec.key.toLowerCase() : uuidv5(`${namespace}|${rec.kind}|${rec.key}`);
    for (let n = 2; used.ids.has(id); n++) id = uuidv5(`${namespace}|${rec.kind}|${rec.key}|${n}`);
    used.ids.add(id);
    return id;
  }

  private newSlug(kind: IncomingKind, base: string, hint?: string): string {
    const taken = this.used[kind];
    // A slug the source suggests (LOOP's own feeds) is kept when it fits where the file will go and is free.
    const fits = hint && /^[a-z0-9]+(?:-[a-z0-9]+)*(\/[a-z0-9]+(?:-[a-z0-9]+)*)?$/.test(hint) && (isListing(kind) ? hint.split('/')[0] === base.split('/')[0] && hint.includes('/') : !hint.includes('/'));
    if (fits && !taken.has(hint)) {
      taken.add(hint);
      return hint;
    }
    let slug = base;
    for (let n = 2; taken.has(slug); n++) slug = `${base}-${n}`;
    taken.add(slug);
    return slug;
  }

  private duplicate(rec: IncomingRecord, candidate: Candidate<AnyRecord>, outcome: PossibleDuplicate['outcome']): void {
    this.plan.duplicates.push({ label: rec.label, kind: rec.kind, file: candidate.record.file, score: candidate.score, reasons: candidate.reasons, outcome });
  }

  /** Decides, for one incoming record, which LOOP record it is (or that it is new, or a duplicate to skip). */
  private decide(rec: IncomingRecord, similar: () => Candidate<AnyRecord>[], slugBase: () => string, reusable: boolean): void {
    const { seen, targets, slugOf, problems } = this;
    const key = recordKey(rec.kind, rec.key);
    if (seen.has(key)) return;
    seen.add(key);
    this.plan.read[rec.kind]++;
    let target = this.existingFor(rec);
    if (!target && rec.kind === 'organisation') {
      const byId = this.index.byIdentifier(rec.fields);
      if (byId) {
        target = { record: byId.record, how: 'identifier' };
        problems.add('info', `matched ${byId.record.file} by ${byId.reasons.join(', ')}`, { record: rec.label });
      }
    }
    if (!target) {
      const candidates = similar();
      const top = candidates[0];
      if (top && top.score >= LIKELY_DUPLICATE) {
        if (this.options.linkDuplicates) {
          target = { record: top.record, how: 'similarity' };
          this.duplicate(rec, top, 'linked');
        } else if (reusable) {
          this.duplicate(rec, top, 'reused');
          targets.set(key, { record: top.record, how: 'similarity', reused: true });
          slugOf.set(key, top.record.slug);
          return;
        } else {
          this.duplicate(rec, top, 'not imported');
          return;
        }
      } else if (top) this.duplicate(rec, top, 'created');
    }
    if (target) {
      targets.set(key, target);
      slugOf.set(key, target.record!.slug);
      return;
    }
    const slug = this.newSlug(rec.kind, slugBase(), rec.slug);
    targets.set(key, { slug, id: this.newId(rec) });
    slugOf.set(key, slug);
  }

  /** Matching: organisations, then venues, then listings (which need their organisation's slug). */
  match(): void {
    const { index, progress, problems } = this;
    progress.phase('matching', this.batch.records.length);
    for (const rec of this.byKind('organisation')) {
      this.decide(rec, () => index.similarOrganisations(organisationProfile(rec.fields as { name: string }), POSSIBLE_DUPLICATE), () => slugify(String(rec.fields.name)) || 'organisation', true);
      progress.tick();
    }
    const locationRecords = new Map(this.byKind('location').map((r) => [r.key, r]));
    for (const rec of locationRecords.values()) {
      this.decide(rec, () => index.similarLocations(locationProfile(rec.fields as { name: string }), LIKELY_DUPLICATE), () => locationSlugBase(rec), true);
      progress.tick();
    }
    for (const rec of [...this.byKind('service'), ...this.byKind('resource')]) {
      const orgSlug = rec.organisation ? this.slugOf.get(recordKey('organisation', rec.organisation)) : undefined;
      if (!orgSlug) {
        problems.add('error', 'its organisation could not be imported, so neither could it', { record: rec.label });
        this.seen.add(recordKey(rec.kind, rec.key));
        this.plan.read[rec.kind]++;
        continue;
      }
      const profile: SimilarityProfile = {
        name: String(rec.fields.name),
        postcodes: (rec.locations ?? []).map((l) => (locationRecords.get(l.location)?.fields.address as { postal_code?: string } | undefined)?.postal_code).filter((p): p is string => Boolean(p)),
        phones: ((rec.fields.phones as { number: string }[] | undefined) ?? []).map((p) => p.number),
        emails: typeof rec.fields.email === 'string' ? [rec.fields.email] : [],
        urls: typeof rec.fields.url === 'string' ? [rec.fields.url] : [],
        text: [rec.fields.summary, rec.fields.description].filter((t): t is string => typeof t === 'string').join(' '),
      };
      this.decide(rec, () => index.similarListings(profile, POSSIBLE_DUPLICATE, rec.kind as 'service' | 'resource'), () => `${orgSlug}/${slugify(String(rec.fields.name)) || rec.kind}`, false);
      progress.tick();
    }
    progress.done();
  }

  private resolveTerm(term: SourceTerm, rec: IncomingRecord): string {
    const { slug, how } = this.terms.resolve(term);
    if (how === 'imported') {
      this.problems.addRepeated('warning', `${TERM_FIELDS[term.field]} "${term.name ?? term.code ?? term.uri}"${term.vocabulary ? ` (${term.vocabulary})` : ''} has no LOOP equivalent yet; kept as imported term ${slug}`, rec.label);
    }
    return slug;
  }

  private withLanguages(value: unknown, rec: IncomingRecord): unknown {
    if (Array.isArray(value)) return value.map((v) => this.withLanguages(v, rec));
    if (value === null || typeof value !== 'object') return value;
    const out: Json = {};
    for (const [k, v] of Object.entries(value as Json)) {
      if (k === 'languages' && Array.isArray(v) && v.every((t) => t && typeof t === 'object' && (t as SourceTerm).field === 'languages')) {
        const slugs = [...new Set((v as SourceTerm[]).map((t) => this.resolveTerm(t, rec)))];
        if (slugs.length) out[k] = slugs;
      } else out[k] = this.withLanguages(v, rec);
    }
    return out;
  }

  private desiredOrganisation(rec: IncomingRecord): Desired {
    const values = this.withLanguages({ ...rec.fields }, rec) as Json;
    if (rec.parentOrganisation) {
      const parent = this.slugOf.get(recordKey('organisation', rec.parentOrganisation));
      if (parent) values.parent_organisation = parent;
      else this.problems.add('info', `its parent organisation (${rec.parentOrganisation}) is not in the source; left out`, { record: rec.label });
    }
    return { values, defaults: { description: `No description was given by ${this.system}.` } };
  }

  private desiredLocation(rec: IncomingRecord): Desired {
    const values = this.withLanguages({ ...rec.fields }, rec) as Json;
    if (rec.organisation) {
      const org = this.slugOf.get(recordKey('organisation', rec.organisation));
      if (org) values.organisation = org;
    }
    if (typeof values.ward === 'string' && !this.dataset.term('area', values.ward)) {
      this.problems.add('warning', `ward "${values.ward}" is not an area in data/taxonomies/; left out`, { record: rec.label, field: 'ward' });
      delete values.ward;
    }
    return { values, defaults: {} };
  }

  private desiredService(rec: IncomingRecord, orgSlug: string): Desired {
    const values = this.withLanguages({ ...rec.fields }, rec) as Json;
    values.organisation = orgSlug;
    this.addTerms(rec, values);
    this.addLocations(rec, values);
    const defaults: Json = {};
    const description = typeof values.description === 'string' ? values.description : undefined;
    if (!values.summary) {
      const summary = description ? summaryFrom(description) : undefined;
      defaults.summary = summary ?? `${String(values.name)}: no summary was given by ${this.system}.`;
      if (!summary) this.problems.addRepeated('info', 'no description to draw a summary from; a placeholder summary was written', rec.label);
    }
    this.addReview(rec, values, defaults);
    return { values, defaults };
  }

  /** The listing's vocabulary fields, each source term resolved once; a listing always has a LOOP category. */
  private addTerms(rec: IncomingRecord, values: Json): void {
    const byField = new Map<TermField, string[]>();
    for (const term of rec.terms ?? []) {
      if (term.ifKnown) {
        // Free-text words: a real LOOP term or nothing (the words stay in the listing's text).
        const hit = this.terms.match(term);
        if (!hit || hit.how === 'imported') {
          this.problems.addRepeated('info', `${TERM_FIELDS[term.field]} "${term.name ?? term.code}"${term.vocabulary ? ` (${term.vocabulary})` : ''} matches no LOOP ${TERM_FIELDS[term.field]}; kept in the listing's words only`, rec.label);
          continue;
        }
      }
      const slug = this.resolveTerm(term, rec);
      const list = byField.get(term.field) ?? [];
      if (!list.includes(slug)) list.push(slug);
      byField.set(term.field, list);
    }
    const categories = byField.get('categories') ?? [];
    if (!categories.some((c) => this.terms.isLoopTerm('category', c))) {
      const fallback = this.terms.fallbackCategory(this.options.fallbackCategory);
      if (!categories.includes(fallback)) categories.unshift(fallback);
      this.problems.addRepeated('info', `no source category maps to a LOOP category; given the fallback category ${fallback}`, rec.label);
    }
    byField.set('categories', categories);
    for (const [field, slugs] of byField) if (slugs.length) values[field] = slugs;
  }

  /** The venues a service is at, by the slugs they were given (a venue that could not be written is not linked). */
  private addLocations(rec: IncomingRecord, values: Json): void {
    const locations: Json[] = [];
    for (const at of rec.locations ?? []) {
      const slug = this.slugOf.get(recordKey('location', at.location));
      if (!slug) {
        this.problems.add('warning', `venue ${at.location} could not be written, so it is not linked`, { record: rec.label, field: 'locations' });
        continue;
      }
      locations.push(this.withLanguages({ location: slug, ...(at.description ? { description: at.description } : {}), ...(at.schedules ? { schedules: at.schedules } : {}), ...(at.phones ? { phones: at.phones } : {}) }, rec) as Json);
    }
    if (locations.length) values.locations = locations;
  }

  /** The review date and reviewer: the source's when it gives them and LOOP may publish them, else defaults. */
  private addReview(rec: IncomingRecord, values: Json, defaults: Json): void {
    const { today, problems, reviewedBy } = this;
    const reviewDate = rec.review?.date;
    if (reviewDate && reviewDate <= today) values.reviewed = reviewDate;
    else {
      if (reviewDate) problems.add('warning', `the source's review date ${reviewDate} is in the future; not used`, { record: rec.label });
      const modified = rec.modified ? ukDate(new Date(rec.modified)) : undefined;
      defaults.reviewed = modified && modified <= today ? modified : today;
      problems.addRepeated('info', `the source gives no review (assured) date; reviewed set to ${modified && modified <= today ? 'the date it was last changed at the source' : 'the import date'}`, rec.label);
    }
    const assurer = rec.review?.by;
    if (assurer && (rec.review?.trusted || isRoleMailbox(assurer)) && /^[^@\s]+@[^@\s]+\.[a-z]{2,}$/i.test(assurer)) values.reviewed_by = assurer;
    else {
      defaults.reviewed_by = reviewedBy;
      problems.addRepeated('info', `reviewed_by set to ${reviewedBy}: ${assurer ? "the source's assurer is a person's address, which LOOP does not publish" : 'the source names no reviewer'}`, rec.label);
    }
    if (values.reviewed && !values.reviewed_by) defaults.reviewed_by = reviewedBy;
  }

  /** Builds what each record should hold, then creates or merges it. */
  planChanges(): void {
    const { progress, problems, targets, slugOf, today, system } = this;
    progress.phase('planning changes', this.batch.records.length);
    // Organisations and venues first: a service whose organisation could not be written cannot be written either.
    const order: Record<IncomingKind, number> = { organisation: 0, location: 1, service: 2, resource: 2 };
    for (const rec of [...this.batch.records].sort((a, b) => order[a.kind] - order[b.kind])) {
      progress.tick();
      const key = recordKey(rec.kind, rec.key);
      const target = targets.get(key);
      if (!target || target.reused) continue;
      if (isListing(rec.kind) && !slugOf.has(recordKey('organisation', rec.organisation!))) {
        problems.add('error', 'its organisation could not be written, so neither could it', { record: rec.label });
        continue;
      }
      let desired: Desired;
      if (rec.kind === 'organisation') desired = this.desiredOrganisation(rec);
      else if (rec.kind === 'location') desired = this.desiredLocation(rec);
      else desired = this.desiredService(rec, slugOf.get(recordKey('organisation', rec.organisation!))!);
      if (rec.kind === 'resource') delete desired.values.locations;
      const provenanceEntry = { system, id: rec.key, ...(rec.url ? { url: rec.url } : {}), imported: today };
      if (target.record) this.mergeExisting(rec, target, desired, provenanceEntry);
      else this.createNew(rec, target, desired, provenanceEntry);
    }
    progress.done();
  }

  private createNew(rec: IncomingRecord, target: Target, desired: Desired, provenanceEntry: Json): void {
    const kind = rec.kind as FileKind;
    // Provenance the source itself carries (LOOP's feeds) comes first; this import's entry is added after it.
    const earlier = (rec.provenance ?? []).filter((p) => !(p.system === provenanceEntry.system && p.id === provenanceEntry.id));
    let record: Json = { id: target.id, ...desired.defaults, ...desired.values, provenance: [...earlier, provenanceEntry] };
    const checked = validateRecord(kind, record, rec, this.problems);
    if (!checked) {
      this.used[rec.kind].delete(target.slug!);
      this.slugOf.delete(recordKey(rec.kind, rec.key));
      return;
    }
    record = checked.record;
    const file = fileOf(rec.kind, target.slug!);
    this.plan.created.push({ file, kind, action: 'create', label: rec.label, after: newFileText(kind, record), changes: Object.keys(record).map((field) => ({ field, to: record[field] })) });
    const fields: Record<string, string> = {};
    for (const [field, value] of Object.entries(desired.values)) if (!checked.dropped.has(field)) fields[field] = fingerprint(value);
    this.state.records[recordKey(rec.kind, rec.key)] = { kind: rec.kind, id: String(record.id), file, fields };
  }

  /**
   * The common case of a scheduled sync: the source has not changed this record since the last import. Then
   * whatever people did to the file stands and nothing needs reading: every field's fingerprint equals the one
   * remembered, the file already names this source in its provenance, and the source's review date is not newer.
   */
  private unchangedAtSource(rec: IncomingRecord, target: Target, desired: Desired): boolean {
    const base = target.base?.fields;
    const record = target.record as (AnyRecord & { reviewed?: string }) | undefined;
    if (!base || !record || target.how !== 'state') return false;
    const fields = Object.keys(desired.values).filter((f) => f !== 'id' && f !== 'provenance');
    if (fields.length !== Object.keys(base).length) return false;
    for (const field of fields) if (base[field] !== fingerprint(desired.values[field])) return false;
    if (!record.provenance?.some((p) => p.system === this.system && p.id === rec.key)) return false;
    const reviewed = desired.values.reviewed as string | undefined;
    if (reviewed && (!record.reviewed || reviewed > record.reviewed)) return false;
    for (const field of Object.keys(desired.defaults)) {
      if (REQUIRED[rec.kind].includes(field) && isEmpty((record as unknown as Json)[field])) return false;
    }
    return true;
  }

  private mergeExisting(rec: IncomingRecord, target: Target, desired: Desired, provenanceEntry: Json): void {
    const record = target.record!;
    const kind = rec.kind as FileKind;
    const key = recordKey(rec.kind, rec.key);
    if (this.unchangedAtSource(rec, target, desired)) {
      this.state.records[key] = { kind: rec.kind, id: target.base!.id, file: record.file, fields: target.base!.fields };
      this.plan.unchanged.push({ file: record.file, label: rec.label });
      return;
    }
    const text = readFileSync(join(this.dataDir, record.file), 'utf8');
    const local = (parseDocument(text, { version: '1.2' }).toJS() ?? {}) as Json;
    const merge: Merge = { rec, file: record.file, local, next: { ...local }, newBase: {}, changes: [], owned: new Set() };
    const conflictsBefore = this.plan.conflicts.length;
    this.mergeFields(merge, desired, target.base?.fields ?? {});
    mergeReview(merge, desired);
    fillDefaults(merge, desired);
    this.mergeProvenance(merge, provenanceEntry);
    this.state.records[key] = { kind: rec.kind, id: record.id, file: record.file, fields: merge.newBase };
    if (!merge.owned.size) {
      // A record left alone because of a conflict is reported as a conflict, not also as matching the source.
      if (this.plan.conflicts.length === conflictsBefore) this.plan.unchanged.push({ file: record.file, label: rec.label });
      return;
    }
    const check = (SCHEMAS[kind] as unknown as z.ZodType).safeParse(merge.next);
    if (!check.success) {
      const issue = check.error.issues[0]!;
      this.problems.add('error', `the merged record would not be valid (${issue.path.join('.')}: ${issue.message}); ${record.file} was left as it was`, { record: rec.label });
      if (target.base) this.state.records[key] = target.base;
      else delete this.state.records[key];
      return;
    }
    const after = updateFileText(kind, text, merge.next, merge.owned);
    this.plan.updated.push({ file: record.file, kind, action: 'update', label: rec.label, before: text, after, changes: merge.changes });
  }

  /**
   * The three-way merge of each field against what the source said last time (`base`): changed only at the
   * source, taken; changed only here, kept; changed in both, a conflict. A listing's organisation never moves.
   */
  private mergeFields(merge: Merge, desired: Desired, base: Record<string, string>): void {
    const { rec, local, next, newBase, changes, owned } = merge;
    const fields = new Set([...Object.keys(desired.values), ...Object.keys(base)]);
    for (const field of ['id', 'provenance', 'reviewed', 'reviewed_by']) fields.delete(field);
    for (const field of fields) {
      const incoming = desired.values[field];
      const mine = local[field];
      const baseHash = base[field];
      if (field === 'organisation' && isListing(rec.kind)) {
        if (incoming !== undefined) newBase[field] = fingerprint(incoming);
        if (incoming !== mine && mine !== undefined) {
          this.problems.add('warning', `the source now says it is run by ${String(incoming)}; move the file by hand if so (LOOP keeps ${String(mine)})`, { record: rec.label });
        }
        continue;
      }
      if (same(mine, incoming)) {
        if (incoming !== undefined) newBase[field] = fingerprint(incoming);
        continue;
      }
      const take = () => {
        owned.add(field);
        next[field] = incoming;
        if (incoming !== undefined) newBase[field] = fingerprint(incoming);
        changes.push({ field, from: mine, to: incoming });
      };
      const keep = () => {
        if (baseHash !== undefined) newBase[field] = baseHash;
      };
      if (baseHash === undefined) {
        if (mine === undefined) take();
        else if (incoming === undefined) keep();
        else this.conflict(merge, field, mine, incoming, take, () => (newBase[field] = fingerprint(incoming)), keep);
      } else if (fingerprint(mine) === baseHash) {
        take();
      } else if (incoming !== undefined && fingerprint(incoming) === baseHash) {
        keep();
      } else {
        this.conflict(merge, field, mine, incoming, take, () => {
          if (incoming !== undefined) newBase[field] = fingerprint(incoming);
        }, keep);
      }
    }
  }

  private conflict(merge: Merge, field: string, mine: unknown, incoming: unknown, take: () => void, keepLocal: () => void, leave: () => void): void {
    const { resolve: winner } = this.options;
    this.plan.conflicts.push({ file: merge.file, label: merge.rec.label, field, local: mine, incoming, ...(winner ? { resolved: winner } : {}) });
    if (winner === 'source') take();
    else if (winner === 'local') keepLocal();
    else leave();
  }

  /** Provenance: this source's entry is added once; its import date moves only when something else changed. */
  private mergeProvenance(merge: Merge, provenanceEntry: Json): void {
    const { rec, local, next, changes, owned } = merge;
    const provenance = Array.isArray(local.provenance) ? (local.provenance as Json[]).map((p) => ({ ...p })) : [];
    const mineIndex = provenance.findIndex((p) => p.system === this.system && p.id === rec.key);
    if (mineIndex < 0) {
      provenance.push(provenanceEntry);
      changes.push({ field: 'provenance', to: provenanceEntry });
    } else if (changes.length) {
      const entry = provenance[mineIndex]!;
      provenance[mineIndex] = { ...entry, ...(provenanceEntry.url ? { url: provenanceEntry.url } : {}), imported: this.today };
    }
    if (changes.length || mineIndex < 0) {
      owned.add('provenance');
      next.provenance = provenance;
    }
  }

  /**
   * Records the source no longer has: reported, and with `markMissingInactive` listings set inactive, but never
   * all of a source that sent nothing, nor more than `maxInactiveShare` of its listings without `force`.
   */
  reportMissing(): void {
    const { dataset, seen, options, dataDir, plan } = this;
    const reported = new Set<string>();
    const gone: { kind: IncomingKind; sourceId: string; record: AnyRecord | undefined; file: string }[] = [];
    const fromSource = new Set<string>();
    const isActive = (record: AnyRecord | undefined) => record !== undefined && (record as ListingRecord).status !== 'inactive' && (record as ListingRecord).status !== 'defunct';
    const consider = (kind: IncomingKind, sourceId: string, record: AnyRecord | undefined, fileHint: string) => {
      const key = recordKey(kind, sourceId);
      if (isListing(kind) && isActive(record)) fromSource.add(key);
      if (seen.has(key) || reported.has(key)) return;
      reported.add(key);
      gone.push({ kind, sourceId, record, file: record?.file ?? fileHint });
    };
    for (const [key, recordState] of Object.entries(this.oldState.records)) {
      const sourceId = key.slice(key.indexOf(':') + 1);
      consider(recordState.kind, sourceId, dataset.byUuid(recordState.id) as AnyRecord | undefined, recordState.file);
    }
    for (const record of [...dataset.organisations, ...dataset.locations, ...dataset.listings]) {
      for (const p of record.provenance ?? []) if (p.system === this.system) consider(this.kindOf(record), p.id, record, record.file);
    }
    const toMark = options.markMissingInactive ? gone.filter((g) => isListing(g.kind) && isActive(g.record)) : [];
    const allowed = this.mayMarkInactive(toMark.length, fromSource.size);
    for (const { kind, sourceId, record, file } of gone) {
      let markedInactive = false;
      if (allowed && record && toMark.some((g) => g.record === record)) {
        const text = readFileSync(join(dataDir, record.file), 'utf8');
        const local = (parseDocument(text, { version: '1.2' }).toJS() ?? {}) as Json;
        const after = updateFileText(kind, text, { ...local, status: 'inactive' }, ['status']);
        plan.updated.push({ file: record.file, kind, action: 'update', label: `${kind} ${sourceId} "${record.name}"`, before: text, after, changes: [{ field: 'status', from: local.status, to: 'inactive' }] });
        markedInactive = true;
      }
      plan.missing.push({ kind, sourceId, file, label: record ? `${kind} "${record.name}"` : `${kind} ${sourceId}`, markedInactive });
    }
  }

  /** Whether `count` of a source's `active` listings may be marked inactive in this run; says why not when not. */
  private mayMarkInactive(count: number, active: number): boolean {
    if (count === 0) return true;
    const listingsRead = this.plan.read.service + this.plan.read.resource;
    if (listingsRead === 0) {
      this.problems.add(
        'error',
        `no services were read from the source, so none of the ${count} listings LOOP has from it were marked inactive: an empty read is far likelier a broken or empty export than a closed directory (refused even with --force; check the source)`,
      );
      return false;
    }
    const max = this.options.maxInactiveShare ?? DEFAULT_MAX_INACTIVE_SHARE;
    const share = active ? count / active : 1;
    if (share <= max) return true;
    const percent = (n: number) => `${Math.round(n * 1000) / 10}%`;
    const words = `${count} of the ${active} active listings LOOP has from this source (${percent(share)}) are no longer in it, more than the ${percent(max)} one run may mark inactive`;
    if (this.options.force) {
      this.problems.add('warning', `${words}; marked inactive because of --force`);
      return true;
    }
    this.problems.add(
      'error',
      `${words}, so none were marked inactive. Check the source is complete, then run again with --force, or raise the limit with --max-inactive-share PERCENT (max_inactive_share in the sync entry's options)`,
    );
    return false;
  }

  /**
   * New imported vocabulary terms, appended to (or starting) the files of their source vocabulary, split so no file
   * nears the validator's size cap (vocabulary-files.ts).
   */
  planVocabularies(): void {
    const read = (file: string): string | undefined => {
      const path = join(this.dataDir, file);
      return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
    };
    for (const group of this.terms.newTermGroups()) {
      for (const planned of planVocabularyFiles(group, { system: this.system, maxFileBytes: this.dataset.config.limits.max_file_bytes, read })) {
        this.plan.vocabularies.push({
          file: planned.file,
          kind: 'taxonomy',
          action: planned.action,
          label: `taxonomy ${planned.file}`,
          ...(planned.before !== undefined ? { before: planned.before } : {}),
          after: planned.after,
          changes: planned.terms.map((t) => ({ field: 'terms', to: t.slug })),
        });
      }
    }
  }

  finish(): Plan {
    const { plan, dataDir, system } = this;
    plan.problems = this.problems.all();
    plan.stateChanged = stateText(this.state) !== (existsSync(statePath(dataDir, system)) ? readFileSync(statePath(dataDir, system), 'utf8') : '');
    return plan;
  }
}

/** One existing file being merged with what the source says now. */
interface Merge {
  rec: IncomingRecord;
  file: string;
  /** The file as it is. */
  local: Json;
  /** The file as it will be. */
  next: Json;
  /** What the source said, per field, for the next three-way merge. */
  newBase: Record<string, string>;
  changes: FieldChange[];
  /** Fields this import writes (the YAML writer leaves the others exactly as they are). */
  owned: Set<string>;
}

/** The review date only moves forward; the reviewer goes with the date. */
function mergeReview(merge: Merge, desired: Desired): void {
  const { local, next, newBase, changes, owned } = merge;
  const sourceReviewed = desired.values.reviewed as string | undefined;
  if (sourceReviewed) newBase.reviewed = fingerprint(sourceReviewed);
  if (desired.values.reviewed_by !== undefined) newBase.reviewed_by = fingerprint(desired.values.reviewed_by);
  if (sourceReviewed && (typeof local.reviewed !== 'string' || sourceReviewed > local.reviewed)) {
    owned.add('reviewed').add('reviewed_by');
    next.reviewed = sourceReviewed;
    next.reviewed_by = desired.values.reviewed_by ?? desired.defaults.reviewed_by ?? local.reviewed_by;
    changes.push({ field: 'reviewed', from: local.reviewed, to: sourceReviewed });
    if (next.reviewed_by !== local.reviewed_by) changes.push({ field: 'reviewed_by', from: local.reviewed_by, to: next.reviewed_by });
  }
}

/** Gaps in required fields are filled with LOOP's defaults, never anything else. */
function fillDefaults(merge: Merge, desired: Desired): void {
  const { rec, next, changes, owned } = merge;
  for (const [field, value] of Object.entries(desired.defaults)) {
    if (isEmpty(next[field]) && REQUIRED[rec.kind].includes(field)) {
      owned.add(field);
      next[field] = value;
      changes.push({ field, from: undefined, to: value });
    }
  }
}

function locationSlugBase(rec: IncomingRecord): string {
  const name = slugify(String(rec.fields.name ?? ''));
  return name || slugify(String((rec.fields.address as { postal_code?: string } | undefined)?.postal_code ?? '')) || 'venue';
}

/**
 * Validates a new record against the model; a field that fails is dropped (and reported) so one bad value costs a
 * field, not the record. Returns undefined when a required field itself is bad.
 */
function validateRecord(kind: FileKind, input: Json, rec: IncomingRecord, problems: Problems): { record: Json; dropped: Set<string> } | undefined {
  const schema = SCHEMAS[kind] as unknown as z.ZodType;
  const record = structuredClone(input);
  const dropped = new Set<string>();
  for (let attempt = 0; attempt < 30; attempt++) {
    const result = schema.safeParse(record);
    if (result.success) return { record, dropped };
    const issue = result.error.issues[0]!;
    const [field, index, part] = issue.path as (string | number)[];
    if (field === undefined || REQUIRED[rec.kind].includes(String(field))) {
      problems.add('error', `${issue.path.join('.') || 'the record'}: ${issue.message}; not imported`, { record: rec.label });
      return undefined;
    }
    const value = record[field as string];
    const item = Array.isArray(value) && typeof index === 'number' ? value[index] : undefined;
    if (typeof part === 'string' && item && typeof item === 'object' && !Array.isArray(item) && part in item && issue.path.length === 3) {
      // One bad value inside an item (a provenance entry's address, a phone's description) costs that value only;
      // if the item cannot stand without it, the next attempt drops the item.
      const { [part]: _bad, ...rest } = item as Record<string, unknown>;
      (value as unknown[])[index as number] = rest;
      problems.add('warning', `${issue.path.join('.')}: ${issue.message}; that value was left out`, { record: rec.label, field: String(field) });
    } else if (Array.isArray(value) && typeof index === 'number' && value.length > 1) {
      value.splice(index, 1);
      problems.add('warning', `${issue.path.join('.')}: ${issue.message}; that item was left out`, { record: rec.label, field: String(field) });
    } else {
      delete record[field as string];
      dropped.add(String(field));
      problems.add('warning', `${issue.path.join('.')}: ${issue.message}; the field was left out`, { record: rec.label, field: String(field) });
    }
  }
  problems.add('error', 'too many invalid fields; not imported', { record: rec.label });
  return undefined;
}

/** Writes a plan's files and the import state. Never deletes anything. */
export function applyPlan(plan: Plan, dataDir: string, progress: Progress = silentProgress): { written: string[] } {
  const written: string[] = [];
  const folders = new Set<string>();
  const changes = [...plan.vocabularies, ...plan.created, ...plan.updated];
  progress.phase('writing files', changes.length);
  for (const change of changes) {
    const path = join(dataDir, change.file);
    if (change.action === 'update' && readFileSync(path, 'utf8') !== change.before) throw new Error(`${change.file} changed while importing; run the import again`);
    const folder = dirname(path);
    if (!folders.has(folder)) {
      mkdirSync(folder, { recursive: true });
      folders.add(folder);
    }
    // "wx" refuses to replace a file that appeared since planning: an import never overwrites what it did not read.
    try {
      writeFileSync(path, change.after, change.action === 'create' ? { flag: 'wx' } : {});
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new Error(`${change.file} appeared while importing; nothing was overwritten`);
      throw error;
    }
    written.push(change.file);
    progress.tick();
  }
  progress.done();
  if (plan.stateChanged) {
    const path = statePath(dataDir, plan.system);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, stateText(plan.state));
  }
  return { written };
}

export function hasChanges(plan: Plan): boolean {
  return plan.created.length + plan.updated.length + plan.vocabularies.length > 0;
}
