import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSseClient } from '../../transports/sse-client';
import {
  createFakeEventSource,
  envelope,
  FakeFetch,
  ManualClock,
  settle,
} from '../../transports/testing/fakes';
import { createSseStore, type SseStore } from './sse-store';

const BASE = 'http://localhost:8787';

describe('SSE widget store', () => {
  let clock: ManualClock;
  let http: FakeFetch;
  let fake: ReturnType<typeof createFakeEventSource>;
  let store: SseStore;

  const source = () => fake.instances.at(-1)!;
  const kinds = () => store.get().log.map((entry) => entry.kind);

  beforeEach(() => {
    clock = new ManualClock();
    http = new FakeFetch();
    fake = createFakeEventSource();
    const client = createSseClient({
      baseUrl: BASE,
      channel: 'demo',
      EventSource: fake.EventSource,
      clock,
      fetch: http.fetch,
    });
    store = createSseStore(BASE, 'demo', {
      client,
      now: clock.now,
      estimateOffset: async () => 0,
    });
    store.start();
  });

  afterEach(() => store.stop());

  /** The stream opens and says hello. */
  function open(connectionId: string): void {
    source().open();
    source().event('hello', { connectionId });
  }

  it('shows the open stream: readyState 1, its connection id, messages and the event log', () => {
    expect(store.get()).toMatchObject({ connection: 'connecting', readyState: 0, retryMs: 2000 });
    open('c-1');
    source().message(envelope('5-0', 'hola'));
    expect(store.get()).toMatchObject({
      connection: 'connected',
      readyState: 1,
      connectionId: 'c-1',
      lastEventId: '5-0',
    });
    expect(store.get().messages.map((m) => [m.envelope.id, m.replayed])).toEqual([['5-0', false]]);
    expect(kinds()).toEqual(['conectando', 'abierto', 'hello', 'mensaje']);
  });

  it('cuts by connection id, logs the reconnection and marks the replayed message', async () => {
    open('c-1');
    source().message(envelope('5-0'));
    const cut = store.cut();
    expect(store.get().cutting).toBe(true);
    expect(http.last).toMatchObject({
      method: 'POST',
      url: `${BASE}/sse-connections/c-1/drop`,
    });
    await http.last.respond(204, '');
    await cut;
    expect(store.get()).toMatchObject({ cutting: false, cutError: undefined });

    // The server ended the stream: the browser reconnects by itself after `retry:`.
    source().error(0);
    expect(store.get()).toMatchObject({
      connection: 'connecting',
      readyState: 0,
      connectionId: undefined,
    });
    expect(store.get().log.at(-1)?.text).toContain('Last-Event-ID: 5-0');

    open('c-2');
    source().event('replay', { count: 1, truncated: false });
    source().message(envelope('6-0', 'perdido'));
    source().message(envelope('7-0', 'en vivo'));
    expect(store.get().connectionId).toBe('c-2');
    expect(store.get().messages.map((m) => [m.envelope.id, m.replayed])).toEqual([
      ['5-0', false],
      ['6-0', true],
      ['7-0', false],
    ]);
    expect(kinds().slice(4)).toEqual([
      'corte',
      'cortado',
      'reconectando',
      'abierto',
      'hello',
      'reenvío',
      'mensaje',
      'mensaje',
    ]);
    expect(store.get().log.find((e) => e.kind === 'reenvío')?.text).toContain('1 mensaje perdido');
  });

  it('says when a replay was truncated', () => {
    open('c-1');
    source().event('replay', { count: 3, truncated: true });
    expect(store.get().log.at(-1)?.text).toContain('truncado');
  });

  it('shows the reason when the server refuses the cut', async () => {
    open('c-1');
    const cut = store.cut();
    await http.last.respond(404, { error: 'unknown SSE connection' });
    await cut;
    expect(store.get().cutting).toBe(false);
    expect(store.get().cutError).toContain('unknown SSE connection');
    expect(kinds().at(-1)).toBe('error');
  });

  it('shows readyState 2 when EventSource gives up and the client recreates it', async () => {
    open('c-1');
    source().error(2);
    expect(store.get()).toMatchObject({ connection: 'offline', readyState: 2 });
    expect(kinds()).toContain('reintento');
    await clock.advance(60_000);
    expect(fake.instances).toHaveLength(2);
    expect(store.get()).toMatchObject({ connection: 'connecting', readyState: 0 });
  });

  it('measures how long each message waited on the server clock', async () => {
    const client = createSseClient({
      baseUrl: BASE,
      channel: 'demo',
      EventSource: fake.EventSource,
      clock,
      fetch: http.fetch,
    });
    const offsetStore = createSseStore(BASE, 'demo', {
      client,
      now: clock.now,
      estimateOffset: async () => 1_000,
    });
    offsetStore.start();
    await settle();
    await clock.advance(500);
    source().open();
    // Stored at server time 1_200; received at our 500 = server 1_500.
    source().message({ ...envelope('1200-0'), ts: 1_200 });
    expect(offsetStore.get().messages[0]?.waitedMs).toBe(300);
    offsetStore.stop();
  });

  it('stop() closes the stream and stops listening', () => {
    open('c-1');
    store.stop();
    expect(source().closed).toBe(true);
    const before = store.get();
    source().message(envelope('9-0'));
    expect(store.get()).toBe(before);
  });
});
