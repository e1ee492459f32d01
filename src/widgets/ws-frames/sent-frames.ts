import type { FrameReport } from '../../protocol';
import { hex2 } from './frame-bytes';

/** The server reports at most this many payload bytes (the rest is cut). */
const REPORTED_BYTES = 256;

/** A text the student sent and the server has not reported yet. */
export interface SentText {
  bytes: number;
  /** Hex of its first 256 bytes, as the report's `payloadHex` will carry it. */
  hex: string;
}

/** What the report of a frame carrying `text` will look like, to recognise it. */
export function sentText(text: string): SentText {
  const bytes = new TextEncoder().encode(text);
  return { bytes: bytes.length, hex: Array.from(bytes.subarray(0, REPORTED_BYTES), hex2).join('') };
}

/** The index in `pending` of the text this report carries, or -1 (a frame the page sent alone). */
export function matchSent(pending: readonly SentText[], report: FrameReport): number {
  if (report.opcode !== 0x1) return -1;
  return pending.findIndex((s) => s.bytes === report.payloadLength && s.hex === report.payloadHex);
}

const startsWith = (report: FrameReport, prefix: string) =>
  report.payloadHex.startsWith(sentText(prefix).hex);

/** Why a frame the student did not type was sent, in a few Spanish words. */
export function automaticFrameNote(report: FrameReport): string {
  switch (report.opcode) {
    case 0xa:
      return 'la envía tu navegador solo, al recibir un ping del servidor (cada 30 s)';
    case 0x9:
      return 'ping de control enviado por el navegador';
    case 0x8:
      return 'tu navegador cierra la conexión';
  }
  if (startsWith(report, '{"type":"subscribe"'))
    return 'suscripción: la envía el widget al conectar';
  if (startsWith(report, '{"type":"ping"')) {
    return 'latido: el widget comprueba cada 15 s que el servidor sigue ahí';
  }
  return 'enviada por el widget';
}

/** A valid protocol message to send: a ping carrying the send time. */
export function pingExample(now: number): string {
  return JSON.stringify({ type: 'ping', t: Math.round(now) });
}

/** 200 ASCII bytes: more than 125, so the length needs the 16-bit extension. */
export const LONG_EXAMPLE =
  'Este texto tiene 200 bytes. Como pasa de 125, la longitud no cabe en los 7 bits del byte 1: ' +
  'ese campo vale 126 y los 2 bytes siguientes llevan la longitud real, 200, en un entero sin ' +
  'signo de 16 bits.';
