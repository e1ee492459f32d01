import type { Envelope } from '../../protocol';
import { dataAsText, formatMs } from './format';

/** One delivered message as a widget shows it. */
export interface ShownMessage {
  envelope: Envelope;
  /** How long it waited between the server storing it and this page receiving it. */
  waitedMs?: number;
  replayed?: boolean;
}

/**
 * Delivered messages, newest first. Data is rendered as text (Preact escapes it): messages come
 * from other students and must never become HTML.
 */
export function MessageList({ messages, empty }: { messages: ShownMessage[]; empty: string }) {
  if (messages.length === 0) return <p class="tr-empty">{empty}</p>;
  return (
    <ol class="tr-messages" aria-live="polite" reversed>
      {[...messages].reverse().map(({ envelope, waitedMs, replayed }) => (
        <li
          key={envelope.id}
          data-message-id={envelope.id}
          data-replayed={replayed ? 'true' : undefined}
          class={replayed ? 'tr-replayed' : ''}
        >
          <span class="tr-messages__text">{dataAsText(envelope.data)}</span>
          <span class="tr-messages__meta">
            {replayed && <span class="tr-tag">reenviado</span>}
            <span>vía {envelope.via}</span>
            {waitedMs !== undefined && <span>esperó {formatMs(Math.max(0, waitedMs))}</span>}
          </span>
        </li>
      ))}
    </ol>
  );
}
