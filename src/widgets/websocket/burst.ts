/** How a burst of publishes went, updated every animation frame while it drains. */
export interface BurstResult {
  total: number;
  /** Publishes the server confirmed (`published`). */
  acked: number;
  /** Publishes refused (an `error` frame: too fast) or lost (the socket closed). */
  rejected: number;
  firstError?: string;
  /** `bufferedAmount` in bytes, one sample per animation frame, starting right after sending. */
  samples: number[];
  peakBytes: number;
  running: boolean;
}

/** What a burst needs: the publish, the socket's queue, and a frame scheduler. */
export interface BurstOptions {
  count: number;
  /** Publishes message `index` (0-based); resolves on the server's confirmation. */
  publish: (index: number) => Promise<unknown>;
  bufferedAmount: () => number;
  /** `requestAnimationFrame`, injected. */
  requestFrame: (callback: () => void) => void;
  onUpdate: (result: BurstResult) => void;
  /** True once the widget is gone: sampling stops. */
  cancelled: () => boolean;
  /** Stops sampling after this many frames even if the queue never empties (default 600). */
  maxFrames?: number;
}

/**
 * Sends `count` publishes in one go, without waiting for any answer, then samples
 * `bufferedAmount` once per frame until every publish is settled and the queue is empty.
 */
export function runBurst(options: BurstOptions): void {
  const { count, publish, bufferedAmount, requestFrame, onUpdate, cancelled } = options;
  const maxFrames = options.maxFrames ?? 600;
  const result: BurstResult = {
    total: count,
    acked: 0,
    rejected: 0,
    samples: [],
    peakBytes: 0,
    running: true,
  };
  let settled = 0;
  for (let index = 0; index < count; index += 1) {
    publish(index).then(
      () => {
        result.acked += 1;
        settled += 1;
      },
      (error: unknown) => {
        result.rejected += 1;
        result.firstError ??= error instanceof Error ? error.message : String(error);
        settled += 1;
      },
    );
  }

  function sample(): void {
    if (cancelled()) return;
    const bytes = bufferedAmount();
    result.samples.push(bytes);
    result.peakBytes = Math.max(result.peakBytes, bytes);
    const drained = settled === count && bytes === 0;
    result.running = !drained && result.samples.length < maxFrames;
    onUpdate({ ...result, samples: [...result.samples] });
    if (result.running) requestFrame(sample);
  }
  // The first sample right after the sends: the whole burst is still queued in the browser.
  sample();
}
