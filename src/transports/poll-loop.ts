import { backoffDelay } from './backoff';
import type { ClientCore } from './client-core';
import { requestPoll } from './http-exchange';
import type { FetchLike } from './platform';
import type { Clock, ClientEvents } from './types';
import { seconds } from './wire';

/** Events of the polling clients: the shared ones plus `truncated`. */
export interface PollingClientEvents extends ClientEvents {
  /** The server had already dropped messages newer than our cursor: some were lost (`at`: now()). */
  truncated: (at: number) => void;
}

/** What differs between short and long polling. */
export interface PollStrategy {
  fetch: FetchLike;
  clock: Clock;
  core: ClientCore<PollingClientEvents>;
  /**
   * URL of the next poll. `cursor` is undefined for the first one (it asks for the head).
   * `probe` is true while the client does not know it is connected (the first poll, retries
   * after a failure): a long poll then asks for an immediate answer rather than a held one.
   */
  url(cursor: string | undefined, probe: boolean): string;
  /** What an empty answer means for this poll. */
  emptyOutcome(probe: boolean): 'empty' | 'timeout';
  /** When to give up waiting for this poll's answer, if ever. */
  deadlineMs(probe: boolean): number | undefined;
  /** Wait after an answer with `messages` messages before the next poll. */
  delayAfterAnswer(messages: number): number;
  /** Wait before retry number `failures` (1 for the first) after a failure. */
  retryDelay(failures: number): number;
}

/** The running loop: one poll at a time, never two overlapping. */
export interface PollLoop {
  readonly cursor: string | undefined;
  start(): void;
  stop(): void;
  /** Re-times a pending normal wait to `delayMs` after the last answer (interval changes). */
  retime(delayMs: number): void;
}

/** Retry delay for polling: full-jitter backoff, at least `minMs`, at most `maxMs` (ms). */
export function pollRetryDelay(
  failures: number,
  clock: Clock,
  minMs: number,
  maxMs: number,
): number {
  return Math.max(
    minMs,
    backoffDelay(failures - 1, { baseMs: 1_000, maxMs, random: clock.random }),
  );
}

/** Creates the poll loop shared by the short- and long-polling clients. */
export function createPollLoop(strategy: PollStrategy): PollLoop {
  const { clock, core } = strategy;
  let running = false;
  // Bumped by start() and stop(): a poll of an earlier run must not touch this one.
  let run = 0;
  let cursor: string | undefined;
  let failures = 0;
  let timer: unknown;
  let waitingAfterAnswer = false;
  let lastAnswerAt = 0;
  let inFlight: AbortController | null = null;

  function schedule(delayMs: number, afterAnswer: boolean): void {
    waitingAfterAnswer = afterAnswer;
    if (delayMs <= 0) void poll();
    else timer = clock.setTimeout(poll, delayMs);
  }

  async function poll(): Promise<void> {
    timer = undefined;
    const mine = run;
    const live = () => running && run === mine;
    const probe = cursor === undefined || failures > 0;
    const controller = (inFlight = new AbortController());
    const result = await requestPoll({
      fetch: strategy.fetch,
      clock,
      url: strategy.url(cursor, probe),
      controller,
      emptyOutcome: strategy.emptyOutcome(probe),
      deadlineMs: strategy.deadlineMs(probe),
    });
    // Stopped (and maybe restarted) while this poll was out: its answer belongs to nobody.
    if (!live() || result.kind === 'aborted') return;
    inFlight = null;
    // Listeners may call stop() (or stop() and start()), so check after each emit.
    core.events.emit('request', result.record);
    if (!live()) return;

    if (result.kind === 'refused') {
      running = false;
      core.setState('error', result.error);
      return;
    }
    if (result.kind === 'failed') {
      failures += 1;
      const delayMs = strategy.retryDelay(failures);
      core.events.emit('reconnect', { attempt: failures, delayMs, at: clock.now() });
      if (!live()) return;
      core.setState('offline', `${result.detail}. Reintento ${failures} en ${seconds(delayMs)}`);
      schedule(delayMs, false);
      return;
    }
    failures = 0;
    cursor = result.cursor;
    core.setState('connected');
    if (result.truncated && live()) core.events.emit('truncated', clock.now());
    for (const envelope of result.messages) {
      if (!live()) return;
      core.events.emit('message', { envelope, receivedAt: clock.now(), replayed: false });
    }
    if (!live()) return;
    lastAnswerAt = clock.now();
    schedule(strategy.delayAfterAnswer(result.messages.length), true);
  }

  return {
    get cursor() {
      return cursor;
    },
    start() {
      if (running) return;
      running = true;
      run += 1;
      cursor = undefined;
      failures = 0;
      core.setState('connecting');
      void poll();
    },
    stop() {
      running = false;
      run += 1;
      if (timer !== undefined) clock.clearTimeout(timer);
      timer = undefined;
      inFlight?.abort();
      inFlight = null;
      core.setState('idle');
    },
    retime(delayMs) {
      if (timer === undefined || !waitingAfterAnswer) return;
      clock.clearTimeout(timer);
      schedule(Math.max(0, lastAnswerAt + delayMs - clock.now()), true);
    },
  };
}
