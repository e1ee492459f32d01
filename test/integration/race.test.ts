import { spawn } from 'node:child_process';
import { connect, type Socket } from 'node:net';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { io } from 'socket.io-client';
import {
  PATHS,
  TRANSPORT_IDS,
  type Ack,
  type ErrorResponse,
  type PollResponse,
  type RaceReport,
  type WsServerFrame,
} from '../../src/protocol';
import type { ServerConfig } from '../../demo-server/config';
import { openWs, type IoSocket } from '../support/clients';
import { startDemoServer, waitFor, type RunningServer } from '../support/demo-server';
import { createCleanup, stopServer } from '../support/lifecycle';
import {
  createRace,
  readRace,
  requestJson,
  seqsOf,
  startLanes,
  startRace,
  type Lane,
} from '../support/race';
import { nodeTsx } from '../../scripts/node-tsx';

const ROOT = resolve(import.meta.dirname, '../..');
let server: RunningServer | null = null;
const cleanup = createCleanup();

async function start(overrides: Partial<ServerConfig> = {}): Promise<RunningServer> {
  server = await startDemoServer(overrides);
  return server;
}

afterEach(async () => {
  await cleanup.run();
  if (server) await stopServer(server);
  server = null;
});

/** Starts lanes and registers them for cleanup; resolves once every lane is set up. */
async function connectedLanes(...args: Parameters<typeof startLanes>): Promise<Lane[]> {
  const lanes = startLanes(...args);
  for (const lane of lanes) cleanup.defer(() => lane.stop());
  await waitFor(
    () => lanes.every((lane) => lane.state === 'connected' && lane.ready),
    10_000,
    'every lane to connect',
  );
  return lanes;
}

/** Waits until every lane received `total` events. */
async function allReceived(lanes: Lane[], total: number, timeoutMs = 15_000): Promise<void> {
  await waitFor(
    () => lanes.every((lane) => lane.events.length >= total),
    timeoutMs,
    `every lane to receive ${total} events (got ${lanes.map((l) => `${l.transport}: ${l.events.length}`).join(', ')})`,
  );
}

const range = (total: number) => Array.from({ length: total }, (_, i) => i);

describe('a race over the five lanes', () => {
  it('delivers every event exactly once, in order, on every lane, and reports the traffic of each lane', async () => {
    const { url } = await start();
    const race = await createRace(url, { rateHz: 20, durationMs: 1_500, delayMs: 0, jitterMs: 0 });
    expect(race.id).toMatch(/^[0-9a-z]{12}$/);
    expect(race.channel).toBe(`race:${race.id}`);
    const lanes = await connectedLanes(url, race, { shortPollIntervalMs: 50 });

    const ready = await readRace(url, race.id);
    expect(ready.state).toBe('ready');
    expect(ready.sent).toBe(0);
    for (const id of TRANSPORT_IDS) expect(ready.lanes[id].bytesDown).toBe(0);

    const started = await startRace(url, race.id);
    expect(started.total).toBe(30);
    expect(started.endsAt - started.startedAt).toBeCloseTo(29 * 50, 6);
    await allReceived(lanes, started.total);

    for (const lane of lanes) {
      expect(seqsOf(lane), `${lane.transport} receives every seq once, in order`).toEqual(
        range(started.total),
      );
    }
    const report = await readRace(url, race.id);
    expect(report.state).toBe('finished');
    expect(report.sent).toBe(started.total);
    expect(report.startedAt).toBe(started.startedAt);
    expect(report.endedAt).toBeGreaterThanOrEqual(started.endsAt);
    for (const id of TRANSPORT_IDS) {
      const traffic = report.lanes[id];
      expect(traffic.requests, `${id} requests`).toBeGreaterThanOrEqual(1);
      expect(traffic.connections, `${id} connections`).toBeGreaterThanOrEqual(1);
      expect(traffic.setupBytes, `${id} setup bytes`).toBeGreaterThan(0);
      expect(traffic.bytesDown, `${id} bytes down`).toBeGreaterThan(0);
    }
    // The streaming lanes make no request during the race; the polling lanes make many.
    expect(report.lanes.sse.requests).toBe(1);
    expect(report.lanes.websocket.requests).toBe(1);
    expect(report.lanes.websocket.connections).toBe(1);
    expect(report.lanes['short-polling'].requests).toBeGreaterThan(5);

    // WebSocket: each event is one unmasked text frame, 2 header bytes plus the JSON payload.
    const ws = lanes.find((lane) => lane.transport === 'websocket')!;
    const framed = ws.events.reduce(
      (sum, { message }) =>
        sum + 2 + Buffer.byteLength(JSON.stringify({ type: 'message', message: message.envelope })),
      0,
    );
    expect(report.lanes.websocket.bytesDown).toBeGreaterThanOrEqual(framed);
    expect(report.lanes.websocket.bytesDown).toBeLessThanOrEqual(framed + 64);
    // What the client sent during the race: nothing but, at most, its heartbeat pings.
    expect(report.lanes.websocket.bytesUp).toBeLessThan(200);
  });

  it('includes the bytes of streams that are still open in a report read mid-race', async () => {
    const { url } = await start();
    const race = await createRace(url, { rateHz: 20, durationMs: 10_000, delayMs: 0, jitterMs: 0 });
    const lanes = await connectedLanes(url, race, {
      shortPollIntervalMs: 100,
      transports: ['sse', 'websocket'],
    });
    await startRace(url, race.id);
    await waitFor(() => lanes.every((lane) => lane.events.length >= 5), 5_000, 'five events');
    const first = await readRace(url, race.id);
    expect(first.state).toBe('running');
    await waitFor(() => lanes.every((lane) => lane.events.length >= 10), 5_000, 'ten events');
    const second = await readRace(url, race.id);
    for (const id of ['sse', 'websocket'] as const) {
      expect(first.lanes[id].bytesDown, id).toBeGreaterThan(0);
      expect(second.lanes[id].bytesDown, id).toBeGreaterThan(first.lanes[id].bytesDown);
    }
    expect(second.sent).toBeGreaterThan(first.sent);
  });

  it('holds every crossing for the simulated delay: one-way latency >= 50 ms, a poll round trip >= 100 ms', async () => {
    const { url } = await start();
    const race = await createRace(url, {
      rateHz: 10,
      durationMs: 1_000,
      delayMs: 50,
      jitterMs: 10,
    });
    const lanes = await connectedLanes(url, race, { shortPollIntervalMs: 50 });
    const started = await startRace(url, race.id);
    await allReceived(lanes, started.total);

    for (const lane of lanes) {
      expect(seqsOf(lane), `${lane.transport} keeps order under jitter`).toEqual(
        range(started.total),
      );
    }
    const ws = lanes.find((lane) => lane.transport === 'websocket')!;
    for (const { event, receivedAt } of ws.events) {
      expect(receivedAt - event.sentAt, `seq ${event.seq}`).toBeGreaterThanOrEqual(50);
    }
    const shortPolling = lanes.find((lane) => lane.transport === 'short-polling')!;
    expect(shortPolling.requests.length).toBeGreaterThan(3);
    for (const record of shortPolling.requests) {
      expect(record.endedAt - record.startedAt).toBeGreaterThanOrEqual(100);
    }
    const report = await readRace(url, race.id);
    for (const id of TRANSPORT_IDS) expect(report.lanes[id].bytesDown, id).toBeGreaterThan(0);
  });

  it('leaves requests with an unknown race id untagged: served normally, counted nowhere', async () => {
    const { url } = await start();
    const race = await createRace(url, { rateHz: 5, durationMs: 1_000, delayMs: 0, jitterMs: 0 });
    const res = await fetch(`${url}${PATHS.poll(race.channel)}?race=zzzzzzzzzzzz`);
    expect(res.status).toBe(200);
    await res.text();
    const report = await readRace(url, race.id);
    expect(report.lanes['short-polling']).toEqual({
      connections: 0,
      requests: 0,
      setupBytes: 0,
      bytesDown: 0,
      bytesUp: 0,
    });
  });
});

describe('byte accounting', () => {
  /** A raw keep-alive HTTP/1.1 connection that counts every byte each way. */
  async function rawHttp(url: string) {
    const { hostname, port } = new URL(url);
    const socket = connect(Number(port), hostname);
    cleanup.defer(() => socket.destroy());
    await new Promise<void>((resolve) => socket.once('connect', resolve));
    let buffered = Buffer.alloc(0);
    let wake = () => {};
    socket.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      wake();
    });
    /** Sends one GET; resolves with the bytes sent, the bytes of the whole answer and its body. */
    return async (path: string) => {
      const request = `GET ${path} HTTP/1.1\r\nHost: ${hostname}:${port}\r\n\r\n`;
      socket.write(request);
      for (;;) {
        const head = buffered.indexOf('\r\n\r\n');
        const length = /content-length: (\d+)/i.exec(buffered.toString('latin1'));
        const end = head + 4 + Number(length?.[1]);
        if (head !== -1 && length && buffered.length >= end) {
          const body = JSON.parse(buffered.subarray(head + 4, end).toString()) as PollResponse;
          buffered = buffered.subarray(end);
          return { sent: Buffer.byteLength(request), received: end, body };
        }
        await new Promise<void>((resolve) => (wake = resolve));
      }
    };
  }

  it('counts exactly the bytes of each polling exchange, both ways, headers included', async () => {
    const { url, demo } = await start();
    const race = await createRace(url, { rateHz: 10, durationMs: 1_000, delayMs: 0, jitterMs: 0 });
    const get = await rawHttp(url);
    const poll = (after?: string) =>
      get(`${PATHS.poll(race.channel)}?race=${race.id}${after ? `&after=${after}` : ''}`);

    const setup = await poll();
    const started = await startRace(url, race.id);
    await waitFor(() => demo.races.get(race.id)?.state === 'finished', 5_000, 'the race to end');
    const full = await poll(setup.body.cursor);
    expect(full.body.messages).toHaveLength(started.total);
    const empty = await poll(full.body.cursor);
    expect(empty.body.messages).toEqual([]);

    const traffic = (await readRace(url, race.id)).lanes['short-polling'];
    expect(traffic).toEqual({
      connections: 1,
      requests: 3,
      setupBytes: setup.received,
      bytesDown: full.received + empty.received,
      bytesUp: full.sent + empty.sent,
    });
  });

  it.each([
    [0, 0],
    [30, 10],
  ])(
    'counts exactly the bytes a WebSocket client reads (delay %i ms, jitter %i ms): handshake and subscribe as setup, frames as the race',
    async (delayMs, jitterMs) => {
      const { url, wsUrl } = await start();
      const race = await createRace(url, { rateHz: 20, durationMs: 1_000, delayMs, jitterMs });
      const ws = cleanup.add(await openWs(wsUrl, `?race=${race.id}`));
      await ws.subscribe(race.channel);
      const started = await startRace(url, race.id);
      await waitFor(() => ws.messages.length === started.total, 5_000, 'every event');
      const tcp = (ws.socket as unknown as { _socket: Socket })._socket;
      const written = tcp.bytesWritten;

      const traffic = (await readRace(url, race.id)).lanes.websocket;
      expect(traffic.setupBytes + traffic.bytesDown).toBe(tcp.bytesRead);
      expect(traffic.bytesUp).toBe(0);
      expect(tcp.bytesWritten).toBe(written);
      expect(traffic).toMatchObject({ connections: 1, requests: 1 });
    },
  );
});

describe('race routes refuse bad input', () => {
  const valid = { rateHz: 10, durationMs: 2_000, delayMs: 0, jitterMs: 0 };

  it.each([
    [{ ...valid, rateHz: 0 }, /rateHz/],
    [{ ...valid, rateHz: 51 }, /rateHz/],
    [{ ...valid, rateHz: 2.5 }, /rateHz must be a whole number/],
    [{ ...valid, durationMs: 999 }, /durationMs/],
    [{ ...valid, durationMs: 30_001 }, /durationMs/],
    [{ ...valid, delayMs: 151 }, /delayMs/],
    [{ ...valid, delayMs: -1 }, /delayMs/],
    [{ ...valid, jitterMs: 51 }, /jitterMs/],
    [{ ...valid, rateHz: '10' }, /rateHz must be a number/],
    [{ ...valid, extra: 1 }, /unknown field/],
    [{ durationMs: 2_000 }, /rateHz/],
    [[], /object/],
  ])('POST /races with %j: 400', async (body, reason) => {
    const { url } = await start();
    const answer = await requestJson<ErrorResponse>(`${url}${PATHS.races}`, {
      method: 'POST',
      body,
    });
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatch(reason);
  });

  it('fills in delayMs and jitterMs as 0 when left out', async () => {
    const { url } = await start();
    const race = await createRace(url, { rateHz: 10, durationMs: 2_000 } as never);
    expect(race.config).toEqual(valid);
  });

  it('answers 404 for an unknown race, and 409 for a second start', async () => {
    const { url } = await start();
    for (const id of ['abcdefghijkl', 'not-an-id']) {
      const read = await requestJson<ErrorResponse>(`${url}${PATHS.race(id)}`);
      expect(read.status).toBe(404);
      expect(read.body.error).toMatch(/no race/);
      const startAnswer = await requestJson(`${url}${PATHS.raceStart(id)}`, { method: 'POST' });
      expect(startAnswer.status).toBe(404);
    }
    const race = await createRace(url, { ...valid, durationMs: 1_000, rateHz: 1 });
    await startRace(url, race.id);
    const again = await requestJson<ErrorResponse>(`${url}${PATHS.raceStart(race.id)}`, {
      method: 'POST',
    });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatch(/already started/);
  });

  it('answers 503 with a clear message once the server holds its maximum of races', async () => {
    const { url, demo } = await start({ maxRaces: 3 });
    for (let i = 0; i < 3; i++) await createRace(url, valid);
    const full = await requestJson<ErrorResponse>(`${url}${PATHS.races}`, {
      method: 'POST',
      body: valid,
    });
    expect(full.status).toBe(503);
    expect(full.body.error).toMatch(/already runs 3 races/);
    expect(demo.races.size).toBe(3);
  });

  it('limits how fast one address creates races (429 with Retry-After)', async () => {
    const { url } = await start({ raceCreateRate: { ratePerSecond: 0.1, burst: 2 } });
    await createRace(url, valid);
    await createRace(url, valid);
    const res = await fetch(`${url}${PATHS.races}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(valid),
    });
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await res.json()) as ErrorResponse).error).toMatch(/too many races/);
  });

  it('forgets a race that is never started after the idle expiry', async () => {
    const { url, demo } = await start({ raceIdleExpiryMs: 300 });
    const race = await createRace(url, valid);
    expect((await readRace(url, race.id)).state).toBe('ready');
    await waitFor(() => demo.races.size === 0, 5_000, 'the race to expire');
    const gone = await requestJson(`${url}${PATHS.race(race.id)}`);
    expect(gone.status).toBe(404);
  });

  it('refuses publishing into a race channel on every transport, and still lets clients subscribe', async () => {
    const { url, wsUrl } = await start();
    const race = await createRace(url, valid);

    const http = await requestJson<ErrorResponse>(`${url}${PATHS.publish(race.channel)}`, {
      method: 'POST',
      body: { data: { seq: 0, sentAt: 0 } },
    });
    expect(http.status).toBe(403);
    expect(http.body.error).toMatch(/belongs to a race/);

    const ws = cleanup.add(await openWs(wsUrl));
    await ws.subscribe(race.channel);
    ws.send({ type: 'publish', channel: race.channel, data: 'spam', ref: 'r1' });
    const refused = (await ws.frames.next((f) => f.type === 'error')) as Extract<
      WsServerFrame,
      { type: 'error' }
    >;
    expect(refused).toMatchObject({
      ref: 'r1',
      message: expect.stringMatching(/belongs to a race/),
    });

    const socket: IoSocket = io(url, {
      forceNew: true,
      reconnection: false,
      transports: ['websocket'],
    });
    cleanup.defer(() => socket.disconnect());
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', reject);
    });
    expect(await socket.timeout(2_000).emitWithAck('subscribe', { channel: race.channel })).toEqual(
      { ok: true },
    );
    const ack = (await socket
      .timeout(2_000)
      .emitWithAck('publish', { channel: race.channel, data: 'spam' })) as Ack;
    expect(ack).toMatchObject({ ok: false, error: expect.stringMatching(/belongs to a race/) });

    const report: RaceReport = await readRace(url, race.id);
    expect(report.sent).toBe(0);
    expect(ws.messages).toEqual([]);
  });
});

describe('shutdown with a race running', () => {
  it('close() stops the publisher, forgets every race and closes the lanes within the grace time', async () => {
    const { url, demo } = await start();
    const race = await createRace(url, {
      rateHz: 50,
      durationMs: 30_000,
      delayMs: 50,
      jitterMs: 10,
    });
    const lanes = await connectedLanes(url, race, { shortPollIntervalMs: 100 });
    await startRace(url, race.id);
    await waitFor(() => lanes.every((lane) => lane.events.length >= 5), 10_000, 'five events');

    const closingAt = performance.now();
    await demo.close();
    server = null;
    expect(demo.server.listening).toBe(false);
    expect(performance.now() - closingAt).toBeLessThan(2_500);
    expect(demo.races.size).toBe(0);
    expect(demo.connections.total).toBe(0);
  });

  it('lets the process end by itself after close(): no timer or socket is left behind', async () => {
    const child = spawn(...nodeTsx('test/support/race-shutdown-child.ts'), { cwd: ROOT });
    cleanup.defer(() => child.kill('SIGKILL'));
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exit = await new Promise<number | null>((done) => {
      const timer = setTimeout(() => done(null), 12_000);
      child.once('exit', (code) => {
        clearTimeout(timer);
        done(code);
      });
    });
    expect(exit, output).toBe(0);
    expect(output).toMatch(/closed in \d+ ms with 0 races left/);
  });
});
