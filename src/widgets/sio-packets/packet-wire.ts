/**
 * How Engine.IO (protocol v4) and Socket.IO (protocol v5) packets look on the wire, and the
 * vocabulary the packet inspector uses for them. No DOM, no socket: plain text in, facts out.
 *
 * `PacketType` is the value of `data-packet-type` on each packet of the widget:
 *
 * | type            | wire                          | layer     | meaning                                     |
 * | --------------- | ----------------------------- | --------- | ------------------------------------------- |
 * | `open`          | `0{"sid",…}`                  | Engine.IO | handshake: session id, upgrades, heartbeat  |
 * | `close`         | `1`                           | Engine.IO | the transport may be closed                 |
 * | `ping`          | `2`                           | Engine.IO | heartbeat, sent by the server (v4)          |
 * | `pong`          | `3`                           | Engine.IO | heartbeat answer, sent by the client        |
 * | `probe`         | `2probe` / `3probe`           | Engine.IO | the upgrade test on the new transport       |
 * | `upgrade`       | `5`                           | Engine.IO | the client switches to the new transport    |
 * | `noop`          | `6`                           | Engine.IO | closes a pending poll during the upgrade    |
 * | `connect`       | `40`, `40{"sid"}`             | Socket.IO | CONNECT to a namespace, and its answer      |
 * | `disconnect`    | `41`                          | Socket.IO | DISCONNECT from a namespace                 |
 * | `event`         | `42["name",…]`, `42<id>[…]`   | Socket.IO | EVENT, with an ack id when one is wanted    |
 * | `ack`           | `43<id>[…]`                   | Socket.IO | ACK of the event with that id               |
 * | `connect-error` | `44{"message"}`               | Socket.IO | CONNECT_ERROR: the namespace refused        |
 * | `binary-event`  | `45<n>-[…]`                   | Socket.IO | BINARY_EVENT, n attachments follow          |
 * | `binary-ack`    | `46<n>-<id>[…]`               | Socket.IO | BINARY_ACK, n attachments follow            |
 * | `attachment`    | (binary frame / `b<base64>`)  | Socket.IO | one binary attachment of a 45/46            |
 * | `message`       | `4…`                          | Engine.IO | a message that is not a Socket.IO packet    |
 * | `error`         | —                             | Engine.IO | a packet the client could not decode        |
 */
export type PacketType =
  | 'open'
  | 'close'
  | 'ping'
  | 'pong'
  | 'probe'
  | 'upgrade'
  | 'noop'
  | 'connect'
  | 'disconnect'
  | 'event'
  | 'ack'
  | 'connect-error'
  | 'binary-event'
  | 'binary-ack'
  | 'attachment'
  | 'message'
  | 'error';

/** Engine.IO packet types as engine.io-client names them. */
export type EngineType = 'open' | 'close' | 'ping' | 'pong' | 'message' | 'upgrade' | 'noop';

/** The digit each Engine.IO packet type is written with. */
export const ENGINE_CODES: Record<EngineType, string> = {
  open: '0',
  close: '1',
  ping: '2',
  pong: '3',
  message: '4',
  upgrade: '5',
  noop: '6',
};

const SOCKET_IO_TYPES: PacketType[] = [
  'connect',
  'disconnect',
  'event',
  'ack',
  'connect-error',
  'binary-event',
  'binary-ack',
];

/** A Socket.IO packet read from its text encoding (the default parser's format). */
export interface SocketIoPacket {
  /** 0 CONNECT … 6 BINARY_ACK. */
  code: number;
  type: PacketType;
  namespace: string;
  ackId?: number;
  /** Binary attachments announced by a 45/46 (they follow as separate messages). */
  attachments?: number;
  /** The JSON payload as text ('' when there is none). */
  payload: string;
  /** First element of an EVENT's array: the event name. */
  eventName?: string;
}

/**
 * Reads `<type>[<attachments>-][<namespace>,][<ack id>][JSON]`, e.g. `2["hi"]`, `31[{"ok":true}]`,
 * `0/chat,{"token":"…"}`, `51-["file",{"_placeholder":true,"num":0}]`. Null when it is not one.
 */
export function parseSocketIo(text: string): SocketIoPacket | null {
  const code = text.charCodeAt(0) - 48;
  if (!(code >= 0 && code <= 6)) return null;
  let i = 1;
  let attachments: number | undefined;
  if (code === 5 || code === 6) {
    const dash = text.indexOf('-', i);
    const digits = text.slice(i, dash);
    if (dash < 0 || !/^\d+$/.test(digits)) return null;
    attachments = Number(digits);
    i = dash + 1;
  }
  let namespace = '/';
  if (text[i] === '/') {
    const comma = text.indexOf(',', i);
    namespace = comma < 0 ? text.slice(i) : text.slice(i, comma);
    i = comma < 0 ? text.length : comma + 1;
  }
  const idMatch = /^\d+/.exec(text.slice(i));
  const ackId = idMatch ? Number(idMatch[0]) : undefined;
  if (idMatch) i += idMatch[0].length;
  const payload = text.slice(i);
  let data: unknown;
  if (payload) {
    try {
      data = JSON.parse(payload);
    } catch {
      return null;
    }
  }
  const packet: SocketIoPacket = { code, type: SOCKET_IO_TYPES[code]!, namespace, payload };
  if (ackId !== undefined) packet.ackId = ackId;
  if (attachments !== undefined) packet.attachments = attachments;
  if ((code === 2 || code === 5) && Array.isArray(data) && typeof data[0] === 'string') {
    packet.eventName = data[0];
  }
  return packet;
}

/** What the inspector needs of one Engine.IO packet, as engine.io-client hands it over. */
export interface EnginePacketLike {
  type: string;
  data?: unknown;
}

/** A packet classified: its inspector type, its wire text, and the Socket.IO reading if any. */
export interface ClassifiedPacket {
  type: PacketType;
  wire: string;
  /** Bytes of a binary payload (attachments). */
  binaryBytes?: number;
  sio?: SocketIoPacket;
}

/**
 * Classifies an Engine.IO packet and writes it as it travels: `<type digit><data>`. A binary
 * message (an attachment) is described by its size: WebSocket sends its bytes as they are in a
 * binary frame, and polling as `b<base64>`.
 */
export function classifyPacket(packet: EnginePacketLike): ClassifiedPacket {
  if (!Object.hasOwn(ENGINE_CODES, packet.type)) {
    return { type: 'error', wire: String(packet.data ?? '') };
  }
  const code = ENGINE_CODES[packet.type as EngineType];
  if (packet.type === 'message' && typeof packet.data !== 'string') {
    const bytes = byteLengthOf(packet.data);
    return { type: 'attachment', wire: `<${bytes} bytes binarios>`, binaryBytes: bytes };
  }
  const data = typeof packet.data === 'string' ? packet.data : '';
  const wire = code + data;
  if (packet.type === 'message') {
    const sio = parseSocketIo(data);
    return sio ? { type: sio.type, wire, sio } : { type: 'message', wire };
  }
  if ((packet.type === 'ping' || packet.type === 'pong') && data === 'probe') {
    return { type: 'probe', wire };
  }
  return { type: packet.type as PacketType, wire };
}

function byteLengthOf(data: unknown): number {
  if (data instanceof ArrayBuffer) return data.byteLength;
  if (ArrayBuffer.isView(data)) return data.byteLength;
  if (typeof Blob !== 'undefined' && data instanceof Blob) return data.size;
  return 0;
}

/** The handshake fields of an `open` packet (Engine.IO v4). */
export interface Handshake {
  sid: string;
  upgrades: string[];
  pingInterval: number;
  pingTimeout: number;
  maxPayload: number;
}

/** Reads the handshake out of an `open` packet's wire text (`0{…}`); null if it is not one. */
export function handshakeOf(wire: string): Handshake | null {
  if (!wire.startsWith('0')) return null;
  const data = parseObject(wire.slice(1));
  if (!data || typeof data.sid !== 'string') return null;
  const number = (v: unknown) => (typeof v === 'number' ? v : 0);
  return {
    sid: data.sid,
    upgrades: Array.isArray(data.upgrades) ? data.upgrades.map(String) : [],
    pingInterval: number(data.pingInterval),
    pingTimeout: number(data.pingTimeout),
    maxPayload: number(data.maxPayload),
  };
}

/**
 * The object a CONNECT carries: from the server `{sid, pid?}` (pid only with connection state
 * recovery on), from a reconnecting client `{pid, offset}` plus its auth data.
 */
export function connectPayloadOf(sio: SocketIoPacket | undefined): Record<string, unknown> | null {
  if (!sio || sio.type !== 'connect' || !sio.payload) return null;
  return parseObject(sio.payload);
}

function parseObject(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}
