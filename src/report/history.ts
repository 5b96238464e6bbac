/**
 * The one place git history (src/history) becomes the events the dashboard counts: every service and resource
 * added, changed (renames included) or removed in each dataset version (first-parent commit touching the data).
 */
import type { History } from '../history/index.ts';
import type { HistoryEvent } from './figures.ts';

/** How many dataset versions the history module reads by default (loadHistory's maxChangeSets). */
export const HISTORY_CHANGE_SETS = 500;

/**
 * The events, or undefined when there is no git history to read. When the history may not reach back to the
 * beginning (a shallow clone, or as many versions as the history module reads), the oldest month is left out: it
 * would be counted from part of the month and look like a quiet one.
 */
export function historyEvents(history: History): HistoryEvent[] | undefined {
  if (!history.status.available) return undefined;
  const events: HistoryEvent[] = [];
  for (const set of history.changeSets) {
    for (const kind of ['added', 'changed', 'removed'] as const) {
      for (const record of set[kind]) {
        if (record.kind !== 'service' && record.kind !== 'resource') continue;
        events.push({ file: record.file, ...(record.id ? { id: record.id } : {}), date: set.date, kind, record: record.kind });
      }
    }
  }
  const partial = history.status.shallow || history.changeSets.length >= HISTORY_CHANGE_SETS;
  if (!partial || !events.length) return events;
  const oldest = events.reduce((m, e) => (e.date.slice(0, 7) < m ? e.date.slice(0, 7) : m), '9999-99');
  return events.filter((e) => e.date.slice(0, 7) !== oldest);
}
