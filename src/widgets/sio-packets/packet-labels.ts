import type { PacketRecord } from './packet-tap';
import type { PacketType } from './packet-wire';

const NAMES: Record<PacketType, string> = {
  open: 'open · handshake',
  close: 'close',
  ping: 'ping · latido',
  pong: 'pong · latido',
  probe: 'probe · prueba del WebSocket',
  upgrade: 'upgrade · cambio de transporte',
  noop: 'noop · cierra el poll pendiente',
  connect: 'CONNECT',
  disconnect: 'DISCONNECT',
  event: 'EVENT',
  ack: 'ACK',
  'connect-error': 'CONNECT_ERROR',
  'binary-event': 'BINARY_EVENT',
  'binary-ack': 'BINARY_ACK',
  attachment: 'adjunto binario',
  message: 'message (no es Socket.IO)',
  error: 'paquete no válido',
};

/** The layer a packet type belongs to, for the tag before its name. */
export function layerOf(type: PacketType): 'Engine.IO' | 'Socket.IO' {
  return ['open', 'close', 'ping', 'pong', 'probe', 'upgrade', 'noop', 'message', 'error'].includes(
    type,
  )
    ? 'Engine.IO'
    : 'Socket.IO';
}

/** What a packet is, in a few words: `EVENT «ping» · pide ack 3`, `ACK 3`, `ping · latido`. */
export function packetLabel(packet: PacketRecord): string {
  const sio = packet.sio;
  let label = NAMES[packet.type];
  if (sio?.eventName !== undefined) label += ` «${sio.eventName}»`;
  if (sio?.namespace && sio.namespace !== '/') label += ` en ${sio.namespace}`;
  if (sio?.ackId !== undefined) {
    label +=
      packet.type === 'ack' || packet.type === 'binary-ack'
        ? ` ${sio.ackId}`
        : ` · pide ack ${sio.ackId}`;
  }
  if (sio?.attachments !== undefined) label += ` · ${sio.attachments} adjunto(s)`;
  return label;
}

/** Wire text longer than this is cut in the list (a packet may carry up to 16 KiB). */
export const SHOWN_WIRE_CHARS = 400;

/** The wire text as shown: cut after 400 characters, saying how much is left out. */
export function shownWire(wire: string): { text: string; hidden: number } {
  if (wire.length <= SHOWN_WIRE_CHARS) return { text: wire, hidden: 0 };
  return { text: wire.slice(0, SHOWN_WIRE_CHARS), hidden: wire.length - SHOWN_WIRE_CHARS };
}
