import { LIMITS, RACE_LIMITS } from '../src/protocol';
import type { RateLimit } from './lib/rate-limit';

/** Every tunable of the demo server, with the defaults a classroom needs. */
export interface ServerConfig {
  /** Extra browser origins allowed besides localhost and the server's own (`--origin`). */
  allowedOrigins: string[];
  /** The built site to serve at `/`, or null to serve only the API. */
  staticDir: string | null;
  maxMessageBytes: number;
  historyLength: number;
  /** Bytes of message data kept per channel. */
  historyBytes: number;
  maxChannels: number;
  /** Publishes per client (address for HTTP, socket for WebSocket and Socket.IO). */
  publishRate: RateLimit;
  /** Open streaming connections (SSE, held long polls, WebSocket, Socket.IO) at once. */
  maxStreams: number;
  /** Channels one WebSocket or Socket.IO connection may subscribe to. */
  maxSubscriptionsPerSocket: number;
  sseRetryMs: number;
  sseHeartbeatMs: number;
  /** Interval of WebSocket ping frames; a peer that misses one pong is closed. */
  wsHeartbeatMs: number;
  /** Bytes queued for one slow reader before its stream is closed (it reconnects and replays). */
  maxQueuedBytes: number;
  /** How long a graceful shutdown waits for connections before cutting them. */
  shutdownGraceMs: number;
  /** Races created per client address (`POST /races`). */
  raceCreateRate: RateLimit;
  /**
   * Socket.IO broadcasts kept per namespace for connection state recovery (the newest ones);
   * a client that missed more than this reconnects without recovering.
   */
  recoveryMaxPackets: number;
  /** Races that may exist at once. */
  maxRaces: number;
  /** A race not started within this time, or finished for this long, is forgotten. */
  raceIdleExpiryMs: number;
  /** HS256 secret of chat tokens (`JWT_SECRET`); null: a random one, so tokens die with the process. */
  jwtSecret: string | null;
  /** The key that makes a token an instructor's (`INSTRUCTOR_KEY`); null: a random one nobody knows. */
  instructorKey: string | null;
  /** Tokens per client address (`POST /auth/token`). */
  tokenRate: RateLimit;
  /** Chat rooms one `/chat` socket may be in at once. */
  maxChatRoomsPerSocket: number;
  /** Notifications one `/notifications` socket may send. */
  notifyRate: RateLimit;
}

/** The defaults; tests and flags override single fields. */
export function defaultConfig(overrides: Partial<ServerConfig> = {}): ServerConfig {
  return {
    allowedOrigins: [],
    staticDir: null,
    maxMessageBytes: LIMITS.maxMessageBytes,
    historyLength: LIMITS.historyLength,
    historyBytes: 1024 * 1024,
    maxChannels: 1000,
    publishRate: { ratePerSecond: 50, burst: 100 },
    maxStreams: 5000,
    maxSubscriptionsPerSocket: 50,
    sseRetryMs: LIMITS.sseRetryMs,
    sseHeartbeatMs: LIMITS.sseHeartbeatMs,
    wsHeartbeatMs: 30_000,
    maxQueuedBytes: 1024 * 1024,
    shutdownGraceMs: 3_000,
    // A classroom behind one NAT address shares this: 30 students may start a race each at once.
    raceCreateRate: { ratePerSecond: 1, burst: 30 },
    // About 25 MB at the race's envelope size: minutes of a busy classroom.
    recoveryMaxPackets: 50_000,
    maxRaces: RACE_LIMITS.maxRaces,
    raceIdleExpiryMs: RACE_LIMITS.idleExpiryMs,
    jwtSecret: null,
    instructorKey: null,
    // A classroom behind one NAT address shares this too: 30 students may sign in at once.
    tokenRate: { ratePerSecond: 2, burst: 40 },
    maxChatRoomsPerSocket: 20,
    notifyRate: { ratePerSecond: 2, burst: 5 },
    ...overrides,
  };
}
