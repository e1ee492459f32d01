import { describe, expect, it } from 'vitest';
import type { PacketRecord } from './packet-tap';
import { layerOf, packetLabel, shownWire } from './packet-labels';
import { classifyPacket } from './packet-wire';

const record = (data: string, type = 'message'): PacketRecord => ({
  ...classifyPacket({ type, data }),
  seq: 1,
  at: 0,
  direction: 'sent',
  transport: 'websocket',
  session: 1,
});

describe('packet labels', () => {
  it('names events, the ack they ask for and the ack that answers', () => {
    expect(packetLabel(record('23["ping",{"t":1}]'))).toBe('EVENT «ping» · pide ack 3');
    expect(packetLabel(record('33[{"t":1}]'))).toBe('ACK 3');
    expect(packetLabel(record('2/chat,["hola"]'))).toBe('EVENT «hola» en /chat');
    expect(packetLabel(record('probe', 'ping'))).toBe('probe · prueba del WebSocket');
  });

  it('puts each type in its layer', () => {
    expect(layerOf('probe')).toBe('Engine.IO');
    expect(layerOf('ack')).toBe('Socket.IO');
  });

  it('cuts long wire text and says how much is left out', () => {
    expect(shownWire('42["x"]')).toEqual({ text: '42["x"]', hidden: 0 });
    const long = shownWire('4'.repeat(1000));
    expect(long.text).toHaveLength(400);
    expect(long.hidden).toBe(600);
  });
});
