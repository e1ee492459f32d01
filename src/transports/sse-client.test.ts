import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSseClient, type SseClient } from './sse-client';
import { createFakeEventSource, envelope, FakeFetch, ManualClock } from './testing/fakes';
import type { ConnectionState, ReceivedMessage, ReconnectRecord } from './types';

const BASE = 'http://localhost:8787';

describe('SSE client', () => {
  let clock: ManualClock;
  let http: FakeFetch;
  let fake: ReturnType<typeof createFakeEventSource>;
  let client: SseClient;
  let states: [ConnectionState, string | undefined][];
  let messages: ReceivedMessage[];

  const source = () => fake.instances.at(-1)!;

  beforeEach(() => {
    clock = new ManualClock();
    http = new FakeFetch();
    fake = createFakeEventSource();
    client = createSseClient({
      baseUrl: BASE,
      channel: 'demo',
      EventSource: fake.EventSource,
      clock,
      fetch: http.fetch,
    });
    states = [];
    messages = [];
    client.on('state', (state, detail) => states.push([state, detail]));
    client.on('message', (m) => messages.push(m));
  });

  afterEach(() => client.stop());

  it('opens /sse/:channel, is connected on open and keeps the hello connection id', () => {
    const hellos: string[] = [];
    client.on('hello', (id) => hellos.push(id));
    client.start();
    expect(source().url).toBe(`${BASE}/sse/demo`);
    expect(client.state).toBe('connecting');
    source().open();
    source().event('hello', { connectionId: 'c-42' });
    expect(client.state).toBe('connected');
    expect(client.connectionId).toBe('c-42');
    expect(hellos).toEqual(['c-42']);
  });

  it('emits each message event as a live message and remembers its id', async () => {
    client.start();
    source().open();
    await clock.advance(50);
    source().message(envelope('5-0', { hola: 1 }));
    source().onmessage?.({ data: 'not json', lastEventId: '' });
    expect(messages).toEqual([
      { envelope: envelope('5-0', { hola: 1 }), receivedAt: 50, replayed: false },
    ]);
    expect(client.lastEventId).toBe('5-0');
  });

  it('marks exactly the `count` messages after a replay event as replayed', () => {
    const replays: unknown[] = [];
    client.on('replay', (r) => replays.push(r));
    client.start();
    source().open();
    source().event('replay', { count: 2, truncated: false });
    for (const id of ['6-0', '7-0', '8-0']) source().message(envelope(id));
    expect(messages.map((m) => [m.envelope.id, m.replayed])).toEqual([
      ['6-0', true],
      ['7-0', true],
      ['8-0', false],
    ]);
    expect(replays).toEqual([{ count: 2, truncated: false }]);
  });

  it('reports the browser reconnecting by itself: connecting, then offline after a second failure', () => {
    client.start();
    source().open();
    source().error(0);
    expect(states.at(-1)).toEqual(['connecting', 'Conexión perdida: el navegador reconecta solo']);
    source().error(0);
    expect(states.at(-1)).toEqual(['offline', 'Sin conexión: el navegador reintenta (fallo 2)']);
    source().open();
    expect(client.state).toBe('connected');
    expect(fake.instances).toHaveLength(1); // the browser's EventSource did it, not us
    expect(clock.pendingTimers).toBe(0);
  });

  it('recreates a CLOSED EventSource after a backoff, resuming with ?lastEventId=', async () => {
    const reconnects: ReconnectRecord[] = [];
    client.on('reconnect', (r) => reconnects.push(r));
    client.start();
    source().open();
    source().message(envelope('9-0'));
    clock.randomValues.push(0.5);
    source().error(2);
    expect(source().closed).toBe(true);
    expect(client.state).toBe('offline');
    expect(reconnects).toEqual([{ attempt: 1, delayMs: 500, at: 0 }]);

    await clock.advance(499);
    expect(fake.instances).toHaveLength(1);
    await clock.advance(1);
    expect(fake.instances).toHaveLength(2);
    expect(source().url).toBe(`${BASE}/sse/demo?lastEventId=9-0`);

    // Refused again (a 503, say): the second wait is drawn from a doubled ceiling.
    clock.randomValues.push(0.5);
    source().error(2);
    expect(reconnects.at(-1)).toEqual({ attempt: 2, delayMs: 1_000, at: 500 });
    await clock.advance(1_000);
    source().open();
    source().event('replay', { count: 1, truncated: false });
    source().message(envelope('10-0'));
    expect(messages.at(-1)).toMatchObject({ replayed: true });
    expect(client.state).toBe('connected');
    expect(states.map(([s]) => s)).toEqual([
      'connecting',
      'connected',
      'offline',
      'connecting',
      'offline',
      'connecting',
      'connected',
    ]);
  });

  it('cut() asks the server to end this stream by its connection id', async () => {
    client.start();
    source().open();
    source().event('hello', { connectionId: 'c-7' });
    const cut = client.cut();
    expect(http.last.method).toBe('POST');
    expect(http.last.url).toBe(`${BASE}/sse-connections/c-7/drop`);
    await http.last.respond(204, '');
    await expect(cut).resolves.toBeUndefined();
    // The server ended the stream: the browser reconnects by itself; the old id is gone.
    source().error(0);
    expect(client.connectionId).toBeUndefined();
    await expect(client.cut()).rejects.toThrow('Todavía no hay un flujo SSE abierto');
    expect(fake.instances).toHaveLength(1);
  });

  it('cut() rejects with the server reason', async () => {
    client.start();
    source().event('hello', { connectionId: 'gone' });
    const cut = expect(client.cut()).rejects.toThrow(
      'No se pudo cortar el flujo: unknown SSE connection',
    );
    await http.last.respond(404, { error: 'unknown SSE connection' });
    await cut;
  });

  it('stop() closes the stream, cancels a pending recreation and ignores the old source', async () => {
    client.start();
    source().open();
    source().error(2);
    expect(clock.pendingTimers).toBe(1);
    client.stop();
    expect(clock.pendingTimers).toBe(0);
    expect(client.state).toBe('idle');
    await clock.advance(60_000);
    expect(fake.instances).toHaveLength(1);

    client.start();
    const old = fake.instances[1]!;
    client.stop();
    expect(old.closed).toBe(true);
    old.message(envelope('1-0'));
    old.open();
    expect(messages).toEqual([]);
    expect(client.state).toBe('idle');
  });

  it('is in error when the platform refuses the URL', () => {
    const Refusing = class extends fake.EventSource {
      constructor(url: string) {
        super(url);
        throw new SyntaxError('invalid URL');
      }
    };
    client = createSseClient({
      baseUrl: BASE,
      channel: 'demo',
      EventSource: Refusing,
      clock,
      fetch: http.fetch,
    });
    client.start();
    expect(client.state).toBe('error');
    expect(client.detail).toBe('No se puede abrir el flujo SSE: invalid URL');
    expect(clock.pendingTimers).toBe(0);
  });

  it('publishes with ?via=sse', async () => {
    const published = client.publish({ a: 1 });
    expect(http.last.url).toBe(`${BASE}/channels/demo/messages?via=sse`);
    await http.last.respond(201, envelope('3-0', { a: 1 }));
    await expect(published).resolves.toMatchObject({ id: '3-0' });
  });
});
