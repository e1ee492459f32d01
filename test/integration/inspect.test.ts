import { createHash } from 'node:crypto';
import WebSocket from 'ws';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { PATHS, type FrameReport, type HandshakeReport, type SseHello } from '../../src/protocol';
import { openSse, openWs } from '../support/clients';
import { publishHttp, startDemoServer, waitFor, type RunningServer } from '../support/demo-server';
import { createCleanup, stopServer } from '../support/lifecycle';

/** RFC 6455 section 4.2.2: the GUID every server appends to the client's key. */
const WS_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

let server: RunningServer;
const cleanup = createCleanup();

beforeEach(async () => {
  server = await startDemoServer();
});

afterEach(async () => {
  await cleanup.run();
  await stopServer(server);
});

const header = (lines: [string, string][], name: string) =>
  lines.find(([n]) => n.toLowerCase() === name.toLowerCase())?.[1];

describe('WebSocket inspection', () => {
  test('?inspect=handshake sends the upgrade exchange as the server saw it, first', async () => {
    const ws = cleanup.add(await openWs(server.wsUrl, '?inspect=handshake'));
    const first = await ws.frames.next();
    expect(first.type).toBe('handshake');
    const { request, response } = (first as { handshake: HandshakeReport }).handshake;
    expect(request).toMatchObject({
      method: 'GET',
      url: '/ws?inspect=handshake',
      httpVersion: '1.1',
    });
    expect(header(request.headers, 'Upgrade')).toBe('websocket');
    expect(header(request.headers, 'Sec-WebSocket-Version')).toBe('13');
    expect(response.statusLine).toBe('HTTP/1.1 101 Switching Protocols');

    const key = header(request.headers, 'Sec-WebSocket-Key')!;
    const expected = createHash('sha1')
      .update(key + WS_GUID)
      .digest('base64');
    expect(header(response.headers, 'Sec-WebSocket-Accept')).toBe(expected);
  });

  test('?inspect=frames reports the bytes of a 200-byte masked text frame with a 16-bit length', async () => {
    const ws = cleanup.add(await openWs(server.wsUrl, '?inspect=frames'));
    const text = JSON.stringify({ type: 'ping', t: 1 }).padEnd(200, ' ');
    ws.socket.send(text);
    const report = await ws.frames.next((f) => f.type === 'frame');
    const frame = (report as { frame: FrameReport }).frame;
    expect(frame).toMatchObject({
      fin: true,
      rsv: [false, false, false],
      opcode: 1,
      masked: true,
      payloadLength: 200,
      lengthEncoding: '7+16',
      payloadCut: false,
    });
    expect(frame.maskingKey).toMatch(/^[0-9a-f]{8}$/);
    expect(frame.headerHex).toBe(`81fe00c8${frame.maskingKey}`);
    expect(Buffer.from(frame.payloadHex, 'hex').toString()).toBe(text);
    expect(frame.maskedPayloadHex).not.toBe(frame.payloadHex);
    // The frame was also processed as usual: the padded ping is valid JSON.
    await ws.frames.next((f) => f.type === 'pong');
  });

  test('an unknown inspect mode is refused before the upgrade', async () => {
    const socket = new WebSocket(`${server.wsUrl}${PATHS.websocket}?inspect=everything`);
    // Aborting a handshake that never completed makes ws emit 'error': expected here.
    socket.on('error', () => {});
    const status = await new Promise<number>((resolve) =>
      socket.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0)),
    );
    expect(status).toBe(400);
    socket.terminate();
  });
});

describe('WebSocket drop', () => {
  test.each([1000, 1001, 1008, 1011])(
    'closes the connection with code %i on request',
    async (code) => {
      const ws = await openWs(server.wsUrl);
      const closed = new Promise<number>((resolve) => ws.socket.on('close', (c) => resolve(c)));
      ws.send({ type: 'drop', code: code as 1000 });
      expect(await closed).toBe(code);
    },
  );

  test('drop 1006 cuts the connection with no close frame', async () => {
    const ws = await openWs(server.wsUrl);
    const closed = new Promise<number>((resolve) => ws.socket.on('close', (c) => resolve(c)));
    ws.send({ type: 'drop', code: 1006 });
    // ws reports 1006 exactly when the TCP connection ended without a close frame.
    expect(await closed).toBe(1006);
  });

  test('a code outside the list gets an error frame and the socket stays open', async () => {
    const ws = cleanup.add(await openWs(server.wsUrl));
    ws.socket.send(JSON.stringify({ type: 'drop', code: 1009 }));
    const error = await ws.frames.next((f) => f.type === 'error');
    expect(error).toMatchObject({
      message: expect.stringContaining('1000, 1001, 1006, 1008, 1011'),
    });
    await ws.subscribe('still-open');
  });
});

describe('SSE hello and drop', () => {
  test('a dropped stream reconnects by itself and replays what was published meanwhile', async () => {
    const sse = cleanup.add(await openSse(server.url, 'drop-demo'));
    const hello = await new Promise<SseHello>((resolve) =>
      sse.source.addEventListener('hello', (event) => resolve(JSON.parse(event.data)), {
        once: true,
      }),
    );
    const before = await publishHttp(server.url, 'drop-demo', 'antes');
    await waitFor(() => sse.messages.length === 1, 2_000, 'the first message');

    const answer = await fetch(`${server.url}${PATHS.sseDrop(hello.connectionId)}`, {
      method: 'POST',
    });
    expect(answer.status).toBe(204);
    const during = await publishHttp(server.url, 'drop-demo', 'durante el corte');
    await waitFor(() => sse.opens === 2, 5_000, 'the EventSource to reconnect');
    await waitFor(() => sse.messages.length === 2, 2_000, 'the replayed message');
    expect(sse.messages.map((m) => m.id)).toEqual([before.id, during.id]);
    expect(sse.replays).toEqual([{ count: 1, truncated: false }]);
  });

  test('dropping an unknown stream answers 404 JSON', async () => {
    const answer = await fetch(`${server.url}${PATHS.sseDrop('no-such-stream')}`, {
      method: 'POST',
    });
    expect(answer.status).toBe(404);
    expect(await answer.json()).toEqual({ error: expect.stringContaining('no open SSE stream') });
  });
});
