import type { IncomingMessage } from 'node:http';
import type { FrameReport, HandshakeReport, HeaderLine } from '../../src/protocol';

/** Bytes of payload shown in a frame report; the lesson's examples fit well inside. */
const SHOWN_PAYLOAD_BYTES = 256;

/**
 * Reads the raw bytes a client sends on an upgraded socket and reports each complete frame
 * (RFC 6455 section 5.2). It only watches: `ws` parses the same bytes for real. It gives up on
 * a frame larger than `maxFrameBytes`, which `ws` closes with 1009 anyway.
 */
export class FrameTap {
  private pending: Buffer = Buffer.alloc(0);
  private stopped = false;

  constructor(
    private readonly onFrame: (report: FrameReport) => void,
    private readonly maxFrameBytes: number,
  ) {}

  /** Feeds the next chunk read from the socket. */
  push(chunk: Buffer): void {
    if (this.stopped) return;
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    for (;;) {
      const frame = readFrame(this.pending);
      if (frame === 'incomplete') break;
      if (frame === 'too-large' || frame.totalBytes > this.maxFrameBytes + 14) {
        this.stopped = true;
        this.pending = Buffer.alloc(0);
        return;
      }
      this.pending = this.pending.subarray(frame.totalBytes);
      this.onFrame(frame.report);
    }
  }
}

/** Parses one frame at the start of `bytes`. */
export function readFrame(
  bytes: Buffer,
): { report: FrameReport; totalBytes: number } | 'incomplete' | 'too-large' {
  if (bytes.length < 2) return 'incomplete';
  const first = bytes[0]!;
  const second = bytes[1]!;
  const masked = (second & 0x80) !== 0;
  const length7 = second & 0x7f;
  let offset = 2;
  let payloadLength = length7;
  let lengthEncoding: FrameReport['lengthEncoding'] = '7';
  if (length7 === 126) {
    if (bytes.length < 4) return 'incomplete';
    payloadLength = bytes.readUInt16BE(2);
    lengthEncoding = '7+16';
    offset = 4;
  } else if (length7 === 127) {
    if (bytes.length < 10) return 'incomplete';
    const big = bytes.readBigUInt64BE(2);
    if (big > BigInt(Number.MAX_SAFE_INTEGER)) return 'too-large';
    payloadLength = Number(big);
    lengthEncoding = '7+64';
    offset = 10;
  }
  const key = masked ? bytes.subarray(offset, offset + 4) : null;
  if (masked) offset += 4;
  if (bytes.length < offset) return 'incomplete';
  const totalBytes = offset + payloadLength;
  if (bytes.length < totalBytes) return 'incomplete';

  const shown = Math.min(payloadLength, SHOWN_PAYLOAD_BYTES);
  const maskedPayload = bytes.subarray(offset, offset + shown);
  const payload = Buffer.from(maskedPayload);
  // Unmasking (RFC 6455 section 5.3): byte i XOR key[i mod 4].
  if (key) for (let i = 0; i < payload.length; i++) payload[i] = payload[i]! ^ key[i % 4]!;

  return {
    totalBytes,
    report: {
      fin: (first & 0x80) !== 0,
      rsv: [(first & 0x40) !== 0, (first & 0x20) !== 0, (first & 0x10) !== 0],
      opcode: first & 0x0f,
      masked,
      payloadLength,
      lengthEncoding,
      maskingKey: key ? key.toString('hex') : null,
      headerHex: bytes.subarray(0, offset).toString('hex'),
      maskedPayloadHex: maskedPayload.toString('hex'),
      payloadHex: payload.toString('hex'),
      payloadCut: payloadLength > shown,
    },
  };
}

/** The upgrade exchange as the server saw it: the raw request headers and the 101 it wrote. */
export function handshakeReport(req: IncomingMessage, responseLines: string[]): HandshakeReport {
  const requestHeaders: HeaderLine[] = [];
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    requestHeaders.push([req.rawHeaders[i]!, req.rawHeaders[i + 1]!]);
  }
  const [statusLine = '', ...headerLines] = responseLines;
  return {
    request: {
      method: req.method ?? 'GET',
      url: req.url ?? '/',
      httpVersion: req.httpVersion,
      headers: requestHeaders,
    },
    response: {
      statusLine,
      headers: headerLines.map((line): HeaderLine => {
        const colon = line.indexOf(':');
        return [line.slice(0, colon), line.slice(colon + 1).trim()];
      }),
    },
  };
}
