import type { ExpiryEvent } from '../../chat/expiry-probe';
import { Fact, Facts } from '../shared/Facts';
import { formatCountdown, formatDecimal } from '../shared/format';
import type { Tone } from '../shared/tone';
import { JwtTokenText } from './JwtParts';
import { KIND_LABELS, noteFor, outcomeLabel, verdictOf } from './attempt-notes';
import type { Attempt } from './sio-auth-state';
import { useMsLeft } from './use-ms-left';

/**
 * Every attempt, newest first, each with the server's code and reason. The list is always in the
 * page, so screen readers announce the first attempt too (a live region must exist beforehand).
 */
export function AttemptList({ attempts }: { attempts: Attempt[] }) {
  return (
    <>
      {attempts.length === 0 && (
        <p class="tr-empty">Todavía no has probado nada: empieza por pedir un token.</p>
      )}
      {/* Focusable when it has items: it scrolls, and a keyboard user must be able to scroll it. */}
      <ol
        class="sio-attempts"
        aria-live="polite"
        aria-label="Intentos"
        tabIndex={attempts.length > 0 ? 0 : undefined}
      >
        {[...attempts].reverse().map((attempt) => (
          <AttemptItem key={attempt.n} attempt={attempt} />
        ))}
      </ol>
    </>
  );
}

const VERDICT_TONES: Record<ReturnType<typeof verdictOf>, Tone> = {
  ok: 'ok',
  pending: 'info',
  failed: 'warn',
  refused: 'bad',
};

function AttemptItem({ attempt }: { attempt: Attempt }) {
  const verdict = verdictOf(attempt.outcome);
  const note = noteFor(attempt);
  return (
    <li
      class={`sio-attempt sio-attempt--${verdict}`}
      data-attempt={attempt.kind}
      data-outcome={attempt.outcome}
    >
      <p class="sio-attempt__head">
        <span class="sio-attempt__n">#{attempt.n}</span>{' '}
        <strong>
          {KIND_LABELS[attempt.kind]}
          {attempt.room && (
            <>
              {' '}
              «<code>{attempt.room}</code>»
            </>
          )}
        </strong>
        {attempt.user && (
          <span class="sio-attempt__who">
            {' '}
            como {attempt.user.name} ({attempt.user.role})
          </span>
        )}
        <span class={`sio-outcome tr-tone--${VERDICT_TONES[verdict]}`} data-outcome-label>
          {verdict === 'refused' ? (
            <code>{outcomeLabel(attempt.outcome)}</code>
          ) : (
            outcomeLabel(attempt.outcome)
          )}
        </span>
      </p>
      {attempt.outcome === 'waiting' && attempt.waitUntil !== undefined && (
        <p class="sio-attempt__wait">
          Token de 1 s recibido. Conectaré dentro de <Countdown until={attempt.waitUntil} />.
        </p>
      )}
      {attempt.outcome === 'watching' && attempt.expiresAt !== undefined && (
        <p class="sio-attempt__wait">
          Conexión abierta. El token caduca dentro de <Countdown until={attempt.expiresAt} />.
        </p>
      )}
      {attempt.timeline && attempt.timeline.length > 0 && <Timeline events={attempt.timeline} />}
      {attempt.reason && (
        <p class="sio-attempt__reason">
          {verdict === 'refused' ? 'Motivo del servidor: ' : ''}
          <q data-reason>{attempt.reason}</q>
        </p>
      )}
      {attempt.socketId && <SocketFacts attempt={attempt} />}
      {attempt.tamper && <TamperDiff attempt={attempt} />}
      {attempt.outcome === 'joined' && (
        <p class="sio-attempt__detail">
          El acuse trajo {attempt.members ?? 0} miembro(s) y {attempt.history ?? 0} mensaje(s) de
          historial.
        </p>
      )}
      {note && <p class="tr-note">{note}</p>}
    </li>
  );
}

/** `m:ss` left until `until`; it alone re-renders as it ticks. */
function Countdown({ until }: { until: number }) {
  return <span data-countdown>{formatCountdown(useMsLeft(until))}</span>;
}

function SocketFacts({ attempt }: { attempt: Attempt }) {
  return (
    <Facts>
      <Fact label="socket.id">
        <code data-socket-id>{attempt.socketId}</code>
        {attempt.previousSocketId && (
          <span class="sio-attempt__was">
            {' '}
            (antes: <code>{attempt.previousSocketId}</code>)
          </span>
        )}
      </Fact>
      {attempt.user && (
        <Fact label="user.id (del token)">
          <code data-user-id>{attempt.user.id}</code>
        </Fact>
      )}
    </Facts>
  );
}

function TamperDiff({ attempt }: { attempt: Attempt }) {
  const tamper = attempt.tamper!;
  return (
    <div class="sio-tamper">
      <p class="sio-attempt__detail">
        Cambié{' '}
        <code>
          "{tamper.claim}": "{tamper.from}"
        </code>{' '}
        por{' '}
        <code>
          "{tamper.claim}": "{tamper.to}"
        </code>
        , volví a codificar el payload y dejé la cabecera y la firma como estaban. Lo marcado es lo
        que cambió:
      </p>
      <p class="sio-tamper__row">
        <span class="sio-tamper__label">Original</span>
        <JwtTokenText parts={tamper.before} />
      </p>
      <p class="sio-tamper__row" data-tampered-token>
        <span class="sio-tamper__label">Enviado</span>
        <JwtTokenText parts={tamper.after} changed="payload" original={tamper.before} />
      </p>
    </div>
  );
}

/** What happened on a watched connection, with the time since it started. */
function Timeline({ events }: { events: ExpiryEvent[] }) {
  return (
    <ol class="sio-timeline" aria-label="Lo que pasó en la conexión">
      {events.map((event, i) => (
        <li key={i} data-event={event.type}>
          <span class="sio-timeline__at">+{formatDecimal(event.at / 1000)} s</span>{' '}
          {describe(event)}
        </li>
      ))}
    </ol>
  );
}

function describe(event: ExpiryEvent) {
  switch (event.type) {
    case 'connected':
      return (
        <>
          conectado, <code>socket.id</code> <code data-socket-id>{event.socketId}</code>
        </>
      );
    case 'renewed':
      return (
        <>
          <code>POST /auth/refresh</code> y <code>auth:renew</code> →{' '}
          <code>{`{ ok: true, expiresIn: ${event.expiresIn} }`}</code>: el servidor mueve el corte
        </>
      );
    case 'renew-refused':
      return (
        <>
          <code>auth:renew</code> → <code>{event.code}</code>: <q>{event.error}</q>
        </>
      );
    case 'renew-failed':
      return <>la renovación falló: {event.message}</>;
    case 'expired':
      return (
        <>
          ← <code>auth:expired</code> <code>{`{ code: '${event.code}' }`}</code>
        </>
      );
    case 'disconnected':
      return (
        <>
          <code>disconnect</code>, motivo <code data-disconnect-reason>{event.reason}</code>
        </>
      );
    case 'closed':
      return (
        <>
          sigue conectado; cierro yo la conexión (<code>socket.disconnect()</code>)
        </>
      );
  }
}
