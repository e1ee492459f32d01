/** Clock and timers of the publisher, injectable for tests. */
export interface PublisherTimers {
  /** Monotonic milliseconds (`performance.now()`). */
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** The real clock and timers. */
export const systemPublisherTimers: PublisherTimers = {
  now: () => performance.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** What to publish and how often. */
export interface PublisherOptions {
  /** Events to publish, numbered 0..total-1. */
  total: number;
  periodMs: number;
  /** Publishes event `seq` (called exactly once per seq, in order). */
  publish(seq: number): void;
  /** Called once after the last event. */
  onDone(): void;
  timers?: PublisherTimers;
}

/**
 * Publishes `total` events, event `seq` at start + seq * period. Each timer is aimed at its own
 * target time, so a late timer does not push the ones after it (no drift); events whose time
 * has passed (the loop was busy) go out at once, in order. Returns the function that stops it.
 */
export function startPublisher(options: PublisherOptions): () => void {
  const { total, periodMs, publish, onDone, timers = systemPublisherTimers } = options;
  const startedAt = timers.now();
  let seq = 0;
  let timer: unknown = null;
  let stopped = false;

  function tick(): void {
    timer = null;
    while (!stopped && seq < total && startedAt + seq * periodMs <= timers.now()) {
      publish(seq++);
    }
    if (stopped) return;
    if (seq >= total) {
      stopped = true;
      onDone();
      return;
    }
    const wait = startedAt + seq * periodMs - timers.now();
    timer = timers.setTimeout(tick, Math.max(0, Math.ceil(wait)));
  }

  tick();
  return () => {
    stopped = true;
    if (timer !== null) timers.clearTimeout(timer);
    timer = null;
  };
}
