import { RACE_LIMITS } from '../../protocol';
import { createRaceSession, type RacePhase, type RaceSession, type RaceSnapshot } from '../../race';
import { systemClock, type Clock } from '../../transports';
import { browserDeps, probeServer } from '../shared/browser-deps';
import { createStore, type Store } from '../shared/store';

/** What the student chooses before a race. */
export interface RaceSettings {
  rateHz: number;
  durationMs: number;
  shortPollingIntervalMs: number;
  delayMs: number;
  jitterMs: number;
}

/**
 * The widget's `data-state`: `connecting` while it checks that the server answers, `idle` when a
 * race can start, `offline` when the server cannot be reached, else the phase of the race.
 */
export type RaceStatus = 'connecting' | 'idle' | 'offline' | Exclude<RacePhase, 'idle'>;

/** What the race widget shows. */
export interface RaceViewState {
  status: RaceStatus;
  /** Why the race failed or the server is unreachable. */
  detail?: string;
  settings: RaceSettings;
  /** A race is in progress (from Start until it is done, stopped or failed). */
  racing: boolean;
  /** The settings of the race shown (the controls may have changed since). */
  raced: RaceSettings | null;
  /** The race as last drawn (throttled); null before the first race. */
  snapshot: RaceSnapshot | null;
}

/** The widget's store: the settings, one race session at a time, and a throttled snapshot. */
export interface RaceStore extends Store<RaceViewState> {
  /** Checks that the server answers (and keeps checking while it does not). */
  start(): void;
  /** Stops any race and every timer (the island unmounted or the server changed). */
  stop(): void;
  setSettings(patch: Partial<RaceSettings>): void;
  /** Runs a race with the current settings; resolves when it is over. */
  race(): Promise<void>;
  /** Stops the race in progress. */
  cancel(): void;
}

/** What the store needs; tests inject all of it. */
export interface RaceStoreOptions {
  clock?: Pick<Clock, 'setTimeout' | 'clearTimeout'>;
  /** Resolves when the server answers, rejects when it cannot be reached. */
  probe?: () => Promise<void>;
  /** Builds the session of one race. */
  createSession?: (settings: RaceSettings) => Promise<RaceSession>;
  /** Draw at most this often while racing (the session changes up to ~250 times a second). */
  drawEveryMs?: number;
  /** While offline, check the server again this often. */
  retryEveryMs?: number;
}

/** The settings a student sees first: a short race that every lane finishes quickly. */
export const DEFAULT_SETTINGS: RaceSettings = {
  rateHz: 10,
  durationMs: 5_000,
  shortPollingIntervalMs: 1_000,
  delayMs: 0,
  jitterMs: 0,
};

/** The short-polling intervals the widget offers. */
export const SHORT_POLLING_INTERVALS_MS = [250, 500, 1_000, 2_000, 5_000];

/** Keeps every setting inside what the server accepts. */
export function clampSettings(settings: RaceSettings): RaceSettings {
  const clamp = (value: number, min: number, max: number) =>
    Math.min(max, Math.max(min, Math.round(Number.isFinite(value) ? value : min)));
  return {
    rateHz: clamp(settings.rateHz, RACE_LIMITS.minRateHz, RACE_LIMITS.maxRateHz),
    durationMs: clamp(settings.durationMs, RACE_LIMITS.minDurationMs, RACE_LIMITS.maxDurationMs),
    shortPollingIntervalMs: clamp(settings.shortPollingIntervalMs, 100, 10_000),
    delayMs: clamp(settings.delayMs, 0, RACE_LIMITS.maxDelayMs),
    jitterMs: clamp(settings.jitterMs, 0, RACE_LIMITS.maxJitterMs),
  };
}

/** Creates the store for the demo server at `serverUrl`. */
export function createRaceStore(serverUrl: string, options: RaceStoreOptions = {}): RaceStore {
  const clock = options.clock ?? systemClock;
  const probe = options.probe ?? (() => probeServer(serverUrl));
  const createSession = options.createSession ?? ((s) => browserSession(serverUrl, s));
  const drawEveryMs = options.drawEveryMs ?? 150;
  const retryEveryMs = options.retryEveryMs ?? 3_000;
  const store = createStore<RaceViewState>({
    status: 'connecting',
    settings: DEFAULT_SETTINGS,
    racing: false,
    raced: null,
    snapshot: null,
  });
  let session: RaceSession | undefined;
  let unsubscribe = () => {};
  let drawTimer: unknown;
  let retryTimer: unknown;
  let alive = false;

  function draw(): void {
    drawTimer = undefined;
    if (!session) return;
    const snapshot = session.snapshot();
    // Before run() has set its first phase, the store's own `syncing` stands.
    const status = snapshot.phase === 'idle' ? store.get().status : snapshot.phase;
    const racing = !['done', 'stopped', 'error'].includes(status);
    store.set({ snapshot, status, racing, detail: snapshot.error });
  }

  function scheduleDraw(): void {
    if (drawTimer === undefined) drawTimer = clock.setTimeout(draw, drawEveryMs);
  }

  function cancelDraw(): void {
    if (drawTimer !== undefined) clock.clearTimeout(drawTimer);
    drawTimer = undefined;
  }

  function goOffline(error: unknown): void {
    store.set({ status: 'offline', detail: error instanceof Error ? error.message : undefined });
    retryTimer = clock.setTimeout(() => void check(), retryEveryMs);
  }

  /** Probes the server: `idle` when it answers (if nothing else happened meanwhile). */
  async function check(): Promise<void> {
    retryTimer = undefined;
    try {
      await probe();
      const { status } = store.get();
      if (alive && !store.get().racing && (status === 'connecting' || status === 'offline'))
        store.set({ status: 'idle', detail: undefined });
    } catch (error) {
      if (alive) goOffline(error);
    }
  }

  function endSession(): void {
    unsubscribe();
    unsubscribe = () => {};
    session?.stop();
    cancelDraw();
  }

  return {
    ...store,
    start() {
      alive = true;
      void check();
    },
    stop() {
      alive = false;
      endSession();
      session = undefined;
      if (retryTimer !== undefined) clock.clearTimeout(retryTimer);
      retryTimer = undefined;
    },
    setSettings(patch) {
      store.set((s) => ({ settings: clampSettings({ ...s.settings, ...patch }) }));
    },
    async race() {
      if (store.get().racing) return;
      endSession();
      const raced = store.get().settings;
      store.set({ status: 'syncing', racing: true, raced, detail: undefined, snapshot: null });
      let current: RaceSession;
      try {
        current = await createSession(raced);
      } catch (error) {
        const detail = error instanceof Error ? error.message : String(error);
        store.set({ status: 'error', racing: false, detail });
        return;
      }
      // Stopped (or cancelled) while the session's code was loading.
      if (!alive || !store.get().racing) return;
      session = current;
      unsubscribe = current.onUpdate(scheduleDraw);
      const result = await current.run();
      if (session !== current) return;
      unsubscribe();
      unsubscribe = () => {};
      cancelDraw();
      draw();
      // A race that failed because the server went away says so like every widget: offline.
      if (result.phase === 'error') await probe().catch((error) => alive && goOffline(error));
    },
    cancel() {
      if (!store.get().racing) return;
      if (!session) return store.set({ status: 'stopped', racing: false });
      session.stop();
      cancelDraw();
      draw();
    },
  };
}

/** A race session on the browser's own fetch, EventSource and WebSocket, and socket.io-client. */
async function browserSession(serverUrl: string, settings: RaceSettings): Promise<RaceSession> {
  // Loaded only when a race starts: the page does not pay for Socket.IO before that.
  const { io } = await import('socket.io-client');
  const deps = browserDeps();
  return createRaceSession({
    baseUrl: serverUrl,
    config: {
      rateHz: settings.rateHz,
      durationMs: settings.durationMs,
      delayMs: settings.delayMs,
      jitterMs: settings.jitterMs,
    },
    shortPollingIntervalMs: settings.shortPollingIntervalMs,
    fetch: deps.fetch!,
    EventSource: deps.EventSource!,
    WebSocket: deps.WebSocket!,
    io,
    clock: deps.clock,
  });
}
