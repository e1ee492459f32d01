import type { Socket } from 'socket.io-client';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { InspectableSocket } from './inspectable-socket';
import { tapPackets, type PacketRecord, type TappableSocket } from './packet-tap';
import { FakeEngine, FakeManager } from './testing/fake-socket';

/** A tapped fake socket and what the tap reported, written `→ polling 40`. */
function setup() {
  const manager = new FakeManager();
  const records: PacketRecord[] = [];
  const errors: string[] = [];
  let clock = 1000;
  const tap = tapPackets({ io: manager }, (r) => records.push(r), {
    now: () => clock++,
    onUpgradeError: (message) => errors.push(message),
  });
  const lines = () =>
    records.map(
      (r) =>
        `${r.session} ${r.direction === 'sent' ? '→' : '←'} ${r.transport} ${r.type} ${r.wire}${r.inferred ? ' *' : ''}`,
    );
  return { manager, engine: manager.engine!, records, errors, tap, lines };
}

describe('packet tap', () => {
  it('accepts the real socket.io-client Socket', () => {
    expectTypeOf<Socket>().toExtend<TappableSocket>();
    expectTypeOf<Socket>().toExtend<InspectableSocket>();
  });

  it('records what is received and created, with the transport and the wire text', () => {
    const { engine, records, lines } = setup();
    engine.receive({ type: 'open', data: '{"sid":"a"}' });
    engine.create({ type: 'message', data: '0' });
    engine.receive({ type: 'message', data: '0{"sid":"b"}' });
    engine.receive({ type: 'ping' });
    engine.create({ type: 'pong' });
    expect(lines()).toEqual([
      '1 ← polling open 0{"sid":"a"}',
      '1 → polling connect 40',
      '1 ← polling connect 40{"sid":"b"}',
      '1 ← polling ping 2',
      '1 → polling pong 3',
    ]);
    expect(records.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(records[0]!.at).toBe(1000);
  });

  it('writes down the upgrade: 2probe and 3probe on the new transport, then 5', () => {
    const { engine, lines } = setup();
    engine.receive({ type: 'open', data: '{"sid":"a"}' });
    const ws = { name: 'websocket' };
    engine.fire('upgrading', ws);
    engine.receive({ type: 'noop' });
    // Created while the old transport is paused: sent after `5`, on WebSocket.
    engine.create({ type: 'message', data: '2["hola"]' });
    engine.fire('upgrade', ws);
    engine.transport.name = 'websocket';
    engine.receive({ type: 'message', data: '2["message",{}]' });
    expect(lines()).toEqual([
      '1 ← polling open 0{"sid":"a"}',
      '1 → websocket probe 2probe *',
      '1 ← websocket probe 3probe *',
      '1 ← polling noop 6',
      '1 → websocket upgrade 5 *',
      '1 → websocket event 42["hola"]',
      '1 ← websocket event 42["message",{}]',
    ]);
  });

  it('sends what it held on the old transport when the upgrade fails, and says why', () => {
    const { engine, errors, lines } = setup();
    engine.fire('upgrading', { name: 'websocket' });
    engine.create({ type: 'message', data: '2["hola"]' });
    engine.fire('upgradeError', new Error('probe error: transport closed'));
    expect(lines().at(-1)).toBe('1 → polling event 42["hola"]');
    expect(errors).toEqual(['probe error: transport closed']);
  });

  it('follows the new engine of each reconnection attempt, from its first packet', async () => {
    const { manager, engine: first, lines } = setup();
    first.receive({ type: 'open', data: '{"sid":"a"}' });
    const second = manager.attemptReconnect(1);
    await Promise.resolve();
    second.receive({ type: 'open', data: '{"sid":"b"}' });
    first.receive({ type: 'ping' });
    expect(lines()).toEqual(['1 ← polling open 0{"sid":"a"}', '2 ← polling open 0{"sid":"b"}']);
    expect(first.count()).toBe(0);
  });

  it('picks up an engine opened without a reconnection attempt on sync()', () => {
    const { manager, tap, lines } = setup();
    manager.engine = new FakeEngine();
    tap.sync();
    manager.engine!.receive({ type: 'open', data: '{}' });
    expect(lines()).toEqual(['2 ← polling open 0{}']);
  });

  it('removes every listener when stopped', () => {
    const { manager, engine, tap, records } = setup();
    expect(engine.count() + manager.count()).toBeGreaterThan(0);
    tap.stop();
    expect(engine.count() + manager.count()).toBe(0);
    engine.receive({ type: 'ping' });
    expect(records).toEqual([]);
  });
});
