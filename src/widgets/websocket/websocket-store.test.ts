import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { envelope, settle } from '../../transports/testing/fakes';
import { WebSocketHarness } from '../../transports/testing/websocket-harness';
import {
  createWebSocketStore,
  WIDGET_BACKOFF,
  WIDGET_HEARTBEAT_MS,
  type WebSocketStore,
} from './websocket-store';

describe('WebSocket widget store', () => {
  let h: WebSocketHarness;
  let store: WebSocketStore;
  let frames: (() => void)[];

  const kinds = () => store.get().log.map((entry) => entry.kind);
  /** Runs the animation frames requested so far. */
  const runFrames = () => frames.splice(0).forEach((frame) => frame());

  beforeEach(() => {
    h = new WebSocketHarness({ backoff: WIDGET_BACKOFF, heartbeatMs: WIDGET_HEARTBEAT_MS });
    frames = [];
    store = createWebSocketStore('http://localhost:8787', 'demo', {
      client: h.client,
      now: h.clock.now,
      estimateOffset: async () => 0,
      requestFrame: (frame) => frames.push(frame),
    });
    store.start();
  });

  afterEach(() => store.stop());

  it('is connected once subscribed and lists the messages of the channel', () => {
    expect(store.get()).toMatchObject({ connection: 'connecting', channel: 'demo' });
    h.connect();
    h.socket().receive({ type: 'message', message: envelope('1-0', '<b>hola</b>') });
    expect(store.get().connection).toBe('connected');
    expect(store.get().messages.map((m) => m.envelope.data)).toEqual(['<b>hola</b>']);
    expect(kinds()).toEqual(['conectando', 'suscrito']);
  });

  it('publishes, resolves on the `published` ack and logs it', async () => {
    h.connect();
    const published = store.publish('hola');
    const frame = h.socket().sentFrames.at(-1)!;
    expect(frame).toMatchObject({ type: 'publish', channel: 'demo', data: 'hola' });
    h.socket().receive({ type: 'published', ref: frame.ref, message: envelope('2-0', 'hola') });
    await expect(published).resolves.toMatchObject({ id: '2-0' });
    expect(kinds().at(-1)).toBe('publicado');
  });

  it('rejects a publish the server refuses and logs the reason', async () => {
    h.connect();
    const published = store.publish('hola');
    const ref = h.socket().sentFrames.at(-1)!.ref;
    h.socket().receive({ type: 'error', ref, message: 'too many messages: slow down' });
    await expect(published).rejects.toThrow('too many messages');
    expect(store.get().log.at(-1)).toMatchObject({ kind: 'error' });
  });

  it('forces a drop, shows the close and every reconnection attempt until it is back', async () => {
    h.connect();
    store.drop(1006);
    expect(h.socket().sentFrames.at(-1)).toEqual({ type: 'drop', code: 1006 });
    h.clock.randomValues.push(0.5, 0.25);
    h.socket().closeFromServer(1006);
    expect(store.get().lastClose).toMatchObject({ code: 1006, wasClean: false });
    expect(store.get().attempts).toEqual([{ attempt: 1, delayMs: 250, at: 0 }]);
    // Asked for: reconnecting, not "the server is down".
    expect(store.get().connection).toBe('connecting');

    await h.clock.advance(250);
    h.socket().closeFromServer(1006); // refused: the server is still down
    expect(store.get().attempts.map((a) => [a.attempt, a.delayMs])).toEqual([
      [1, 250],
      [2, 250], // ceiling 1 s, random 0.25
    ]);
    expect(store.get().connection).toBe('offline');
    await h.clock.advance(250);
    h.connect();
    expect(store.get()).toMatchObject({ connection: 'connected', recoveredAt: 2 });
    expect(kinds()).toEqual(
      expect.arrayContaining(['drop', 'cierre', 'reintento', 'conectando', 'suscrito']),
    );

    // The next disconnect starts a new series of attempts; not asked for, it is offline.
    h.socket().closeFromServer(1001, 'server shutting down');
    expect(store.get().attempts).toHaveLength(1);
    expect(store.get().connection).toBe('offline');
    expect(store.get().recoveredAt).toBeUndefined();
    expect(store.get().lastClose).toMatchObject({ code: 1001, reason: 'server shutting down' });
  });

  it('shows why a drop could not be sent', () => {
    store.drop(1000);
    expect(store.get().dropError).toContain('No hay una conexión WebSocket abierta');
  });

  it('shows the heartbeat round trip and when the last pong came', async () => {
    h.connect();
    await h.clock.advance(WIDGET_HEARTBEAT_MS);
    const ping = h.socket().sentFrames.at(-1)!;
    expect(ping.type).toBe('ping');
    await h.clock.advance(40);
    h.socket().receive({ type: 'pong', t: ping.t, now: 0 });
    expect(store.get()).toMatchObject({ rttMs: 40, lastPongAt: WIDGET_HEARTBEAT_MS + 40 });
  });

  it('bursts publishes without waiting and samples bufferedAmount every frame until drained', async () => {
    h.connect();
    const socket = h.socket();
    socket.bufferedAmount = 3_000;
    store.burst(5);
    const publishes = socket.sentFrames.filter((f) => f.type === 'publish');
    expect(publishes).toHaveLength(5);
    expect(store.get().burst).toMatchObject({ total: 5, samples: [3_000], running: true });

    store.burst(5); // ignored while one runs
    expect(socket.sentFrames.filter((f) => f.type === 'publish')).toHaveLength(5);

    socket.bufferedAmount = 1_000;
    runFrames();
    publishes
      .slice(0, 3)
      .forEach((f, i) =>
        socket.receive({ type: 'published', ref: f.ref, message: envelope(`${i}-0`) }),
      );
    publishes
      .slice(3)
      .forEach((f) =>
        socket.receive({ type: 'error', ref: f.ref, message: 'too many messages: slow down' }),
      );
    await settle();
    socket.bufferedAmount = 0;
    runFrames();
    expect(store.get().burst).toEqual({
      total: 5,
      acked: 3,
      rejected: 2,
      firstError: 'too many messages: slow down',
      samples: [3_000, 1_000, 0],
      peakBytes: 3_000,
      running: false,
    });
    expect(frames).toHaveLength(0);
    expect(store.get().log.at(-1)?.text).toContain('Confirmados 3, rechazados 2');
  });

  it('stop() closes the socket and stops sampling', () => {
    h.connect();
    store.burst(2);
    store.stop();
    expect(h.socket().closeCalls.length).toBeGreaterThan(0);
    const before = store.get();
    runFrames();
    expect(store.get()).toBe(before);
  });
});
