import {
  TRANSPORT_IDS,
  RACE_QUERY_PARAM,
  type RaceConfig,
  type RaceCreated,
  type RaceLaneTraffic,
  type RaceReport,
  type RaceStarted,
  type TransportId,
} from '../protocol';
import { estimateClockOffset, type ClockOffset } from '../transports/clock-offset';
import { createClient, type CreateClientOptions } from '../transports/create-client';
import type {
  EventSourceConstructor,
  FetchLike,
  IoFunction,
  WebSocketConstructor,
} from '../transports/platform';
import type { Clock, ConnectionState, TransportClient } from '../transports/types';
import { messageOf } from '../transports/wire';
import { costPerMessage, createLaneTally, isRaceEvent, type LaneTally } from './lane-tally';
import { createRaceApi } from './race-api';
import type { Summary } from './stats';

/** The platform a race runs on: the browser's objects, or Node's packages in the benchmark. */
export interface RaceDependencies {
  fetch: FetchLike;
  EventSource: EventSourceConstructor;
  WebSocket: WebSocketConstructor;
  io: IoFunction;
  clock: Clock;
}

/** One race: where, how fast, how long, over which simulated distance. */
export interface RaceSessionOptions extends RaceDependencies {
  baseUrl: string;
  config: RaceConfig;
  /** The short-polling lane's interval. */
  shortPollingIntervalMs: number;
  /** The lanes to race (default: all five). */
  lanes?: readonly TransportId[];
  /** How long every lane may take to connect (default 15 s). */
  connectTimeoutMs?: number;
  /** How long after the last event a lane may still deliver (default: enough for one poll). */
  settleMs?: number;
  /** How often the server's traffic counts are read while racing (default 1 s). */
  reportEveryMs?: number;
  /** `GET /time` exchanges for the clock offset (default 8). */
  clockSamples?: number;
  /** Makes a lane's client (default `createClient`; tests pass fakes). */
  createLaneClient?: (id: TransportId, options: CreateClientOptions) => TransportClient;
}

/**
 * Where a race stands. `syncing`: estimating the clock offset. `connecting`: opening the lanes.
 * `running`: the server is publishing. `settling`: publication is over, slow lanes may still
 * deliver. `done`: final numbers. `stopped`: the student stopped it. `error`: see `error`.
 */
export type RacePhase =
  'idle' | 'syncing' | 'connecting' | 'running' | 'settling' | 'done' | 'stopped' | 'error';

/** One lane, as the widget and the benchmark read it. */
export interface LaneSnapshot {
  transport: TransportId;
  state: ConnectionState;
  received: number;
  latencies: readonly number[];
  /** The `seq` of each latency, in the same order. */
  seqs: readonly number[];
  summary: Summary;
  duplicates: number;
  outOfOrder: number;
  traffic: RaceLaneTraffic | undefined;
  bytesPerMessage: number;
  requestsPerMessage: number;
}

/** The whole race at one moment. */
export interface RaceSnapshot {
  phase: RacePhase;
  error: string | undefined;
  config: RaceConfig;
  offset: ClockOffset | undefined;
  race: RaceCreated | undefined;
  started: RaceStarted | undefined;
  /** Events the server has published so far. */
  sent: number;
  lanes: LaneSnapshot[];
}

/** A race in progress: read `snapshot()` after each `update`. */
export interface RaceSession {
  snapshot(): RaceSnapshot;
  /** Called on every change (many per second while racing: throttle the drawing). */
  onUpdate(listener: () => void): () => void;
  /** Syncs clocks, opens the lanes, starts the race and waits for the final numbers. */
  run(): Promise<RaceSnapshot>;
  /** Stops every lane and timer; a running `run()` resolves with phase `stopped`. */
  stop(): void;
}

/** Creates a race session; nothing happens until `run()`. */
export function createRaceSession(options: RaceSessionOptions): RaceSession {
  const { baseUrl, config, clock } = options;
  const laneIds = options.lanes ?? TRANSPORT_IDS;
  const api = createRaceApi(baseUrl, options.fetch);
  const listeners = new Set<() => void>();
  const tallies = new Map<TransportId, LaneTally>(laneIds.map((id) => [id, createLaneTally(id)]));
  const clients = new Map<TransportId, TransportClient>();
  let phase: RacePhase = 'idle';
  let error: string | undefined;
  let offset: ClockOffset | undefined;
  let race: RaceCreated | undefined;
  let started: RaceStarted | undefined;
  let report: RaceReport | undefined;
  // Wakes the waiting run() when something it waits for may have happened.
  let wake = () => {};
  const timers = new Set<unknown>();

  const changed = () => {
    for (const listener of listeners) listener();
    wake();
  };
  const setPhase = (next: RacePhase) => {
    phase = next;
    changed();
  };
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const handle = clock.setTimeout(() => {
        timers.delete(handle);
        resolve();
      }, ms);
      timers.add(handle);
    });
  const stopped = () => phase === 'stopped';

  function sent(): number {
    const highest = Math.max(...[...tallies.values()].map((t) => t.received));
    return Math.max(report?.sent ?? 0, highest);
  }

  function snapshot(): RaceSnapshot {
    return {
      phase,
      error,
      config,
      offset,
      race,
      started,
      sent: sent(),
      lanes: laneIds.map((id) => {
        const tally = tallies.get(id)!;
        const traffic = report?.lanes[id];
        return {
          transport: id,
          state: clients.get(id)?.state ?? 'idle',
          received: tally.received,
          latencies: tally.latencies,
          seqs: tally.seqs,
          summary: tally.summary(),
          duplicates: tally.duplicates,
          outOfOrder: tally.outOfOrder,
          traffic,
          ...costPerMessage(traffic, tally.received),
        };
      }),
    };
  }

  /** Resolves when `done()` holds, or rejects with `timeoutMessage` at `deadline` (client clock). */
  async function waitFor(done: () => boolean, deadline: number, onTimeout: () => void) {
    while (!done() && !stopped()) {
      const left = deadline - clock.now();
      if (left <= 0) return onTimeout();
      await new Promise<void>((resolve) => {
        wake = resolve;
        const handle = clock.setTimeout(resolve, Math.min(left, 250));
        timers.add(handle);
      });
    }
  }

  function openLanes(created: RaceCreated): void {
    for (const id of laneIds) {
      const client: TransportClient = (options.createLaneClient ?? createClient)(id, {
        baseUrl,
        channel: created.channel,
        clock,
        fetch: options.fetch,
        EventSource: options.EventSource,
        WebSocket: options.WebSocket,
        io: options.io,
        intervalMs: options.shortPollingIntervalMs,
        query: { [RACE_QUERY_PARAM]: created.id },
        // The Socket.IO lane races over WebSocket, as it runs after its upgrade.
        transports: ['websocket'],
      });
      client.on('message', ({ envelope, receivedAt }) => {
        if (envelope.channel !== created.channel || !isRaceEvent(envelope.data)) return;
        tallies.get(id)!.record(envelope.data, receivedAt + (offset?.offsetMs ?? 0));
        changed();
      });
      client.on('state', changed);
      clients.set(id, client);
      client.start();
    }
  }

  async function readReports(id: string): Promise<void> {
    while (phase === 'running' || phase === 'settling') {
      await sleep(options.reportEveryMs ?? 1_000);
      if (phase !== 'running' && phase !== 'settling') return;
      report = await api.report(id).catch(() => report);
      changed();
    }
  }

  function release(): void {
    for (const client of clients.values()) client.stop();
    for (const handle of timers) clock.clearTimeout(handle);
    timers.clear();
  }

  async function run(): Promise<RaceSnapshot> {
    try {
      setPhase('syncing');
      offset = await estimateClockOffset({
        baseUrl,
        fetch: options.fetch,
        clock,
        count: options.clockSamples ?? 8,
      });
      if (stopped()) return snapshot();
      race = await api.create(config);
      setPhase('connecting');
      openLanes(race);
      const connected = () => [...clients.values()].every((c) => c.state === 'connected');
      await waitFor(connected, clock.now() + (options.connectTimeoutMs ?? 15_000), () => {
        const late = [...clients.values()].filter((c) => c.state !== 'connected');
        throw new Error(`No conectaron a tiempo: ${late.map((c) => c.transport).join(', ')}`);
      });
      if (stopped()) return snapshot();
      started = await api.start(race.id);
      setPhase('running');
      void readReports(race.id);
      const total = started.total;
      const allIn = () => [...tallies.values()].every((t) => t.received >= total);
      const settleMs =
        options.settleMs ??
        2_000 + options.shortPollingIntervalMs + 4 * (config.delayMs + config.jitterMs);
      // endsAt is on the server's clock.
      const lastEventAt = started.endsAt - (offset?.offsetMs ?? 0);
      await waitFor(allIn, lastEventAt, () => {});
      if (!allIn() && !stopped()) setPhase('settling');
      await waitFor(allIn, lastEventAt + settleMs, () => {});
      if (stopped()) return snapshot();
      report = await api.report(race.id);
      release();
      setPhase('done');
    } catch (failure) {
      release();
      if (!stopped()) {
        error = messageOf(failure);
        setPhase('error');
      }
    }
    return snapshot();
  }

  return {
    snapshot,
    onUpdate(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    run,
    stop() {
      if (phase === 'done' || phase === 'error') return;
      phase = 'stopped';
      release();
      changed();
    },
  };
}
