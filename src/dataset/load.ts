/**
 * The one loader. The CLI, the Astro build, the importers and the tests all call `validateData` or `loadDataset`;
 * nothing else reads data/.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { compareDiagnostics, countBySeverity, type Diagnostic } from '../checks/diagnostic.ts';
import { makeReporter, type RuleContext } from '../checks/rule.ts';
import { DATASET_RULES } from '../checks/rules/index.ts';
import { checkSchema } from '../checks/schema.ts';
import { configSchema, type LoopConfig } from '../model/config.ts';
import { todayInUK } from '../model/freshness.ts';
import { placementOf, SCHEMAS, type FileKind } from '../model/kinds.ts';
import type { Synonyms } from '../model/taxonomy.ts';
import { Dataset, type LocationRecord, type OrganisationRecord, type ResourceRecord, type ServiceRecord, type TaxonomyRecord } from './dataset.ts';
import { DEFAULT_LIMITS, parseYaml, readDataFolder, type ReadLimits } from './read.ts';
import type { SourceFile } from './source.ts';

export interface LoadOptions {
  /** The data folder; default $LOOP_DATA or ./data. */
  dataDir?: string;
  /** loop.config.yaml; default the one beside the data folder, else the repository's. */
  configPath?: string;
  /** Judge freshness and end dates as of this date (YYYY-MM-DD); default today in the UK. */
  asOf?: string;
  /** Paths in diagnostics are relative to this folder (default: the current directory). */
  root?: string;
}

export interface ValidationResult {
  /** The valid part of the data, linked and indexed. Present whenever the config itself is valid. */
  dataset?: Dataset;
  diagnostics: Diagnostic[];
  errors: number;
  warnings: number;
  files: number;
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

function toDisplay(root: string, path: string): string {
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

interface Assembled {
  organisations: OrganisationRecord[];
  services: ServiceRecord[];
  resources: ResourceRecord[];
  locations: LocationRecord[];
  taxonomies: TaxonomyRecord[];
  synonyms?: Synonyms;
}

/** Reads, parses, schema-checks and links data/, then runs every dataset rule. Never throws on bad data. */
export function validateData(options: LoadOptions = {}): ValidationResult {
  const root = resolve(options.root ?? '.');
  const dataDir = options.dataDir ? resolveDataDir(resolve(root, options.dataDir)) : defaultDataDir(root);
  const configPath = resolve(root, options.configPath ?? findConfig(dataDir, root));
  const diagnostics: Diagnostic[] = [];
  const { config, diagnostics: configDiagnostics } = loadConfig(configPath, root);
  diagnostics.push(...configDiagnostics);
  if (!existsSync(dataDir)) {
    diagnostics.push({ file: toDisplay(root, dataDir), line: 1, column: 1, severity: 'error', rule: 'file-read', message: 'the data folder does not exist' });
    return finish(diagnostics, undefined, 0);
  }
  const limits: ReadLimits = config ? { maxFileBytes: config.limits.max_file_bytes, maxAliasCount: config.limits.max_alias_count } : DEFAULT_LIMITS;
  const prefix = `${toDisplay(root, dataDir)}/`.replace(/^\.\//, '');
  const read = readDataFolder(dataDir, prefix === '/' ? '' : prefix, limits);
  diagnostics.push(...read.diagnostics);

  const sources = new Map<string, SourceFile>();
  const assembled: Assembled = { organisations: [], services: [], resources: [], locations: [], taxonomies: [] };
  const invalidSlugs = new Set<string>();
  const invalidKinds = new Set<string>();
  for (const { source, dataPath, value } of read.files) {
    const placement = placementOf(dataPath);
    if ('problem' in placement) {
      diagnostics.push({ file: source.file, line: 1, column: 1, severity: 'error', rule: 'file-name', message: placement.problem });
      continue;
    }
    sources.set(source.file, source);
    const { kind, slug } = placement;
    const { data, diagnostics: found } = checkSchema(SCHEMAS[kind], value, source, kind);
    diagnostics.push(...found);
    if (!data) {
      invalidSlugs.add(`${kind}:${slug}`);
      invalidKinds.add(kind);
      continue;
    }
    addRecord(assembled, kind, { ...(data as object), slug, file: source.file });
  }
  if (!config) return finish(diagnostics, undefined, read.checked);

  const dataset = new Dataset({ config, asOf: options.asOf ?? todayInUK(), ...assembled });
  for (const rule of DATASET_RULES) {
    const ctx: RuleContext = { dataset, invalid: { slugs: invalidSlugs, kinds: invalidKinds }, report: makeReporter(sources, rule.id, diagnostics) };
    try {
      rule.check(ctx);
    } catch (error) {
      // A bug in one rule must not hide every other finding; it is still an error, so nothing publishes.
      diagnostics.push({ file: prefix, line: 1, column: 1, severity: 'error', rule: rule.id, message: `internal error in rule ${rule.id}: ${error instanceof Error ? error.message : String(error)}` });
    }
  }
  return finish(diagnostics, dataset, read.checked);
}

function addRecord(into: Assembled, kind: FileKind, record: object): void {
  switch (kind) {
    case 'organisation':
      into.organisations.push(record as OrganisationRecord);
      break;
    case 'service':
      into.services.push({ ...(record as ServiceRecord), listing: 'service' });
      break;
    case 'resource':
      into.resources.push({ ...(record as ResourceRecord), listing: 'resource' });
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

/** The validated Dataset, or every diagnostic when there is any error. */
export function loadDataset(options: LoadOptions = {}): LoadResult {
  const result = validateData(options);
  if (result.errors > 0 || !result.dataset) return { ok: false, diagnostics: result.diagnostics };
  return { ok: true, dataset: result.dataset, warnings: result.diagnostics };
}
