import type { TransportId } from './transports';

/**
 * The five-way race (lesson "Comparativa lado a lado"): the server publishes timestamped events on
 * a private channel while five lanes, one per transport, receive them. The lanes tag every request
 * and connection with `?race=<id>`, so the server can count the bytes it writes to them and apply
 * the simulated network delay to them alone.
 */
export const RACE_LIMITS = {
  minRateHz: 1,
  maxRateHz: 50,
  minDurationMs: 1_000,
  maxDurationMs: 30_000,
  /** The one-way delays the page offers; the server accepts any value up to the largest. */
  delayChoicesMs: [0, 25, 50, 150],
  maxDelayMs: 150,
  maxJitterMs: 50,
  /** Races that may exist at once on one server (a classroom of 30 racing at the same time fits). */
  maxRaces: 64,
  /** A race that is not started within this time, or is over for this long, is forgotten. */
  idleExpiryMs: 120_000,
} as const;

/** The query parameter that tags a lane's requests and connections with its race. */
export const RACE_QUERY_PARAM = 'race';

/** Body of `POST /races`. */
export interface RaceConfig {
  /** Events per second, 1-50. */
  rateHz: number;
  durationMs: number;
  /** Simulated one-way network delay, applied in both directions to the race's lanes. */
  delayMs: number;
  /** Extra random delay, 0..jitterMs, per crossing (order is kept, as TCP keeps it). */
  jitterMs: number;
}

/** Answer of `POST /races` (201). */
export interface RaceCreated {
  id: string;
  /** The private channel the events go to, `race:<id>`. */
  channel: string;
  config: RaceConfig;
}

/** Answer of `POST /races/:id/start`. */
export interface RaceStarted {
  startedAt: number;
  /** When the last event will have been published (server epoch ms). */
  endsAt: number;
  /** How many events the server will publish. */
  total: number;
}

/** The `data` of every race event. */
export interface RaceEvent {
  seq: number;
  /** Server clock (epoch ms, sub-millisecond: timeOrigin + performance.now()) at publication. */
  sentAt: number;
}

/** Where a race stands. */
export type RaceState = 'ready' | 'running' | 'finished';

/** What the server counted for one lane (all connections of one transport tagged with the race). */
export interface RaceLaneTraffic {
  /** Connections (streams, sockets) and HTTP requests tagged with the race. */
  connections: number;
  requests: number;
  /** Bytes written before the race started: handshakes, stream openings. */
  setupBytes: number;
  /** Bytes the server wrote to the lane while the race ran: headers, framing, payload, pings. */
  bytesDown: number;
  /** Bytes the server read from the lane while the race ran. */
  bytesUp: number;
}

/** Answer of `GET /races/:id`. */
export interface RaceReport {
  id: string;
  channel: string;
  state: RaceState;
  config: RaceConfig;
  /** Events published so far. */
  sent: number;
  startedAt?: number;
  endedAt?: number;
  lanes: Record<TransportId, RaceLaneTraffic>;
}
