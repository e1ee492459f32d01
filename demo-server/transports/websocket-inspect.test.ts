import { describe, expect, it } from 'vitest';
import { FrameTap, readFrame } from './websocket-inspect';

/** Builds a masked client frame the way a browser would (RFC 6455 section 5.2). */
function clientFrame(payload: Buffer, opcode = 0x1, key = Buffer.from([0x37, 0xfa, 0x21, 0x3d])) {
  const length = payload.length;
  const header =
    length < 126
      ? Buffer.from([0x80 | opcode, 0x80 | length])
      : length < 65536
        ? Buffer.from([0x80 | opcode, 0x80 | 126, length >> 8, length & 0xff])
        : Buffer.concat([Buffer.from([0x80 | opcode, 0x80 | 127]), bigLength(length)]);
  const masked = Buffer.from(payload.map((byte, i) => byte ^ key[i % 4]!));
  return Buffer.concat([header, key, masked]);
}

function bigLength(length: number): Buffer {
  const bytes = Buffer.alloc(8);
  bytes.writeBigUInt64BE(BigInt(length));
  return bytes;
}

describe('readFrame', () => {
  it('decodes the RFC 6455 example of a masked "Hello" text frame', () => {
    // RFC 6455 section 5.7: 0x81 0x85 0x37 0xfa 0x21 0x3d 0x7f 0x9f 0x4d 0x51 0x58
    const bytes = Buffer.from('818537fa213d7f9f4d5158', 'hex');
    const frame = readFrame(bytes);
    if (typeof frame === 'string') throw new Error(frame);
    expect(frame.totalBytes).toBe(11);
    expect(frame.report).toMatchObject({
      fin: true,
      opcode: 1,
      masked: true,
      payloadLength: 5,
      lengthEncoding: '7',
      maskingKey: '37fa213d',
      headerHex: '818537fa213d',
      maskedPayloadHex: '7f9f4d5158',
      payloadHex: Buffer.from('Hello').toString('hex'),
      payloadCut: false,
    });
  });

  it('uses the 16-bit length for payloads of 126 to 65535 bytes', () => {
    const frame = readFrame(clientFrame(Buffer.alloc(200, 'a')));
    if (typeof frame === 'string') throw new Error(frame);
    expect(frame.report.lengthEncoding).toBe('7+16');
    expect(frame.report.payloadLength).toBe(200);
    expect(frame.report.headerHex.slice(0, 8)).toBe('81fe00c8');
  });

  it('uses the 64-bit length past 65535 bytes and cuts what it shows at 256 bytes', () => {
    const frame = readFrame(clientFrame(Buffer.alloc(70_000, 'b'), 0x2));
    if (typeof frame === 'string') throw new Error(frame);
    expect(frame.report).toMatchObject({
      opcode: 2,
      lengthEncoding: '7+64',
      payloadLength: 70_000,
      payloadCut: true,
    });
    expect(frame.report.payloadHex).toHaveLength(512);
  });

  it('waits for the rest of a frame split across reads', () => {
    const bytes = clientFrame(Buffer.from('partido'));
    expect(readFrame(bytes.subarray(0, 1))).toBe('incomplete');
    expect(readFrame(bytes.subarray(0, 7))).toBe('incomplete');
  });
});

describe('FrameTap', () => {
  it('reports each frame once, whatever the chunking', () => {
    const reports: string[] = [];
    const tap = new FrameTap(
      (r) => reports.push(Buffer.from(r.payloadHex, 'hex').toString()),
      16_384,
    );
    const stream = Buffer.concat([
      clientFrame(Buffer.from('uno')),
      clientFrame(Buffer.from('dos')),
      clientFrame(Buffer.from('tres')),
    ]);
    for (let i = 0; i < stream.length; i += 3) tap.push(stream.subarray(i, i + 3));
    expect(reports).toEqual(['uno', 'dos', 'tres']);
  });

  it('stops watching after a frame over the limit', () => {
    const reports: number[] = [];
    const tap = new FrameTap((r) => reports.push(r.payloadLength), 100);
    tap.push(clientFrame(Buffer.alloc(500)));
    tap.push(clientFrame(Buffer.from('después')));
    expect(reports).toEqual([]);
  });
});
