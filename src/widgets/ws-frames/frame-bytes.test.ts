import { describe, expect, it } from 'vitest';
import type { FrameReport } from '../../protocol';
import {
  bitsOf,
  describePayload,
  headerParts,
  hexToBytes,
  opcodeHex,
  opcodeName,
  payloadCells,
} from './frame-bytes';
import { LONG_EXAMPLE, matchSent, pingExample, sentText } from './sent-frames';

/** «Hola» masked with 37 fa 21 3d, the lesson's example (RFC 6455 §5.7 key). */
const HOLA: FrameReport = {
  fin: true,
  rsv: [false, false, false],
  opcode: 1,
  masked: true,
  payloadLength: 4,
  lengthEncoding: '7',
  maskingKey: '37fa213d',
  headerHex: '818437fa213d',
  maskedPayloadHex: '7f954d5c',
  payloadHex: '486f6c61',
  payloadCut: false,
};

describe('frame bytes', () => {
  it('cuts a 7-bit header into its fields', () => {
    expect(headerParts(HOLA)).toEqual({
      byte0: 0x81,
      byte1: 0x84,
      lengthField: 4,
      extendedLength: [],
      maskingKey: [0x37, 0xfa, 0x21, 0x3d],
    });
    expect(bitsOf(0x81)).toBe('10000001');
  });

  it('finds the 16-bit extended length and the key after it', () => {
    const report = { ...HOLA, lengthEncoding: '7+16', headerHex: '81fe00c837fa213d' } as const;
    expect(headerParts(report)).toMatchObject({
      lengthField: 126,
      extendedLength: [0x00, 0xc8],
      maskingKey: [0x37, 0xfa, 0x21, 0x3d],
    });
  });

  it('aligns masked bytes, key bytes and unmasked bytes', () => {
    expect(payloadCells(HOLA)).toEqual([
      { index: 0, masked: 0x7f, key: 0x37, plain: 0x48, char: 'H' },
      { index: 1, masked: 0x95, key: 0xfa, plain: 0x6f, char: 'o' },
      { index: 2, masked: 0x4d, key: 0x21, plain: 0x6c, char: 'l' },
      { index: 3, masked: 0x5c, key: 0x3d, plain: 0x61, char: 'a' },
    ]);
    expect(payloadCells(HOLA, 2)).toHaveLength(2);
  });

  it('names opcodes and decodes payloads (close: code and reason)', () => {
    expect([0, 1, 2, 8, 9, 10, 3, 11].map(opcodeName)).toEqual([
      'continuación',
      'texto',
      'binario',
      'cierre',
      'ping',
      'pong',
      'reservado (datos)',
      'reservado (control)',
    ]);
    expect(opcodeHex(10)).toBe('0xA');
    expect(describePayload(HOLA)).toBe('Hola');
    const close = { ...HOLA, opcode: 8, payloadHex: '03e8' + '6164696f73' };
    expect(describePayload(close)).toBe('código 1000 · adios');
    expect(hexToBytes('03e8')).toEqual([3, 232]);
  });
});

describe('sent frames', () => {
  it('recognises the report of a text the student sent', () => {
    const pending = [sentText('otro'), sentText('Hola')];
    expect(matchSent(pending, HOLA)).toBe(1);
    expect(matchSent([sentText('Hol')], HOLA)).toBe(-1);
  });

  it('offers a 200-byte example and a valid ping', () => {
    expect(new TextEncoder().encode(LONG_EXAMPLE).length).toBe(200);
    expect(JSON.parse(pingExample(12.7))).toEqual({ type: 'ping', t: 13 });
  });
});
