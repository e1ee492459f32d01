import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { envelope } from './testing/fakes';
import type { CloseInfo } from './websocket-types';
import { WebSocketHarness } from './testing/websocket-harness';

describe('WebSocket client', () => {
  let h: WebSocketHarness;

  beforeEach(() => {
    h = new WebSocketHarness();
  });

  afterEach(() => h.client.stop());

  it('derives ws(s)://host/ws from the http(s) base URL, with ?inspect= when asked', () => {
    expect(h.client.url).toBe('ws://localhost:8787/ws');
    expect(h.make({ baseUrl: 'https://demo.example.org/', inspect: 'frames' }).url).toBe(
      'wss://demo.example.org/ws?inspect=frames',
    );
    expect(h.make({ baseUrl: 'https://example.org/curso/demo' }).url).toBe(
      'wss://example.org/curso/demo/ws',
    );
  });

  it('subscribes on open and is connected once the server confirms', () => {
    h.client.start();
    expect(h.states).toEqual(['connecting']);
    h.socket().open();
    expect(h.socket().sentFrames).toEqual([{ type: 'subscribe', channel: 'demo' }]);
    expect(h.client.state).toBe('connecting');
    h.socket().receive({ type: 'subscribed', channel: 'demo' });
    expect(h.client.state).toBe('connected');
  });

  it('emits message frames as live messages', async () => {
    const ids: [string, boolean, number][] = [];
    h.client.on('message', (m) => ids.push([m.envelope.id, m.replayed, m.receivedAt]));
    h.client.start();
    h.connect();
    await h.clock.advance(7);
    h.socket().receive({ type: 'message', message: envelope('1-0') });
    h.socket().receive({ type: 'message', message: { id: 1 } });
    h.socket().receive('{broken');
    expect(ids).toEqual([['1-0', false, 7]]);
  });

  it('h.reconnects with full-jitter backoff drawn from the injected random', async () => {
    const closes: CloseInfo[] = [];
    h.client.on('close', (c) => closes.push(c));
    h.client.start();
    h.connect();
    h.clock.randomValues.push(0.5, 0.5, 0.25);
    h.socket().closeFromServer(1006);
    expect(h.client.lastClose).toEqual({ code: 1006, reason: '', wasClean: false });
    expect(closes).toEqual([{ code: 1006, reason: '', wasClean: false }]);
    expect(h.client.state).toBe('offline');
    expect(h.client.detail).toBe('Conexión cerrada (código 1006). Reintento 1 en 0,5 s');
    expect(h.reconnects).toEqual([{ attempt: 1, delayMs: 500, at: 0 }]);

    await h.clock.advance(500);
    expect(h.fake.instances).toHaveLength(2);
    expect(h.client.state).toBe('connecting');
    h.socket().closeFromServer(1006); // refused before opening
    await h.clock.advance(1_000);
    h.socket().closeFromServer(1006);
    expect(h.reconnects.map((r) => [r.attempt, r.delayMs])).toEqual([
      [1, 500], // ceiling 1 s
      [2, 1_000], // ceiling 2 s
      [3, 1_000], // ceiling 4 s, random 0.25
    ]);
    expect(h.clock.pendingDelays).toEqual([1_000]);
  });

  it('resets the attempts once a subscribe succeeds', async () => {
    h.client.start();
    h.connect();
    h.clock.fallbackRandom = 1;
    h.socket().closeFromServer(1001, 'server shutting down');
    await h.clock.advance(1_000);
    h.socket().closeFromServer(1006);
    expect(h.reconnects.map((r) => [r.attempt, r.delayMs])).toEqual([
      [1, 1_000],
      [2, 2_000],
    ]);
    await h.clock.advance(2_000);
    h.connect();
    expect(h.states).toEqual([
      'connecting',
      'connected',
      'offline',
      'connecting',
      'offline',
      'connecting',
      'connected',
    ]);
    h.socket().closeFromServer(1011);
    expect(h.reconnects.at(-1)).toMatchObject({ attempt: 1, delayMs: 1_000 });
  });

  it('honours custom backoff settings', () => {
    h.make({ backoff: { baseMs: 100, maxMs: 150 } });
    h.client.start();
    h.clock.fallbackRandom = 1;
    h.socket().closeFromServer(1006);
    expect(h.reconnects.at(-1)?.delayMs).toBe(100);
  });

  it('does not reconnect after stop(), and stop() releases every timer', async () => {
    h.client.start();
    h.connect();
    await h.clock.advance(15_000); // a ping is out, the next heartbeat is pending
    const pendingPublish = h.client.publish('x');
    expect(h.clock.pendingTimers).toBe(2); // heartbeat + publish timeout
    const ws = h.socket();
    h.client.stop();
    await expect(pendingPublish).rejects.toThrow('Cliente detenido');
    expect(ws.closeCalls).toEqual([{ code: 1000, reason: 'cliente detenido' }]);
    expect(h.clock.pendingTimers).toBe(0);
    expect(h.client.state).toBe('idle');
    ws.closeFromServer(1000);
    await h.clock.advance(120_000);
    expect(h.fake.instances).toHaveLength(1);
    expect(h.reconnects).toEqual([]);
  });

  it('stop() during a reconnect wait cancels it', async () => {
    h.client.start();
    h.socket().closeFromServer(1006);
    expect(h.clock.pendingTimers).toBe(1);
    h.client.stop();
    expect(h.clock.pendingTimers).toBe(0);
    await h.clock.advance(60_000);
    expect(h.fake.instances).toHaveLength(1);
  });

  it('is in error, without retrying, when the platform refuses to open the socket', async () => {
    const Refusing = class extends h.fake.WebSocket {
      constructor(url: string) {
        super(url);
        throw new Error('SecurityError: insecure WebSocket from an https page');
      }
    };
    h.make({ WebSocket: Refusing });
    h.client.start();
    expect(h.client.state).toBe('error');
    expect(h.client.detail).toBe(
      'No se puede abrir ws://localhost:8787/ws: SecurityError: insecure WebSocket from an https page',
    );
    expect(h.clock.pendingTimers).toBe(0);
  });

  it('treats an error answering the subscribe as final: error state, no reconnection', async () => {
    h.client.start();
    h.socket().open();
    h.socket().receive({
      type: 'error',
      message: 'too many subscriptions: at most 50 channels per connection',
    });
    expect(h.client.state).toBe('error');
    expect(h.client.detail).toBe('too many subscriptions: at most 50 channels per connection');
    expect(h.socket().closeCalls).toHaveLength(1);
    expect(h.clock.pendingTimers).toBe(0);
    await h.clock.advance(60_000);
    expect(h.fake.instances).toHaveLength(1);
  });
});
