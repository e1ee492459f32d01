import { describe, expect, it } from 'vitest';
import type { Envelope, RaceConfig, RaceReport, TransportId } from '../protocol';
import { createClientCore } from '../transports/client-core';
import {
  createFakeEventSource,
  createFakeIo,
  createFakeWebSocket,
  FakeFetch,
  ManualClock,
} from '../transports/testing/fakes';
import type { CreateClientOptions } from '../transports/create-client';
import type { TransportClient } from '../transports/types';
import { createRaceSession } from './race-session';

const CONFIG: RaceConfig = { rateHz: 10, durationMs: 1_000, delayMs: 0, jitterMs: 0 };
const LANES: TransportId[] = ['sse', 'websocket'];

/** A lane client the test drives: `connect()`, `deliver(seq, sentAt)`. */
function fakeLane(id: TransportId, options: CreateClientOptions) {
  const core = createClientCore();
  let stopped = false;
  const client: TransportClient & {
    connect(): void;
    deliver(seq: number, sentAt: number, at: number): void;
    readonly stopped: boolean;
    readonly options: CreateClientOptions;
  } = {
    transport: id,
    options,
    get state() {
      return core.state;
    },
    get stopped() {
      return stopped;
    },
    start: () => core.setState('connecting'),
    stop: () => {
      stopped = true;
      core.setState('idle');
    },
    publish: () => Promise.reject(new Error('not used')),
    on: (event, listener) => core.events.on(event, listener),
    connect: () => core.setState('connected'),
    deliver(seq, sentAt, at) {
      const envelope: Envelope = {
        id: `1-${seq}`,
        channel: options.channel,
        data: { seq, sentAt },
        ts: Math.round(sentAt),
        via: 'websocket',
      };
      core.events.emit('message', { envelope, receivedAt: at, replayed: false });
    },
  };
  return client;
}

function setup() {
  const clock = new ManualClock();
  const http = new FakeFetch();
  const lanes = new Map<TransportId, ReturnType<typeof fakeLane>>();
  const session = createRaceSession({
    baseUrl: 'http://demo.test',
    config: CONFIG,
    shortPollingIntervalMs: 1_000,
    lanes: LANES,
    clock,
    fetch: http.fetch,
    EventSource: createFakeEventSource().EventSource,
    WebSocket: createFakeWebSocket().WebSocket,
    io: createFakeIo().io,
    clockSamples: 2,
    settleMs: 500,
    createLaneClient: (id, options) => {
      const lane = fakeLane(id, options);
      lanes.set(id, lane);
      return lane;
    },
  });
  return { clock, http, lanes, session };
}

const traffic = (bytesDown: number, requests: number) => ({
  connections: 1,
  requests,
  setupBytes: 100,
  bytesDown,
  bytesUp: 0,
});

function report(sent: number): RaceReport {
  const empty = traffic(0, 0);
  return {
    id: 'r1',
    channel: 'race:r1',
    state: 'finished',
    config: CONFIG,
    sent,
    lanes: {
      'short-polling': empty,
      'long-polling': empty,
      sse: traffic(300, 1),
      websocket: traffic(84, 1),
      'socket-io': empty,
    },
  };
}

describe('race session', () => {
  it('syncs clocks, opens tagged lanes, and measures one-way latency on the server clock', async () => {
    const { clock, http, lanes, session } = setup();
    const phases: string[] = [];
    session.onUpdate(() => {
      const { phase } = session.snapshot();
      if (phases.at(-1) !== phase) phases.push(phase);
    });
    const finished = session.run();
    await clock.advance(0);
    // Two /time samples: the second has the shorter round trip (2 ms) and wins.
    await clock.advance(10);
    await http.requests[0]!.respond(200, { now: 5_000 });
    await clock.advance(1);
    await clock.advance(1);
    await http.requests[1]!.respond(200, { now: 5_011 });
    // Sent at 10, answered at 12: offset = 5011 - (10 + 12) / 2 = 5000; uncertainty 1 ms.
    expect(session.snapshot().offset).toEqual({ offsetMs: 5_000, rttMs: 2, uncertaintyMs: 1 });

    expect(http.last.method).toBe('POST');
    expect(JSON.parse(http.last.body!)).toEqual(CONFIG);
    await http.last.respond(201, { id: 'r1', channel: 'race:r1', config: CONFIG });
    expect([...lanes.keys()]).toEqual(LANES);
    for (const lane of lanes.values()) {
      expect(lane.options.query).toEqual({ race: 'r1' });
      expect(lane.options.channel).toBe('race:r1');
    }

    for (const lane of lanes.values()) lane.connect();
    await clock.advance(0);
    expect(http.last.url).toBe('http://demo.test/races/r1/start');
    // Server clock: now is 12 + 5000; two events, the last at 5_100.
    await http.last.respond(200, { startedAt: 5_012, endsAt: 5_100, total: 2 });
    expect(session.snapshot().phase).toBe('running');

    const sse = lanes.get('sse')!;
    const ws = lanes.get('websocket')!;
    // Sent at 5_050 server time, arrives at client 60 -> server 5_060: 10 ms.
    ws.deliver(0, 5_050, 60);
    ws.deliver(0, 5_050, 61); // a duplicate is counted, not measured
    ws.deliver(1, 5_100, 103);
    sse.deliver(1, 5_100, 105);
    sse.deliver(0, 5_050, 106); // out of order
    await clock.advance(0);
    // The final report is read at once when every lane has every event.
    await http.last.respond(200, report(2));
    const result = await finished;

    expect(result.phase).toBe('done');
    const [sseLane, wsLane] = result.lanes;
    expect(wsLane!.latencies).toEqual([10, 3]);
    expect(wsLane!.duplicates).toBe(1);
    expect(wsLane!.bytesPerMessage).toBe(42);
    expect(wsLane!.requestsPerMessage).toBe(0.5);
    expect(sseLane!.outOfOrder).toBe(1);
    expect(sseLane!.latencies).toEqual([5, 56]);
    expect(sseLane!.seqs).toEqual([1, 0]);
    expect(wsLane!.seqs).toEqual([0, 1]);
    expect(result.sent).toBe(2);
    expect(phases).toEqual(['syncing', 'connecting', 'running', 'done']);
    for (const lane of lanes.values()) expect(lane.stopped).toBe(true);
    expect(clock.pendingTimers).toBe(0);
  });

  it('gives slow lanes the settle time, then reports what they missed', async () => {
    const { clock, http, lanes, session } = setup();
    const finished = session.run();
    for (const i of [0, 1]) await http.requests[i]!.respond(200, { now: 0 });
    await http.last.respond(201, { id: 'r1', channel: 'race:r1', config: CONFIG });
    for (const lane of lanes.values()) lane.connect();
    await clock.advance(0);
    await http.last.respond(200, { startedAt: 0, endsAt: 100, total: 2 });
    lanes.get('websocket')!.deliver(0, 0, 1);
    lanes.get('websocket')!.deliver(1, 100, 101);
    lanes.get('sse')!.deliver(0, 0, 1);
    await clock.advance(150);
    expect(session.snapshot().phase).toBe('settling');
    await clock.advance(500);
    await http.last.respond(200, report(2));
    const result = await finished;
    expect(result.phase).toBe('done');
    expect(result.lanes.map((lane) => lane.received)).toEqual([1, 2]);
  });

  it('fails with the lanes that did not connect, and releases everything', async () => {
    const { clock, http, lanes, session } = setup();
    const finished = session.run();
    for (const i of [0, 1]) await http.requests[i]!.respond(200, { now: 0 });
    await http.last.respond(201, { id: 'r1', channel: 'race:r1', config: CONFIG });
    lanes.get('sse')!.connect();
    await clock.advance(15_000);
    const result = await finished;
    expect(result.phase).toBe('error');
    expect(result.error).toBe('No conectaron a tiempo: websocket');
    for (const lane of lanes.values()) expect(lane.stopped).toBe(true);
    expect(clock.pendingTimers).toBe(0);
  });

  it("says the server's reason when it refuses the race", async () => {
    const { http, session } = setup();
    const finished = session.run();
    for (const i of [0, 1]) await http.requests[i]!.respond(200, { now: 0 });
    await http.last.respond(400, { error: 'rateHz must be at most 50' });
    const result = await finished;
    expect(result.phase).toBe('error');
    expect(result.error).toBe('El servidor rechazó la carrera: rateHz must be at most 50');
  });

  it('stops on demand', async () => {
    const { clock, http, lanes, session } = setup();
    const finished = session.run();
    for (const i of [0, 1]) await http.requests[i]!.respond(200, { now: 0 });
    await http.last.respond(201, { id: 'r1', channel: 'race:r1', config: CONFIG });
    session.stop();
    await clock.advance(300);
    expect((await finished).phase).toBe('stopped');
    for (const lane of lanes.values()) expect(lane.stopped).toBe(true);
  });
});
