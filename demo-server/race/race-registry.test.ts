import { describe, expect, it } from 'vitest';
import { MemoryBus } from '../bus/memory-bus';
import type { Envelope } from '../../src/protocol';
import { RaceCapacityError, RaceRegistry } from './race-registry';
import { RaceAlreadyStartedError } from './race';

/** Timers on a hand-moved clock, shared by the registry and the publisher. */
function fakeTimers() {
  let now = 0;
  let nextId = 1;
  const timers = new Map<number, { at: number; callback: () => void }>();
  return {
    now: () => now,
    setTimeout: (callback: () => void, ms: number) => {
      const id = nextId++;
      timers.set(id, { at: now + ms, callback });
      return id;
    },
    clearTimeout: (handle: unknown) => void timers.delete(handle as number),
    advance(ms: number) {
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
    get active() {
      return timers.size;
    },
  };
}

function setup(maxRaces = 3) {
  const timers = fakeTimers();
  const bus = new MemoryBus({ historyLength: 100, historyBytes: 100_000, maxChannels: 100 });
  let ids = 0;
  const registry = new RaceRegistry({
    bus,
    maxRaces,
    idleExpiryMs: 1_000,
    timers,
    publisherTimers: timers,
    newId: () => `race${String(ids++).padStart(8, '0')}`,
  });
  return { timers, bus, registry };
}

const config = { rateHz: 10, durationMs: 1_000, delayMs: 0, jitterMs: 0 };

describe('RaceRegistry', () => {
  it('creates races with their own channel, up to the maximum, then refuses', () => {
    const { registry } = setup(2);
    const a = registry.create(config);
    const b = registry.create(config);
    expect(a.channel).toBe(`race:${a.id}`);
    expect(a.id).not.toBe(b.id);
    expect(() => registry.create(config)).toThrow(RaceCapacityError);
    expect(registry.get(a.id)).toBe(a);
  });

  it('finds nothing for ids that are not race ids', () => {
    const { registry } = setup();
    registry.create(config);
    expect(registry.get('race00000000')).toBeDefined();
    expect(registry.get('RACE00000000')).toBeUndefined();
    expect(registry.get('../etc')).toBeUndefined();
  });

  it('forgets a race never started after the idle expiry, and frees its place', () => {
    const { registry, timers } = setup(1);
    const race = registry.create(config);
    timers.advance(999);
    expect(registry.get(race.id)).toBe(race);
    timers.advance(1);
    expect(registry.get(race.id)).toBeUndefined();
    expect(race.alive).toBe(false);
    expect(() => registry.create(config)).not.toThrow();
  });

  it('publishes rateHz events for durationMs on the race channel, then expires it after finishing', async () => {
    const { registry, timers, bus } = setup();
    const race = registry.create(config);
    const received: Envelope[] = [];
    bus.subscribe(race.channel, (message) => received.push(message));
    timers.advance(900);
    const started = registry.start(race);
    expect(started.total).toBe(10);
    expect(started.endsAt - started.startedAt).toBeCloseTo(900, 6);
    // A running race does not expire, however long it runs.
    timers.advance(899);
    expect(race.state).toBe('running');
    timers.advance(1);
    await Promise.resolve();
    expect(race.state).toBe('finished');
    expect(race.sent).toBe(10);
    expect(received.map((m) => (m.data as { seq: number }).seq)).toEqual([
      0, 1, 2, 3, 4, 5, 6, 7, 8, 9,
    ]);
    for (const message of received) {
      expect(message.via).toBe('short-polling');
      expect(typeof (message.data as { sentAt: number }).sentAt).toBe('number');
    }
    timers.advance(999);
    expect(registry.get(race.id)).toBe(race);
    timers.advance(1);
    expect(registry.get(race.id)).toBeUndefined();
    expect(timers.active).toBe(0);
  });

  it('keeps the expiry of a one-event race that finishes inside start()', () => {
    const { registry, timers } = setup();
    const race = registry.create({ ...config, rateHz: 1 });
    registry.start(race);
    expect(race.state).toBe('finished');
    timers.advance(1_000);
    expect(registry.get(race.id)).toBeUndefined();
  });

  it('refuses a second start', () => {
    const { registry } = setup();
    const race = registry.create(config);
    registry.start(race);
    expect(() => registry.start(race)).toThrow(RaceAlreadyStartedError);
  });

  it('stops every publisher and timer on close', () => {
    const { registry, timers } = setup();
    const running = registry.create({ ...config, durationMs: 30_000 });
    registry.create(config);
    registry.start(running);
    expect(timers.active).toBeGreaterThan(0);
    registry.close();
    expect(registry.size).toBe(0);
    expect(timers.active).toBe(0);
    expect(running.alive).toBe(false);
  });
});
