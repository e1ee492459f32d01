import { appendBounded } from './store';

/** One line of a widget's event log: when, a short label, and what happened in words. */
export interface LogEntry {
  /** Increasing number, unique within one log (the list key). */
  seq: number;
  /** Epoch ms. */
  at: number;
  /** Short label shown in a tag and as `data-kind` ("abierto", "cortado", "mensaje"...). */
  kind: string;
  text: string;
}

const MAX_ENTRIES = 60;

/** Appends an entry to a log kept at most 60 lines long. */
export function appendLog(log: readonly LogEntry[], at: number, kind: string, text: string) {
  const seq = (log.at(-1)?.seq ?? 0) + 1;
  return appendBounded(log, { seq, at, kind, text }, MAX_ENTRIES);
}
