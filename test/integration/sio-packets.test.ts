import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { afterEach, describe, expect, it } from 'vitest';
import type { PacketRecord } from '../../src/widgets/sio-packets/packet-tap';
import {
  createSioPacketsStore,
  UNANSWERED_EVENT,
  type SioPacketsStore,
} from '../../src/widgets/sio-packets/sio-packets-store';
import { startDemoServer, waitFor, type RunningServer } from '../support/demo-server';

const stores: SioPacketsStore[] = [];
const servers: RunningServer[] = [];
const closers: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const store of stores.splice(0)) store.stop();
  await Promise.all(servers.splice(0).map((s) => s.close()));
  await Promise.all(closers.splice(0).map((close) => close()));
});

/** The real store with the real socket.io-client, started against `url`. */
function inspect(url: string): SioPacketsStore {
  const store = createSioPacketsStore(url);
  stores.push(store);
  store.start();
  return store;
}

const line = (p: PacketRecord) =>
  `${p.session} ${p.direction === 'sent' ? '→' : '←'} ${p.transport} ${p.type}`;
const indexOf = (packets: PacketRecord[], match: (p: PacketRecord) => boolean) => {
  const i = packets.findIndex(match);
  expect(i, 'packet not found').toBeGreaterThanOrEqual(0);
  return i;
};

describe('packet inspector with the real socket.io-client and the demo server', () => {
  it('shows the handshake over polling, the probe, the upgrade and then WebSocket', async () => {
    const server = await startDemoServer();
    servers.push(server);
    const store = inspect(server.url);
    await waitFor(
      () => store.get().connection === 'connected' && store.get().transport === 'websocket',
      10_000,
      'connected over websocket',
    );
    const packets = store.get().packets;
    expect(line(packets[0]!)).toBe('1 ← polling open');
    expect(store.get().handshake).toMatchObject({
      upgrades: ['websocket'],
      pingInterval: 25_000,
      pingTimeout: 20_000,
      maxPayload: 16_384,
    });
    const connect = indexOf(packets, (p) => p.type === 'connect' && p.direction === 'sent');
    const probeOut = indexOf(packets, (p) => p.wire === '2probe');
    const probeIn = indexOf(packets, (p) => p.wire === '3probe');
    const upgrade = indexOf(packets, (p) => p.wire === '5');
    expect(packets[connect]!.transport).toBe('polling');
    expect(connect).toBeLessThan(probeOut);
    expect(probeOut).toBeLessThan(probeIn);
    expect(probeIn).toBeLessThan(upgrade);
    expect([probeOut, probeIn, upgrade].map((i) => packets[i]!.transport)).toEqual([
      'websocket',
      'websocket',
      'websocket',
    ]);
    // Nothing goes over polling once `5` is sent.
    expect(packets.slice(upgrade).every((p) => p.transport === 'websocket')).toBe(true);
  });

  it('shows an event with its ack id and the ack that answers it, and a timeout', async () => {
    const server = await startDemoServer();
    servers.push(server);
    const store = inspect(server.url);
    await waitFor(() => store.get().connection === 'connected', 10_000, 'connected');

    store.emitWithAck('ping', 5_000);
    await waitFor(() => store.get().acks[0]?.outcome === 'ack', 5_000, 'the ack');
    const { ackId, answer } = store.get().acks[0]!;
    expect(answer).toMatch(/^\{"t":\d+,"now":\d+\}$/);
    const packets = store.get().packets;
    const sent = packets.find((p) => p.wire.startsWith(`42${ackId}["ping",`));
    const acked = packets.find((p) => p.wire.startsWith(`43${ackId}[{"t":`));
    expect(sent).toMatchObject({ type: 'event', direction: 'sent', sio: { eventName: 'ping' } });
    expect(acked).toMatchObject({ type: 'ack', direction: 'received', sio: { ackId } });

    store.emitWithAck(UNANSWERED_EVENT, 300);
    await waitFor(() => store.get().acks[1]?.outcome === 'timeout', 5_000, 'the timeout');
    expect(store.get().acks[1]).toMatchObject({ answer: 'operation has timed out' });
    expect(store.get().acks[1]!.elapsedMs).toBeGreaterThanOrEqual(290);
  });

  it('sends everything over polling when told to, with no probe', async () => {
    const server = await startDemoServer();
    servers.push(server);
    const store = inspect(server.url);
    await waitFor(() => store.get().connection === 'connected', 10_000, 'connected');
    store.setPollingOnly(true);
    await waitFor(
      () => store.get().pollingOnly && store.get().connection === 'connected',
      10_000,
      'connected again',
    );
    const session = store.get().packets.at(-1)!.session;
    expect(session).toBe(2);
    store.emitWithAck('ping', 5_000);
    await waitFor(() => store.get().acks[0]?.outcome === 'ack', 5_000, 'the ack');
    const second = store.get().packets.filter((p) => p.session === session);
    expect(second.map((p) => p.type)).toEqual(
      expect.arrayContaining(['open', 'connect', 'event', 'ack']),
    );
    expect(second.every((p) => p.transport === 'polling')).toBe(true);
    expect(second.some((p) => p.type === 'probe' || p.type === 'upgrade')).toBe(false);
  });
});

describe('packet inspector against a Socket.IO server with a fast heartbeat and state recovery', () => {
  /** A server with the demo's `subscribe`/`publish` events, pinging every 200 ms. */
  async function startRecoveringServer() {
    const http: HttpServer = createServer();
    const io = new Server(http, {
      pingInterval: 200,
      pingTimeout: 2_000,
      connectionStateRecovery: { maxDisconnectionDuration: 60_000 },
    });
    io.on('connection', (socket) => {
      socket.on('subscribe', ({ channel }: { channel: string }, ack: (a: unknown) => void) => {
        void socket.join(channel);
        ack({ ok: true });
      });
      socket.on('publish', ({ channel, data }: { channel: string; data: string }, ack) => {
        io.to(channel).emit('message', { channel, data });
        ack({ ok: true });
      });
      // What is broadcast while this socket is away must reach it once it recovers.
      socket.on('disconnect', () => io.to('paquetes').emit('message', { data: 'mientras tanto' }));
    });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    closers.push(() => new Promise<void>((resolve) => io.close(() => resolve())));
    return `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  }

  it('shows the server’s ping and the client’s pong', async () => {
    const store = inspect(await startRecoveringServer());
    await waitFor(
      () => store.get().packets.some((p) => p.type === 'pong' && p.direction === 'sent'),
      10_000,
      'a pong',
    );
    const ping = store.get().packets.find((p) => p.type === 'ping')!;
    expect(ping).toMatchObject({ direction: 'received', wire: '2' });
    expect(store.get().handshake?.pingInterval).toBe(200);
  });

  it('recovers after a cut transport: pid and offset in the CONNECT, recovered, no resubscription', async () => {
    const store = inspect(await startRecoveringServer());
    await waitFor(
      () => store.get().connection === 'connected' && store.get().transport === 'websocket',
      10_000,
      'connected over websocket',
    );
    expect(store.get().recoveryOffered).toBe(true);
    // The client needs one broadcast event to know its offset.
    await store.publish('antes');
    await waitFor(
      () => store.get().packets.some((p) => p.wire.includes('"antes"') && p.type === 'event'),
      5_000,
      'the broadcast',
    );
    store.cutTransport();
    await waitFor(() => store.get().connects === 2, 15_000, 'the reconnection');
    await waitFor(() => store.get().connection === 'connected', 5_000, 'connected');
    expect(store.get().recovered).toBe(true);

    const packets = store.get().packets;
    const reconnect = packets.filter((p) => p.session === 2);
    const connect = reconnect.find((p) => p.type === 'connect' && p.direction === 'sent')!;
    expect(JSON.parse(connect.sio!.payload)).toEqual({
      pid: expect.any(String),
      offset: expect.any(String),
    });
    await waitFor(
      () => store.get().packets.some((p) => p.session === 2 && p.wire.includes('mientras tanto')),
      5_000,
      'the missed message',
    );
    const missed = store.get().packets.filter((p) => p.wire.includes('mientras tanto'));
    expect(missed).toHaveLength(1);
    expect(reconnect.some((p) => p.sio?.eventName === 'subscribe')).toBe(false);
    expect(store.get().log.map((e) => e.kind)).toEqual(
      expect.arrayContaining(['corte', 'desconexión', 'reintento']),
    );
  });
});
