import { describe, expect, it, vi } from 'vitest';
import type { Envelope, Json } from '../../protocol';
import {
  createEmitter,
  type ConnectionState,
  type PollingClientEvents,
  type RequestRecord,
  type ShortPollingClient,
} from '../../transports';
import { envelope, settle } from '../../transports/testing/fakes';
import { createShortPollingStore, MAX_ROWS } from './short-polling-store';

/** A short-polling client the test drives by hand: it only records calls and emits events. */
function fakeClient() {
  const events = createEmitter<PollingClientEvents>();
  const calls: string[] = [];
  const published: Json[] = [];
  const client: ShortPollingClient = {
    transport: 'short-polling',
    state: 'idle',
    detail: undefined,
    intervalMs: 2000,
    cursor: undefined,
    start: () => void calls.push('start'),
    stop: () => void calls.push('stop'),
    setInterval: (ms) => void calls.push(`interval ${ms}`),
    publish: async (data) => {
      published.push(data);
      return envelope('5-0', data);
    },
    on: events.on,
  };
  return { client, events, calls, published };
}

function request(outcome: RequestRecord['outcome'], messages = 0, at = 0): RequestRecord {
  return { startedAt: at, endedAt: at + 5, status: 200, bytes: 40, messages, outcome };
}

function setup(offset: () => Promise<number> = async () => 0) {
  const fake = fakeClient();
  const estimateOffset = vi.fn(offset);
  const store = createShortPollingStore('http://demo.test', 'demo', 2000, {
    client: fake.client,
    estimateOffset,
  });
  return { ...fake, store, estimateOffset };
}

describe('short-polling store', () => {
  it('counts requests and the ones that brought news', () => {
    const { store, events } = setup();
    store.start();
    events.emit('request', request('empty'));
    events.emit('request', request('messages', 2));
    events.emit('request', request('empty'));
    expect(store.get()).toMatchObject({ requestCount: 3, usefulRequests: 1 });
  });

  it('keeps the request log bounded while the counters keep counting', () => {
    const { store, events } = setup();
    store.start();
    for (let i = 0; i < MAX_ROWS + 7; i++) events.emit('request', request('empty', 0, i));
    const { requests, requestCount } = store.get();
    expect(requestCount).toBe(MAX_ROWS + 7);
    expect(requests).toHaveLength(MAX_ROWS);
    expect(requests.at(-1)?.startedAt).toBe(MAX_ROWS + 6);
    expect(requests[0]?.startedAt).toBe(7);
  });

  it("measures each message's wait on the server's clock", async () => {
    // The server's clock is 100 ms ahead of ours.
    const { store, events, estimateOffset } = setup(async () => 100);
    store.start();
    expect(estimateOffset).not.toHaveBeenCalled();
    events.emit('state', 'connected', undefined);
    await settle();
    expect(store.get().offsetMs).toBe(100);
    const stored: Envelope = { ...envelope('1000-0', 'hola'), ts: 1000 };
    // Received at 950 on our clock = 1050 on the server's: it waited 50 ms.
    events.emit('message', { envelope: stored, receivedAt: 950, replayed: false });
    expect(store.get().messages).toEqual([{ envelope: stored, waitedMs: 50 }]);
  });

  it('asks for the clock offset again on the next connection when it failed', async () => {
    let fail = true;
    const { store, events, estimateOffset } = setup(async () => {
      if (fail) throw new Error('offline');
      return 30;
    });
    store.start();
    events.emit('state', 'connected', undefined);
    await settle();
    expect(store.get().offsetMs).toBe(0);
    fail = false;
    events.emit('state', 'offline', 'sin conexión');
    events.emit('state', 'connected', undefined);
    await settle();
    events.emit('state', 'offline', 'sin conexión');
    events.emit('state', 'connected', undefined);
    await settle();
    expect(store.get().offsetMs).toBe(30);
    expect(estimateOffset).toHaveBeenCalledTimes(2);
  });

  it('shows the connection state and its detail', () => {
    const { store, events } = setup();
    store.start();
    const states: ConnectionState[] = [];
    store.subscribe((s) => states.push(s.connection));
    events.emit('state', 'offline', 'Reintento 1 en 1 s');
    expect(store.get()).toMatchObject({ connection: 'offline', detail: 'Reintento 1 en 1 s' });
    events.emit('state', 'connected', undefined);
    expect(states).toEqual(['offline', 'connected']);
  });

  it('passes the interval and publications to the client, and stops listening on stop', async () => {
    const { store, events, calls, published } = setup();
    store.start();
    store.setInterval(500);
    expect(store.get().intervalMs).toBe(500);
    await store.publish('hola');
    expect(published).toEqual(['hola']);
    store.stop();
    expect(calls).toEqual(['start', 'interval 500', 'stop']);
    expect(events.listenerCount()).toBe(0);
    events.emit('request', request('empty'));
    expect(store.get().requestCount).toBe(0);
  });
});
