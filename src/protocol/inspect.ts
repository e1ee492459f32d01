import type { WsServerFrame } from './websocket';

/**
 * Opt-in inspection on the WebSocket endpoint, for the lessons on RFC 6455:
 * `/ws?inspect=handshake` sends the upgrade exchange as the server saw it as the first frame;
 * `/ws?inspect=frames` reports the raw bytes of every frame the server receives from this client.
 */
export type WsInspectMode = 'handshake' | 'frames';

/** One header line, name as sent. */
export type HeaderLine = [name: string, value: string];

/** The HTTP upgrade exchange of this very connection. */
export interface HandshakeReport {
  request: { method: string; url: string; httpVersion: string; headers: HeaderLine[] };
  response: { statusLine: string; headers: HeaderLine[] };
}

/** One frame as the server received it on the wire (RFC 6455 section 5.2). */
export interface FrameReport {
  fin: boolean;
  rsv: [boolean, boolean, boolean];
  opcode: number;
  masked: boolean;
  /** The payload length and how it was encoded: 7 bits, 7+16 or 7+64. */
  payloadLength: number;
  lengthEncoding: '7' | '7+16' | '7+64';
  /** The masking key as hex (8 hex digits), or null for an unmasked frame. */
  maskingKey: string | null;
  /** The header bytes (2-14) as hex. */
  headerHex: string;
  /** Payload bytes as received (masked), hex, at most the first 256 bytes. */
  maskedPayloadHex: string;
  /** The same bytes after unmasking, hex, at most the first 256 bytes. */
  payloadHex: string;
  /** True when the hex fields were cut at 256 bytes. */
  payloadCut: boolean;
}

/** Close codes a client may ask the server to close it with (`drop` frame); 1006 = no close frame. */
export const DROP_CODES = [1000, 1001, 1006, 1008, 1011] as const;
export type DropCode = (typeof DROP_CODES)[number];

/** Frames added to the WebSocket contract by inspection. */
export type WsInspectFrame =
  { type: 'handshake'; handshake: HandshakeReport } | { type: 'frame'; frame: FrameReport };

/** Every frame the server may send on `/ws`. */
export type WsAnyServerFrame = WsServerFrame | WsInspectFrame;
