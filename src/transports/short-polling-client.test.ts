import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConnectionState, ReceivedMessage, RequestRecord } from './types';
import { createShortPollingClient, type ShortPollingClient } from './short-polling-client';
import { envelope, FakeFetch, ManualClock } from './testing/fakes';

const BASE = 'http://localhost:8787';

describe('short-polling client', () => {
  let clock: ManualClock;
  let http: FakeFetch;
  let client: ShortPollingClient;
  let states: [ConnectionState, string | undefined][];
  let messages: ReceivedMessage[];
  let records: RequestRecord[];

  beforeEach(() => {
    clock = new ManualClock();
    http = new FakeFetch();
    client = createShortPollingClient({
      baseUrl: BASE,
      channel: 'demo',
      intervalMs: 1_000,
      fetch: http.fetch,
      clock,
    });
    states = [];
    messages = [];
    records = [];
    client.on('state', (state, detail) => states.push([state, detail]));
    client.on('message', (m) => messages.push(m));
    client.on('request', (r) => records.push(r));
  });

  afterEach(() => client.stop());

  it('asks for the head first, then polls every interval with the last cursor as after', async () => {
    client.start();
    expect(client.state).toBe('connecting');
    expect(http.last.url).toBe(`${BASE}/poll/demo`);
    await http.last.respond(200, { messages: [], cursor: '100-0' });
    expect(client.state).toBe('connected');
    expect(clock.pendingDelays).toEqual([1_000]);

    await clock.advance(999);
    expect(http.requests).toHaveLength(1);
    await clock.advance(1);
    expect(http.last.url).toBe(`${BASE}/poll/demo?after=100-0`);
    await http.last.respond(200, {
      messages: [envelope('101-0'), envelope('102-0')],
      cursor: '102-0',
    });
    await clock.advance(1_000);
    expect(http.last.url).toBe(`${BASE}/poll/demo?after=102-0`);
    expect(messages.map((m) => [m.envelope.id, m.replayed])).toEqual([
      ['101-0', false],
      ['102-0', false],
    ]);
    expect(client.cursor).toBe('102-0');
  });

  it('records each request: status, body bytes, messages and outcome', async () => {
    client.start();
    await clock.advance(5);
    await http.last.respond(200, { messages: [], cursor: '1-0' }, { 'Content-Length': '27' });
    await clock.advance(1_000);
    const body = JSON.stringify({ messages: [envelope('2-0', 'señal')], cursor: '2-0' });
    await clock.advance(20);
    await http.last.respond(200, body);
    expect(records).toEqual([
      { startedAt: 0, endedAt: 5, status: 200, bytes: 27, messages: 0, outcome: 'empty' },
      // No Content-Length: the UTF-8 length, where "ñ" takes two bytes.
      {
        startedAt: 1_005,
        endedAt: 1_025,
        status: 200,
        bytes: body.length + 1,
        messages: 1,
        outcome: 'messages',
      },
    ]);
  });

  it('goes offline on a network failure, retries with backoff, and resumes from the same cursor', async () => {
    client.start();
    await http.last.respond(200, { messages: [], cursor: '5-0' });
    const reconnects: number[] = [];
    client.on('reconnect', (r) => reconnects.push(r.delayMs));

    await clock.advance(1_000);
    clock.randomValues.push(0.9); // backoff ceiling 1 s for the first retry: 900 ms, below the interval
    await http.last.fail();
    expect(client.state).toBe('offline');
    expect(client.detail).toMatch(
      /^Sin conexión con el servidor \(Failed to fetch\)\. Reintento 1 en 1 s$/,
    );
    expect(records.at(-1)).toMatchObject({ status: 0, outcome: 'error', messages: 0 });

    await clock.advance(1_000);
    clock.randomValues.push(0.75); // second retry: ceiling 2 s, 1.5 s
    await http.last.fail();
    expect(reconnects).toEqual([1_000, 1_500]);
    expect(clock.pendingDelays).toEqual([1_500]);

    await clock.advance(1_500);
    expect(http.last.url).toBe(`${BASE}/poll/demo?after=5-0`);
    await http.last.respond(200, { messages: [envelope('6-0')], cursor: '6-0' });
    // Each retry announces its own countdown, hence offline twice.
    expect(states.map(([s]) => s)).toEqual([
      'connecting',
      'connected',
      'offline',
      'offline',
      'connected',
    ]);
    expect(client.detail).toBeUndefined();
    expect(clock.pendingDelays).toEqual([1_000]);
  });

  it('caps the retry delay at maxRetryMs', async () => {
    client.stop();
    client = createShortPollingClient({
      baseUrl: BASE,
      channel: 'demo',
      intervalMs: 1_000,
      fetch: http.fetch,
      clock,
      maxRetryMs: 3_000,
    });
    client.start();
    clock.fallbackRandom = 0.999999;
    for (let i = 0; i < 6; i += 1) {
      await http.last.fail();
      expect(clock.pendingDelays[0]).toBeLessThanOrEqual(3_000);
      await clock.advance(clock.pendingDelays[0]!);
    }
    expect(clock.pendingDelays).toEqual([]);
    expect(http.requests).toHaveLength(7);
  });

  it('stops with the server error text on a 4xx', async () => {
    client.start();
    await http.last.respond(400, { error: 'invalid channel name: use 1-64 characters' });
    expect(client.state).toBe('error');
    expect(client.detail).toBe('invalid channel name: use 1-64 characters');
    expect(records.at(-1)).toMatchObject({ status: 400, outcome: 'error' });
    expect(clock.pendingTimers).toBe(0);
    await clock.advance(60_000);
    expect(http.requests).toHaveLength(1);
  });

  it('treats a 5xx as a failure worth retrying', async () => {
    client.start();
    await http.last.respond(503, { error: 'the server has too many open connections' });
    expect(client.state).toBe('offline');
    expect(client.detail).toContain('503: the server has too many open connections');
    expect(clock.pendingTimers).toBe(1);
  });

  it('reports truncated answers with the truncated event and keeps polling', async () => {
    const truncations: number[] = [];
    client.on('truncated', (at) => truncations.push(at));
    client.start();
    await http.last.respond(200, { messages: [], cursor: '1-0' });
    await clock.advance(1_000);
    await http.last.respond(200, {
      messages: [envelope('900-0')],
      cursor: '900-0',
      truncated: true,
    });
    expect(truncations).toEqual([1_000]);
    expect(messages).toHaveLength(1);
    expect(clock.pendingDelays).toEqual([1_000]);
  });

  it('polls again at once when a full page (200 messages) came back', async () => {
    client.start();
    await http.last.respond(200, { messages: [], cursor: '1-0' });
    await clock.advance(1_000);
    const page = Array.from({ length: 200 }, (_, i) => envelope(`${i + 2}-0`));
    await http.last.respond(200, { messages: page, cursor: '201-0' });
    expect(http.requests).toHaveLength(3);
    expect(http.last.url).toBe(`${BASE}/poll/demo?after=201-0`);
  });

  it('re-times the pending wait when the interval changes', async () => {
    client.start();
    await http.last.respond(200, { messages: [], cursor: '1-0' });
    await clock.advance(400);
    client.setInterval(5_000);
    expect(client.intervalMs).toBe(5_000);
    expect(clock.pendingDelays).toEqual([4_600]);
    // Already overdue at the new interval: the poll goes out at once.
    client.setInterval(300);
    expect(clock.pendingTimers).toBe(0);
    expect(http.requests).toHaveLength(2);
    expect(http.last.url).toBe(`${BASE}/poll/demo?after=1-0`);
    expect(() => client.setInterval(0)).toThrow(RangeError);
  });

  it('stop() aborts the poll in flight, releases its timers and ignores a late answer', async () => {
    client.start();
    await http.last.respond(200, { messages: [], cursor: '1-0' });
    await clock.advance(1_000);
    const inFlight = http.last;
    client.stop();
    expect(inFlight.aborted).toBe(true);
    expect(client.state).toBe('idle');
    expect(clock.pendingTimers).toBe(0);
    await clock.advance(10_000);
    expect(http.requests).toHaveLength(2);
  });

  it('a restart starts from the head again, unaffected by the previous run', async () => {
    client.start();
    await http.last.respond(200, { messages: [], cursor: '1-0' });
    client.stop();
    client.start();
    expect(http.last.url).toBe(`${BASE}/poll/demo`);
    expect(clock.pendingTimers).toBe(0);
  });

  it('publishes with POST ?via=short-polling and returns the stored envelope', async () => {
    const published = client.publish({ hola: 1 });
    expect(http.last.method).toBe('POST');
    expect(http.last.url).toBe(`${BASE}/channels/demo/messages?via=short-polling`);
    expect(JSON.parse(http.last.body!)).toEqual({ data: { hola: 1 } });
    await http.last.respond(201, envelope('7-0', { hola: 1 }));
    await expect(published).resolves.toEqual(envelope('7-0', { hola: 1 }));

    // The expectation is attached before the answer, so the rejection is never unhandled.
    const refused = expect(client.publish(1)).rejects.toThrow(
      'No se pudo publicar: too many messages: slow down and try again',
    );
    await http.last.respond(429, { error: 'too many messages: slow down and try again' });
    await refused;
  });
});
