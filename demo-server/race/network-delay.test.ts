import { createServer, connect, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  DelayLine,
  delayIncomingData,
  installSocketDelay,
  socketDelayOf,
  type DelayTimers,
} from './network-delay';

/**
 * Timers on a clock the test moves by hand; `random` returns the given values in turn. Timers
 * fire `earlyMs` before they are due, as real ones may against performance.now().
 */
function fakeTimers(randoms: number[] = [], earlyMs = 0) {
  let now = 1_000;
  let nextId = 1;
  const timers = new Map<number, { at: number; callback: () => void }>();
  const api: DelayTimers & { advance(ms: number): void; active: number; randomCalls: number } = {
    now: () => now,
    setTimeout: (callback, ms) => {
      const id = nextId++;
      timers.set(id, { at: now + ms - earlyMs, callback });
      return id;
    },
    clearTimeout: (handle) => void timers.delete(handle as number),
    random: () => {
      api.randomCalls++;
      return randoms.shift() ?? 0;
    },
    queueMicrotask: (callback) => queueMicrotask(callback),
    advance(ms) {
      const until = now + ms;
      for (;;) {
        const due = [...timers].filter(([, t]) => t.at <= until).sort((a, b) => a[1].at - b[1].at);
        if (due.length === 0) break;
        const [id, timer] = due[0]!;
        timers.delete(id);
        now = Math.max(now, timer.at);
        timer.callback();
      }
      now = until;
    },
    get active() {
      return timers.size;
    },
    randomCalls: 0,
  };
  return api;
}

/** Lets queued microtasks run (ends a synchronous burst). */
const endBurst = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('DelayLine', () => {
  it('runs a crossing synchronously when there is no delay and nothing waits (pass-through)', () => {
    const timers = fakeTimers();
    const line = new DelayLine(timers);
    const ran: string[] = [];
    line.cross(null, () => ran.push('a'));
    line.cross({ delayMs: 0, jitterMs: 0 }, () => ran.push('b'));
    expect(ran).toEqual(['a', 'b']);
    expect(timers.active).toBe(0);
  });

  it('holds each crossing for at least the delay', () => {
    const timers = fakeTimers();
    const line = new DelayLine(timers);
    const ranAt: number[] = [];
    line.cross({ delayMs: 50, jitterMs: 0 }, () => ranAt.push(timers.now()));
    timers.advance(49);
    expect(ranAt).toEqual([]);
    timers.advance(1);
    expect(ranAt).toEqual([1_050]);
  });

  it('keeps the order under jitter: a crossing never overtakes an earlier one', async () => {
    // First crossing draws the most jitter, the second the least: the second must wait.
    const timers = fakeTimers([0.9, 0.0, 0.5]);
    const line = new DelayLine(timers);
    const profile = { delayMs: 10, jitterMs: 40 };
    const ran: { name: string; at: number }[] = [];
    for (const name of ['a', 'b', 'c']) {
      line.cross(profile, () => ran.push({ name, at: timers.now() }));
      await endBurst();
      timers.advance(2);
    }
    timers.advance(100);
    expect(ran.map((r) => r.name)).toEqual(['a', 'b', 'c']);
    // a: 1000 + 10 + 36 = 1046; b: max(1046, 1002 + 10 + 0) = 1046; c: 1004 + 10 + 20 = 1034 -> 1046.
    expect(ran.map((r) => r.at)).toEqual([1_046, 1_046, 1_046]);
    expect(timers.randomCalls).toBe(3);
  });

  it('gives every crossing of one synchronous burst the same jitter draw', async () => {
    const timers = fakeTimers([0.5, 0.9]);
    const line = new DelayLine(timers);
    const ranAt: number[] = [];
    line.cross({ delayMs: 10, jitterMs: 20 }, () => ranAt.push(timers.now()));
    line.cross({ delayMs: 10, jitterMs: 20 }, () => ranAt.push(timers.now()));
    expect(timers.randomCalls).toBe(1);
    await endBurst();
    line.cross({ delayMs: 10, jitterMs: 20 }, () => ranAt.push(timers.now()));
    expect(timers.randomCalls).toBe(2);
    timers.advance(100);
    expect(ranAt).toEqual([1_020, 1_020, 1_028]);
  });

  it('makes a crossing without delay wait behind the ones already waiting', () => {
    const timers = fakeTimers();
    const line = new DelayLine(timers);
    const ran: string[] = [];
    line.cross({ delayMs: 30, jitterMs: 0 }, () => ran.push('delayed'));
    line.cross(null, () => ran.push('undelayed'));
    expect(ran).toEqual([]);
    timers.advance(30);
    expect(ran).toEqual(['delayed', 'undelayed']);
  });

  it('waits again when its timer fires before the crossing is due', () => {
    const timers = fakeTimers([], 0.8);
    const line = new DelayLine(timers);
    const ran: number[] = [];
    line.cross({ delayMs: 10, jitterMs: 0 }, () => ran.push(timers.now()));
    timers.advance(9.5);
    expect(ran).toEqual([]);
    expect(timers.active).toBe(1);
    timers.advance(1);
    expect(ran).toHaveLength(1);
    expect(ran[0]).toBeGreaterThanOrEqual(1_010);
    expect(timers.active).toBe(0);
  });

  it('runs everything waiting at once, in order, on flush (shutdown), and releases its timer', () => {
    const timers = fakeTimers();
    const line = new DelayLine(timers);
    const ran: string[] = [];
    line.cross({ delayMs: 30, jitterMs: 0 }, () => ran.push('a'));
    line.cross({ delayMs: 10, jitterMs: 0 }, () => ran.push('b'));
    line.flush();
    expect(ran).toEqual(['a', 'b']);
    expect(timers.active).toBe(0);
    line.cross(null, () => ran.push('c'));
    expect(ran).toEqual(['a', 'b', 'c']);
  });

  it('releases its timer and drops what waits on close', () => {
    const timers = fakeTimers();
    const line = new DelayLine(timers);
    const ran: string[] = [];
    line.cross({ delayMs: 30, jitterMs: 0 }, () => ran.push('a'));
    line.cross({ delayMs: 30, jitterMs: 0 }, () => ran.push('b'));
    expect(timers.active).toBe(1);
    line.close();
    expect(timers.active).toBe(0);
    expect(line.pending).toBe(0);
    line.cross(null, () => ran.push('after close'));
    timers.advance(100);
    expect(ran).toEqual([]);
  });
});

describe('socket delay', () => {
  let server: Server;
  const sockets: Socket[] = [];

  /** A TCP server and a connected client; resolves to [server side, client side]. */
  async function socketPair(): Promise<[Socket, Socket]> {
    const accepted = new Promise<Socket>((resolve) => {
      server = createServer((socket) => resolve(socket));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    const client = connect(port, '127.0.0.1');
    const serverSide = await accepted;
    sockets.push(serverSide, client);
    return [serverSide, client];
  }

  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.destroy();
    await new Promise((resolve) => server?.close(resolve));
  });

  it('delays writes, in order, runs their callbacks at once and counts pending bytes', async () => {
    const [serverSide, client] = await socketPair();
    const delay = installSocketDelay(serverSide);
    delay.profile = () => ({ delayMs: 40, jitterMs: 0 });
    const received: { text: string; at: number }[] = [];
    client.on('data', (chunk) => received.push({ text: String(chunk), at: performance.now() }));

    const writtenAt = performance.now();
    let called = false;
    serverSide.write('héllo ', () => (called = true));
    serverSide.write(Buffer.from('world'));
    expect(delay.pendingOutgoingBytes).toBe(12);
    expect(serverSide.bytesWritten).toBe(0);
    await new Promise<void>((resolve) => process.nextTick(resolve));
    expect(called).toBe(true);

    await new Promise<void>((resolve) => {
      const check = () =>
        received.map((r) => r.text).join('') === 'héllo world' ? resolve() : setTimeout(check, 5);
      check();
    });
    expect(received[0]!.at - writtenAt).toBeGreaterThanOrEqual(40);
    expect(delay.pendingOutgoingBytes).toBe(0);
    expect(serverSide.bytesWritten).toBe(12);
  });

  it('delays end behind the writes before it', async () => {
    const [serverSide, client] = await socketPair();
    installSocketDelay(serverSide).profile = () => ({ delayMs: 20, jitterMs: 0 });
    let text = '';
    client.on('data', (chunk) => (text += String(chunk)));
    const ended = new Promise<string>((resolve) => client.on('end', () => resolve(text)));
    serverSide.write('a');
    serverSide.end('b');
    serverSide.write('dropped after end');
    expect(await ended).toBe('ab');
  });

  it('delays incoming data once asked to, keeping its order', async () => {
    const [serverSide, client] = await socketPair();
    installSocketDelay(serverSide).profile = () => ({ delayMs: 30, jitterMs: 0 });
    delayIncomingData(serverSide);
    const received: { text: string; at: number }[] = [];
    serverSide.on('data', (chunk) => received.push({ text: String(chunk), at: performance.now() }));
    const sentAt = performance.now();
    client.write('one;');
    await new Promise((resolve) => setTimeout(resolve, 5));
    client.write('two;');
    await new Promise<void>((resolve) => {
      const check = () =>
        received.map((r) => r.text).join('') === 'one;two;' ? resolve() : setTimeout(check, 5);
      check();
    });
    expect(received[0]!.at - sentAt).toBeGreaterThanOrEqual(30);
  });

  it('closes both lines when the socket closes', async () => {
    const [serverSide] = await socketPair();
    const delay = installSocketDelay(serverSide);
    delay.profile = () => ({ delayMs: 10_000, jitterMs: 0 });
    serverSide.write('never sent');
    expect(delay.outgoing.pending).toBe(1);
    const closed = new Promise((resolve) => serverSide.once('close', resolve));
    serverSide.destroy();
    await closed;
    expect(delay.outgoing.pending).toBe(0);
    expect(socketDelayOf(serverSide)).toBe(delay);
  });

  it('leaves a socket without an installed delay untouched', async () => {
    const [serverSide] = await socketPair();
    expect(socketDelayOf(serverSide)).toBeUndefined();
    expect(Object.hasOwn(serverSide, 'write')).toBe(false);
    expect(Object.hasOwn(serverSide, 'emit')).toBe(false);
  });
});
