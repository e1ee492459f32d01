import type { Envelope } from '../protocol';
import type { Clock } from './types';
import { seconds } from './wire';

/** Publishes waiting for the server's answer, each with its own timeout. */
export interface PendingAcks {
  readonly size: number;
  /** A new unique ref and the promise its answer settles. */
  add(): { ref: string; promise: Promise<Envelope> };
  /** Settles the publish `ref` with its envelope; false when nothing waits for it. */
  resolve(ref: string, envelope: Envelope): boolean;
  /** Rejects the publish `ref`; false when nothing waits for it. */
  reject(ref: string, error: Error): boolean;
  /** Rejects every waiting publish (the connection closed) and clears their timers. */
  rejectAll(error: Error): void;
}

/** Creates the table of waiting publishes; each is rejected after `timeoutMs` without answer. */
export function createPendingAcks(clock: Clock, timeoutMs: number): PendingAcks {
  const waiting = new Map<
    string,
    { resolve: (e: Envelope) => void; reject: (e: Error) => void; timer: unknown }
  >();
  let counter = 0;

  function settle(
    ref: string,
  ): { resolve: (e: Envelope) => void; reject: (e: Error) => void } | undefined {
    const entry = waiting.get(ref);
    if (!entry) return undefined;
    waiting.delete(ref);
    clock.clearTimeout(entry.timer);
    return entry;
  }

  return {
    get size() {
      return waiting.size;
    },
    add() {
      counter += 1;
      const ref = `r${counter}`;
      const promise = new Promise<Envelope>((resolve, reject) => {
        const timer = clock.setTimeout(() => {
          settle(ref)?.reject(
            new Error(`El servidor no confirmó la publicación en ${seconds(timeoutMs)}`),
          );
        }, timeoutMs);
        waiting.set(ref, { resolve, reject, timer });
      });
      return { ref, promise };
    },
    resolve(ref, envelope) {
      const entry = settle(ref);
      entry?.resolve(envelope);
      return entry !== undefined;
    },
    reject(ref, error) {
      const entry = settle(ref);
      entry?.reject(error);
      return entry !== undefined;
    },
    rejectAll(error) {
      for (const ref of [...waiting.keys()]) settle(ref)?.reject(error);
    },
  };
}
