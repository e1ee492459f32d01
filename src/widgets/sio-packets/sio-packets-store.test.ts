import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createSioPacketsStore,
  INSPECTOR_CHANNEL,
  UNANSWERED_EVENT,
  type SioPacketsStore,
} from './sio-packets-store';
import { createFakeIo, type FakeSocket } from './testing/fake-socket';

describe('packet inspector store', () => {
  let fake: ReturnType<typeof createFakeIo>;
  let store: SioPacketsStore;
  let clock: number;
  const socket = (): FakeSocket => fake.sockets.at(-1)!;
  const wires = () => store.get().packets.map((p) => `${p.direction} ${p.wire}`);

  beforeEach(() => {
    fake = createFakeIo();
    clock = 10_000;
    store = createSioPacketsStore('http://localhost:3001/curso/', {
      io: fake.io,
      now: () => clock,
    });
    store.start();
  });

  afterEach(() => store.stop());

  /** Connects the socket and acknowledges its subscription. */
  function connect(options: Parameters<FakeSocket['serverConnect']>[0] = {}) {
    socket().serverConnect(options);
    if (!options.recovered) socket().ack('subscribe', { ok: true });
  }

  it('opens its own socket on the default namespace with the default reconnection settings', () => {
    expect(socket().uri).toBe('http://localhost:3001');
    expect(socket().options).toMatchObject({
      path: '/curso/socket.io/',
      forceNew: true,
      reconnectionDelay: 1000,
      reconnectionDelayMax: 5000,
      randomizationFactor: 0.5,
    });
    expect(socket().options).not.toHaveProperty('transports');
    expect(store.get().connection).toBe('connecting');
  });

  it('subscribes on connect and shows the handshake, the transport and every packet', () => {
    connect();
    const state = store.get();
    expect(state.connection).toBe('connected');
    expect(socket().emits[0]).toMatchObject({
      event: 'subscribe',
      args: [{ channel: INSPECTOR_CHANNEL }, expect.any(Function)],
    });
    expect(state.handshake).toMatchObject({ sid: 'eio-sid', pingInterval: 25000 });
    expect(state.transport).toBe('polling');
    expect(state.socketId).toBe('sio-id');
    expect(state.recovered).toBe(false);
    expect(state.recoveryOffered).toBe(false);
    expect(wires()).toEqual([
      expect.stringMatching(/^received 0\{"sid":"eio-sid"/),
      'sent 40',
      'received 40{"sid":"sio-id"}',
      'sent 420["subscribe",{"channel":"paquetes"}]',
      'received 430[{"ok":true}]',
    ]);
    socket().io.engine!.upgradeTo('websocket');
    expect(store.get().transport).toBe('websocket');
    expect(store.get().log.at(-1)?.kind).toBe('upgrade');
  });

  it('does not subscribe again when the server recovered the connection', () => {
    connect({ pid: 'p1', recovered: true });
    expect(store.get()).toMatchObject({
      connection: 'connected',
      recovered: true,
      recoveryOffered: true,
    });
    expect(socket().emits.filter((e) => e.event === 'subscribe')).toHaveLength(0);
  });

  it('shows a refused subscription as an error', () => {
    socket().serverConnect();
    socket().ack('subscribe', { ok: false, error: 'channel: invalid' });
    expect(store.get()).toMatchObject({ connection: 'error', detail: 'channel: invalid' });
  });

  it('records an acknowledged emit with its ack id and round trip', () => {
    connect();
    store.emitWithAck('ping', 1500);
    expect(socket().emits.at(-1)).toMatchObject({ event: 'ping', timeoutMs: 1500, ackId: 1 });
    expect(store.get().acks).toEqual([
      { n: 1, event: 'ping', timeoutMs: 1500, outcome: 'pending', ackId: 1 },
    ]);
    clock += 7;
    socket().ack('ping', { t: 10_000, now: 10_004 });
    expect(store.get().acks[0]).toMatchObject({
      outcome: 'ack',
      elapsedMs: 7,
      answer: '{"t":10000,"now":10004}',
    });
    expect(wires().slice(-2)).toEqual([
      'sent 421["ping",{"t":10000}]',
      'received 431[{"t":10000,"now":10004}]',
    ]);
  });

  it('records the timeout of an event nobody acknowledges, and bounds the timeout', () => {
    connect();
    store.emitWithAck(UNANSWERED_EVENT, 999_999);
    expect(socket().emits.at(-1)).toMatchObject({ event: 'sin-respuesta', timeoutMs: 60_000 });
    clock += 60_000;
    socket().expire(UNANSWERED_EVENT);
    expect(store.get().acks[0]).toMatchObject({
      outcome: 'timeout',
      elapsedMs: 60_000,
      answer: 'operation has timed out',
    });
  });

  it('tells a disconnection before the ACK apart from a timeout', () => {
    connect();
    store.emitWithAck('ping', 5000);
    socket().expire('ping', 'socket has been disconnected');
    expect(store.get().acks[0]).toMatchObject({
      outcome: 'error',
      answer: 'socket has been disconnected',
    });
  });

  it('refuses to emit while disconnected instead of letting Socket.IO buffer it', () => {
    store.emitWithAck('ping', 1000);
    expect(socket().emits).toEqual([]);
    expect(store.get().log.at(-1)?.text).toMatch(/No hay una conexión/);
  });

  it('cuts the engine transport and shows the disconnection and the wait before retrying', () => {
    connect();
    store.cutTransport();
    expect(socket().io.engine!.closedTransports).toBe(1);
    socket().serverDisconnect('transport close');
    expect(store.get()).toMatchObject({ connection: 'offline' });
    clock += 1234;
    socket().io.attemptReconnect(1);
    expect(store.get().connection).toBe('connecting');
    expect(store.get().log.at(-1)?.text).toBe('Intento 1 tras 1234 ms.');
  });

  it('reconnects with polling only, and back, each time on a new socket', () => {
    connect();
    const first = socket();
    store.setPollingOnly(true);
    expect(first.disconnectCalls).toBe(1);
    expect(first.listeners).toBe(0);
    expect(wires().at(-1)).toBe('sent 41');
    expect(socket()).not.toBe(first);
    expect(socket().options).toMatchObject({ transports: ['polling'] });
    expect(store.get()).toMatchObject({ pollingOnly: true, connection: 'connecting' });
    // The list goes on: sequence numbers and Engine.IO sessions continue across sockets.
    socket().serverConnect();
    const packets = store.get().packets;
    expect(packets.map((p) => p.seq)).toEqual(packets.map((_, i) => i + 1));
    expect(packets.at(-1)?.session).toBe(2);
    store.setPollingOnly(false);
    expect(socket().options).not.toHaveProperty('transports');
  });

  it('publishes on its channel and reports the server’s refusal', async () => {
    connect();
    const ok = store.publish('<b>hola</b>');
    socket().ack('publish', { ok: true, message: {} });
    await expect(ok).resolves.toBeUndefined();
    expect(socket().emits.at(-1)?.args[0]).toEqual({ channel: 'paquetes', data: '<b>hola</b>' });
    const refused = store.publish('otra');
    socket().ack('publish', { ok: false, error: 'too many messages: slow down' });
    await expect(refused).rejects.toThrow('too many messages');
  });

  it('shows a refusal by the server as an error, and a down server as offline', () => {
    socket().fire('connect_error', new Error('xhr poll error'));
    expect(store.get().connection).toBe('offline');
    socket().active = false;
    socket().fire('connect_error', new Error('origin not allowed'));
    expect(store.get()).toMatchObject({ connection: 'error', detail: 'origin not allowed' });
  });
});
