import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { WsServerFrame } from '../../src/protocol';
import { connectSocketIo, longPoll, openSse, openWs, poll } from '../support/clients';
import { createCleanup, stopServer } from '../support/lifecycle';
import { publishHttp, startDemoServer, waitFor, type RunningServer } from '../support/demo-server';

/** The server frame of one type. */
type Frame<T extends WsServerFrame['type']> = Extract<WsServerFrame, { type: T }>;

let server: RunningServer;
const cleanup = createCleanup();

beforeEach(async () => {
  server = await startDemoServer();
});

afterEach(async () => {
  await cleanup.run();
  await stopServer(server);
});

describe('each transport on its own', () => {
  test('short-polling: a poll after the cursor returns a message published over HTTP, and publishes with via=short-polling', async () => {
    const { cursor } = await poll(server.url, 'room');
    const other = await publishHttp(server.url, 'room', { text: 'hola' });

    const first = await poll(server.url, 'room', cursor);
    expect(first.messages).toEqual([other]);
    expect(first.cursor).toBe(other.id);

    const own = await publishHttp(server.url, 'room', 'mío', 'short-polling');
    expect(own).toMatchObject({ channel: 'room', data: 'mío', via: 'short-polling' });
    const second = await poll(server.url, 'room', first.cursor);
    expect(second.messages).toEqual([own]);
  });

  test('long-polling: a held poll is answered with a message published over HTTP, and publishes with via=long-polling', async () => {
    const { cursor } = await poll(server.url, 'room');
    const held = longPoll(server.url, 'room', { after: cursor, timeout: 5_000 });
    await waitFor(
      () => server.demo.connections.counts()['long-polling'] === 1,
      2_000,
      'the poll to be held',
    );
    const other = await publishHttp(server.url, 'room', { text: 'hola' });

    const answer = await held;
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ messages: [other], cursor: other.id });

    const own = await publishHttp(server.url, 'room', 'mío', 'long-polling');
    expect(own.via).toBe('long-polling');
    const next = await longPoll(server.url, 'room', { after: answer.body.cursor, timeout: 5_000 });
    expect(next.body.messages).toEqual([own]);
  });

  test('sse: delivers a message published over HTTP, and publishes with via=sse', async () => {
    const sse = cleanup.add(await openSse(server.url, 'room'));
    const other = await publishHttp(server.url, 'room', { text: 'hola' });
    await waitFor(() => sse.messages.length === 1, 2_000, 'the SSE message');
    expect(sse.messages).toEqual([other]);
    expect(sse.lastEventId).toBe(other.id);

    const own = await publishHttp(server.url, 'room', 'mío', 'sse');
    expect(own.via).toBe('sse');
    await waitFor(() => sse.messages.length === 2, 2_000, 'the published message back');
    expect(sse.messages[1]).toEqual(own);
    // No replay announcement on a fresh stream: there was no Last-Event-ID.
    expect(sse.replays).toEqual([]);
  });

  test('websocket: delivers a message published over HTTP, and publishes with a ref acknowledged by "published"', async () => {
    const a = cleanup.add(await openWs(server.wsUrl));
    const b = cleanup.add(await openWs(server.wsUrl));
    await a.subscribe('room');
    await b.subscribe('room');

    const other = await publishHttp(server.url, 'room', { text: 'hola' });
    for (const client of [a, b]) {
      expect(await client.frames.next((f) => f.type === 'message')).toEqual({
        type: 'message',
        message: other,
      });
    }

    a.send({ type: 'publish', channel: 'room', data: 'mío', ref: 'r1' });
    const ack = await a.frames.next((f): f is Frame<'published'> => f.type === 'published');
    expect(ack.ref).toBe('r1');
    expect(ack.message).toMatchObject({ channel: 'room', data: 'mío', via: 'websocket' });
    expect(await b.frames.next((f) => f.type === 'message')).toEqual({
      type: 'message',
      message: ack.message,
    });
    // The publisher is subscribed too, so it gets its own message as well.
    expect(await a.frames.next((f) => f.type === 'message')).toEqual({
      type: 'message',
      message: ack.message,
    });
  });

  test('websocket: stops delivering a channel after unsubscribe', async () => {
    const ws = cleanup.add(await openWs(server.wsUrl));
    await ws.subscribe('left');
    await ws.subscribe('kept');
    ws.send({ type: 'unsubscribe', channel: 'left' });
    expect(await ws.frames.next((f) => f.type === 'unsubscribed')).toEqual({
      type: 'unsubscribed',
      channel: 'left',
    });

    await publishHttp(server.url, 'left', 'not for you');
    const kept = await publishHttp(server.url, 'kept', 'for you');
    // Frames on one socket arrive in order, so once "kept" is here "left" would have been too.
    await waitFor(() => ws.messages.length > 0, 2_000, 'the message on the kept channel');
    expect(ws.messages).toEqual([kept]);
  });

  test('websocket: answers ping with pong carrying t and the server time', async () => {
    const ws = cleanup.add(await openWs(server.wsUrl));
    const before = Date.now();
    ws.send({ type: 'ping', t: 42 });
    const pong = await ws.frames.next((f): f is Frame<'pong'> => f.type === 'pong');
    expect(pong.t).toBe(42);
    expect(pong.now).toBeGreaterThanOrEqual(before);
    expect(pong.now).toBeLessThanOrEqual(Date.now());
  });

  test('websocket: answers an invalid frame with an error carrying its ref', async () => {
    const ws = cleanup.add(await openWs(server.wsUrl));
    ws.send({ type: 'publish', channel: 'Not A Channel', data: 1, ref: 'bad' });
    const error = await ws.frames.next((f) => f.type === 'error');
    expect(error).toMatchObject({
      type: 'error',
      ref: 'bad',
      message: expect.stringContaining('channel'),
    });
  });

  test('socket-io: delivers a message published over HTTP (websocket and polling clients), and publishes with an ack', async () => {
    const a = cleanup.add(await connectSocketIo(server.url, { transports: ['websocket'] }));
    const b = cleanup.add(await connectSocketIo(server.url));
    expect([a.openedOn, b.openedOn]).toEqual(['websocket', 'polling']);
    await a.subscribe('room');
    await b.subscribe('room');

    const other = await publishHttp(server.url, 'room', { text: 'hola' });
    await waitFor(() => a.messages.length === 1 && b.messages.length === 1, 2_000, 'both clients');
    expect(a.messages).toEqual([other]);
    expect(b.messages).toEqual([other]);

    const own = await a.publish('room', 'mío');
    expect(own).toMatchObject({ channel: 'room', data: 'mío', via: 'socket-io' });
    await waitFor(
      () => a.messages.length === 2 && b.messages.length === 2,
      2_000,
      'the published message',
    );
    expect(a.messages[1]).toEqual(own);
    expect(b.messages[1]).toEqual(own);
  });

  test('socket-io: a client that starts on HTTP long-polling upgrades to WebSocket and keeps receiving', async () => {
    const sio = cleanup.add(await connectSocketIo(server.url));
    expect(sio.openedOn).toBe('polling');
    await sio.subscribe('room');
    const before = await publishHttp(server.url, 'room', 'on polling or mid-upgrade');
    await waitFor(() => sio.socket.io.engine.transport.name === 'websocket', 2_000, 'the upgrade');
    const after = await publishHttp(server.url, 'room', 'on websocket');
    await waitFor(() => sio.messages.length === 2, 2_000, 'both messages');
    expect(sio.messages).toEqual([before, after]);
  });

  test('socket-io: stops delivering a channel after unsubscribe', async () => {
    const sio = cleanup.add(await connectSocketIo(server.url, { transports: ['websocket'] }));
    await sio.subscribe('left');
    await sio.subscribe('kept');
    expect(await sio.socket.timeout(2_000).emitWithAck('unsubscribe', { channel: 'left' })).toEqual(
      { ok: true },
    );

    await publishHttp(server.url, 'left', 'not for you');
    const kept = await publishHttp(server.url, 'kept', 'for you');
    await waitFor(() => sio.messages.length > 0, 2_000, 'the message on the kept channel');
    expect(sio.messages).toEqual([kept]);
  });

  test('socket-io: answers ping with t and the server time', async () => {
    const sio = cleanup.add(await connectSocketIo(server.url));
    const before = Date.now();
    const answer = await sio.socket.timeout(2_000).emitWithAck('ping', { t: 7 });
    expect(answer.t).toBe(7);
    expect(answer.now).toBeGreaterThanOrEqual(before);
    expect(answer.now).toBeLessThanOrEqual(Date.now());
  });
});
