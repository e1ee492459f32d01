import { describe, expect, it } from 'vitest';
import { startPublisher, type PublisherTimers } from './publisher';

/** Timers on a hand-moved clock; every timer fires `lateMs` after it is due. */
function fakeTimers(lateMs = 0) {
  let now = 500;
  let nextId = 1;
  const timers = new Map<number, { at: number; callback: () => void }>();
  const api: PublisherTimers & {
    advance(ms: number): void;
    jump(ms: number): void;
    active: number;
  } = {
    now: () => now,
    setTimeout: (callback, ms) => {
      const id = nextId++;
      timers.set(id, { at: now + ms + lateMs, callback });
      return id;
    },
    clearTimeout: (handle) => void timers.delete(handle as number),
    advance(ms) {
      const until = now + ms;
      for (;;) {
        const due = [...timers].filter(([, t]) => t.at <= until).sort((a, b) => a[1].at - b[1].at);
        if (due.length === 0) break;
        const [id, timer] = due[0]!;
        timers.delete(id);
        now = timer.at;
        timer.callback();
      }
      now = until;
    },
    /** Moves the clock without firing timers: the event loop was busy. */
    jump(ms) {
      now += ms;
    },
    get active() {
      return timers.size;
    },
  };
  return api;
}

describe('startPublisher', () => {
  it('publishes event seq at start + seq * period, the first one at once', () => {
    const timers = fakeTimers();
    const publishedAt: number[] = [];
    let done = 0;
    startPublisher({
      total: 4,
      periodMs: 50,
      publish: () => publishedAt.push(timers.now()),
      onDone: () => done++,
      timers,
    });
    expect(publishedAt).toEqual([500]);
    timers.advance(1_000);
    expect(publishedAt).toEqual([500, 550, 600, 650]);
    expect(done).toBe(1);
    expect(timers.active).toBe(0);
  });

  it('does not drift when every timer fires late: each aims at its own target', () => {
    const timers = fakeTimers(7);
    const publishedAt: number[] = [];
    startPublisher({
      total: 20,
      periodMs: 20,
      publish: () => publishedAt.push(timers.now()),
      onDone: () => {},
      timers,
    });
    timers.advance(1_000);
    // Chained timeouts would end at 500 + 19 * 27; aimed ones stay within one lateness of target.
    expect(publishedAt).toHaveLength(20);
    publishedAt.forEach((at, seq) => {
      expect(at - (500 + seq * 20)).toBeGreaterThanOrEqual(0);
      expect(at - (500 + seq * 20)).toBeLessThanOrEqual(7);
    });
  });

  it('catches up in order after the loop was busy, never skipping or repeating an event', () => {
    const timers = fakeTimers();
    const published: { seq: number; at: number }[] = [];
    startPublisher({
      total: 10,
      periodMs: 10,
      publish: (seq) => {
        published.push({ seq, at: timers.now() });
        if (seq === 2) timers.jump(35);
      },
      onDone: () => {},
      timers,
    });
    timers.advance(1_000);
    expect(published.map((p) => p.seq)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    // Events 3, 4 and 5 (due at 530, 540, 550) went out together when the loop came back at 555.
    expect(published.slice(3, 6).map((p) => p.at)).toEqual([555, 555, 555]);
    expect(published[6]!.at).toBe(560);
  });

  it('stops publishing and releases its timer when stopped', () => {
    const timers = fakeTimers();
    const seqs: number[] = [];
    let done = 0;
    const stop = startPublisher({
      total: 10,
      periodMs: 100,
      publish: (seq) => seqs.push(seq),
      onDone: () => done++,
      timers,
    });
    timers.advance(150);
    stop();
    expect(timers.active).toBe(0);
    timers.advance(10_000);
    expect(seqs).toEqual([0, 1]);
    expect(done).toBe(0);
  });
});
