import type { ReconnectRecord } from '../../transports';
import { formatMs } from '../shared/format';

const WIDTH = 360;
const HEIGHT = 150;
const TOP = 18;
const BOTTOM = 34;
const MIN_SLOTS = 6;
// The store keeps at most 8 attempts, so a delay label (10 px) always fits in its slot.

/** The full-jitter ceiling of attempt `attempt` (1-based, as the client counts). */
export function ceilingMs(attempt: number, backoff: { baseMs: number; maxMs: number }): number {
  return Math.min(backoff.maxMs, backoff.baseMs * 2 ** (attempt - 1));
}

/**
 * The reconnection attempts after the last disconnect: each ceiling as a dashed outline and the
 * delay drawn at random inside it as a filled bar.
 */
export function ReconnectChart(props: {
  attempts: readonly ReconnectRecord[];
  backoff: { baseMs: number; maxMs: number };
  recoveredAt?: number;
}) {
  const { attempts, backoff, recoveredAt } = props;
  if (attempts.length === 0) {
    return (
      <p class="tr-empty">
        Aún no hubo reconexiones: fuerza una desconexión y aquí verás cada intento.
      </p>
    );
  }
  const scale = Math.max(...attempts.map((a) => ceilingMs(a.attempt, backoff)));
  const slot = WIDTH / Math.max(MIN_SLOTS, attempts.length);
  const plot = HEIGHT - TOP - BOTTOM;
  const y = (ms: number) => TOP + plot - (ms / scale) * plot;
  const summary = attempts
    .map((a) => `intento ${a.attempt}: ${a.delayMs} ms de ${ceilingMs(a.attempt, backoff)}`)
    .join('; ');
  return (
    <figure class="tr-reconnect">
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-label={`Reintentos tras la desconexión: ${summary}.`}
      >
        <line class="tr-reconnect__axis" x1={0} x2={WIDTH} y1={y(0)} y2={y(0)} />
        <line class="tr-reconnect__grid" x1={0} x2={WIDTH} y1={y(scale)} y2={y(scale)} />
        <text class="tr-reconnect__scale" x={WIDTH - 2} y={y(scale) - 4}>
          {formatMs(scale)}
        </text>
        {attempts.map((a, index) => {
          const ceiling = ceilingMs(a.attempt, backoff);
          const x = index * slot + slot * 0.2;
          const width = slot * 0.6;
          const ok = a.attempt === recoveredAt;
          return (
            <g
              key={`${a.at}-${a.attempt}`}
              data-attempt={a.attempt}
              data-delay-ms={a.delayMs}
              data-ceiling-ms={ceiling}
              data-outcome={ok ? 'connected' : undefined}
            >
              <title>{`Intento ${a.attempt}: esperó ${a.delayMs} ms; techo ${ceiling} ms`}</title>
              <rect
                class="tr-reconnect__ceiling"
                x={x}
                y={y(ceiling)}
                width={width}
                height={y(0) - y(ceiling)}
              />
              <rect
                class={`tr-reconnect__delay${ok ? ' tr-reconnect__delay--ok' : ''}`}
                x={x}
                y={y(a.delayMs)}
                width={width}
                height={Math.max(1, y(0) - y(a.delayMs))}
              />
              <text class="tr-reconnect__label" x={x + width / 2} y={HEIGHT - 20}>
                {ok ? `n.º ${a.attempt} ✓` : `n.º ${a.attempt}`}
              </text>
              <text class="tr-reconnect__value" x={x + width / 2} y={HEIGHT - 5}>
                {formatMs(a.delayMs)}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption>
        Barra llena: la espera sorteada. Contorno discontinuo: el techo del intento n,{' '}
        <code>
          min({formatMs(backoff.maxMs)}, {formatMs(backoff.baseMs)}·2<sup>n−1</sup>)
        </code>
        .{' '}
        {recoveredAt !== undefined
          ? `Conectó de nuevo en el intento ${recoveredAt} (✓).`
          : 'Reconectando…'}
      </figcaption>
    </figure>
  );
}
