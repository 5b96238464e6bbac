/**
 * The one loader. The CLI, the Astro build, the importers and the tests all call `validateData` or `loadDataset`;
 * nothing else reads data/.
 */
import { existsSync, lstatSync, readFileSync, type Stats } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { compareDiagnostics, countBySeverity, type Diagnostic } from '../dataset/diagnostic.ts';
import { makeReporter, type RuleContext } from './rule.ts';
import { DATASET_RULES } from './rules/index.ts';
import { checkSchema } from './schema.ts';
import { configSchema, type LoopConfig } from '../model/config.ts';
import { today } from '../model/clock.ts';
import type { FileKind } from '../model/kinds.ts';
import type { Synonyms } from '../model/taxonomy.ts';
import { Dataset, type DatasetInput, type LocationRecord, type OrganisationRecord, type ResourceRecord, type ServiceRecord, type TaxonomyRecord } from '../dataset/dataset.ts';
import { checkInChild, coldEnoughForChild } from './cold-check.ts';
import { CheckPool, checkFilesHere, type FileToCheck } from './check-files.ts';
import { CheckCache, limitsKey, type CacheEntry, type Index, type Stamp } from './cache.ts';
import { reportCode, reportKey } from './report-cache.ts';
import { checkFile } from './check-file.ts';
import { filesNeededTable, scopeOfTable, type FileSummary, type FileTable, type Scope } from './affected.ts';
import { rememberPhone } from '../dataset/similarity.ts';
import type { FileOutcome } from './check-file.ts';
import { LazyLocator, type Locator } from '../dataset/locator.ts';
import { DEFAULT_LIMITS, fileDiagnostic, isIgnoredCompanion, linkDiagnostic, listDataFiles, parseYaml, specialFileDiagnostic, type ReadLimits } from '../dataset/read.ts';

export interface LoadOptions {
  /** The data folder; default $LOOP_DATA or ./data. */
  dataDir?: string;
  /** loop.config.yaml; default the one beside the data folder, else the repository's. */
  configPath?: string;
  /** Judge freshness and end dates as of this date (YYYY-MM-DD); default the clock's today ($LOOP_AS_OF, else today in the UK). */
  asOf?: string;
  /** Paths in diagnostics are relative to this folder (default: the current directory). */
  root?: string;
  /**
   * A folder for the cache of checked files (src/checks/cache.ts): an unchanged file is not parsed again. Off
   * unless given; `loop validate` and the build pass `defaultCacheDir()`.
   */
  cacheDir?: string;
  /**
   * With a cache folder: when the folder has at least this many files and the cache holds under half of them, check
   * them in a child process first (src/checks/cold-check.ts), so this process keeps none of a cold check's spent
   * memory. For a process that lives on after validating: the site build passes it.
   */
  coldCheckInChild?: number;
  /**
   * The caller wants the findings only, not the Dataset (`loop validate`): with a cache folder, a run whose every
   * file is unchanged since the last full run, under the same configuration, date and code, is answered from that
   * run's report (src/checks/report-cache.ts) without building the Dataset, and `dataset` is then absent.
   */
  reportOnly?: boolean;
}

export interface ValidationResult {
  /** The valid part of the data, linked and indexed. Present whenever the config itself is valid. */
  dataset?: Dataset;
  diagnostics: Diagnostic[];
  errors: number;
  warnings: number;
  files: number;
  /** With a cache folder: how many files were read from the cache rather than checked. */
  cached?: number;
  /** Whether a child process checked the files first (`coldCheckInChild`). */
  checkedInChild?: boolean;
}

/**
 * A data folder, or a project folder holding `data/` and `loop.config.yaml` (what `npm run generate` writes), so
 * `LOOP_DATA=/tmp/synthetic npm run build` works either way.
 */
export function resolveDataDir(path: string): string {
  const full = resolve(path);
  if (existsSync(join(full, 'data')) && existsSync(join(full, 'loop.config.yaml'))) return join(full, 'data');
  return full;
}

/** $LOOP_DATA, else ./data, relative to `cwd`. */
export function defaultDataDir(cwd: string = process.cwd()): string {
  return resolveDataDir(resolve(cwd, process.env.LOOP_DATA ?? 'data'));
}

/** How diagnostics name files in `dataDir`: its path from `root` and a slash ('' when they are the same folder). */
export function dataPrefix(root: string, dataDir: string): string {
  const shown = toDisplay(resolve(root), dataDir);
  return shown === '' || shown === '.' ? '' : `${shown}/`;
}

/** How a record's `file` names its path: from `root`, or absolute when outside it (history.ts names files the same way). */
export function toDisplay(root: string, path: string): string {
  const rel = relative(root, path).split(sep).join('/');
  return rel.startsWith('..') ? path.split(sep).join('/') : rel;
}

export function findConfig(dataDir: string, cwd: string = process.cwd()): string {
  const beside = join(dataDir, '..', 'loop.config.yaml');
  if (existsSync(beside)) return beside;
  return resolve(cwd, 'loop.config.yaml');
}

export function loadConfig(configPath: string, root = process.cwd()): { config?: LoopConfig; diagnostics: Diagnostic[] } {
  const display = toDisplay(root, configPath);
  if (!existsSync(configPath)) {
    return { diagnostics: [{ file: display, line: 1, column: 1, severity: 'error', rule: 'config', message: 'loop.config.yaml is missing' }] };
  }
  const parsed = parseYaml(display, readFileSync(configPath));
  if (!parsed.file || parsed.diagnostics.length) return { diagnostics: parsed.diagnostics };
  const { data, diagnostics } = checkSchema(configSchema, parsed.value, parsed.file, 'loop.config.yaml');
  return data ? { config: data, diagnostics } : { diagnostics: diagnostics.map((d) => ({ ...d, rule: d.rule === 'schema' ? 'config' : d.rule })) };
}

/** The records the files hold: the Dataset's input less what the configuration and the clock supply. */
type Assembled = Omit<DatasetInput, 'config' | 'asOf'>;

interface Plan {
  root: string;
  dataDir: string;
  prefix: string;
  config?: LoopConfig;
  limits: ReadLimits;
  diagnostics: Diagnostic[];
  /** [path relative to data/, path shown in diagnostics] of every YAML file. */
  files: FileToCheck[];
  done?: ValidationResult;
}

/** The data folder `options` name, as the loader resolves it (the check cache's scope). */
function dataDirOf(options: LoadOptions): string {
  const root = resolve(options.root ?? '.');
  return options.dataDir ? resolveDataDir(resolve(root, options.dataDir)) : defaultDataDir(root);
}

function plan(options: LoadOptions, list = true): Plan {
  const root = resolve(options.root ?? '.');
  const dataDir = dataDirOf(options);
  const configPath = resolve(root, options.configPath ?? findConfig(dataDir, root));
  const diagnostics: Diagnostic[] = [];
  const { config, diagnostics: configDiagnostics } = loadConfig(configPath, root);
  diagnostics.push(...configDiagnostics);
  const limits: ReadLimits = config ? { maxFileBytes: config.limits.max_file_bytes, maxAliasCount: config.limits.max_alias_count } : DEFAULT_LIMITS;
  const shown = toDisplay(root, dataDir);
  const prefix = dataPrefix(root, dataDir);
  const base: Plan = { root, dataDir, prefix, limits, diagnostics, files: [], ...(config ? { config } : {}) };
  if (!existsSync(dataDir)) {
    diagnostics.push({ file: shown, line: 1, column: 1, severity: 'error', rule: 'file-read', message: 'the data folder does not exist' });
    return { ...base, done: finish(diagnostics, undefined, 0) };
  }
  if (!list) return base;
  const listed = listDataFiles(dataDir);
  for (const rel of listed.links) diagnostics.push(linkDiagnostic(`${prefix}${rel}`));
  for (const rel of listed.special) diagnostics.push(specialFileDiagnostic(`${prefix}${rel}`));
  for (const rel of listed.files) {
    const display = `${prefix}${rel}`;
    if (/\.ya?ml$/.test(rel)) base.files.push([rel, display]);
    else if (!isIgnoredCompanion(rel)) {
      diagnostics.push({ ...fileDiagnostic(display, 'file-name', 'this is not a .yaml file, so LOOP ignores it'), severity: 'warning' });
    }
  }
  return base;
}

/**
 * What the rules must know of the whole data folder when the outcomes given to `complete` are only part of it
 * (`validateChangedOnly`): the files that failed their own checks, every valid slug for suggestions, how many files.
 */
interface Whole {
  invalidSlugs: Set<string>;
  invalidKinds: Set<string>;
  slugs: { organisations: string[]; locations: string[] };
  files: number;
}

/**
 * Links the per-file outcomes into a Dataset and runs every dataset-wide rule. `keep`, when given, is handed the
 * findings of the files and the rules (not the folder listing's), in the order they were made, to store as the
 * run's report.
 */
function complete(p: Plan, outcomes: FileOutcome[], asOf: string, whole?: Whole, keep?: (made: readonly Diagnostic[]) => void): ValidationResult {
  const { diagnostics } = p;
  const start = diagnostics.length;
  const locators = new Map<string, Locator>();
  const assembled: Assembled = { organisations: [], services: [], resources: [], locations: [], taxonomies: [] };
  const invalidSlugs = whole?.invalidSlugs ?? new Set<string>();
  const invalidKinds = whole?.invalidKinds ?? new Set<string>();
  for (const outcome of outcomes) {
    diagnostics.push(...outcome.diagnostics);
    if (whole) {
      // Counted over the whole folder already.
    } else if (outcome.kind && outcome.slug && outcome.data === undefined) {
      invalidSlugs.add(`${outcome.kind}:${outcome.slug}`);
      invalidKinds.add(outcome.kind);
    }
    // Phone numbers' normal forms, worked out when the file was checked (perhaps in an earlier run): the
    // duplicates rule then needs no libphonenumber for them (issue #19).
    for (const [number, normal] of outcome.facts?.phones ?? []) rememberPhone(number, normal);
    if (!outcome.kind || !outcome.slug) continue;
    if (outcome.data === undefined) continue;
    locators.set(outcome.display, new LazyLocator(join(p.dataDir, outcome.dataPath), outcome.display, outcome.top, outcome.deep));
    // The outcome's record is its own (fresh from a worker, the cache or the schema), so it is completed in place
    // rather than copied: at region scale the copies cost more than every rule but two (issue #19).
    addRecord(assembled, outcome.kind, Object.assign(outcome.data as object, { slug: outcome.slug, file: outcome.display }));
  }
  const files = whole?.files ?? outcomes.length;
  if (!p.config) return finish(diagnostics, undefined, files);
  const dataset = new Dataset({ config: p.config, asOf, ...assembled });
  for (const rule of DATASET_RULES) {
    const ctx: RuleContext = { dataset, invalid: { slugs: invalidSlugs, kinds: invalidKinds }, report: makeReporter(locators, rule.id, diagnostics), ...(whole ? { slugs: whole.slugs } : {}) };
    try {
      rule.check(ctx);
    } catch (error) {
      // A bug in one rule must not hide every other finding; it is still an error, so nothing publishes.
      diagnostics.push({ file: p.prefix, line: 1, column: 1, severity: 'error', rule: rule.id, message: `internal error in rule ${rule.id}: ${error instanceof Error ? error.message : String(error)}` });
    }
  }
  keep?.(diagnostics.slice(start));
  return finish(diagnostics, dataset, files);
}

/**
 * Reads, parses, schema-checks and links data/, then runs every dataset rule. Large datasets are parsed in worker
 * threads. Never throws on bad data.
 */
export async function validateData(options: LoadOptions = {}): Promise<ValidationResult> {
  // First, so a malformed date stops before any work.
  const asOf = today({ asOf: options.asOf });
  const p = plan(options);
  if (p.done) return p.done;
  let cache = options.cacheDir ? new CheckCache(options.cacheDir, p.dataDir) : undefined;
  const replayed = cache && options.reportOnly ? fromReport(p, cache, asOf) : undefined;
  if (replayed) return replayed;
  const inChild = cache !== undefined && (await coldCheckFirst(p, options, cache));
  if (inChild && options.cacheDir) {
    // The child rewrote the cache: read what it wrote.
    cache?.close();
    cache = new CheckCache(options.cacheDir, p.dataDir);
  }
  // Started only now that files may need checking: the workers load their modules while the cache is read.
  const pool = new CheckPool();
  try {
    const cached = fromCache(p, cache);
    if (!cached) return complete(p, await pool.run(p.dataDir, p.files, p.limits), asOf);
    const outcomes = cached.finish(await pool.run(p.dataDir, cached.misses, p.limits));
    return { ...complete(p, outcomes, asOf, undefined, cached.keepReport(asOf)), cached: cached.hits(), ...(inChild ? { checkedInChild: true } : {}) };
  } finally {
    pool.close();
  }
}

/** Checks the files in a child process first when `coldCheckInChild` asks and the cache is cold; whether it did. */
async function coldCheckFirst(p: Plan, options: LoadOptions, cache: CheckCache): Promise<boolean> {
  const { cacheDir, coldCheckInChild: minFiles } = options;
  if (cacheDir === undefined || minFiles === undefined || !coldEnoughForChild(p.files.length, cache.entries, minFiles)) return false;
  const { dataDir, configPath, root, asOf } = options;
  return checkInChild({ cacheDir, ...(dataDir ? { dataDir } : {}), ...(configPath ? { configPath } : {}), ...(root ? { root } : {}), ...(asOf ? { asOf } : {}) });
}

/** The same, in this thread only: for small datasets and callers that cannot wait (e.g. reading vocabularies). */
export function validateDataSync(options: LoadOptions = {}): ValidationResult {
  const asOf = today({ asOf: options.asOf });
  const p = plan(options);
  if (p.done) return p.done;
  const cache = options.cacheDir ? new CheckCache(options.cacheDir, p.dataDir) : undefined;
  const replayed = cache && options.reportOnly ? fromReport(p, cache, asOf) : undefined;
  if (replayed) return replayed;
  const cached = fromCache(p, cache);
  if (!cached) return complete(p, checkFilesHere(p.dataDir, p.files, p.limits), asOf);
  const outcomes = cached.finish(checkFilesHere(p.dataDir, cached.misses, p.limits));
  return { ...complete(p, outcomes, asOf, undefined, cached.keepReport(asOf)), cached: cached.hits() };
}

/**
 * A full run answered from the last full run's report (src/checks/report-cache.ts): only when every listed file's
 * stat vouches for its bytes and the report was stored under the same files, configuration, date and code. The
 * folder listing's own findings (links, files that are not YAML) come from this run's listing, as always.
 * Undefined whenever it cannot answer; the caller then runs the full check (which stores a new report).
 */
function fromReport(p: Plan, cache: CheckCache, asOf: string): ValidationResult | undefined {
  if (!p.config) return undefined;
  const files: [string, string][] = [];
  const limits = limitsKey(p.limits);
  // The listing's paths have forward slashes, which every platform's file calls take; no join per file.
  const folder = `${p.dataDir}/`;
  for (const [dataPath, display] of p.files) {
    // The first file that cannot be vouched for ends the look-up: the full run stats every file again anyway.
    const blob = cache.unchangedBlob(dataPath, display, limits, folder + dataPath);
    if (blob === undefined) return undefined;
    files.push([dataPath, blob]);
  }
  const stored = cache.reportFor(reportKey({ asOf, config: p.config, prefix: p.prefix, limits, files }));
  if (!stored) return undefined;
  cache.touch();
  // One at a time: spreading 250,000 findings into push's arguments overflows the stack.
  for (const d of stored) p.diagnostics.push(d);
  return { ...finish(p.diagnostics, undefined, p.files.length), cached: p.files.length };
}

export interface ChangedOnlyOptions extends LoadOptions {
  cacheDir: string;
  /** Changed, added and deleted paths relative to the data folder, forward slashes (src/history/changed.ts). */
  changed: readonly string[];
  /** What git knows of the folder's files (`filesInGit`): the blob id of every tracked file, the untracked ones. */
  git: GitBlobs & { untracked: readonly string[] };
  /** The check cache of `cacheDir` for this data folder, already opened (`openCheckCache`, while git ran); closed here. */
  cache?: CheckCache;
  /** `vouchedByGit` of `cache` and `git.blobs`, worked out ahead (while git status ran). */
  vouched?: Vouched;
}

/** The tracked files' blob ids (src/history/changed.ts, `FilesInGit`): visited in git's order when it can. */
export interface GitBlobs {
  readonly blobs: ReadonlyMap<string, string>;
  eachBlob?(visit: (path: string, blob: string) => void): void;
}

/** The tracked files the cache holds an entry for with git's blob id (entry numbers), and those it lacks. */
export interface Vouched {
  entries: number[];
  missing: string[];
  /** What they were matched under: the paths' prefix and the read limits (the configuration's). */
  prefix: string;
  limits: string;
}

/**
 * Matches every tracked YAML file git lists with its entry in the cache's index, by path and blob id (changes
 * included: `validateChangedOnly` drops those). At region scale a third of a second, which `loop validate
 * --changed-since` spends while git status still runs. Undefined when the configuration or folder is not valid.
 */
export function vouchedByGit(cache: CheckCache, git: GitBlobs, options: LoadOptions): Vouched | undefined {
  const p = plan(options, false);
  return p.done || !p.config ? undefined : vouch(cache, git, p.prefix, limitsKey(p.limits));
}

function vouch(cache: CheckCache, git: GitBlobs, prefix: string, limits: string): Vouched {
  const index = cache.index;
  // git lists paths in ascending order, as the index stores them: found by walking both, not by a map of every path.
  const find = index.walker();
  const entries: number[] = [];
  const missing: string[] = [];
  const visit = (rel: string, blob: string) => {
    if (!isYaml(rel) || inHiddenFolder(rel) || hiddenName(rel)) return;
    const entry = index.vouched(rel, prefix, limits, blob, find);
    if (entry < 0) missing.push(rel);
    else entries.push(entry);
  };
  if (git.eachBlob) git.eachBlob(visit);
  else for (const [rel, blob] of git.blobs) visit(rel, blob);
  return { entries, missing, prefix, limits };
}

/**
 * The check cache `validateChangedOnly` reads, opened ahead: reading its index is most of a one-file check's own
 * time at region scale (about a second at 100,000 services), and `loop validate --changed-since` does it while git
 * works out what changed.
 */
export function openCheckCache(options: LoadOptions & { cacheDir: string }): CheckCache {
  return new CheckCache(options.cacheDir, dataDirOf(options));
}

export type ChangedOnly = { result: ValidationResult; scope: Extract<Scope, { all: false }>; loaded: number } | { fallback: string };

type Summarised = FileSummary & { rel: string; entry?: CacheEntry; outcome?: FileOutcome };

// Asked of every file in the folder (195,000 at region scale), so written without regular expressions or splits.
const isYaml = (rel: string) => rel.endsWith('.yaml') || rel.endsWith('.yml');
/** Inside a hidden folder (.import-state): the listing never goes there (listDataFiles). */
const inHiddenFolder = (rel: string) => {
  const folder = rel.slice(0, rel.lastIndexOf('/') + 1);
  return folder.startsWith('.') || folder.includes('/.');
};
const hiddenName = (rel: string) => rel.slice(rel.lastIndexOf('/') + 1).startsWith('.');

/**
 * The files of a changed-only check as a table (src/checks/affected.ts): the unchanged tracked ones by their entries'
 * numbers in the cache's index, then the few others (changed, or ignored by git) as summaries.
 */
class ChangedOnlyTable implements FileTable<Summarised> {
  readonly size: number;
  private readonly index: Index;
  private readonly entries: readonly number[];
  private readonly others: readonly Summarised[];

  constructor(index: Index, entries: readonly number[], others: readonly Summarised[]) {
    this.index = index;
    this.entries = entries;
    this.others = others;
    this.size = entries.length + others.length;
  }

  at(n: number): Summarised {
    if (n >= this.entries.length) return this.others[n - this.entries.length]!;
    const i = this.entries[n]!;
    const entry = this.index.entryAt(i)!;
    return { rel: this.index.pathAt(i), file: entry.display, valid: entry.valid, ...(entry.kind ? { kind: entry.kind } : {}), ...(entry.slug ? { slug: entry.slug } : {}), ...(entry.facts ? { facts: entry.facts } : {}), entry };
  }

  file(n: number): string {
    return n < this.entries.length ? this.index.displayAt(this.entries[n]!) : this.others[n - this.entries.length]!.file;
  }

  kind(n: number): FileKind | undefined {
    return n < this.entries.length ? this.index.kindAt(this.entries[n]!) : this.others[n - this.entries.length]!.kind;
  }

  slug(n: number): string | undefined {
    return n < this.entries.length ? this.index.slugAt(this.entries[n]!) : this.others[n - this.entries.length]!.slug;
  }

  valid(n: number): boolean {
    return n < this.entries.length ? this.index.validAt(this.entries[n]!) : this.others[n - this.entries.length]!.valid;
  }

  id(n: number): string | undefined {
    return n < this.entries.length ? this.index.idAt(this.entries[n]!) : this.others[n - this.entries.length]!.facts?.id;
  }

  organisation(n: number): string | undefined {
    return n < this.entries.length ? this.index.organisationAt(this.entries[n]!) : this.others[n - this.entries.length]!.facts?.organisation;
  }

  locatedAtAny(n: number, slugs: ReadonlySet<string>): boolean {
    if (n < this.entries.length) return this.index.locatedAtAny(this.entries[n]!, slugs);
    const f = this.others[n - this.entries.length]!;
    return f.kind === 'service' && (f.facts?.locations ?? []).some((slug) => slugs.has(slug));
  }

  hasAnyKey(n: number, keys: ReadonlySet<string>): boolean {
    if (n < this.entries.length) return this.index.hasAnyKey(this.entries[n]!, keys);
    const f = this.others[n - this.entries.length]!;
    return (f.kind === 'service' || f.kind === 'resource') && (f.facts?.keys ?? []).some((key) => keys.has(key));
  }

  /** The kinds and slugs of the files that failed their own checks. */
  invalid(): Pick<Whole, 'invalidSlugs' | 'invalidKinds'> {
    const invalidSlugs = new Set<string>();
    const invalidKinds = new Set<string>();
    for (let n = 0; n < this.size; n++) {
      if (this.valid(n)) continue;
      const kind = this.kind(n);
      const slug = this.slug(n);
      if (kind && slug) {
        invalidSlugs.add(`${kind}:${slug}`);
        invalidKinds.add(kind);
      }
    }
    return { invalidSlugs, invalidKinds };
  }

  /**
   * Every valid organisation's and venue's slug, sorted, as `linkablesOf` orders them: for the references rule's
   * suggestions, so listed only when a rule asks (a dangling reference).
   */
  slugs(): Whole['slugs'] {
    const table = this;
    let organisations: string[] | undefined;
    let locations: string[] | undefined;
    const of = (kind: FileKind) => {
      const slugs: string[] = [];
      for (let n = 0; n < table.size; n++) {
        const slug = table.slug(n);
        if (slug !== undefined && table.kind(n) === kind && table.valid(n)) slugs.push(slug);
      }
      return slugs.sort();
    };
    return {
      get organisations() {
        return (organisations ??= of('organisation'));
      },
      get locations() {
        return (locations ??= of('location'));
      },
    };
  }
}

function summarised(rel: string, outcome: FileOutcome): Summarised {
  return { rel, file: outcome.display, valid: outcome.data !== undefined, ...(outcome.kind ? { kind: outcome.kind } : {}), ...(outcome.slug ? { slug: outcome.slug } : {}), ...(outcome.facts ? { facts: outcome.facts } : {}), outcome };
}

/**
 * `loop validate --changed-since` without loading every file (issue #19). git says which files changed and gives
 * every other tracked file's blob id; the check cache's index gives, by that id and without reading or even
 * stat-ing the file, its kind, slug, validity and facts. From those alone come the scope (src/checks/affected.ts)
 * and the few files whose records the rules need (`filesNeeded`), both worked out over the index's columns without
 * an object per file (`scopeOfTable`, `filesNeededTable`); only those outcomes are read from the cache and
 * only the changed files are parsed. The rules then run over that partial Dataset, and every finding within the
 * scope is the one a full check gives (tests/checks/changed-only.test.ts compares them on planted errors).
 *
 * Answers `fallback` (with the reason) whenever it cannot be sure: the cache lacks an unchanged file (the first run,
 * another version of LOOP, a clean filter in git), the configuration is invalid, or the change can affect every
 * file (a taxonomy, the synonyms). The caller then runs the full check, which also fills the cache.
 */
export function validateChangedOnly(options: ChangedOnlyOptions): ChangedOnly {
  const asOf = today({ asOf: options.asOf });
  const p = plan(options, false);
  if (p.done || !p.config) {
    options.cache?.close();
    return { fallback: 'the configuration or the data folder is not valid' };
  }
  const cache = options.cache?.opened(options.cacheDir, p.dataDir) ? options.cache : new CheckCache(options.cacheDir, p.dataDir);
  if (cache !== options.cache) options.cache?.close();
  try {
    const changed = new Set(options.changed);
    const index = cache.index;
    const limits = limitsKey(p.limits);
    // The unchanged tracked files, as numbers of their entries in the cache's index: no object per file.
    const ahead = options.vouched;
    const all = ahead && cache === options.cache && ahead.prefix === p.prefix && ahead.limits === limits ? ahead : vouch(cache, options.git, p.prefix, limits);
    const vouched = changed.size === 0 ? all.entries : all.entries.filter((entry) => !changed.has(index.pathAt(entry)));
    const missing = all.missing.filter((rel) => !changed.has(rel)).length;
    if (missing > 0) return { fallback: `the check cache does not hold ${missing} unchanged file${missing === 1 ? '' : 's'} (a full check fills it)` };
    // The files git cannot vouch for (a few), checked or looked up here.
    const others: Summarised[] = [];
    for (const rel of options.git.untracked) {
      if (changed.has(rel) || !isYaml(rel) || inHiddenFolder(rel) || hiddenName(rel)) continue;
      // Ignored by git, yet in the folder, so a full check reads it: by its stat or its bytes, as a full run does.
      const display = `${p.prefix}${rel}`;
      const found = cache.lookup(rel, display, p.limits, join(p.dataDir, rel));
      others.push(summarised(rel, 'outcome' in found ? found.outcome : checkFile(p.dataDir, rel, display, p.limits, found.bytes)));
    }
    for (const rel of changed) {
      const display = `${p.prefix}${rel}`;
      let stat: Stats;
      try {
        stat = lstatSync(join(p.dataDir, rel));
      } catch {
        continue; // Deleted: it is in the scope, and it has no findings of its own.
      }
      // As listDataFiles sees the folder: links reported (a hidden one too), hidden entries skipped.
      if (inHiddenFolder(rel)) continue;
      if (stat.isSymbolicLink()) p.diagnostics.push(linkDiagnostic(display));
      else if (hiddenName(rel) || stat.isDirectory()) continue;
      else if (!stat.isFile()) p.diagnostics.push(specialFileDiagnostic(display));
      else if (isYaml(rel)) others.push(summarised(rel, checkFile(p.dataDir, rel, display, p.limits)));
      else if (!isIgnoredCompanion(rel)) p.diagnostics.push({ ...fileDiagnostic(display, 'file-name', 'this is not a .yaml file, so LOOP ignores it'), severity: 'warning' });
    }
    const table = new ChangedOnlyTable(index, vouched, others);
    const scope = scopeOfTable(table, options.changed, p.prefix);
    if (scope.all) return { fallback: scope.reason };
    const { needed, files } = filesNeededTable(table, scope);
    const whole: Whole = { ...table.invalid(), slugs: table.slugs(), files: table.size };
    const outcomes: FileOutcome[] = [];
    // In path order, as the files are listed.
    for (const f of files) {
      if (!needed.has(f.file)) continue;
      const outcome = f.outcome ?? (f.entry ? cache.outcomeOf(f.rel, f.entry) : undefined);
      if (!outcome) return { fallback: 'the check cache could not be read' };
      outcomes.push(outcome);
    }
    return { result: complete(p, outcomes, asOf, whole), scope, loaded: outcomes.length };
  } finally {
    cache.close();
  }
}

/**
 * Looks every file up in the cache (by its stat when that can be trusted, else by its bytes): `misses` (with their
 * bytes when they were read to compare, so they are not read again) still need checking, and `finish` puts their outcomes back in the plan's order
 * and saves the cache.
 */
function fromCache(
  p: Plan,
  cache: CheckCache | undefined,
): { misses: FileToCheck[]; finish(checked: FileOutcome[]): FileOutcome[]; hits(): number; keepReport(asOf: string): ((made: readonly Diagnostic[]) => void) | undefined } | undefined {
  if (!cache) return undefined;
  // The code this run checks with, hashed before it checks anything (see reportCode).
  reportCode();
  cache.readAll();
  const outcomes: (FileOutcome | undefined)[] = new Array(p.files.length);
  // Each file's blob id, in the plan's order: the key of this run's report. A file that cannot be cached has none.
  const blobs: (string | undefined)[] = new Array(p.files.length);
  const misses: FileToCheck[] = [];
  const missAt: number[] = [];
  const keys: ({ blob?: string; stamp: Stamp } | undefined)[] = [];
  p.files.forEach(([dataPath, display], i) => {
    const found = cache.lookup(dataPath, display, p.limits, join(p.dataDir, dataPath));
    if ('outcome' in found) {
      outcomes[i] = found.outcome;
      blobs[i] = found.blob;
      return;
    }
    blobs[i] = found.bytes ? found.blob : undefined;
    if (found.bytes && found.blob && found.stamp) {
      misses.push([dataPath, display, found.bytes]);
      keys.push({ blob: found.blob, stamp: found.stamp });
    } else if (found.stamp) {
      // Not read yet: the checker reads it and gives its blob id.
      misses.push([dataPath, display]);
      keys.push({ stamp: found.stamp });
    } else {
      // Unreadable, too large or not a regular file: checking it again costs nothing, and it is never cached.
      misses.push([dataPath, display]);
      keys.push(undefined);
    }
    missAt.push(i);
  });
  return {
    misses,
    hits: () => cache.hits,
    finish(checked) {
      checked.forEach((outcome, j) => {
        outcomes[missAt[j]!] = outcome;
        const key = keys[j];
        // No blob id: the checker could not read the file (unreadable, too large), which is never cached.
        const blob = key?.blob ?? outcome.blob;
        if (key && blob) {
          blobs[missAt[j]!] = blob;
          cache.set(outcome, p.limits, blob, key.stamp);
        }
      });
      cache.save();
      return outcomes as FileOutcome[];
    },
    keepReport(asOf) {
      const config = p.config;
      if (!config) return undefined;
      const files: [string, string][] = [];
      for (let i = 0; i < p.files.length; i++) {
        const blob = blobs[i];
        // Unreadable, too large or not a regular file: such a run is never answered from a report.
        if (blob === undefined) return undefined;
        files.push([p.files[i]![0], blob]);
      }
      const key = reportKey({ asOf, config, prefix: p.prefix, limits: limitsKey(p.limits), files });
      return (made) => cache.saveReport(key, made);
    },
  };
}

/**
 * The cache folder commands use by default: $LOOP_CACHE_DIR, else node_modules/.cache/loop under `root` when
 * there is a node_modules folder there (the usual place for tools' caches: gitignored, safe to delete). None when
 * LOOP_CACHE=0.
 */
export function defaultCacheDir(root: string = process.cwd()): string | undefined {
  if (process.env.LOOP_CACHE === '0') return undefined;
  if (process.env.LOOP_CACHE_DIR) return resolve(root, process.env.LOOP_CACHE_DIR);
  const modules = join(resolve(root), 'node_modules');
  return existsSync(modules) ? join(modules, '.cache', 'loop') : undefined;
}

function addRecord(into: Assembled, kind: FileKind, record: object): void {
  switch (kind) {
    case 'organisation':
      into.organisations.push(record as OrganisationRecord);
      break;
    case 'service':
      into.services.push(Object.assign(record as ServiceRecord, { listing: 'service' as const }));
      break;
    case 'resource':
      into.resources.push(Object.assign(record as ResourceRecord, { listing: 'resource' as const }));
      break;
    case 'location':
      into.locations.push(record as LocationRecord);
      break;
    case 'taxonomy':
      into.taxonomies.push(record as TaxonomyRecord);
      break;
    case 'synonyms':
      into.synonyms = record as Synonyms;
      break;
  }
}

function finish(diagnostics: Diagnostic[], dataset: Dataset | undefined, files: number): ValidationResult {
  diagnostics.sort(compareDiagnostics);
  const { errors, warnings } = countBySeverity(diagnostics);
  return { ...(dataset ? { dataset } : {}), diagnostics, errors, warnings, files };
}

export type LoadResult = { ok: true; dataset: Dataset; warnings: Diagnostic[] } | { ok: false; diagnostics: Diagnostic[] };

function toLoadResult(result: ValidationResult): LoadResult {
  if (result.errors > 0 || !result.dataset) return { ok: false, diagnostics: result.diagnostics };
  return { ok: true, dataset: result.dataset, warnings: result.diagnostics };
}

/** The validated Dataset, or every diagnostic when there is any error. */
export async function loadDataset(options: LoadOptions = {}): Promise<LoadResult> {
  return toLoadResult(await validateData(options));
}

export function loadDatasetSync(options: LoadOptions = {}): LoadResult {
  return toLoadResult(validateDataSync(options));
}
