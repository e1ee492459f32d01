import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FrameReport } from '../../protocol';
import { WebSocketHarness } from '../../transports/testing/websocket-harness';
import { hex2 } from './frame-bytes';
import { createFramesStore, type FramesStore } from './frames-store';

/** The report the server would send for a masked text frame carrying `text`. */
function textReport(text: string, opcode = 0x1): FrameReport {
  const bytes = Array.from(new TextEncoder().encode(text));
  const key = [0x37, 0xfa, 0x21, 0x3d];
  const hex = (list: number[]) => list.map(hex2).join('');
  return {
    fin: true,
    rsv: [false, false, false],
    opcode,
    masked: true,
    payloadLength: bytes.length,
    lengthEncoding: '7',
    maskingKey: hex(key),
    headerHex: hex([0x80 | opcode, 0x80 | bytes.length, ...key]),
    maskedPayloadHex: hex(bytes.map((b, i) => b ^ key[i % 4]!)),
    payloadHex: hex(bytes),
    payloadCut: false,
  };
}

describe('frames store', () => {
  let h: WebSocketHarness;
  let store: FramesStore;

  beforeEach(() => {
    h = new WebSocketHarness({ inspect: 'frames' });
    store = createFramesStore('http://localhost:8787', h.client);
    store.start();
    h.connect();
  });

  afterEach(() => store.stop());

  it('asks the server to report frames', () => {
    expect(h.socket().url).toBe('ws://localhost:8787/ws?inspect=frames');
    expect(store.get().connection).toBe('connected');
  });

  it('sends exactly the typed text and marks its report as the student’s', () => {
    store.send('Hola');
    expect(h.socket().sent.at(-1)).toBe('Hola');
    h.socket().receive({
      type: 'frame',
      frame: textReport('{"type":"subscribe","channel":"demo"}'),
    });
    h.socket().receive({ type: 'frame', frame: textReport('Hola') });
    const [auto, mine] = store.get().frames;
    expect(auto).toMatchObject({
      seq: 1,
      mine: false,
      note: expect.stringContaining('suscripción'),
    });
    expect(mine).toMatchObject({ seq: 2, mine: true });
    expect(mine!.note).toBeUndefined();
  });

  it('attaches the server’s error answer to the student’s latest frame', () => {
    store.send('Hola');
    h.socket().receive({ type: 'frame', frame: textReport('Hola') });
    h.socket().receive({ type: 'error', message: 'invalid JSON: Unexpected token' });
    expect(store.get().frames[0]!.answer).toEqual({
      kind: 'error',
      text: 'invalid JSON: Unexpected token',
    });
    expect(store.get().connection).toBe('connected');
  });

  it('notes the pong that answers a ping the student sent', () => {
    const ping = JSON.stringify({ type: 'ping', t: 0 });
    store.send(ping);
    h.socket().receive({ type: 'frame', frame: textReport(ping) });
    h.socket().receive({ type: 'pong', t: 0, now: 5 });
    expect(store.get().frames[0]!.answer?.kind).toBe('pong');
  });

  it('labels the browser’s automatic pong frames', () => {
    h.socket().receive({ type: 'frame', frame: textReport('', 0xa) });
    expect(store.get().frames[0]).toMatchObject({
      mine: false,
      note: expect.stringMatching(/ping del servidor/),
    });
  });

  it('keeps the last 20 frames', () => {
    for (let i = 0; i < 25; i++) h.socket().receive({ type: 'frame', frame: textReport(`${i}`) });
    const frames = store.get().frames;
    expect(frames).toHaveLength(20);
    expect(frames[0]!.seq).toBe(6);
  });

  it('says why it could not send when the socket is closed', () => {
    h.socket().closeFromServer(1006);
    store.send('Hola');
    expect(store.get().sendError).toBe('No hay una conexión WebSocket abierta');
  });
});
