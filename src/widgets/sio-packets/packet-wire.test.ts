import { encodePacket, type Packet as EnginePacket } from 'engine.io-parser';
import { Encoder, PacketType, type Packet } from 'socket.io-parser';
import { describe, expect, it } from 'vitest';
import { classifyPacket, connectPayloadOf, handshakeOf, parseSocketIo } from './packet-wire';

/** What socket.io-parser (the library's own encoder) writes for a packet. */
const encode = (packet: Packet) => new Encoder().encode(packet) as (string | Buffer)[];

/** What engine.io-parser writes for a text packet. */
function engineWire(packet: EnginePacket): string {
  let out = '';
  encodePacket(packet, false, (encoded) => (out = encoded as string));
  return out;
}

describe('Socket.IO packets read back from the library’s own encoding', () => {
  it('reads CONNECT, with and without a namespace and data', () => {
    const [plain] = encode({ type: PacketType.CONNECT, nsp: '/' });
    expect(plain).toBe('0');
    expect(parseSocketIo(plain as string)).toMatchObject({
      code: 0,
      type: 'connect',
      namespace: '/',
      payload: '',
    });

    const [admin] = encode({ type: PacketType.CONNECT, nsp: '/chat', data: { token: 'abc' } });
    expect(parseSocketIo(admin as string)).toMatchObject({
      type: 'connect',
      namespace: '/chat',
      payload: '{"token":"abc"}',
    });
  });

  it('reads an EVENT with its name and ack id, and the ACK that answers it', () => {
    const [event] = encode({ type: PacketType.EVENT, nsp: '/', id: 12, data: ['ping', { t: 1 }] });
    expect(event).toBe('212["ping",{"t":1}]');
    expect(parseSocketIo(event as string)).toMatchObject({
      type: 'event',
      eventName: 'ping',
      ackId: 12,
      payload: '["ping",{"t":1}]',
    });
    const [ack] = encode({ type: PacketType.ACK, nsp: '/', id: 12, data: [{ ok: true }] });
    expect(parseSocketIo(ack as string)).toMatchObject({ code: 3, type: 'ack', ackId: 12 });
    const [noAck] = encode({ type: PacketType.EVENT, nsp: '/', data: ['message', 'hola'] });
    expect(parseSocketIo(noAck as string)).not.toHaveProperty('ackId');
  });

  it('reads CONNECT_ERROR, DISCONNECT and a BINARY_EVENT with its attachment count', () => {
    const [refused] = encode({
      type: PacketType.CONNECT_ERROR,
      nsp: '/',
      data: { message: 'Not authorized' },
    });
    expect(parseSocketIo(refused as string)?.type).toBe('connect-error');
    const [bye] = encode({ type: PacketType.DISCONNECT, nsp: '/' });
    expect(parseSocketIo(bye as string)?.type).toBe('disconnect');

    const parts = encode({
      type: PacketType.EVENT,
      nsp: '/',
      id: 3,
      data: ['file', Buffer.from([1, 2, 3])],
    });
    expect(parts).toHaveLength(2);
    expect(parseSocketIo(parts[0] as string)).toMatchObject({
      code: 5,
      type: 'binary-event',
      attachments: 1,
      ackId: 3,
      eventName: 'file',
    });
  });

  it('refuses text that is not a Socket.IO packet', () => {
    expect(parseSocketIo('hola')).toBeNull();
    expect(parseSocketIo('7[]')).toBeNull();
    expect(parseSocketIo('2["sin cerrar"')).toBeNull();
    expect(parseSocketIo('5x-[]')).toBeNull();
  });
});

describe('Engine.IO packets classified and written as engine.io-parser writes them', () => {
  it('writes every text packet type exactly as the parser does', () => {
    const packets: EnginePacket[] = [
      { type: 'open', data: '{"sid":"abc"}' },
      { type: 'close' },
      { type: 'ping' },
      { type: 'pong' },
      { type: 'ping', data: 'probe' },
      { type: 'pong', data: 'probe' },
      { type: 'message', data: '2["hola"]' },
      { type: 'upgrade' },
      { type: 'noop' },
    ];
    for (const packet of packets) expect(classifyPacket(packet).wire).toBe(engineWire(packet));
    expect(packets.map((p) => classifyPacket(p).type)).toEqual([
      'open',
      'close',
      'ping',
      'pong',
      'probe',
      'probe',
      'event',
      'upgrade',
      'noop',
    ]);
  });

  it('keeps the Socket.IO reading of a message, and falls back to `message`', () => {
    const event = classifyPacket({ type: 'message', data: '42["message",{"data":"<b>x</b>"}]' });
    expect(event.wire).toBe('442["message",{"data":"<b>x</b>"}]');
    expect(classifyPacket({ type: 'message', data: '2["message"]' })).toMatchObject({
      type: 'event',
      wire: '42["message"]',
      sio: { eventName: 'message' },
    });
    expect(classifyPacket({ type: 'message', data: 'hola' })).toEqual({
      type: 'message',
      wire: '4hola',
    });
  });

  it('describes binary attachments by size and unknown types as errors', () => {
    expect(classifyPacket({ type: 'message', data: new Uint8Array([1, 2, 3]) })).toMatchObject({
      type: 'attachment',
      binaryBytes: 3,
    });
    expect(classifyPacket({ type: 'error', data: 'parser error' }).type).toBe('error');
    expect(classifyPacket({ type: 'toString' }).type).toBe('error');
  });
});

describe('handshake and CONNECT payloads', () => {
  it('reads the open packet’s handshake', () => {
    const wire =
      '0{"sid":"lv_VI97HAXpY6yYWAAAC","upgrades":["websocket"],"pingInterval":25000,"pingTimeout":20000,"maxPayload":16384}';
    expect(handshakeOf(wire)).toEqual({
      sid: 'lv_VI97HAXpY6yYWAAAC',
      upgrades: ['websocket'],
      pingInterval: 25000,
      pingTimeout: 20000,
      maxPayload: 16384,
    });
    expect(handshakeOf('40{"sid":"x"}')).toBeNull();
    expect(handshakeOf('0no es json')).toBeNull();
  });

  it('reads the pid of a CONNECT answer (connection state recovery on)', () => {
    const withPid = parseSocketIo('0{"sid":"GNpW","pid":"YHcX"}') ?? undefined;
    expect(connectPayloadOf(withPid)).toEqual({ sid: 'GNpW', pid: 'YHcX' });
    expect(connectPayloadOf(parseSocketIo('0') ?? undefined)).toBeNull();
    expect(connectPayloadOf(parseSocketIo('2["x"]') ?? undefined)).toBeNull();
  });
});
