import { connect, type Socket as TcpSocket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { io, type Socket } from 'socket.io-client';
import WebSocket from 'ws';
import type { HealthResponse, PollResponse, TransportId } from '../../src/protocol';
import { publishHttp, startDemoServer, waitFor, type RunningServer } from '../support/demo-server';
import { spawnDemoServer, type SpawnedDemoServer } from '../support/spawn';

const ALL_CLOSED: Record<TransportId, number> = {
  'short-polling': 0,
  'long-polling': 0,
  sse: 0,
  websocket: 0,
  'socket-io': 0,
};

const children: SpawnedDemoServer[] = [];
const servers: RunningServer[] = [];
const aborts: AbortController[] = [];
const wsClients: WebSocket[] = [];
const ioClients: Socket[] = [];
const tcpSockets: TcpSocket[] = [];

afterEach(async () => {
  for (const socket of tcpSockets.splice(0)) socket.destroy();
  for (const controller of aborts.splice(0)) controller.abort();
  for (const socket of ioClients.splice(0)) socket.disconnect();
  for (const socket of wsClients.splice(0)) socket.terminate();
  await Promise.all(children.splice(0).map((child) => child.kill()));
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

/** A streaming GET that can be aborted; `ended` says how the body finished. */
async function openStream(url: string) {
  const controller = new AbortController();
  aborts.push(controller);
  const res = await fetch(url, { signal: controller.signal });
  expect(res.status).toBe(200);
  const reader = res.body!.getReader();
  const ended = (async () => {
    try {
      while (!(await reader.read()).done);
      return 'ended';
    } catch (error) {
      return `failed: ${(error as Error).message}`;
    }
  })();
  return { ended, abort: () => controller.abort() };
}

/** A long poll that can be aborted; resolves with the status and body once answered. */
function startLongPoll(url: string) {
  const controller = new AbortController();
  aborts.push(controller);
  const answered = fetch(url, { signal: controller.signal }).then(async (res) => ({
    status: res.status,
    body: (await res.json()) as PollResponse,
  }));
  return { answered, abort: () => controller.abort() };
}

async function openWs(url: string) {
  const socket = new WebSocket(url);
  wsClients.push(socket);
  const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  return { socket, closed };
}

async function connectIo(url: string, transport: 'websocket' | 'polling' = 'websocket') {
  const socket = io(url, { transports: [transport], reconnection: false, forceNew: true });
  ioClients.push(socket);
  const disconnected = new Promise<string>((resolve) =>
    socket.once('disconnect', (reason) => resolve(reason)),
  );
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  return { socket, disconnected };
}

/**
 * Completes a WebSocket handshake on `path` over raw TCP, then goes silent: it never answers the
 * server's close frame, like a laptop that went to sleep. Resolves once the server sent 101.
 */
async function openSilentWebSocket(server: RunningServer, path: string): Promise<TcpSocket> {
  const { port, hostname } = new URL(server.url);
  const socket = connect(Number(port), hostname);
  tcpSockets.push(socket);
  socket.write(
    `GET ${path} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
      'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
  );
  let received = '';
  await new Promise<void>((resolve, reject) => {
    socket.on('data', (chunk) => {
      received += chunk.toString('latin1');
      if (received.startsWith('HTTP/1.1 101')) resolve();
      else if (received.includes('\r\n\r\n')) reject(new Error(`handshake refused: ${received}`));
    });
    socket.once('error', reject);
  });
  return socket;
}

async function healthOf(url: string): Promise<HealthResponse> {
  const res = await fetch(`${url}/health`);
  expect(res.status).toBe(200);
  return (await res.json()) as HealthResponse;
}

/** Polls /health of a server in another process until its connection counts match. */
async function waitForHealthCounts(url: string, expected: Partial<Record<TransportId, number>>) {
  const deadline = Date.now() + 5_000;
  let last: HealthResponse['connections'] | null = null;
  for (;;) {
    last = (await healthOf(url)).connections;
    if (Object.entries(expected).every(([id, count]) => last![id as TransportId] === count)) return;
    if (Date.now() > deadline) throw new Error(`connections stayed ${JSON.stringify(last)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('the demo-server process', () => {
  it('closes every kind of connection properly on SIGTERM and exits with 0 within 5 s', async () => {
    const child = await spawnDemoServer(['--port', '0', '--no-site']);
    children.push(child);
    expect(child.host).toBe('127.0.0.1');
    const url = `http://127.0.0.1:${child.port}`;

    const sse = await openStream(`${url}/sse/news`);
    const longPoll = startLongPoll(`${url}/long-poll/news?timeout=30000`);
    const ws = await openWs(`ws://127.0.0.1:${child.port}/ws`);
    const sio = await connectIo(url);
    await waitForHealthCounts(url, { sse: 1, 'long-polling': 1, websocket: 1, 'socket-io': 1 });

    const signalledAt = Date.now();
    child.child.kill('SIGTERM');
    const exit = await child.exited;
    const elapsedMs = Date.now() - signalledAt;

    expect(exit).toEqual({ code: 0, signal: null });
    expect(elapsedMs).toBeLessThan(5_000);
    const answer = await longPoll.answered;
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ messages: [], cursor: expect.stringMatching(/^\d+-\d+$/) });
    expect(await sse.ended).toBe('ended');
    expect(await ws.closed).toBe(1001);
    expect(await sio.disconnected).toBe('io server disconnect');
    expect(child.output()).toMatch(/SIGTERM: cerrando conexiones/);
  });

  it('listens on the PORT and HOST given in the environment', async () => {
    const child = await spawnDemoServer(['--no-site'], { PORT: '0', HOST: 'localhost' });
    children.push(child);
    expect(child.host).toBe('localhost');
    expect(child.port).toBeGreaterThan(0);
    expect(child.port).not.toBe(3001);
    const health = await healthOf(`http://localhost:${child.port}`);
    expect(health.status).toBe('ok');
  });
});

describe('connection tracking', () => {
  async function start(): Promise<RunningServer> {
    const server = await startDemoServer();
    servers.push(server);
    return server;
  }

  const counts = (server: RunningServer) => server.demo.connections.counts();
  const waitForCount = (server: RunningServer, id: TransportId, count: number) =>
    waitFor(() => counts(server)[id] === count, 3_000, `${count} open ${id} connection(s)`);

  it('releases an SSE stream when the client aborts it', async () => {
    const server = await start();
    const stream = await openStream(`${server.url}/sse/news`);
    await waitForCount(server, 'sse', 1);
    stream.abort();
    await waitForCount(server, 'sse', 0);
    expect(counts(server)).toEqual(ALL_CLOSED);
  });

  it('releases a held long poll when the client aborts it', async () => {
    const server = await start();
    const poll = startLongPoll(`${server.url}/long-poll/news?timeout=30000`);
    await waitForCount(server, 'long-polling', 1);
    poll.abort();
    await expect(poll.answered).rejects.toThrow();
    await waitForCount(server, 'long-polling', 0);
    expect(counts(server)).toEqual(ALL_CLOSED);
  });

  it('releases a held long poll once a message answers it, and one that times out', async () => {
    const server = await start();
    const answeredByMessage = startLongPoll(`${server.url}/long-poll/news?timeout=30000`);
    await waitForCount(server, 'long-polling', 1);
    const published = await publishHttp(server.url, 'news', 'hola');
    expect((await answeredByMessage.answered).body.messages).toEqual([published]);
    await waitForCount(server, 'long-polling', 0);

    const timedOut = startLongPoll(`${server.url}/long-poll/quiet?timeout=50`);
    expect((await timedOut.answered).body.messages).toEqual([]);
    expect(counts(server)).toEqual(ALL_CLOSED);
  });

  it('releases a WebSocket when the client closes it', async () => {
    const server = await start();
    const ws = await openWs(`${server.wsUrl}/ws`);
    ws.socket.send(JSON.stringify({ type: 'subscribe', channel: 'news' }));
    await waitForCount(server, 'websocket', 1);
    ws.socket.close(1000);
    await waitForCount(server, 'websocket', 0);
    expect(counts(server)).toEqual(ALL_CLOSED);
  });

  it.each(['websocket', 'polling'] as const)(
    'releases a Socket.IO client over %s when it disconnects',
    async (transport) => {
      const server = await start();
      const sio = await connectIo(server.url, transport);
      expect(await sio.socket.timeout(3_000).emitWithAck('subscribe', { channel: 'news' })).toEqual(
        { ok: true },
      );
      await waitForCount(server, 'socket-io', 1);
      sio.socket.disconnect();
      await waitForCount(server, 'socket-io', 0);
      expect(counts(server)).toEqual(ALL_CLOSED);
    },
  );

  it.each([
    ['/ws', 'websocket'],
    ['/socket.io/?EIO=4&transport=websocket', 'socket-io'],
  ] as const)(
    'cuts a peer on %s that never answers the close handshake after the grace time',
    async (path, id) => {
      const server = await startDemoServer({ shutdownGraceMs: 200 });
      servers.push(server);
      const silent = await openSilentWebSocket(server, path);
      const cut = new Promise<void>((resolve) => silent.once('close', () => resolve()));
      if (id === 'websocket') await waitForCount(server, id, 1);
      const startedAt = Date.now();
      await server.close();
      expect(Date.now() - startedAt).toBeLessThan(2_000);
      await cut;
      expect(counts(server)).toEqual(ALL_CLOSED);
    },
  );

  it('closes without waiting for a connection that never sent a request', async () => {
    const server = await start();
    const { port, hostname } = new URL(server.url);
    const spare = connect(Number(port), hostname);
    tcpSockets.push(spare);
    await new Promise((resolve) => spare.once('connect', resolve));
    const cut = new Promise((resolve) => spare.once('close', resolve));
    const startedAt = Date.now();
    await server.close();
    // The default grace time is 3 s; a spare socket carries nothing worth waiting for.
    expect(Date.now() - startedAt).toBeLessThan(1_000);
    await cut;
  });

  it('releases every connection when the server closes', async () => {
    const server = await start();
    const sse = await openStream(`${server.url}/sse/news`);
    const poll = startLongPoll(`${server.url}/long-poll/news?timeout=30000`);
    const ws = await openWs(`${server.wsUrl}/ws`);
    const sio = await connectIo(server.url);
    await waitFor(
      () => Object.values(counts(server)).reduce((a, b) => a + b, 0) === 4,
      3_000,
      'four open connections',
    );
    await server.close();
    expect(counts(server)).toEqual(ALL_CLOSED);
    expect((await poll.answered).status).toBe(200);
    expect(await sse.ended).toBe('ended');
    expect(await ws.closed).toBe(1001);
    expect(await sio.disconnected).toBe('io server disconnect');
  });
});
