import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { envelope } from './testing/fakes';
import { WebSocketHarness } from './testing/websocket-harness';

describe('WebSocket client: publish, heartbeat, inspection', () => {
  let h: WebSocketHarness;

  beforeEach(() => {
    h = new WebSocketHarness();
  });

  afterEach(() => h.client.stop());

  describe('publish', () => {
    beforeEach(() => {
      h.client.start();
      h.connect();
    });

    it('sends a ref and resolves with the envelope of the published frame with that ref', async () => {
      const first = h.client.publish({ n: 1 });
      const second = h.client.publish({ n: 2 });
      const frames = h.socket().sentFrames.filter((f) => f.type === 'publish');
      expect(frames).toEqual([
        { type: 'publish', channel: 'demo', data: { n: 1 }, ref: 'r1' },
        { type: 'publish', channel: 'demo', data: { n: 2 }, ref: 'r2' },
      ]);
      h.socket().receive({ type: 'published', ref: 'r2', message: envelope('2-0', { n: 2 }) });
      h.socket().receive({ type: 'published', ref: 'r1', message: envelope('1-0', { n: 1 }) });
      await expect(first).resolves.toEqual(envelope('1-0', { n: 1 }));
      await expect(second).resolves.toEqual(envelope('2-0', { n: 2 }));
      expect(h.clock.pendingTimers).toBe(1); // only the heartbeat
    });

    it('rejects on an error frame carrying its ref, leaving other publishes waiting', async () => {
      const errors: string[] = [];
      h.client.on('serverError', (m) => errors.push(m));
      const refused = h.client.publish('a');
      const other = h.client.publish('b');
      h.socket().receive({ type: 'error', message: 'too many messages: slow down', ref: 'r1' });
      await expect(refused).rejects.toThrow('too many messages: slow down');
      h.socket().receive({ type: 'published', ref: 'r2', message: envelope('3-0', 'b') });
      await expect(other).resolves.toMatchObject({ id: '3-0' });
      expect(errors).toEqual([]);
      expect(h.client.state).toBe('connected');
    });

    it('rejects when no published frame comes within 5 s', async () => {
      const late = expect(h.client.publish('a')).rejects.toThrow(
        'El servidor no confirmó la publicación en 5 s',
      );
      await h.clock.advance(4_999);
      h.socket().receive({ type: 'published', ref: 'r9', message: envelope('1-0') });
      await h.clock.advance(1);
      await late;
    });

    it('rejects at once without an open socket, or for a message over the size limit', async () => {
      await expect(h.client.publish('x'.repeat(20_000))).rejects.toThrow(/el máximo es 16384/);
      h.socket().closeFromServer(1006);
      await expect(h.client.publish('a')).rejects.toThrow('No hay una conexión WebSocket abierta');
      expect(h.socket().sentFrames.filter((f) => f.type === 'publish')).toEqual([]);
    });

    it('rejects waiting publishes when the connection closes', async () => {
      const waiting = expect(h.client.publish('a')).rejects.toThrow(
        'Conexión cerrada (código 1011)',
      );
      h.socket().closeFromServer(1011, 'internal error');
      await waiting;
    });
  });

  describe('heartbeat', () => {
    it('pings every heartbeatMs and measures the round trip from the pong', async () => {
      const rtts: number[] = [];
      h.client.on('rtt', (ms) => rtts.push(ms));
      h.client.start();
      h.connect();
      await h.clock.advance(15_000);
      expect(h.socket().sentFrames.at(-1)).toEqual({ type: 'ping', t: 15_000 });
      await h.clock.advance(42);
      h.socket().receive({ type: 'pong', t: 15_000, now: 1_795_000_000_000 });
      expect(h.client.lastRttMs).toBe(42);
      expect(rtts).toEqual([42]);
      await h.clock.advance(15_000);
      expect(h.socket().sentFrames.filter((f) => f.type === 'ping')).toHaveLength(2);
    });

    it('closes and h.reconnects when two pings in a row get no pong', async () => {
      h.make({ heartbeatMs: 1_000 });
      h.client.start();
      h.connect();
      const ws = h.socket();
      await h.clock.advance(2_000); // two pings out, none answered
      expect(ws.closeCalls).toEqual([]);
      await h.clock.advance(1_000);
      expect(ws.closeCalls).toEqual([{ code: 4000, reason: 'sin respuesta a 2 pings' }]);
      expect(h.client.lastClose).toEqual({
        code: 4000,
        reason: 'sin respuesta a 2 pings',
        wasClean: false,
      });
      expect(h.client.state).toBe('offline');
      expect(h.reconnects).toHaveLength(1);
      // A late close event from the abandoned socket changes nothing.
      ws.closeFromServer(1006);
      expect(h.reconnects).toHaveLength(1);
      await h.clock.advance(h.reconnects[0]!.delayMs);
      expect(h.fake.instances).toHaveLength(2);
    });

    it('skips the ping while the socket is closing, without throwing', async () => {
      h.make({ heartbeatMs: 1_000 });
      h.client.start();
      h.connect();
      h.socket().readyState = 2;
      await h.clock.advance(1_000);
      expect(h.socket().sentFrames.filter((f) => f.type === 'ping')).toEqual([]);
      expect(h.clock.pendingTimers).toBe(1);
    });

    it('keeps the connection while pongs come back', async () => {
      h.make({ heartbeatMs: 1_000 });
      h.client.start();
      h.connect();
      for (let i = 1; i <= 5; i += 1) {
        await h.clock.advance(1_000);
        h.socket().receive({ type: 'pong', t: i * 1_000, now: 0 });
      }
      expect(h.socket().closeCalls).toEqual([]);
      expect(h.client.state).toBe('connected');
    });
  });

  it('drop(code) asks the server to close with that code; sendRaw sends the text as is', () => {
    h.client.start();
    h.connect();
    h.client.drop(1011);
    h.client.sendRaw('{"type": "ping", "t": 1}  ');
    expect(h.socket().sent.slice(-2)).toEqual([
      '{"type":"drop","code":1011}',
      '{"type": "ping", "t": 1}  ',
    ]);
    h.socket().bufferedAmount = 1234;
    expect(h.client.bufferedAmount).toBe(1234);
    h.socket().closeFromServer(1000);
    expect(() => h.client.sendRaw('x')).toThrow('No hay una conexión WebSocket abierta');
    expect(h.client.bufferedAmount).toBe(0);
  });

  it('passes inspection frames and unmatched server errors to their events', () => {
    const seen: string[] = [];
    h.client.on('handshake', (h) => seen.push(`handshake ${h.response.statusLine}`));
    h.client.on('frame', (f) => seen.push(`frame opcode ${f.opcode}`));
    h.client.on('serverError', (m) => seen.push(`error ${m}`));
    h.client.start();
    h.connect();
    h.socket().receive({
      type: 'handshake',
      handshake: {
        request: { method: 'GET', url: '/ws', httpVersion: '1.1', headers: [] },
        response: { statusLine: 'HTTP/1.1 101 Switching Protocols', headers: [] },
      },
    });
    h.socket().receive({
      type: 'frame',
      frame: {
        fin: true,
        rsv: [false, false, false],
        opcode: 1,
        masked: true,
        payloadLength: 2,
        lengthEncoding: '7',
        maskingKey: '01020304',
        headerHex: '8182',
        maskedPayloadHex: '',
        payloadHex: '',
        payloadCut: false,
      },
    });
    h.socket().receive({ type: 'error', message: 'invalid JSON: Unexpected token' });
    expect(seen).toEqual([
      'handshake HTTP/1.1 101 Switching Protocols',
      'frame opcode 1',
      'error invalid JSON: Unexpected token',
    ]);
  });
});
