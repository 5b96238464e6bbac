/**
 * Which top-level fields of a record changed between two versions of its file, so a listing's history can say
 * "Opening times changed" rather than repeat commit messages. Each version is parsed with the loader's own YAML
 * parser (`parseYaml`: same limits, same YAML options), and each version of a file is read once: on the main line
 * (first parents) a file does not change between two commits that touch it, so the version before one change is
 * the version after the previous one (see `versionPairs`).
 */
import { isDeepStrictEqual } from 'node:util';
import { parseYaml } from '../dataset/read.ts';

export type FieldChangeKind = 'added' | 'removed' | 'changed';

export interface FieldChange {
  /** The top-level key in the record file, e.g. `schedules`. */
  field: string;
  change: FieldChangeKind;
}

/** One commit's change to one file, newest first, as the history walk met it. */
export interface FileVersion {
  commit: string;
  /** The file's path in the repository at this commit. */
  path: string;
  /** A file added by this commit has no version before it. */
  added: boolean;
  /** The path before this commit, when the commit renamed the file. */
  from?: string;
  /** The file's blob after this commit, and before it (the raw diff's ids: FileChange). */
  blob: string;
  before: string;
}

/**
 * `git cat-file` object names (blob ids): the file after each change and before it. The change that added the file
 * has no pair: every field it has is new, and nothing shows them one by one ("Listing added"), so its version is
 * read only when a later change needs it as its "before" (issue #19: at 100,000 services, reading and parsing every
 * listing as first added took about a minute and half a gigabyte of a build).
 */
export function versionPairs(versions: readonly FileVersion[]): { commit: string; after: string; before: string }[] {
  const pairs: { commit: string; after: string; before: string }[] = [];
  for (const [i, v] of versions.entries()) {
    if (v.added) continue;
    const older = versions[i + 1];
    pairs.push({ commit: v.commit, after: v.blob, before: older ? older.blob : v.before });
  }
  return pairs;
}

/** A record file's top-level mapping, or undefined when it is not one (or could not be read). */
export function topLevel(path: string, blob: Uint8Array | undefined): Record<string, unknown> | undefined {
  if (!blob) return undefined;
  const { value } = parseYaml(path, blob);
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** An empty list, text or mapping says nothing, the same as leaving the field out. */
function present(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === 'string' || Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object') return Object.keys(value).length > 0;
  return true;
}

/** What a service's places carry besides the place itself: a change to these is named, not "places changed". */
const AT_A_PLACE = new Set(['schedules', 'phones']);

/**
 * The same places, in the same order, where only their opening times or phones changed: those, by their own
 * names (a service's times are often given per place). Undefined when the places themselves changed.
 */
function withinPlaces(field: string, before: unknown, after: unknown): FieldChange[] | undefined {
  if (field !== 'locations' || !Array.isArray(before) || !Array.isArray(after) || before.length !== after.length) return undefined;
  const found = new Map<string, FieldChange>();
  for (const [i, now] of after.entries()) {
    const was: unknown = before[i];
    if (!isRecord(was) || !isRecord(now)) return undefined;
    for (const change of fieldChanges(was, now)) {
      if (!AT_A_PLACE.has(change.field)) return undefined;
      if (!found.has(change.field)) found.set(change.field, change);
    }
  }
  return [...found.values()];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The fields that differ, in the order the newer file lists them, then the ones it no longer has. */
export function fieldChanges(before: Record<string, unknown> | undefined, after: Record<string, unknown>): FieldChange[] {
  const old = before ?? {};
  const changes: FieldChange[] = [];
  for (const field of Object.keys(after)) {
    const was = present(old[field]);
    const is = present(after[field]);
    if (!was && is) changes.push({ field, change: 'added' });
    else if (was && !is) changes.push({ field, change: 'removed' });
    else if (was && is && !isDeepStrictEqual(old[field], after[field])) changes.push(...(withinPlaces(field, old[field], after[field]) ?? [{ field, change: 'changed' as const }]));
  }
  for (const field of Object.keys(old)) if (!(field in after) && present(old[field])) changes.push({ field, change: 'removed' });
  return changes;
}
