import type { LogEntry } from './event-log';
import { formatClock } from './format';
import './event-log.css';

/** A widget's event log, newest first: time, a label and a sentence per event. */
export function EventLog({ entries, label }: { entries: readonly LogEntry[]; label: string }) {
  return (
    // role="log": screen readers announce new lines politely; tabIndex so it scrolls by keyboard.
    <div class="tr-log" role="log" aria-label={label} tabIndex={0}>
      {entries.length === 0 ? (
        <p class="tr-empty">Todavía no ha pasado nada.</p>
      ) : (
        <ol reversed>
          {[...entries].reverse().map((entry) => (
            <li key={entry.seq} data-kind={entry.kind}>
              <time>{formatClock(entry.at)}</time>
              <span class="tr-log__kind">{entry.kind}</span>
              <span class="tr-log__text">{entry.text}</span>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
