import { afterEach, describe, expect, it } from 'vitest';
import { io, type Socket } from 'socket.io-client';
import WebSocket from 'ws';
import type { Envelope, HealthResponse, WsServerFrame } from '../../src/protocol';
import { publishHttp, startDemoServer, waitFor, type RunningServer } from '../support/demo-server';

const OVER_LIMIT = 'x'.repeat(17 * 1024);

const servers: RunningServer[] = [];
const wsClients: WebSocket[] = [];
const ioClients: Socket[] = [];

afterEach(async () => {
  for (const socket of ioClients.splice(0)) socket.disconnect();
  for (const socket of wsClients.splice(0)) socket.terminate();
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function start(
  overrides: Parameters<typeof startDemoServer>[0] = {},
): Promise<RunningServer> {
  const server = await startDemoServer(overrides);
  servers.push(server);
  return server;
}

/** A raw WebSocket on /ws that records every frame the server sends and how it closed. */
interface WsClient {
  socket: WebSocket;
  frames: WsServerFrame[];
  close: { code: number; reason: string } | null;
}

async function openWs(server: RunningServer): Promise<WsClient> {
  const socket = new WebSocket(`${server.wsUrl}/ws`);
  wsClients.push(socket);
  const client: WsClient = { socket, frames: [], close: null };
  socket.on('message', (data) => client.frames.push(JSON.parse(data.toString()) as WsServerFrame));
  socket.on('close', (code, reason) => (client.close = { code, reason: reason.toString() }));
  await new Promise<void>((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  return client;
}

/** Waits for the first frame after `from` that matches, and returns it. */
async function frameAfter<T extends WsServerFrame['type']>(
  client: WsClient,
  from: number,
  type: T,
): Promise<Extract<WsServerFrame, { type: T }>> {
  const find = () => client.frames.slice(from).find((frame) => frame.type === type);
  await waitFor(() => find() !== undefined, 3_000, `a "${type}" frame`);
  return find() as Extract<WsServerFrame, { type: T }>;
}

/** Sends one frame and returns the error frame the server answers with. */
async function errorFor(client: WsClient, frame: string | Buffer, binary = false) {
  const from = client.frames.length;
  client.socket.send(frame, { binary });
  return frameAfter(client, from, 'error');
}

async function connectIo(server: RunningServer): Promise<Socket> {
  const socket = io(server.url, { transports: ['websocket'], reconnection: false, forceNew: true });
  ioClients.push(socket);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  return socket;
}

function post(
  server: RunningServer,
  path: string,
  body: BodyInit,
  contentType = 'application/json',
) {
  return fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': contentType },
    body,
  });
}

/** Polls /health until `accept` holds for its answer (connections are released asynchronously). */
async function healthWhen(server: RunningServer, accept: (body: HealthResponse) => boolean) {
  const deadline = Date.now() + 3_000;
  for (;;) {
    const res = await fetch(`${server.url}/health`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as HealthResponse;
    if (accept(body) || Date.now() > deadline) return body;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function expectError(res: Response, status: number, reason: RegExp): Promise<void> {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  const body = (await res.json()) as { error: unknown };
  expect(Object.keys(body)).toEqual(['error']);
  expect(body.error).toMatch(reason);
}

/** Each bad input and what the server must answer; the last test throws all of them at one server. */
const httpCases: Record<string, (server: RunningServer) => Promise<void>> = {
  'answers invalid JSON with 400 and the parser reason': async (server) => {
    const res = await post(server, '/channels/news/messages', '{"data": ');
    await expectError(res, 400, /not valid JSON: .+/);
  },
  'answers an empty body with 400': async (server) => {
    await expectError(await post(server, '/channels/news/messages', ''), 400, /empty/);
  },
  'answers a body over 16 KiB with 413': async (server) => {
    const res = await post(server, '/channels/news/messages', JSON.stringify({ data: OVER_LIMIT }));
    await expectError(res, 413, /larger than 16384 bytes/);
  },
  'answers a streamed body over 16 KiB with 413': async (server) => {
    const chunk = new TextEncoder().encode(JSON.stringify({ data: OVER_LIMIT }));
    // No Content-Length: the server only finds out while reading.
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(chunk);
        controller.close();
      },
    });
    const res = await fetch(`${server.url}/channels/news/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
      duplex: 'half',
    } as RequestInit);
    await expectError(res, 413, /larger than 16384 bytes/);
  },
  'answers a bad channel name with 400': async (server) => {
    await expectError(
      await post(server, '/channels/Noticias/messages', '{"data":1}'),
      400,
      /invalid channel name/,
    );
    await expectError(
      await fetch(`${server.url}/poll/${'x'.repeat(65)}`),
      400,
      /invalid channel name/,
    );
  },
  'answers a body that is not JSON with 415': async (server) => {
    const res = await post(
      server,
      '/channels/news/messages',
      'data=1',
      'application/x-www-form-urlencoded',
    );
    await expectError(res, 415, /Content-Type: application\/json/);
  },
  'answers an unknown route with a 404 JSON error': async (server) => {
    await expectError(
      await fetch(`${server.url}/no/such/route`),
      404,
      /no route for GET \/no\/such\/route/,
    );
  },
  'answers a wrong method with 405': async (server) => {
    await expectError(await fetch(`${server.url}/health`, { method: 'DELETE' }), 405, /DELETE/);
  },
  'answers a publish without "data" with 400': async (server) => {
    await expectError(await post(server, '/channels/news/messages', '{}'), 400, /"data"/);
    await expectError(await post(server, '/channels/news/messages', '[1]'), 400, /object/);
  },
  'answers unknown extra fields with 400 naming them': async (server) => {
    const res = await post(server, '/channels/news/messages', '{"data":1,"user":"ana"}');
    await expectError(res, 400, /unknown field\(s\) "user"/);
  },
  'answers a bad "after" cursor with 400 on both polls and a bad Last-Event-ID on SSE': async (
    server,
  ) => {
    await expectError(
      await fetch(`${server.url}/poll/news?after=yesterday`),
      400,
      /invalid "after"/,
    );
    await expectError(
      await fetch(`${server.url}/long-poll/news?after=1-2-3`),
      400,
      /invalid "after"/,
    );
    await expectError(
      await fetch(`${server.url}/long-poll/news?timeout=-5`),
      400,
      /invalid "timeout"/,
    );
    const sse = await fetch(`${server.url}/sse/news`, { headers: { 'last-event-id': 'nope' } });
    await expectError(sse, 400, /invalid Last-Event-ID/);
  },
};

const wsCases: Record<string, (server: RunningServer) => Promise<void>> = {
  'answers invalid JSON with an error frame and keeps the socket usable': async (server) => {
    const client = await openWs(server);
    const error = await errorFor(client, '{"type": "subscribe",');
    expect(error.message).toMatch(/^invalid JSON: .+/);
    expect(client.socket.readyState).toBe(WebSocket.OPEN);

    const from = client.frames.length;
    client.socket.send(JSON.stringify({ type: 'subscribe', channel: 'after-bad-json' }));
    expect(await frameAfter(client, from, 'subscribed')).toEqual({
      type: 'subscribed',
      channel: 'after-bad-json',
    });
    const published = await publishHttp(server.url, 'after-bad-json', 'still here');
    expect((await frameAfter(client, from, 'message')).message).toEqual(published);
  },
  'answers an unknown frame type with an error frame': async (server) => {
    const client = await openWs(server);
    const error = await errorFor(client, JSON.stringify({ type: 'dance', channel: 'news' }));
    expect(error.message).toMatch(/discriminator|type/i);
    expect(client.socket.readyState).toBe(WebSocket.OPEN);
  },
  'answers a binary frame with an error frame': async (server) => {
    const client = await openWs(server);
    const error = await errorFor(client, Buffer.from(JSON.stringify({ type: 'ping', t: 1 })), true);
    expect(error.message).toMatch(/binary frames are not supported/);
    expect(client.socket.readyState).toBe(WebSocket.OPEN);
  },
  'answers a publish to an invalid channel with an error frame carrying its ref': async (
    server,
  ) => {
    const client = await openWs(server);
    const frame = { type: 'publish', channel: 'Bad Channel', data: 1, ref: 'r-17' };
    const error = await errorFor(client, JSON.stringify(frame));
    expect(error.ref).toBe('r-17');
    expect(error.message).toMatch(/channel: invalid channel name/);
  },
  'closes a socket that sends a frame over 16 KiB with code 1009': async (server) => {
    const client = await openWs(server);
    client.socket.send(JSON.stringify({ type: 'publish', channel: 'news', data: OVER_LIMIT }));
    await waitFor(() => client.close !== null, 3_000, 'the server to close the socket');
    expect(client.close!.code).toBe(1009);
  },
};

const ioCases: Record<string, (server: RunningServer) => Promise<void>> = {
  'acknowledges invalid subscribe, unsubscribe, publish and ping payloads with ok: false': async (
    server,
  ) => {
    const socket = await connectIo(server);
    const ask = (event: string, payload: unknown) =>
      socket.timeout(3_000).emitWithAck(event, payload);
    const refused = (error: RegExp) => ({ ok: false, error: expect.stringMatching(error) });
    expect(await ask('subscribe', { channel: 'BAD' })).toEqual(
      refused(/channel: invalid channel name/),
    );
    expect(await ask('subscribe', 'news')).toEqual(refused(/object/i));
    expect(await ask('unsubscribe', { channel: '' })).toEqual(
      refused(/channel: invalid channel name/),
    );
    expect(await ask('publish', { channel: 'news' })).toEqual(
      refused(/data: publish needs "data"/),
    );
    expect(await ask('publish', { channel: 'news', data: 1, extra: true })).toEqual(
      refused(/unknown field\(s\) "extra"/),
    );
    expect(await ask('ping', { t: 'now' })).toEqual(refused(/t: .+/));
    expect(socket.connected).toBe(true);
  },
  'disconnects only the Socket.IO client that sends a message over 16 KiB': async (server) => {
    const bystander = await connectIo(server);
    expect(
      await bystander.timeout(3_000).emitWithAck('subscribe', { channel: 'bystander' }),
    ).toEqual({ ok: true });
    const offender = await connectIo(server);
    let reason = '';
    offender.on('disconnect', (why) => (reason = why));
    offender.emit('publish', { channel: 'news', data: OVER_LIMIT });
    await waitFor(() => !offender.connected, 3_000, 'the offender to be disconnected');
    expect(reason).toMatch(/^transport (close|error)$/);

    const received: Envelope[] = [];
    bystander.on('message', (message: Envelope) => received.push(message));
    const published = await publishHttp(server.url, 'bystander', 'still here');
    await waitFor(() => received.length > 0, 3_000, 'the bystander to receive');
    expect(received).toEqual([published]);
    expect(bystander.connected).toBe(true);
  },
};

describe('bad input over HTTP', () => {
  for (const [name, run] of Object.entries(httpCases)) {
    it(name, async () => run(await start()));
  }

  it('answers publishes past the rate limit with 429 and Retry-After', async () => {
    const server = await start({ publishRate: { ratePerSecond: 1, burst: 2 } });
    await publishHttp(server.url, 'news', 1);
    await publishHttp(server.url, 'news', 2);
    const res = await post(server, '/channels/news/messages', '{"data":3}');
    expect(res.headers.get('retry-after')).toBe('1');
    await expectError(res, 429, /too many messages/);
  });
});

describe('bad input over WebSocket', () => {
  for (const [name, run] of Object.entries(wsCases)) {
    it(name, async () => run(await start()));
  }
});

describe('bad input over Socket.IO', () => {
  for (const [name, run] of Object.entries(ioCases)) {
    it(name, async () => run(await start()));
  }
});

describe('a full bus', () => {
  it('still lets ws and Socket.IO clients subscribe to new channels when every channel is in use', async () => {
    const server = await start({ maxChannels: 2 });
    const ws = await openWs(server);
    const socket = await connectIo(server);
    for (const channel of ['uno', 'dos', 'tres']) {
      ws.socket.send(JSON.stringify({ type: 'subscribe', channel }));
      expect(await socket.timeout(3_000).emitWithAck('subscribe', { channel })).toEqual({
        ok: true,
      });
    }
    await waitFor(() => ws.frames.length === 3, 3_000, 'three ws answers');
    expect(ws.frames).toEqual(
      ['uno', 'dos', 'tres'].map((channel) => ({ type: 'subscribed', channel })),
    );
    // A channel nobody listens to is still refused rather than stored.
    await expectError(
      await post(server, '/channels/cuatro/messages', '{"data":1}'),
      503,
      /too many channels/,
    );
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
  });
});

describe('after all of the bad input', () => {
  it('still delivers to well-behaved ws and Socket.IO subscribers and answers /health', async () => {
    const server = await start();
    const wsSubscriber = await openWs(server);
    wsSubscriber.socket.send(JSON.stringify({ type: 'subscribe', channel: 'calm' }));
    await frameAfter(wsSubscriber, 0, 'subscribed');
    const ioSubscriber = await connectIo(server);
    expect(await ioSubscriber.timeout(3_000).emitWithAck('subscribe', { channel: 'calm' })).toEqual(
      { ok: true },
    );
    const ioReceived: Envelope[] = [];
    ioSubscriber.on('message', (message: Envelope) => ioReceived.push(message));

    for (const run of [
      ...Object.values(httpCases),
      ...Object.values(wsCases),
      ...Object.values(ioCases),
    ]) {
      await run(server);
    }
    // And flood HTTP publishing until the limiter steps in.
    let status = 201;
    for (let i = 0; i < 1_000 && status !== 429; i++) {
      status = (await post(server, '/channels/flood/messages', '{"data":1}')).status;
    }
    expect(status).toBe(429);

    const answer = await ioSubscriber
      .timeout(3_000)
      .emitWithAck('publish', { channel: 'calm', data: 'after the storm' });
    expect(answer).toMatchObject({
      ok: true,
      message: { channel: 'calm', data: 'after the storm' },
    });
    const published = (answer as { message: Envelope }).message;
    expect((await frameAfter(wsSubscriber, 0, 'message')).message).toEqual(published);
    await waitFor(() => ioReceived.length > 0, 3_000, 'the Socket.IO subscriber to receive');
    expect(ioReceived).toEqual([published]);

    // The server still answers, and counts exactly the sockets still open (offenders released).
    const stillOpen = () => ({
      websocket: wsClients.filter((socket) => socket.readyState === WebSocket.OPEN).length,
      'socket-io': ioClients.filter((socket) => socket.connected).length,
    });
    const health = await healthWhen(server, ({ connections }) => {
      const open = stillOpen();
      return (
        connections.websocket === open.websocket && connections['socket-io'] === open['socket-io']
      );
    });
    expect(health).toMatchObject({ status: 'ok', connections: stillOpen() });
  });
});
