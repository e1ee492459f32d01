import type { Socket } from 'node:net';

/** A simulated one-way network delay: `delayMs` plus a random 0..`jitterMs` per crossing. */
export interface DelayProfile {
  delayMs: number;
  jitterMs: number;
}

/** Clock, timers and randomness of a delay line, injectable for tests. */
export interface DelayTimers {
  /** Monotonic milliseconds (`performance.now()`). */
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  random(): number;
  queueMicrotask(callback: () => void): void;
}

/** The real clock and timers. */
export const systemDelayTimers: DelayTimers = {
  now: () => performance.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  random: Math.random,
  queueMicrotask: (callback) => queueMicrotask(callback),
};

/** True when the profile delays nothing (the socket is then left untouched). */
export function isZeroDelay(profile: DelayProfile | null): boolean {
  return profile === null || (profile.delayMs <= 0 && profile.jitterMs <= 0);
}

/**
 * One direction of one connection. Each crossing runs at max(previous crossing, now + delay +
 * jitter), so crossings keep their order, as TCP keeps it. Crossings made in one synchronous
 * turn (the header and payload writes of one frame) share one jitter draw: one segment.
 */
export class DelayLine {
  private readonly queue: { at: number; run: () => void }[] = [];
  private lastAt = -Infinity;
  private burstFraction: number | null = null;
  private timer: unknown = null;
  private closed = false;

  constructor(private readonly timers: DelayTimers = systemDelayTimers) {}

  /** Crossings waiting to run. */
  get pending(): number {
    return this.queue.length;
  }

  /**
   * Runs `run` once the profile's delay has passed and every earlier crossing has run. With no
   * delay and nothing waiting, `run` runs at once (synchronously). After `close()`, never.
   */
  cross(profile: DelayProfile | null, run: () => void): void {
    if (this.closed) return;
    const delay = isZeroDelay(profile) ? 0 : profile!.delayMs + this.jitter(profile!.jitterMs);
    if (delay <= 0 && this.queue.length === 0) return run();
    const at = Math.max(this.lastAt, this.timers.now() + delay);
    this.lastAt = at;
    this.queue.push({ at, run });
    if (this.queue.length === 1) this.arm();
  }

  /** Runs everything waiting now, in order (the server is shutting down: stop simulating). */
  flush(): void {
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
    const waiting = this.queue.splice(0);
    this.lastAt = -Infinity;
    for (const { run } of waiting) this.run(run);
  }

  /** Drops what is waiting and releases the timer (the connection is gone). */
  close(): void {
    this.closed = true;
    this.queue.length = 0;
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
  }

  private jitter(jitterMs: number): number {
    if (jitterMs <= 0) return 0;
    if (this.burstFraction === null) {
      this.burstFraction = this.timers.random();
      this.timers.queueMicrotask(() => (this.burstFraction = null));
    }
    return this.burstFraction * jitterMs;
  }

  private arm(): void {
    const head = this.queue[0];
    if (!head) return;
    // Timers may fire a fraction of a millisecond early against performance.now(): re-arming
    // until `at` has truly passed keeps the delay a lower bound.
    this.timer = this.timers.setTimeout(
      () => this.fire(),
      Math.max(0, Math.ceil(head.at - this.timers.now())),
    );
  }

  private fire(): void {
    this.timer = null;
    while (!this.closed && this.queue.length > 0 && this.queue[0]!.at <= this.timers.now()) {
      this.run(this.queue.shift()!.run);
    }
    if (!this.closed) this.arm();
  }

  private run(run: () => void): void {
    try {
      run();
    } catch (error) {
      console.error('a delayed network crossing failed:', error);
    }
  }
}

/** The delay lines of one socket and the profile its current traffic crosses with. */
export interface SocketDelay {
  incoming: DelayLine;
  outgoing: DelayLine;
  /** The profile for the next crossing (null: none, but order behind waiting ones is kept). */
  profile: () => DelayProfile | null;
  /** Bytes handed to `write`/`end` that the socket has not been given yet. */
  readonly pendingOutgoingBytes: number;
}

const delays = new WeakMap<Socket, SocketDelay & { dataDelayed: boolean }>();

/** The socket's delay, if one was installed. */
export function socketDelayOf(socket: Socket): SocketDelay | undefined {
  return delays.get(socket);
}

/**
 * Delays every write leaving `socket` (HTTP responses including headers, WebSocket frames, the
 * closing FIN of `end`). A write's callback runs at once, as it would once the kernel took the
 * bytes: the delay is the propagation time of the simulated network, not a full send buffer.
 * Installed once per socket; the lines are closed with the socket.
 */
export function installSocketDelay(
  socket: Socket,
  timers: DelayTimers = systemDelayTimers,
): SocketDelay {
  const existing = delays.get(socket);
  if (existing) return existing;
  let pendingOutgoingBytes = 0;
  // Once `end` is waiting in the line, the socket is ending: later writes are dropped, as a
  // write after end would fail.
  let ending = false;
  const state = {
    incoming: new DelayLine(timers),
    outgoing: new DelayLine(timers),
    profile: (): DelayProfile | null => null,
    get pendingOutgoingBytes() {
      return pendingOutgoingBytes;
    },
    dataDelayed: false,
  };
  delays.set(socket, state);

  const write = socket.write;
  const end = socket.end;
  const deferred = (original: (...args: unknown[]) => unknown, args: unknown[], bytes: number) => {
    pendingOutgoingBytes += bytes;
    let result: unknown = true;
    state.outgoing.cross(state.profile(), () => {
      pendingOutgoingBytes -= bytes;
      if (!socket.destroyed) result = original.apply(socket, args);
    });
    return result;
  };
  socket.write = function (this: Socket, ...args: unknown[]): boolean {
    if (socket.destroyed || socket.writableEnded) return write.apply(socket, args as never);
    if (ending) return false;
    const callback = typeof args.at(-1) === 'function' ? (args.pop() as () => void) : null;
    const result = deferred(write as never, args, byteLengthOf(args[0], args[1]));
    if (callback) process.nextTick(callback);
    return result !== false;
  } as Socket['write'];
  socket.end = function (this: Socket, ...args: unknown[]): Socket {
    if (socket.destroyed || socket.writableEnded) return end.apply(socket, args as never);
    if (ending) return socket;
    ending = true;
    const chunk = typeof args[0] === 'function' ? undefined : args[0];
    const encoding = typeof args[1] === 'function' ? undefined : args[1];
    deferred(end as never, args, chunk === undefined ? 0 : byteLengthOf(chunk, encoding));
    return socket;
  } as Socket['end'];
  socket.once('close', () => {
    state.incoming.close();
    state.outgoing.close();
  });
  return state;
}

/**
 * Also delays what arrives on an upgraded socket (`data` and `end` events), for the libraries
 * that read it (ws, engine.io's WebSocket transport). HTTP requests are delayed whole instead.
 */
export function delayIncomingData(socket: Socket, timers: DelayTimers = systemDelayTimers): void {
  const state = installSocketDelay(socket, timers) as SocketDelay & { dataDelayed: boolean };
  if (state.dataDelayed) return;
  state.dataDelayed = true;
  const emit = socket.emit;
  socket.emit = function (this: Socket, event: string | symbol, ...args: unknown[]): boolean {
    if (event !== 'data' && event !== 'end') return emit.apply(socket, [event, ...args] as never);
    state.incoming.cross(state.profile(), () => emit.apply(socket, [event, ...args] as never));
    return true;
  } as Socket['emit'];
}

function byteLengthOf(chunk: unknown, encoding: unknown): number {
  if (typeof chunk === 'string') {
    return Buffer.byteLength(chunk, typeof encoding === 'string' ? (encoding as never) : 'utf8');
  }
  if (chunk instanceof Uint8Array) return chunk.byteLength;
  return 0;
}
