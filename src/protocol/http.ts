import type { Envelope } from './envelope';
import type { TransportId } from './transports';

/** URL paths of the demo server. Channel names are URL-safe by construction. */
export const PATHS = {
  health: '/health',
  time: '/time',
  publish: (channel: string) => `/channels/${channel}/messages`,
  poll: (channel: string) => `/poll/${channel}`,
  longPoll: (channel: string) => `/long-poll/${channel}`,
  sse: (channel: string) => `/sse/${channel}`,
  /** Ends one SSE stream (its id comes in the stream's `hello` event), so EventSource reconnects. */
  sseDrop: (connectionId: string) => `/sse-connections/${connectionId}/drop`,
  websocket: '/ws',
  socketIo: '/socket.io/',
  races: '/races',
  race: (id: string) => `/races/${id}`,
  raceStart: (id: string) => `/races/${id}/start`,
} as const;

/** Answer of both polling routes. */
export interface PollResponse {
  messages: Envelope[];
  /** Pass as `after` on the next poll. */
  cursor: string;
  /** Present and true when messages older than the kept history were skipped. */
  truncated?: true;
}

/** Answer of `GET /health`. */
export interface HealthResponse {
  status: 'ok';
  transports: TransportId[];
  version: string;
  uptimeMs: number;
  connections: Record<TransportId, number>;
}

/** Answer of `GET /time`, for NTP-style clock-offset estimation. */
export interface TimeResponse {
  now: number;
}

/** Every HTTP error answer. */
export interface ErrorResponse {
  error: string;
}

/** Data of the first event (`event: hello`) of every SSE stream. */
export interface SseHello {
  connectionId: string;
}

/** Data of the `event: replay` that precedes replayed messages after Last-Event-ID. */
export interface SseReplay {
  count: number;
  truncated: boolean;
}
