import { useEffect, useState } from 'preact/hooks';
import { dataAsText, formatClock, formatMs } from '../shared/format';
import type { TimedMessage } from './long-polling-store';
import type { PollBar, PollOutcome } from './poll-bars';
import { TimelineLegend } from './TimelineLegend';

/** How much past the timeline shows. */
const WINDOW_MS = 30_000;
/** Gridlines every 5 s; labels on these. */
const TICKS_S = [30, 25, 20, 15, 10, 5, 0];
const LABELLED_S = [30, 20, 10, 0];

const OUTCOMES: Record<PollOutcome | 'held', string> = {
  held: 'retenida',
  messages: 'con mensajes',
  timeout: 'timeout: 200 vacía',
  empty: 'vacía al instante',
  error: 'error',
  cancelled: 'cancelada',
};

/**
 * The last 30 s of the long poll, scrolling left: each poll as a bar from sent to answered (two
 * alternating rows, so where one ends and the next starts shows), and each message as a mark when
 * the server stored it and another when it arrived here.
 */
export function Timeline(props: {
  polls: PollBar[];
  messages: TimedMessage[];
  offsetMs: number;
  networkRttMs?: number;
  now: () => number;
}) {
  const now = useNow(props.now);
  const from = now - WINDOW_MS;
  const x = (time: number) => Math.min(100, Math.max(0, ((time - from) / WINDOW_MS) * 100));
  return (
    <figure class="lp-timeline" data-timeline>
      <p class="lp-lane-label" aria-hidden="true">
        Peticiones
      </p>
      <div class="lp-track lp-track--polls">
        <Grid />
        {props.polls
          .filter((poll) => (poll.endedAt ?? now) >= from)
          .map((poll) => {
            const outcome = poll.outcome ?? 'held';
            const end = poll.endedAt ?? now;
            return (
              <div
                key={poll.seq}
                class={`lp-bar lp-bar--${outcome} lp-bar--row${poll.seq % 2}`}
                data-outcome={outcome}
                style={{ left: `${x(poll.startedAt)}%`, width: `${x(end) - x(poll.startedAt)}%` }}
                role="img"
                aria-label={describePoll(poll, now)}
                title={describePoll(poll, now)}
              >
                <span class="lp-bar__label" aria-hidden="true">
                  {barLabel(poll, now)}
                </span>
              </div>
            );
          })}
      </div>
      <p class="lp-lane-label" aria-hidden="true">
        Mensajes
      </p>
      <div class="lp-track lp-track--messages">
        <Grid />
        {props.messages
          .filter((m) => m.receivedAt >= from)
          .map(({ envelope, receivedAt }) => {
            const arrived = x(receivedAt);
            const published = Math.min(arrived, x(envelope.ts - props.offsetMs));
            const text = `«${dataAsText(envelope.data)}»: publicado ${formatClock(envelope.ts - props.offsetMs)}, recibido ${formatClock(receivedAt)}`;
            return (
              <div key={envelope.id} data-mark-id={envelope.id}>
                <span
                  class="lp-mark__wait"
                  style={{ left: `${published}%`, width: `${arrived - published}%` }}
                />
                <span class="lp-mark lp-mark--published" style={{ left: `${published}%` }} />
                <span
                  class="lp-mark lp-mark--arrived"
                  style={{ left: `${arrived}%` }}
                  role="img"
                  aria-label={text}
                  title={text}
                />
              </div>
            );
          })}
      </div>
      <div class="lp-axis" aria-hidden="true">
        {LABELLED_S.map((s) => (
          <span key={s} style={{ left: `${100 - (s / 30) * 100}%` }}>
            {s === 0 ? 'ahora' : `−${s} s`}
          </span>
        ))}
      </div>
      <figcaption>
        <TimelineLegend networkRttMs={props.networkRttMs} />
      </figcaption>
    </figure>
  );
}

function Grid() {
  return (
    <>
      {TICKS_S.map((s) => (
        <span key={s} class="lp-grid" style={{ left: `${100 - (s / 30) * 100}%` }} />
      ))}
    </>
  );
}

function barLabel(poll: PollBar, now: number): string {
  if (poll.outcome === undefined) {
    const held = formatMs(now - poll.startedAt);
    return poll.holdMs > 0 ? `retenida ${held} de ${poll.holdMs / 1000} s` : 'enviada';
  }
  if (poll.outcome === 'messages') return `✉ ${poll.messages}`;
  if (poll.outcome === 'error') return '✕ error';
  return OUTCOMES[poll.outcome];
}

function describePoll(poll: PollBar, now: number): string {
  const outcome = OUTCOMES[poll.outcome ?? 'held'];
  const took = formatMs((poll.endedAt ?? now) - poll.startedAt);
  const count = poll.outcome === 'messages' ? ` (${poll.messages})` : '';
  return `Petición de las ${formatClock(poll.startedAt)}: ${outcome}${count}, ${took}`;
}

/** Now, refreshed ten times a second (once a second for people who asked for less motion). */
function useNow(now: () => number): number {
  const [time, setTime] = useState(now);
  useEffect(() => {
    const reduced = window.matchMedia?.('(prefers-reduced-motion: reduce)').matches;
    const handle = setInterval(() => setTime(now()), reduced ? 1000 : 100);
    return () => clearInterval(handle);
  }, [now]);
  return time;
}
