/**
 * The shape every importer produces, whatever the source format: records already translated into LOOP's field
 * names and value formats, but with references (organisation, venues, taxonomy terms) still in the source's own
 * terms. `sync.ts` resolves those against the data folder, fills what LOOP requires, and plans the file changes.
 */
import type { TermField } from '../model/vocabularies.ts';

export type IncomingKind = 'organisation' | 'service' | 'resource' | 'location';

/** A taxonomy term as the source gave it, before it is mapped to a LOOP term. */
export interface SourceTerm {
  /** The LOOP listing field it belongs in (categories, audiences, service_areas...). */
  field: TermField;
  vocabulary?: string;
  code?: string;
  name?: string;
  uri?: string;
  /** The source's id for the term (a LOOP term's UUID when the source is LOOP's own ORUK feed). */
  id?: string;
  /** The source's id for the vocabulary (a LOOP taxonomy's UUID when the source is LOOP). */
  vocabularyId?: string;
  /**
   * Used only when it matches a LOOP term, never kept as an imported term: words read out of free text (HSDS 1.1
   * eligibility rows) whose meaning the listing keeps in its own words anyway.
   */
  ifKnown?: boolean;
}

export interface IncomingServiceLocation {
  /** The key of an incoming location record. */
  location: string;
  description?: string;
  schedules?: Record<string, unknown>[];
  phones?: Record<string, unknown>[];
}

export interface IncomingRecord {
  kind: IncomingKind;
  /** The record's id in the source (always a string; integer ids are turned into strings). */
  key: string;
  /** How reports name it: `service 2a3483ea "1625 Independent People"`. */
  label: string;
  /** The record's own address in the source, when there is one (provenance url). */
  url?: string;
  /** LOOP field values, already converted and cleaned; references and terms are resolved later. */
  fields: Record<string, unknown>;
  /** Services and resources: the key of their incoming organisation; venues: the organisation that runs them. */
  organisation?: string;
  /** Organisations: the key of their parent organisation. */
  parentOrganisation?: string;
  /** Services: venues, by incoming location key, with what is specific to the service there. */
  locations?: IncomingServiceLocation[];
  terms?: SourceTerm[];
  /** What the source says about when and by whom the record was last checked. */
  review?: { date?: string; by?: string; /** The source is a LOOP feed, which publishes role mailboxes only. */ trusted?: boolean };
  /** A file name the source suggests (LOOP's own feeds carry their slugs), used when the record is new. */
  slug?: string;
  /** Provenance the source itself records (LOOP's feeds carry it), kept ahead of this import's own entry. */
  provenance?: Record<string, unknown>[];
  /** When the source last changed it (ISO 8601 instant, with zone). */
  modified?: string;
}

export type Severity = 'error' | 'warning' | 'info';

/** Something the importer could not carry over as it was: never silent, always in the report. */
export interface Problem {
  /** error: a record was not imported; warning: a value was changed or dropped; info: a default or a note. */
  severity: Severity;
  /** The record it concerns (its label), when it concerns one. */
  record?: string;
  field?: string;
  message: string;
}

export interface ImportBatch {
  /** The source system's name, as written into provenance (e.g. "Bristol Open Place"). */
  system: string;
  format: string;
  /** The file, folder or URL read. */
  source: string;
  records: IncomingRecord[];
  problems: Problem[];
  /**
   * True when the batch holds every record the source has (a full walk or a whole file), so records missing from it
   * can be reported as gone. False for a partial walk (e.g. --max-pages).
   */
  complete: boolean;
}

/** Collects problems, folding repeats of the same message into one line with a count. */
export class Problems {
  readonly list: Problem[] = [];
  private readonly repeats = new Map<string, { problem: Problem; count: number; records: Set<string> }>();

  add(severity: Severity, message: string, where: { record?: string | undefined; field?: string | undefined } = {}): void {
    this.list.push({ severity, message, ...(where.record ? { record: where.record } : {}), ...(where.field ? { field: where.field } : {}) });
  }

  /**
   * The same message for many records becomes one problem: "... (37 records, e.g. service 1, service 2)". Records
   * are counted once each however often it happens in one ("... (12 times in 5 records, ...)"), so the count is true.
   */
  addRepeated(severity: Severity, message: string, record?: string): void {
    const key = `${severity}|${message}`;
    const entry = this.repeats.get(key);
    if (entry) {
      entry.count++;
      if (record) entry.records.add(record);
    } else {
      this.repeats.set(key, { problem: { severity, message }, count: 1, records: new Set(record ? [record] : []) });
    }
  }

  all(): Problem[] {
    const folded = [...this.repeats.values()].map(({ problem, count, records }) => {
      const examples = [...records].slice(0, 3);
      const eg = examples.length ? `, e.g. ${examples.join('; ')}` : '';
      const counted =
        records.size > 1 ? (count > records.size ? ` (${count} times in ${records.size} records${eg})` : ` (${records.size} records${eg})`) : count > 1 ? ` (${count} times)` : '';
      return { ...problem, message: `${problem.message}${counted}`, ...(records.size === 1 ? { record: examples[0]! } : {}) };
    });
    return [...this.list, ...folded];
  }
}

export function labelOf(kind: IncomingKind, key: string, name?: string): string {
  const shortKey = /^[0-9a-f]{8}-[0-9a-f]{4}-/i.test(key) ? key.slice(0, 8) : key.length > 40 ? `${key.slice(0, 37)}...` : key;
  return `${kind} ${shortKey}${name ? ` "${name.length > 60 ? `${name.slice(0, 57)}...` : name}"` : ''}`;
}
