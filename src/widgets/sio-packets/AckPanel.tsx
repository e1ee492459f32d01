import { useState } from 'preact/hooks';
import { formatMs } from '../shared/format';
import { ACK_TIMEOUT, UNANSWERED_EVENT, type AckAttempt } from './sio-packets-store';

type AckEvent = 'ping' | typeof UNANSWERED_EVENT;

/**
 * `socket.timeout(ms).emit(event, payload, callback)` from a form: the event (one the server
 * answers, one nobody listens to), the timeout, and how each attempt ended.
 */
export function AckPanel(props: {
  acks: AckAttempt[];
  disabled: boolean;
  onSend: (event: AckEvent, timeoutMs: number) => void;
}) {
  const [event, setEvent] = useState<AckEvent>('ping');
  const [timeout, setTimeoutMs] = useState<number>(ACK_TIMEOUT.initial);
  const valid =
    Number.isInteger(timeout) && timeout >= ACK_TIMEOUT.min && timeout <= ACK_TIMEOUT.max;
  return (
    <div class="sio-ack">
      <form
        class="tr-controls"
        onSubmit={(e) => {
          e.preventDefault();
          if (valid) props.onSend(event, timeout);
        }}
      >
        <label>
          Evento
          <select value={event} onChange={(e) => setEvent(e.currentTarget.value as AckEvent)}>
            <option value="ping">ping (el servidor responde)</option>
            <option value={UNANSWERED_EVENT}>{UNANSWERED_EVENT} (nadie lo escucha)</option>
          </select>
        </label>
        <label>
          Tiempo límite (ms)
          <input
            type="number"
            inputMode="numeric"
            min={ACK_TIMEOUT.min}
            max={ACK_TIMEOUT.max}
            step={1}
            value={timeout}
            onInput={(e) => setTimeoutMs(e.currentTarget.valueAsNumber)}
          />
        </label>
        <button type="submit" disabled={props.disabled || !valid}>
          Enviar con ack
        </button>
      </form>
      <p class="tr-note">
        <code>
          socket.timeout({valid ? timeout : '…'}).emit('{event}', {'{ t }'}, (err, respuesta) =&gt;
          …)
        </code>
      </p>
      {props.acks.length > 0 && (
        <ol class="sio-acks" aria-live="polite">
          {[...props.acks].reverse().map((ack) => (
            <li key={ack.n} data-ack-outcome={ack.outcome} data-ack-id={ack.ackId ?? ''}>
              <strong>{ack.event}</strong>
              {ack.ackId !== undefined && <> (id {ack.ackId})</>}, límite {formatMs(ack.timeoutMs)}:{' '}
              <AckOutcome ack={ack} />
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}

function AckOutcome({ ack }: { ack: AckAttempt }) {
  if (ack.outcome === 'pending') return <span>esperando el ACK…</span>;
  if (ack.outcome === 'ack') {
    return (
      <span>
        ACK en {formatMs(ack.elapsedMs ?? 0)}: <code>{ack.answer}</code>
      </span>
    );
  }
  const why = ack.outcome === 'timeout' ? 'se agotó el tiempo' : 'la conexión se cerró antes';
  return (
    <span class="sio-ack__timeout">
      sin ACK ({why}): a los {formatMs(ack.elapsedMs ?? 0)} el callback recibió el error «
      {ack.answer}»
    </span>
  );
}
