import type { FrameReport } from '../../protocol';

const OPCODE_NAMES: Record<number, string> = {
  0x0: 'continuación',
  0x1: 'texto',
  0x2: 'binario',
  0x8: 'cierre',
  0x9: 'ping',
  0xa: 'pong',
};

/** The Spanish name of an opcode (RFC 6455 §5.2); unknown ones are reserved. */
export function opcodeName(opcode: number): string {
  return OPCODE_NAMES[opcode] ?? (opcode < 8 ? 'reservado (datos)' : 'reservado (control)');
}

/** `0x1`, `0xA`: an opcode as the RFC writes it. */
export function opcodeHex(opcode: number): string {
  return `0x${opcode.toString(16).toUpperCase()}`;
}

/** Two lowercase hex digits. */
export function hex2(byte: number): string {
  return byte.toString(16).padStart(2, '0');
}

/** `"81fe"` -> `[0x81, 0xfe]`. */
export function hexToBytes(hex: string): number[] {
  const bytes: number[] = [];
  for (let i = 0; i + 1 < hex.length; i += 2) bytes.push(parseInt(hex.slice(i, i + 2), 16));
  return bytes;
}

/** The 8 bits of a byte, most significant first, as `0`/`1` digits. */
export function bitsOf(byte: number): string {
  return byte.toString(2).padStart(8, '0');
}

/** The header of a frame cut into its fields. */
export interface HeaderParts {
  byte0: number;
  byte1: number;
  /** The 7-bit length field of byte 1: the length itself (0-125), or 126 / 127. */
  lengthField: number;
  /** The bytes of the extended length: none, 2 (7+16) or 8 (7+64). */
  extendedLength: number[];
  /** The 4 bytes of the masking key, or none. */
  maskingKey: number[];
}

/** Cuts the header bytes of a report into FIN/RSV/opcode, MASK/length, extended length and key. */
export function headerParts(report: FrameReport): HeaderParts {
  const bytes = hexToBytes(report.headerHex);
  const [byte0 = 0, byte1 = 0] = bytes;
  const extra = report.lengthEncoding === '7+16' ? 2 : report.lengthEncoding === '7+64' ? 8 : 0;
  return {
    byte0,
    byte1,
    lengthField: byte1 & 0x7f,
    extendedLength: bytes.slice(2, 2 + extra),
    maskingKey: report.masked ? bytes.slice(2 + extra, 6 + extra) : [],
  };
}

/** One payload byte: as it travelled, the key byte it was XORed with, and the original. */
export interface PayloadCell {
  index: number;
  masked: number;
  /** `masking key[index mod 4]`, or undefined for an unmasked frame. */
  key: number | undefined;
  plain: number;
  /** The byte as printable ASCII, `␣` for a space, or `·` (part of a UTF-8 sequence, a control). */
  char: string;
}

/** The first `max` payload bytes, masked and unmasked, aligned for the byte grid. */
export function payloadCells(report: FrameReport, max = 64): PayloadCell[] {
  const masked = hexToBytes(report.maskedPayloadHex.slice(0, max * 2));
  const plain = hexToBytes(report.payloadHex.slice(0, max * 2));
  const key = report.masked ? headerParts(report).maskingKey : [];
  return plain.map((byte, index) => ({
    index,
    masked: masked[index] ?? byte,
    key: key.length === 4 ? key[index % 4] : undefined,
    plain: byte,
    char: byte === 0x20 ? '␣' : byte > 0x20 && byte < 0x7f ? String.fromCharCode(byte) : '·',
  }));
}

/** The payload as the student reads it: text for text/ping/pong, code + reason for close. */
export function describePayload(report: FrameReport): string {
  const bytes = Uint8Array.from(hexToBytes(report.payloadHex));
  const text = (from = 0) => new TextDecoder().decode(bytes.subarray(from));
  if (report.opcode === 0x8) {
    if (bytes.length < 2) return 'cierre sin código';
    const code = (bytes[0]! << 8) | bytes[1]!;
    return bytes.length > 2 ? `código ${code} · ${text(2)}` : `código ${code}`;
  }
  if (report.opcode === 0x2) return `${report.payloadLength} bytes binarios`;
  return text();
}

/** How the length was encoded, in words. */
export function lengthEncodingLabel(encoding: FrameReport['lengthEncoding']): string {
  return { '7': '7 bits', '7+16': '7 + 16 bits', '7+64': '7 + 64 bits' }[encoding];
}
