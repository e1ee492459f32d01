import { describe, expect, it } from 'vitest';
import { RaceTraffic, type TrafficPhase } from './lane-traffic';

/** A socket's counters, moved by hand. */
function fakeSocket() {
  const counts = { read: 0, written: 0 };
  return { socket: {}, counts, read: () => ({ ...counts }) };
}

describe('RaceTraffic', () => {
  it('puts bytes written before the start in setup and bytes of both ways afterwards in the race', () => {
    let phase: TrafficPhase = 'setup';
    const traffic = new RaceTraffic(() => phase);
    const s = fakeSocket();
    traffic.open('sse', s.socket, s.read, { read: 0, written: 0 });
    s.counts.read = 200;
    s.counts.written = 300;
    traffic.flush();
    phase = 'race';
    s.counts.read = 210;
    s.counts.written = 450;
    traffic.flush();
    expect(traffic.lanes.sse).toEqual({
      connections: 1,
      requests: 1,
      setupBytes: 300,
      bytesDown: 150,
      bytesUp: 10,
    });
  });

  it('meters a request from where the previous one on its socket ended, and stops at its end', () => {
    const traffic = new RaceTraffic(() => 'race');
    const s = fakeSocket();
    s.counts.read = 100;
    s.counts.written = 1_000;
    const end = traffic.open('short-polling', s.socket, s.read, { read: 60, written: 1_000 });
    s.counts.written = 1_250;
    end();
    s.counts.written = 5_000;
    traffic.flush();
    end();
    expect(traffic.lanes['short-polling']).toMatchObject({ bytesDown: 250, bytesUp: 40 });
  });

  it('counts every request, but each socket once per lane as a connection', () => {
    const traffic = new RaceTraffic(() => 'race');
    const a = fakeSocket();
    const b = fakeSocket();
    traffic.open('long-polling', a.socket, a.read, a.counts)();
    traffic.open('long-polling', a.socket, a.read, a.counts)();
    traffic.open('long-polling', b.socket, b.read, b.counts)();
    traffic.open('short-polling', a.socket, a.read, a.counts)();
    expect(traffic.lanes['long-polling']).toMatchObject({ requests: 3, connections: 2 });
    expect(traffic.lanes['short-polling']).toMatchObject({ requests: 1, connections: 1 });
  });

  it('never counts backwards when a counter drops (a socket that reports less after closing)', () => {
    const traffic = new RaceTraffic(() => 'race');
    const s = fakeSocket();
    traffic.open('websocket', s.socket, s.read, s.read());
    s.counts.written = 500;
    traffic.flush();
    s.counts.written = 100;
    traffic.flush();
    s.counts.written = 600;
    traffic.flush();
    expect(traffic.lanes.websocket.bytesDown).toBe(600);
  });

  it('stops metering when forgotten', () => {
    const traffic = new RaceTraffic(() => 'race');
    const s = fakeSocket();
    const end = traffic.open('websocket', s.socket, s.read, s.read());
    traffic.forget();
    s.counts.written = 500;
    traffic.flush();
    end();
    expect(traffic.lanes.websocket.bytesDown).toBe(0);
    expect(traffic.openCount).toBe(0);
  });
});
