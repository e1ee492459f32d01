import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSocketIoClient, type SocketIoClient } from './socket-io-client';
import { createFakeIo, envelope, ManualClock } from './testing/fakes';
import type { ConnectionState, ReceivedMessage } from './types';

const BASE = 'http://localhost:8787';

describe('Socket.IO client', () => {
  let clock: ManualClock;
  let fake: ReturnType<typeof createFakeIo>;
  let client: SocketIoClient;
  let states: ConnectionState[];
  let messages: ReceivedMessage[];

  const socket = () => fake.sockets.at(-1)!;
  /** Connects and acknowledges the subscribe. */
  const connect = () => {
    socket().serverConnect();
    socket().ack('subscribe', { ok: true });
  };

  beforeEach(() => {
    clock = new ManualClock();
    fake = createFakeIo();
    client = createSocketIoClient({
      baseUrl: BASE,
      channel: 'demo',
      io: fake.io,
      clock,
      transports: ['websocket'],
    });
    states = [];
    messages = [];
    client.on('state', (state) => states.push(state));
    client.on('message', (m) => messages.push(m));
  });

  afterEach(() => client.stop());

  it('opens its own connection to the default namespace with reconnection on', () => {
    client.start();
    expect(fake.calls).toEqual([
      {
        uri: 'http://localhost:8787',
        options: {
          path: '/socket.io/',
          reconnection: true,
          forceNew: true,
          transports: ['websocket'],
        },
      },
    ]);
    const prefixed = createSocketIoClient({
      baseUrl: 'https://example.org/demo/',
      channel: 'demo',
      io: fake.io,
      clock,
    });
    prefixed.start();
    expect(fake.calls[1]).toEqual({
      uri: 'https://example.org',
      options: { path: '/demo/socket.io/', reconnection: true, forceNew: true },
    });
    prefixed.stop();
  });

  it('subscribes on connect and is connected once the subscribe is acknowledged', () => {
    client.start();
    socket().serverConnect();
    expect(socket().emitted.map((e) => [e.event, e.args[0]])).toEqual([
      ['subscribe', { channel: 'demo' }],
    ]);
    expect(client.state).toBe('connecting');
    socket().ack('subscribe', { ok: true });
    expect(client.state).toBe('connected');
    socket().fire('message', envelope('1-0'));
    socket().fire('message', { not: 'an envelope' });
    expect(messages.map((m) => [m.envelope.id, m.replayed])).toEqual([['1-0', false]]);
  });

  it('goes offline on disconnect and subscribes again when Socket.IO reconnects', () => {
    client.start();
    connect();
    socket().connected = false;
    socket().fire('disconnect', 'transport close');
    expect(client.state).toBe('offline');
    expect(client.detail).toBe('Desconectado (transport close); Socket.IO reintentará');
    socket().fireManager('reconnect_attempt', 1);
    expect(client.detail).toBe('Reintento 1');
    connect();
    expect(socket().emitted.filter((e) => e.event === 'subscribe')).toHaveLength(2);
    expect(states).toEqual([
      'connecting', // started
      'connecting', // connected, subscribing
      'connected',
      'offline',
      'connecting', // reconnect attempt
      'connecting', // connected again, subscribing
      'connected',
    ]);
    expect(fake.sockets).toHaveLength(1); // the library reconnected the same socket
  });

  it('asks Socket.IO to reconnect after a server-side disconnect', () => {
    client.start();
    connect();
    socket().fire('disconnect', 'io server disconnect');
    expect(socket().connectCalls).toBe(1);
    expect(client.state).toBe('offline');
  });

  it('is offline on a connect error, and in error when the origin is not allowed', () => {
    client.start();
    socket().fire('connect_error', new Error('xhr poll error'));
    expect(client.state).toBe('offline');
    expect(client.detail).toBe('No se puede conectar (xhr poll error); Socket.IO reintentará');
    socket().fire('connect_error', new Error('origin not allowed'));
    expect(client.state).toBe('error');
    expect(client.detail).toBe('origin not allowed');
    expect(socket().disconnectCalls).toBe(1);
    expect(socket().listenerCount).toBe(0);
  });

  it('is in error when the subscribe is refused', () => {
    client.start();
    socket().serverConnect();
    socket().ack('subscribe', { ok: false, error: 'invalid channel name' });
    expect(client.state).toBe('error');
    expect(client.detail).toBe('invalid channel name');
    expect(socket().disconnectCalls).toBe(1);
  });

  describe('publish', () => {
    beforeEach(() => {
      client.start();
      connect();
    });

    it('resolves with the acknowledged envelope', async () => {
      const published = client.publish({ n: 1 });
      expect(socket().emitted.at(-1)?.args[0]).toEqual({ channel: 'demo', data: { n: 1 } });
      socket().ack('publish', { ok: true, message: envelope('4-0', { n: 1 }) });
      await expect(published).resolves.toEqual(envelope('4-0', { n: 1 }));
      expect(clock.pendingTimers).toBe(0);
    });

    it('rejects with the acknowledged error', async () => {
      const refused = client.publish(1);
      socket().ack('publish', { ok: false, error: 'too many messages: slow down' });
      await expect(refused).rejects.toThrow('too many messages: slow down');
    });

    it('rejects when no acknowledgement comes within 5 s', async () => {
      const late = expect(client.publish(1)).rejects.toThrow(
        'El servidor no confirmó la publicación en 5 s',
      );
      await clock.advance(5_000);
      await late;
      socket().ack('publish', { ok: true, message: envelope('9-0') }); // too late: ignored
    });

    it('rejects at once while disconnected instead of letting Socket.IO buffer it', async () => {
      socket().connected = false;
      await expect(client.publish(1)).rejects.toThrow('No hay una conexión Socket.IO abierta');
      expect(socket().emitted.filter((e) => e.event === 'publish')).toEqual([]);
    });
  });

  it('stop() disconnects, removes every listener and releases the publish timers', async () => {
    client.start();
    connect();
    const waiting = expect(client.publish(1)).rejects.toThrow('Cliente detenido');
    const s = socket();
    client.stop();
    await waiting;
    expect(s.disconnectCalls).toBe(1);
    expect(s.listenerCount).toBe(0);
    expect(clock.pendingTimers).toBe(0);
    expect(client.state).toBe('idle');
    s.fire('message', envelope('1-0'));
    expect(messages).toEqual([]);
  });
});
