import type { Clock } from './types';

/** A heartbeat on one connection. */
export interface Heartbeat {
  /** Starts pinging every `intervalMs`. */
  start(): void;
  /** Stops and releases the timer. */
  stop(): void;
  /** Records a pong echoing `t` (the ping's send time); returns the round-trip time in ms. */
  pong(t: number): number;
}

/** Options of a heartbeat. */
export interface HeartbeatOptions {
  clock: Clock;
  intervalMs: number;
  /** Sends one ping carrying the send time `t` (clock ms). */
  ping: (t: number) => void;
  /** Called when `missedLimit` pings in a row got no pong: the peer is gone. */
  onDead: () => void;
  /** Unanswered pings tolerated (default 2). */
  missedLimit?: number;
}

/**
 * Application-level heartbeat: a closed laptop lid or a pulled cable fires no `close` event,
 * and the socket would look open forever. A ping every interval, and a peer that leaves
 * `missedLimit` of them unanswered is declared dead (the idea of the ws README's
 * "How to detect and close broken connections?", done from the client side).
 */
export function createHeartbeat(options: HeartbeatOptions): Heartbeat {
  const { clock, intervalMs, ping, onDead, missedLimit = 2 } = options;
  let timer: unknown;
  let unanswered = 0;

  function beat(): void {
    timer = undefined;
    if (unanswered >= missedLimit) return onDead();
    unanswered += 1;
    timer = clock.setTimeout(beat, intervalMs);
    ping(clock.now());
  }

  function stop(): void {
    if (timer !== undefined) clock.clearTimeout(timer);
    timer = undefined;
  }

  return {
    start() {
      stop();
      unanswered = 0;
      timer = clock.setTimeout(beat, intervalMs);
    },
    stop,
    pong(t) {
      unanswered = 0;
      return clock.now() - t;
    },
  };
}
