import type { Envelope, Json, TransportId } from '../protocol';

/**
 * Where a client stands. `idle`: not started. `connecting`: trying (first time or again after a
 * failure). `connected`: receiving. `offline`: the server cannot be reached; the client retries
 * by itself. `error`: the server refused (bad channel, origin not allowed): retrying will not help.
 */
export type ConnectionState = 'idle' | 'connecting' | 'connected' | 'offline' | 'error';

/** A message as a client hands it to its listeners. */
export interface ReceivedMessage {
  envelope: Envelope;
  /** Client clock (ms, `now()`) when it arrived. */
  receivedAt: number;
  /** True when it came from history after a reconnection (SSE Last-Event-ID, a poll cursor). */
  replayed: boolean;
}

/** One HTTP exchange a polling client made, for the request logs of the widgets. */
export interface RequestRecord {
  startedAt: number;
  endedAt: number;
  status: number;
  /** Bytes of the response body as received. */
  bytes: number;
  messages: number;
  /** Why it ended: messages, an empty answer, the long-poll timeout, an error. */
  outcome: 'messages' | 'empty' | 'timeout' | 'error';
}

/** A reconnection the client scheduled: attempt number and the delay it chose. */
export interface ReconnectRecord {
  attempt: number;
  delayMs: number;
  at: number;
}

/** What a client reports, to a store or to the benchmark. */
export interface ClientEvents {
  state: (state: ConnectionState, detail: string | undefined) => void;
  message: (message: ReceivedMessage) => void;
  request: (record: RequestRecord) => void;
  reconnect: (record: ReconnectRecord) => void;
}

/** Timers, clock and randomness, injected so tests drive time by hand. */
export interface Clock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  random(): number;
}

/** The browser's clock and timers (also right for Node). */
export const systemClock: Clock = {
  now: () => performance.timeOrigin + performance.now(),
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
  random: Math.random,
};

/** One client per transport, all behind this interface: subscribe to one channel, publish to it. */
export interface TransportClient {
  readonly transport: TransportId;
  readonly state: ConnectionState;
  /** Starts receiving the channel's new messages; reconnects by itself until `stop()`. */
  start(): void;
  /** Stops receiving and releases every timer and connection. */
  stop(): void;
  /** Publishes through this transport; resolves with the stored envelope. */
  publish(data: Json): Promise<Envelope>;
  /** Adds a listener; returns the function that removes it. */
  on<E extends keyof ClientEvents>(event: E, listener: ClientEvents[E]): () => void;
}
