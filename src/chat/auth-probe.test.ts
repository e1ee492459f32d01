import { describe, expect, it } from 'vitest';
import {
  joinOutcomeOf,
  probeConnect,
  probeJoin,
  type ProbeIo,
  type ProbeSocket,
  type ProbeTimers,
} from './auth-probe';
import { toAuthErrorData } from './chat-wire';

type Handler = (...args: unknown[]) => void;

/** A socket.io-client socket driven by hand. */
class FakeSocket implements ProbeSocket {
  id: string | undefined;
  connected = false;
  active = true;
  disconnects = 0;
  handlers = new Map<string, Handler[]>();
  emits: { event: string; args: unknown[]; timeoutMs: number }[] = [];
  constructor(
    readonly uri: string,
    readonly options: Record<string, unknown>,
  ) {}
  on(event: string, listener: (...args: never[]) => void) {
    this.handlers.set(event, [...(this.handlers.get(event) ?? []), listener as Handler]);
    return this;
  }
  off() {
    this.handlers.clear();
    return this;
  }
  disconnect() {
    this.disconnects++;
    this.connected = false;
    this.active = false;
    return this;
  }
  timeout(ms: number) {
    return {
      emit: (event: string, ...args: unknown[]) => this.emits.push({ event, args, timeoutMs: ms }),
    };
  }
  fire(event: string, ...args: unknown[]) {
    for (const h of this.handlers.get(event) ?? []) h(...args);
  }
  /** The server accepts the handshake. */
  accept(id = 'sock-1') {
    this.id = id;
    this.connected = true;
    this.fire('connect');
  }
  /** The server's middleware refuses it: a CONNECT_ERROR packet (the socket gives up). */
  refuse(message: string, data?: unknown) {
    this.active = false;
    this.fire('connect_error', Object.assign(new Error(message), { data }));
  }
  /** Calls the acknowledgement of the latest emit. */
  ack(error: Error | null, answer?: unknown) {
    const callback = this.emits.at(-1)!.args.at(-1) as Handler;
    callback(error, answer);
  }
}

function fakeIo() {
  const sockets: FakeSocket[] = [];
  const io: ProbeIo = (uri, options) => {
    const socket = new FakeSocket(uri, options as Record<string, unknown>);
    sockets.push(socket);
    return socket;
  };
  return { io, sockets, last: () => sockets.at(-1)! };
}

/** Timers fired by hand. */
function manualTimers() {
  const pending = new Map<number, () => void>();
  let next = 0;
  const timers: ProbeTimers = {
    setTimeout: (fn) => {
      pending.set(++next, fn);
      return next;
    },
    clearTimeout: (handle) => void pending.delete(handle as number),
  };
  return {
    timers,
    pending: () => pending.size,
    fireAll: () => {
      for (const [id, fn] of [...pending]) {
        pending.delete(id);
        fn();
      }
    },
  };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('probeConnect', () => {
  it('opens /chat with the token in auth, no reconnection, under the server path prefix', async () => {
    const { io, last } = fakeIo();
    const done = probeConnect({ baseUrl: 'http://localhost:3001/demo/', io, token: 'a.b.c' });
    expect(last().uri).toBe('http://localhost:3001/chat');
    expect(last().options).toMatchObject({
      path: '/demo/socket.io/',
      forceNew: true,
      reconnection: false,
      transports: ['websocket'],
      auth: { token: 'a.b.c' },
    });
    last().accept('abc123');
    await expect(done).resolves.toEqual({ outcome: 'connected', socketId: 'abc123' });
    expect(last().disconnects).toBe(1);
    expect(last().handlers.size).toBe(0);
  });

  it('sends no auth at all without a token', async () => {
    const { io, last } = fakeIo();
    const done = probeConnect({ baseUrl: 'http://localhost:3001', io });
    expect(last().options).not.toHaveProperty('auth');
    expect(last().options.path).toBe('/socket.io/');
    last().refuse('Falta el token', { code: 'UNAUTHORIZED', message: 'Falta el token' });
    await expect(done).resolves.toEqual({
      outcome: 'refused',
      code: 'UNAUTHORIZED',
      message: 'Falta el token',
    });
  });

  it("reports TOKEN_EXPIRED with the server's reason", async () => {
    const { io, last } = fakeIo();
    const done = probeConnect({ baseUrl: 'http://localhost:3001', io, token: 'old' });
    last().refuse('jwt expired', { code: 'TOKEN_EXPIRED', message: 'El token caducó' });
    await expect(done).resolves.toMatchObject({ outcome: 'refused', code: 'TOKEN_EXPIRED' });
  });

  it('tells a refusal without the contract data from a server that cannot be reached', async () => {
    const a = fakeIo();
    const refused = probeConnect({ baseUrl: 'http://localhost:3001', io: a.io, token: 't' });
    a.last().refuse('Invalid namespace', { code: 'SOMETHING_ELSE' });
    await expect(refused).resolves.toEqual({ outcome: 'error', message: 'Invalid namespace' });

    const b = fakeIo();
    const down = probeConnect({ baseUrl: 'http://localhost:1', io: b.io, token: 't' });
    // A transport error: the socket stays active (it would retry if reconnection were on).
    b.last().fire('connect_error', new Error('xhr poll error'));
    await expect(down).resolves.toEqual({ outcome: 'unreachable', message: 'xhr poll error' });
    expect(b.last().disconnects).toBe(1);
  });

  it('gives up after the timeout and disconnects', async () => {
    const { io, last } = fakeIo();
    const t = manualTimers();
    const done = probeConnect({ baseUrl: 'http://x', io, timeoutMs: 1234, timers: t.timers });
    expect(t.pending()).toBe(1);
    t.fireAll();
    await expect(done).resolves.toEqual({ outcome: 'timeout', afterMs: 1234 });
    expect(last().disconnects).toBe(1);
  });

  it('clears its timer once the server answers', async () => {
    const { io, last } = fakeIo();
    const t = manualTimers();
    const done = probeConnect({ baseUrl: 'http://x', io, timers: t.timers });
    last().accept();
    await done;
    expect(t.pending()).toBe(0);
  });
});

describe('probeJoin', () => {
  it("emits chat:join once connected and reports the server's refusal", async () => {
    const { io, last } = fakeIo();
    const done = probeJoin({ baseUrl: 'http://x', io, token: 't', room: 'instructors' });
    last().accept('s1');
    await tick();
    expect(last().emits[0]).toMatchObject({
      event: 'chat:join',
      args: [{ room: 'instructors' }, expect.any(Function)],
    });
    last().ack(null, { ok: false, code: 'FORBIDDEN', error: 'Solo para docentes' });
    await expect(done).resolves.toEqual({
      connection: { outcome: 'connected', socketId: 's1' },
      join: { outcome: 'denied', code: 'FORBIDDEN', error: 'Solo para docentes' },
    });
    expect(last().disconnects).toBe(1);
  });

  it('reports an accepted join with the sizes of its members and history', async () => {
    const { io, last } = fakeIo();
    const done = probeJoin({ baseUrl: 'http://x', io, token: 't', room: 'instructors' });
    last().accept();
    await tick();
    last().ack(null, { ok: true, room: 'instructors', members: [{}, {}], history: [] });
    expect((await done).join).toEqual({
      outcome: 'joined',
      room: 'instructors',
      members: 2,
      history: 0,
    });
  });

  it('does not emit when the handshake is refused', async () => {
    const { io, last } = fakeIo();
    const done = probeJoin({ baseUrl: 'http://x', io, room: 'instructors' });
    last().refuse('no', { code: 'UNAUTHORIZED', message: 'Falta el token' });
    const result = await done;
    expect(result.join).toBeUndefined();
    expect(result.connection.outcome).toBe('refused');
    expect(last().emits).toHaveLength(0);
  });

  it('turns an ack timeout into a timeout outcome', async () => {
    const { io, last } = fakeIo();
    const done = probeJoin({ baseUrl: 'http://x', io, token: 't', room: 'r', timeoutMs: 300 });
    last().accept();
    await tick();
    expect(last().emits[0]!.timeoutMs).toBe(300);
    last().ack(new Error('operation has timed out'));
    expect((await done).join).toEqual({ outcome: 'timeout', afterMs: 300 });
  });
});

describe('untrusted answers', () => {
  it('accepts only the contract codes and bounds the reason', () => {
    expect(toAuthErrorData({ code: 'UNAUTHORIZED', message: 'x' })).toEqual({
      code: 'UNAUTHORIZED',
      message: 'x',
    });
    expect(toAuthErrorData({ code: 'NOPE', message: 'x' })).toBeUndefined();
    expect(toAuthErrorData({ code: 'UNAUTHORIZED' })).toBeUndefined();
    expect(toAuthErrorData(undefined)).toBeUndefined();
    const long = toAuthErrorData({ code: 'TOKEN_EXPIRED', message: 'a'.repeat(10_000) });
    expect(long!.message.length).toBeLessThanOrEqual(501);
  });

  it('maps a malformed join ack to an error', () => {
    expect(joinOutcomeOf(null)).toMatchObject({ outcome: 'error' });
    expect(joinOutcomeOf({ ok: false, code: 'WHATEVER', error: 'x' })).toMatchObject({
      outcome: 'error',
    });
    expect(joinOutcomeOf({ ok: true })).toMatchObject({ outcome: 'error' });
  });
});
