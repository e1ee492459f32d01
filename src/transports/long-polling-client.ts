import { LIMITS, PATHS } from '../protocol';
import { createClientCore } from './client-core';
import { publishOverHttp } from './http-exchange';
import type { FetchLike } from './platform';
import { createPollLoop, pollRetryDelay, type PollingClientEvents } from './poll-loop';
import type { Clock, TransportClient } from './types';
import { httpUrl, type QueryParams } from './url';

/** Options of the long-polling client. */
export interface LongPollingOptions {
  baseUrl: string;
  channel: string;
  /** How long the server may hold each poll (server default 25 s, at most 60 s). */
  timeoutMs: number;
  fetch: FetchLike;
  clock: Clock;
  /** Sent as `client=`: the server refuses (409) a second overlapping poll with the same id. */
  clientId?: string;
  /** Longest wait between retries while the server cannot be reached (default 10 s). */
  maxRetryMs?: number;
  /** Extra wait beyond `timeoutMs` before a held poll counts as lost (default 10 s). */
  graceMs?: number;
  /** Extra query parameters on every request this client makes (the race tags its lanes with `race`). */
  query?: QueryParams;
}

/** The long-polling client. */
export interface LongPollingClient extends TransportClient {
  readonly transport: 'long-polling';
  readonly detail: string | undefined;
  /** The cursor the next poll sends as `after` (undefined before the first answer). */
  readonly cursor: string | undefined;
  on<E extends keyof PollingClientEvents>(event: E, listener: PollingClientEvents[E]): () => void;
}

/**
 * Long polling: `GET /long-poll/:channel?after=&timeout=`, which the server holds until a message
 * arrives or the timeout; the next poll goes out as soon as an answer comes back. The first poll,
 * and each retry after a failure, asks with `timeout=0` so that `connected` comes at once rather
 * than after a held poll. A held poll that gets no answer by `timeoutMs + graceMs` is aborted
 * and counted as a network failure.
 */
export function createLongPollingClient(options: LongPollingOptions): LongPollingClient {
  const { baseUrl, channel, timeoutMs, fetch, clock, clientId, query } = options;
  const { maxRetryMs = 10_000, graceMs = 10_000 } = options;
  if (!Number.isInteger(timeoutMs) || timeoutMs < 0 || timeoutMs > LIMITS.maxLongPollTimeoutMs) {
    throw new RangeError(
      `timeoutMs must be a whole number from 0 to ${LIMITS.maxLongPollTimeoutMs}`,
    );
  }
  const core = createClientCore<PollingClientEvents>();
  const loop = createPollLoop({
    fetch,
    clock,
    core,
    url: (cursor, probe) =>
      httpUrl(baseUrl, PATHS.longPoll(channel), {
        ...query,
        after: cursor,
        timeout: probe ? 0 : timeoutMs,
        client: clientId,
      }),
    emptyOutcome: (probe) => (probe || timeoutMs === 0 ? 'empty' : 'timeout'),
    deadlineMs: (probe) => (probe ? 0 : timeoutMs) + graceMs,
    delayAfterAnswer: () => 0,
    retryDelay: (failures) => pollRetryDelay(failures, clock, 0, maxRetryMs),
  });

  return {
    transport: 'long-polling',
    get state() {
      return core.state;
    },
    get detail() {
      return core.detail;
    },
    get cursor() {
      return loop.cursor;
    },
    start: loop.start,
    stop: loop.stop,
    publish: (data) => publishOverHttp({ fetch, baseUrl, channel, via: 'long-polling', data }),
    on: core.events.on,
  };
}
