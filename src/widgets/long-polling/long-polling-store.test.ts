import { describe, expect, it } from 'vitest';
import {
  createEmitter,
  type LongPollingClient,
  type LongPollingOptions,
  type PollingClientEvents,
  type RequestRecord,
} from '../../transports';
import { envelope, FakeFetch, ManualClock, settle } from '../../transports/testing/fakes';
import { createLongPollingStore, MAX_POLLS } from './long-polling-store';

/** A long-polling client the test drives by hand, keeping the options the store gave it. */
function fakeClient(options: LongPollingOptions) {
  const events = createEmitter<PollingClientEvents>();
  const fake = { options, events, started: false, stopped: false, client: {} as LongPollingClient };
  fake.client = {
    transport: 'long-polling',
    state: 'idle',
    detail: undefined,
    cursor: undefined,
    start: () => void (fake.started = true),
    stop: () => void (fake.stopped = true),
    publish: async (data) => envelope('9-0', data),
    on: events.on,
  };
  return fake;
}

function setup() {
  const clock = new ManualClock();
  const http = new FakeFetch();
  const clients: ReturnType<typeof fakeClient>[] = [];
  let offset = { offsetMs: 0, rttMs: 0, uncertaintyMs: 0 };
  const store = createLongPollingStore('http://demo.test', 'demo', 25_000, {
    fetch: http.fetch,
    clock,
    createClient(options) {
      const fake = fakeClient(options);
      clients.push(fake);
      return fake.client;
    },
    estimateOffset: async () => offset,
  });
  const current = () => clients.at(-1)!;
  /** The current client sends a poll through the fetch the store gave it. */
  const sendPoll = (timeout: number) => {
    const { baseUrl, clientId } = current().options;
    void current()
      .options.fetch(`${baseUrl}/long-poll/demo?after=1-0&timeout=${timeout}&client=${clientId}`)
      .catch(() => {});
  };
  /** The current client reports the answer of the poll it sent at `startedAt`. */
  const answer = (outcome: RequestRecord['outcome'], startedAt: number, messages = 0) =>
    current().events.emit('request', {
      startedAt,
      endedAt: clock.now(),
      status: outcome === 'error' ? 0 : 200,
      bytes: 40,
      messages,
      outcome,
    });
  const setOffset = (offsetMs: number, rttMs: number) => {
    offset = { offsetMs, rttMs, uncertaintyMs: rttMs / 2 };
  };
  return { clock, http, clients, store, current, sendPoll, answer, setOffset };
}

describe('long-polling store', () => {
  it('draws a held poll from the moment it leaves until the server answers', async () => {
    const { clock, store, sendPoll, answer } = setup();
    store.start();
    sendPoll(0);
    await clock.advance(3);
    answer('empty', 0);
    await clock.advance(2);
    sendPoll(25_000);
    expect(store.get().polls.at(-1)).toEqual({ seq: 2, startedAt: 5, holdMs: 25_000, gapMs: 2 });
    await clock.advance(25_000);
    answer('timeout', 5);
    expect(store.get().polls).toEqual([
      {
        seq: 1,
        startedAt: 0,
        holdMs: 0,
        gapMs: undefined,
        endedAt: 3,
        outcome: 'empty',
        status: 200,
        messages: 0,
      },
      {
        seq: 2,
        startedAt: 5,
        holdMs: 25_000,
        gapMs: 2,
        endedAt: 25_005,
        outcome: 'timeout',
        status: 200,
        messages: 0,
      },
    ]);
    expect(store.get()).toMatchObject({ lastGapMs: 2, lastRoundTripMs: 25_000 });
  });

  it('counts requests, answers by timeout and answers with messages', async () => {
    const { clock, store, sendPoll, answer } = setup();
    store.start();
    for (const outcome of ['empty', 'timeout', 'messages', 'timeout', 'error'] as const) {
      const at = clock.now();
      sendPoll(25_000);
      await clock.advance(10);
      answer(outcome, at, outcome === 'messages' ? 3 : 0);
    }
    expect(store.get()).toMatchObject({
      requestCount: 5,
      timeoutAnswers: 2,
      messageAnswers: 1,
      lastRoundTripMs: 10,
    });
    expect(store.get().requests).toHaveLength(5);
  });

  it('measures no gap after an error: the next poll is a retry, not a re-poll', async () => {
    const { clock, store, sendPoll, answer } = setup();
    store.start();
    sendPoll(0);
    answer('error', 0);
    await clock.advance(1000);
    sendPoll(0);
    expect(store.get().polls.at(-1)?.gapMs).toBeUndefined();
    expect(store.get().lastGapMs).toBeUndefined();
  });

  it("places messages on the server's clock, with when they arrived", async () => {
    const { clock, store, current, setOffset } = setup();
    setOffset(100, 4);
    store.start();
    current().events.emit('state', 'connected', undefined);
    await settle();
    expect(store.get()).toMatchObject({ connection: 'connected', offsetMs: 100, networkRttMs: 4 });
    await clock.advance(950);
    const stored = { ...envelope('1000-0', 'hola'), ts: 1000 };
    current().events.emit('message', { envelope: stored, receivedAt: 950, replayed: false });
    // Received at 950 on our clock = 1050 on the server's: it waited 50 ms.
    expect(store.get().messages).toEqual([{ envelope: stored, receivedAt: 950, waitedMs: 50 }]);
  });

  it('on a new timeout, cancels the held poll and polls with a new client and client id', async () => {
    const { clock, http, clients, store, sendPoll } = setup();
    store.start();
    const first = clients[0]!;
    expect(first.options).toMatchObject({ timeoutMs: 25_000, channel: 'demo' });
    sendPoll(25_000);
    await clock.advance(4000);
    store.setTimeoutMs(5000);
    expect(first.stopped).toBe(true);
    expect(first.events.listenerCount()).toBe(0);
    expect(store.get().polls.at(-1)).toMatchObject({ endedAt: 4000, outcome: 'cancelled' });
    const second = clients[1]!;
    expect(second.started).toBe(true);
    expect(second.options.timeoutMs).toBe(5000);
    expect(second.options.clientId).toMatch(/^lp-[a-z0-9]+-2$/);
    expect(second.options.clientId).not.toBe(first.options.clientId);
    expect(http.requests).toHaveLength(1);
    store.setTimeoutMs(5000);
    expect(clients).toHaveLength(2);
  });

  it('leaves publications out of the timeline', async () => {
    const { store, current } = setup();
    store.start();
    void current()
      .options.fetch('http://demo.test/channels/demo/messages?via=long-polling', {
        method: 'POST',
        body: '{"data":"hola"}',
      })
      .catch(() => {});
    expect(store.get().polls).toEqual([]);
    await expect(store.publish('hola')).resolves.toMatchObject({ data: 'hola' });
  });

  it(`keeps at most ${MAX_POLLS} polls for the timeline`, async () => {
    const { clock, store, sendPoll, answer } = setup();
    store.start();
    for (let i = 0; i < MAX_POLLS + 5; i++) {
      const at = clock.now();
      sendPoll(25_000);
      await clock.advance(1);
      answer('messages', at, 1);
    }
    const { polls, requestCount } = store.get();
    expect(requestCount).toBe(MAX_POLLS + 5);
    expect(polls).toHaveLength(MAX_POLLS);
    expect(polls.at(-1)?.seq).toBe(MAX_POLLS + 5);
  });

  it('stops the client, cancels its held poll and ignores late events', async () => {
    const { store, current, sendPoll } = setup();
    store.start();
    sendPoll(25_000);
    const fake = current();
    store.stop();
    expect(fake.stopped).toBe(true);
    expect(fake.events.listenerCount()).toBe(0);
    expect(store.get().polls.at(-1)?.outcome).toBe('cancelled');
    await expect(store.publish('hola')).rejects.toThrow(/detenido/);
  });
});
