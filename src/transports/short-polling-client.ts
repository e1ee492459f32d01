import { LIMITS, PATHS } from '../protocol';
import { createClientCore } from './client-core';
import { publishOverHttp } from './http-exchange';
import type { FetchLike } from './platform';
import { createPollLoop, pollRetryDelay, type PollingClientEvents } from './poll-loop';
import type { Clock, TransportClient } from './types';
import { httpUrl, type QueryParams } from './url';

/** Options of the short-polling client. */
export interface ShortPollingOptions {
  /** The demo server, e.g. `http://localhost:8787`. */
  baseUrl: string;
  channel: string;
  /** Wait between the end of one poll and the start of the next. */
  intervalMs: number;
  fetch: FetchLike;
  clock: Clock;
  /** Longest wait between retries while the server cannot be reached (default 10 s). */
  maxRetryMs?: number;
  /** Extra query parameters on every request this client makes (the race tags its lanes with `race`). */
  query?: QueryParams;
}

/** The short-polling client: the shared interface plus the live interval. */
export interface ShortPollingClient extends TransportClient {
  readonly transport: 'short-polling';
  readonly detail: string | undefined;
  readonly intervalMs: number;
  /** The cursor the next poll sends as `after` (undefined before the first answer). */
  readonly cursor: string | undefined;
  /** Changes the interval; the pending wait is re-timed from the last answer. */
  setInterval(ms: number): void;
  on<E extends keyof PollingClientEvents>(event: E, listener: PollingClientEvents[E]): () => void;
}

/**
 * Short polling: `GET /poll/:channel` every `intervalMs`. The first poll (no `after`) only
 * fetches the channel's head cursor; each answer's cursor is the next poll's `after`.
 * A lost server means `offline` and retries with backoff; a 4xx (bad channel) means `error`.
 * Messages the server had already dropped are reported with the `truncated` event.
 */
export function createShortPollingClient(options: ShortPollingOptions): ShortPollingClient {
  const { baseUrl, channel, fetch, clock, maxRetryMs = 10_000, query } = options;
  let intervalMs = checkInterval(options.intervalMs);
  const core = createClientCore<PollingClientEvents>();
  const loop = createPollLoop({
    fetch,
    clock,
    core,
    url: (cursor) => httpUrl(baseUrl, PATHS.poll(channel), { ...query, after: cursor }),
    emptyOutcome: () => 'empty',
    deadlineMs: () => undefined,
    // A full page means more is waiting: fetch the rest at once rather than an interval later.
    delayAfterAnswer: (messages) => (messages >= LIMITS.maxMessagesPerPoll ? 0 : intervalMs),
    retryDelay: (failures) => pollRetryDelay(failures, clock, intervalMs, maxRetryMs),
  });

  return {
    transport: 'short-polling',
    get state() {
      return core.state;
    },
    get detail() {
      return core.detail;
    },
    get intervalMs() {
      return intervalMs;
    },
    get cursor() {
      return loop.cursor;
    },
    start: loop.start,
    stop: loop.stop,
    setInterval(ms) {
      intervalMs = checkInterval(ms);
      loop.retime(intervalMs);
    },
    publish: (data) => publishOverHttp({ fetch, baseUrl, channel, via: 'short-polling', data }),
    on: core.events.on,
  };
}

function checkInterval(ms: number): number {
  if (!Number.isFinite(ms) || ms <= 0) {
    throw new RangeError(`intervalMs must be a positive number, got ${ms}`);
  }
  return ms;
}
