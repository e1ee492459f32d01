import { describe, expect, it } from 'vitest';
import type { RacePhase, RaceSession, RaceSnapshot } from '../../race';
import { ManualClock, settle } from '../../transports/testing/fakes';
import { createRaceStore, DEFAULT_SETTINGS, type RaceSettings } from './race-store';
import { emptySnapshot } from './race-view';

/** A race session the test drives: `phase(...)`, `update()`, `finish(...)`. */
function fakeSession(settings: RaceSettings) {
  let snapshot: RaceSnapshot = emptySnapshot(settings);
  const listeners = new Set<() => void>();
  let resolveRun: (s: RaceSnapshot) => void = () => {};
  let snapshotsTaken = 0;
  let stopped = false;
  const session: RaceSession = {
    snapshot: () => {
      snapshotsTaken += 1;
      return snapshot;
    },
    onUpdate(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    run: () => new Promise((resolve) => (resolveRun = resolve)),
    stop() {
      stopped = true;
      snapshot = { ...snapshot, phase: 'stopped' };
      resolveRun(snapshot);
    },
  };
  return {
    session,
    get snapshotsTaken() {
      return snapshotsTaken;
    },
    get stopped() {
      return stopped;
    },
    get listeners() {
      return listeners.size;
    },
    /** Changes the session's state and tells the store, as the real session does. */
    update(patch: Partial<RaceSnapshot>) {
      snapshot = { ...snapshot, ...patch };
      for (const listener of listeners) listener();
    },
    phase(phase: RacePhase, error?: string) {
      this.update({ phase, error });
    },
    finish(phase: RacePhase, error?: string) {
      snapshot = { ...snapshot, phase, error };
      resolveRun(snapshot);
    },
  };
}

function setup(options: { serverUp?: boolean } = {}) {
  const clock = new ManualClock();
  const server = { up: options.serverUp ?? true, probes: 0 };
  const sessions: ReturnType<typeof fakeSession>[] = [];
  const configs: RaceSettings[] = [];
  const store = createRaceStore('http://demo.test', {
    clock,
    drawEveryMs: 150,
    retryEveryMs: 3_000,
    probe: async () => {
      server.probes += 1;
      if (!server.up) throw new Error('GET /time: Failed to fetch');
    },
    createSession: async (settings) => {
      configs.push(settings);
      const fake = fakeSession(settings);
      sessions.push(fake);
      return fake.session;
    },
  });
  return { clock, server, sessions, configs, store };
}

describe('race widget store', () => {
  it('is idle once the server answers, and runs a race with the chosen settings', async () => {
    const { store, sessions, configs, clock } = setup();
    expect(store.get().status).toBe('connecting');
    store.start();
    await settle();
    expect(store.get().status).toBe('idle');

    store.setSettings({ rateHz: 20, durationMs: 3_000, shortPollingIntervalMs: 500, delayMs: 50 });
    const raced = store.race();
    expect(store.get()).toMatchObject({ status: 'syncing', racing: true });
    await settle();
    expect(configs).toEqual([
      {
        ...DEFAULT_SETTINGS,
        rateHz: 20,
        durationMs: 3_000,
        shortPollingIntervalMs: 500,
        delayMs: 50,
      },
    ]);

    const fake = sessions[0]!;
    fake.phase('running');
    await clock.advance(150);
    expect(store.get().status).toBe('running');
    fake.finish('done');
    await raced;
    expect(store.get()).toMatchObject({ status: 'done', racing: false });
    expect(store.get().raced?.rateHz).toBe(20);
    // Every listener and timer is released.
    expect(fake.listeners).toBe(0);
    expect(clock.pendingTimers).toBe(0);
  });

  it('draws at most once per interval however often the session changes', async () => {
    const { store, sessions, clock } = setup();
    store.start();
    await settle();
    void store.race();
    await settle();
    const fake = sessions[0]!;
    const states: unknown[] = [];
    store.subscribe((s) => states.push(s.snapshot));
    for (let i = 0; i < 100; i++) fake.update({ phase: 'running', sent: i });
    expect(states).toHaveLength(0);
    await clock.advance(150);
    expect(states).toHaveLength(1);
    expect(store.get().snapshot?.sent).toBe(99);
    expect(fake.snapshotsTaken).toBe(1);
    for (let i = 0; i < 10; i++) fake.update({ sent: 100 + i });
    await clock.advance(100);
    expect(states).toHaveLength(1);
    await clock.advance(50);
    expect(states).toHaveLength(2);
  });

  it('keeps the settings inside what the server accepts', () => {
    const { store } = setup();
    store.setSettings({ rateHz: 500, durationMs: 90_000, jitterMs: -3, delayMs: 151 });
    expect(store.get().settings).toMatchObject({
      rateHz: 50,
      durationMs: 30_000,
      jitterMs: 0,
      delayMs: 150,
    });
    store.setSettings({ rateHz: Number.NaN });
    expect(store.get().settings.rateHz).toBe(1);
  });

  it('goes offline when the server cannot be reached, and comes back by itself', async () => {
    const { store, server, clock } = setup({ serverUp: false });
    store.start();
    await settle();
    expect(store.get().status).toBe('offline');
    expect(store.get().detail).toBe('GET /time: Failed to fetch');
    await clock.advance(3_000);
    expect(server.probes).toBe(2);
    server.up = true;
    await clock.advance(3_000);
    expect(store.get().status).toBe('idle');
    expect(clock.pendingTimers).toBe(0);
  });

  it('says offline when a race fails because the server went away, and error otherwise', async () => {
    const { store, server, sessions } = setup();
    store.start();
    await settle();

    let raced = store.race();
    await settle();
    sessions[0]!.finish('error', 'El servidor rechazó la carrera: too many races');
    await raced;
    expect(store.get()).toMatchObject({
      status: 'error',
      racing: false,
      detail: 'El servidor rechazó la carrera: too many races',
    });

    server.up = false;
    raced = store.race();
    await settle();
    sessions[1]!.finish('error', 'Failed to fetch');
    await raced;
    expect(store.get().status).toBe('offline');
  });

  it('stops the race on demand and on unmount, and ignores a second start meanwhile', async () => {
    const { store, sessions, clock } = setup();
    store.start();
    await settle();
    const raced = store.race();
    await settle();
    void store.race();
    await settle();
    expect(sessions).toHaveLength(1);
    sessions[0]!.phase('running');
    store.cancel();
    await raced;
    expect(sessions[0]!.stopped).toBe(true);
    expect(store.get()).toMatchObject({ status: 'stopped', racing: false });

    void store.race();
    await settle();
    store.stop();
    expect(sessions[1]!.stopped).toBe(true);
    expect(clock.pendingTimers).toBe(0);
  });
});
