import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLongPollingClient, type LongPollingClient } from './long-polling-client';
import { envelope, FakeFetch, ManualClock } from './testing/fakes';
import type { ConnectionState, ReconnectRecord, RequestRecord } from './types';

const BASE = 'http://localhost:8787';

describe('long-polling client', () => {
  let clock: ManualClock;
  let http: FakeFetch;
  let client: LongPollingClient;
  let states: ConnectionState[];
  let records: RequestRecord[];

  beforeEach(() => {
    clock = new ManualClock();
    http = new FakeFetch();
    client = createLongPollingClient({
      baseUrl: BASE,
      channel: 'demo',
      timeoutMs: 25_000,
      fetch: http.fetch,
      clock,
      clientId: 'tab-1',
    });
    states = [];
    records = [];
    client.on('state', (state) => states.push(state));
    client.on('request', (r) => records.push(r));
  });

  afterEach(() => client.stop());

  it('gets the head at once (timeout=0), then holds polls with after=cursor', async () => {
    client.start();
    expect(http.last.url).toBe(`${BASE}/long-poll/demo?timeout=0&client=tab-1`);
    await http.last.respond(200, { messages: [], cursor: '10-0' });
    expect(client.state).toBe('connected');
    expect(http.requests).toHaveLength(2);
    expect(http.last.url).toBe(`${BASE}/long-poll/demo?after=10-0&timeout=25000&client=tab-1`);
  });

  it('re-polls as soon as each answer arrives, with that answer cursor', async () => {
    const ids: string[] = [];
    client.on('message', (m) => ids.push(m.envelope.id));
    client.start();
    await http.last.respond(200, { messages: [], cursor: '10-0' });
    await clock.advance(3_000);
    await http.last.respond(200, {
      messages: [envelope('11-0'), envelope('12-0')],
      cursor: '12-0',
    });
    expect(http.requests).toHaveLength(3);
    expect(http.last.url).toContain('after=12-0');
    expect(ids).toEqual(['11-0', '12-0']);
    expect(records.at(-1)).toMatchObject({
      startedAt: 0,
      endedAt: 3_000,
      messages: 2,
      outcome: 'messages',
    });
  });

  it('records an empty answer to a held poll as a timeout', async () => {
    client.start();
    await http.last.respond(200, { messages: [], cursor: '10-0' });
    await clock.advance(25_000);
    await http.last.respond(200, { messages: [], cursor: '10-0' });
    expect(records.map((r) => r.outcome)).toEqual(['empty', 'timeout']);
    expect(records[1]).toMatchObject({ startedAt: 0, endedAt: 25_000, status: 200, messages: 0 });
    expect(http.last.url).toContain('after=10-0');
  });

  it('goes offline on a network failure and retries after a backoff drawn from random', async () => {
    const reconnects: ReconnectRecord[] = [];
    client.on('reconnect', (r) => reconnects.push(r));
    client.start();
    await http.last.respond(200, { messages: [], cursor: '10-0' });
    clock.randomValues.push(0.4, 0.3);
    await http.last.fail();
    expect(client.state).toBe('offline');
    await clock.advance(400);
    await http.last.fail();
    expect(reconnects).toEqual([
      { attempt: 1, delayMs: 400, at: 0 },
      { attempt: 2, delayMs: 600, at: 400 },
    ]);
    await clock.advance(599);
    expect(http.requests).toHaveLength(3);
    await clock.advance(1);
    // A retry asks for an immediate answer: being reachable shows at once, not after a hold.
    expect(http.last.url).toBe(`${BASE}/long-poll/demo?after=10-0&timeout=0&client=tab-1`);
    await http.last.respond(200, { messages: [], cursor: '10-0' });
    expect(states).toEqual(['connecting', 'connected', 'offline', 'offline', 'connected']);
    expect(records.at(-1)?.outcome).toBe('empty');
    expect(http.last.url).toBe(`${BASE}/long-poll/demo?after=10-0&timeout=25000&client=tab-1`);
  });

  it('stops with an error on 409 (an overlapping poll from the same client)', async () => {
    client.start();
    await http.last.respond(200, { messages: [], cursor: '10-0' });
    await http.last.respond(409, { error: 'client "tab-1" already has a long poll waiting' });
    expect(client.state).toBe('error');
    expect(client.detail).toBe('client "tab-1" already has a long poll waiting');
    expect(http.requests).toHaveLength(2);
    expect(clock.pendingTimers).toBe(0);
  });

  it('gives up on a held poll that outlives timeout + grace and counts it as a failure', async () => {
    client.start();
    await http.last.respond(200, { messages: [], cursor: '10-0' });
    const held = http.last;
    await clock.advance(34_999);
    expect(held.aborted).toBe(false);
    await clock.advance(1);
    expect(held.aborted).toBe(true);
    expect(client.state).toBe('offline');
    expect(client.detail).toMatch(/^El servidor no respondió en 35 s\./);
    expect(records.at(-1)).toMatchObject({ status: 0, outcome: 'error' });
  });

  it('stop() aborts the held request and leaves no timer behind', async () => {
    client.start();
    await http.last.respond(200, { messages: [], cursor: '10-0' });
    const held = http.last;
    expect(clock.pendingTimers).toBe(1); // the deadline of the held poll
    client.stop();
    expect(held.aborted).toBe(true);
    expect(clock.pendingTimers).toBe(0);
    expect(client.state).toBe('idle');
    await clock.advance(60_000);
    expect(http.requests).toHaveLength(2);
  });

  it('publishes with ?via=long-polling', async () => {
    const published = client.publish('hola');
    expect(http.last.url).toBe(`${BASE}/channels/demo/messages?via=long-polling`);
    await http.last.respond(201, envelope('1-0', 'hola'));
    await expect(published).resolves.toMatchObject({ id: '1-0', data: 'hola' });
  });

  it('refuses a timeout the server would refuse', () => {
    expect(() =>
      createLongPollingClient({
        baseUrl: BASE,
        channel: 'demo',
        timeoutMs: 61_000,
        fetch: http.fetch,
        clock,
      }),
    ).toThrow(RangeError);
  });
});
