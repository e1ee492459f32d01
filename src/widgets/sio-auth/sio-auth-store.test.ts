import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConnectOutcome, JoinProbeResult } from '../../chat/auth-probe';
import type { ExpiryProbeOptions, ExpiryProbeResult } from '../../chat/expiry-probe';
import { TokenRequestError } from '../../chat/token-client';
import type { TokenRequest, TokenResponse } from '../../protocol';
import { decodeJwt, encodeBase64Url } from './jwt-parts';
import {
  createSioAuthStore,
  EXPIRING_TTL_S,
  EXPIRY_WAIT_MS,
  RENEW_AFTER_MS,
  type SioAuthStore,
} from './sio-auth-store';

/** A token shaped like the server's; its signature is made up. */
function fakeToken(role: 'student' | 'instructor', exp = 9_999_999_999) {
  const header = encodeBase64Url('{"alg":"HS256","typ":"JWT"}');
  const payload = encodeBase64Url(JSON.stringify({ sub: 'u-1', name: 'Ana', role, exp }));
  return `${header}.${payload}.c2lnbmF0dXJl`;
}

/** A promise and the functions to settle it, for fakes answered by hand. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('authentication widget store', () => {
  let now: number;
  let timers: Map<number, { at: number; fn: () => void }>;
  let connects: {
    token: string | undefined;
    answer: ReturnType<typeof deferred<ConnectOutcome>>;
  }[];
  let joins: {
    token: string;
    room: string;
    answer: ReturnType<typeof deferred<JoinProbeResult>>;
  }[];
  let requests: { request: TokenRequest; answer: ReturnType<typeof deferred<TokenResponse>> }[];
  let checks: ReturnType<typeof deferred<void>>[];
  let watches: {
    options: Pick<ExpiryProbeOptions, 'token' | 'watchMs' | 'renew' | 'onEvent'>;
    answer: ReturnType<typeof deferred<ExpiryProbeResult>>;
  }[];
  let refreshes: { token: string; expiresIn: number }[];
  let store: SioAuthStore;

  /** Moves the clock and fires the timers that are due. */
  async function advance(ms: number) {
    now += ms;
    for (const [id, timer] of [...timers].sort((a, b) => a[1].at - b[1].at)) {
      if (timer.at > now) continue;
      timers.delete(id);
      timer.fn();
      await flush();
    }
  }

  beforeEach(() => {
    now = 1_000_000;
    timers = new Map();
    connects = [];
    joins = [];
    requests = [];
    checks = [];
    watches = [];
    refreshes = [];
    let nextTimer = 0;
    store = createSioAuthStore('http://localhost:3001', {
      clock: {
        now: () => now,
        setTimeout: (fn, ms) => {
          timers.set(++nextTimer, { at: now + ms, fn });
          return nextTimer;
        },
        clearTimeout: (handle) => void timers.delete(handle as number),
      },
      probeConnect: (token) => {
        const answer = deferred<ConnectOutcome>();
        connects.push({ token, answer });
        return answer.promise;
      },
      probeJoin: (token, room) => {
        const answer = deferred<JoinProbeResult>();
        joins.push({ token, room, answer });
        return answer.promise;
      },
      requestToken: (request) => {
        const answer = deferred<TokenResponse>();
        requests.push({ request, answer });
        return answer.promise;
      },
      checkServer: () => {
        const answer = deferred<void>();
        checks.push(answer);
        return answer.promise;
      },
      probeExpiry: (options) => {
        const answer = deferred<ExpiryProbeResult>();
        watches.push({ options, answer });
        return answer.promise;
      },
      refreshToken: async (token, expiresIn) => {
        refreshes.push({ token, expiresIn });
        return { token: 'renovado', expiresIn, user: { id: 'u-1', name: 'Ana', role: 'student' } };
      },
    });
    store.start();
  });

  afterEach(() => store.stop());

  /** The server answers the first check, and a student's token is issued. */
  async function withToken(role: 'student' | 'instructor' = 'student') {
    checks[0]!.resolve();
    const done = store.getToken('  Ana ', role === 'instructor' ? 'clave' : '');
    requests.at(-1)!.answer.resolve({
      token: fakeToken(role),
      expiresIn: 3600,
      user: { id: 'u-1', name: 'Ana', role },
    });
    await done;
  }

  /** The server answers token request `i` with `token`, valid `expiresIn` s, for Ana (`id`). */
  function issue(i: number, token: string, expiresIn: number, id = 'u-1') {
    requests[i]!.answer.resolve({ token, expiresIn, user: { id, name: 'Ana', role: 'student' } });
  }

  /** The server refuses connection `i` with `code` and `message`. */
  function refuse(i: number, code: 'UNAUTHORIZED' | 'TOKEN_EXPIRED', message: string) {
    connects[i]!.answer.resolve({ outcome: 'refused', code, message });
  }

  it('rests in idle once the server answers, and goes offline and retries when it does not', async () => {
    expect(store.get().connection).toBe('connecting');
    checks[0]!.reject(new Error('GET /health: Failed to fetch'));
    await flush();
    expect(store.get()).toMatchObject({
      connection: 'offline',
      detail: expect.stringMatching(/health/),
    });
    await advance(3_000);
    expect(checks).toHaveLength(2);
    checks[1]!.resolve();
    await flush();
    expect(store.get().connection).toBe('idle');
    expect(timers.size).toBe(0);
  });

  it('gets a token (trimmed name, no empty instructor key) and keeps its expiry on this clock', async () => {
    await withToken();
    expect(requests[0]!.request).toEqual({ name: 'Ana' });
    const state = store.get();
    expect(state.token).toMatchObject({
      expiresIn: 3600,
      expiresAt: now + 3_600_000,
    });
    expect(state.attempts).toEqual([
      { n: 1, kind: 'token', outcome: 'issued', user: { id: 'u-1', name: 'Ana', role: 'student' } },
    ]);
    expect(state.busy).toBe(false);
  });

  it('sends the instructor key when there is one', async () => {
    checks[0]!.resolve();
    void store.getToken('Profe', ' clave ');
    expect(requests[0]!.request).toEqual({ name: 'Profe', instructorKey: 'clave' });
  });

  it("shows the server's reason when it refuses a token, and offline when there is no answer", async () => {
    checks[0]!.resolve();
    const refused = store.getToken('');
    requests[0]!.answer.reject(
      new TokenRequestError('El servidor no dio el token: name vacío', 400),
    );
    await refused;
    expect(store.get().attempts[0]).toMatchObject({
      outcome: 'error',
      reason: expect.stringMatching(/name vacío/),
    });
    expect(store.get().connection).toBe('idle');

    const down = store.getToken('Ana');
    requests[1]!.answer.reject(new TokenRequestError('Sin conexión con el servidor', 0));
    await down;
    expect(store.get().attempts[1]!.outcome).toBe('unreachable');
    expect(store.get().connection).toBe('offline');
  });

  it('connects with the token and compares socket.id with the previous connection', async () => {
    await withToken();
    const first = store.connectWithToken();
    expect(store.get()).toMatchObject({ busy: true });
    expect(store.get().attempts.at(-1)).toMatchObject({ kind: 'with-token', outcome: 'pending' });
    expect(connects[0]!.token).toBe(fakeToken('student'));
    connects[0]!.answer.resolve({ outcome: 'connected', socketId: 'sock-A' });
    await first;
    const second = store.connectWithToken();
    connects[1]!.answer.resolve({ outcome: 'connected', socketId: 'sock-B' });
    await second;
    expect(store.get().attempts.slice(-2)).toMatchObject([
      { kind: 'with-token', outcome: 'connected', socketId: 'sock-A', user: { id: 'u-1' } },
      { kind: 'with-token', outcome: 'connected', socketId: 'sock-B', previousSocketId: 'sock-A' },
    ]);
  });

  it('connects without a token and shows UNAUTHORIZED with the reason', async () => {
    checks[0]!.resolve();
    const done = store.connectWithoutToken();
    expect(connects[0]!.token).toBeUndefined();
    refuse(0, 'UNAUTHORIZED', 'Falta el token');
    await done;
    expect(store.get().attempts[0]).toMatchObject({
      kind: 'without-token',
      outcome: 'UNAUTHORIZED',
      reason: 'Falta el token',
    });
  });

  it('connects with a tampered token: the role changed, the signature kept', async () => {
    await withToken();
    const done = store.connectTampered();
    const sent = connects[0]!.token!;
    expect(decodeJwt(sent)!.payload.role).toBe('instructor');
    expect(sent.split('.')[2]).toBe(fakeToken('student').split('.')[2]);
    refuse(0, 'UNAUTHORIZED', 'Firma no válida');
    await done;
    expect(store.get().attempts.at(-1)).toMatchObject({
      kind: 'tampered',
      outcome: 'UNAUTHORIZED',
      tamper: { claim: 'role', from: 'student', to: 'instructor' },
    });
  });

  it('asks for a 1-second token, waits until it has expired, then connects', async () => {
    checks[0]!.resolve();
    const done = store.connectExpired('Ana');
    expect(requests[0]!.request).toEqual({ name: 'Ana', expiresIn: 1 });
    const short = fakeToken('student', 1);
    issue(0, short, 1, 'u-2');
    await flush();
    expect(store.get().attempts[0]).toMatchObject({
      kind: 'expired',
      outcome: 'waiting',
      waitUntil: now + EXPIRY_WAIT_MS,
    });
    await advance(EXPIRY_WAIT_MS - 1);
    expect(connects).toHaveLength(0);
    await advance(1);
    expect(connects[0]!.token).toBe(short);
    refuse(0, 'TOKEN_EXPIRED', 'El token caducó');
    await done;
    expect(store.get().attempts[0]).toMatchObject({
      outcome: 'TOKEN_EXPIRED',
      reason: 'El token caducó',
    });
    // The expiry demo does not replace the student's own token.
    expect(store.get().token).toBeUndefined();
  });

  it('joins the instructors room as a student and shows FORBIDDEN with its reason', async () => {
    await withToken();
    const done = store.joinRoom();
    expect(joins[0]).toMatchObject({ token: fakeToken('student'), room: 'instructors' });
    joins[0]!.answer.resolve({
      connection: { outcome: 'connected', socketId: 'sock-C' },
      join: { outcome: 'denied', code: 'FORBIDDEN', error: 'Solo docentes' },
    });
    await done;
    expect(store.get().attempts.at(-1)).toMatchObject({
      kind: 'join',
      room: 'instructors',
      outcome: 'FORBIDDEN',
      reason: 'Solo docentes',
      socketId: 'sock-C',
    });
  });

  it('shows an accepted join with members and history', async () => {
    await withToken('instructor');
    const done = store.joinRoom();
    joins[0]!.answer.resolve({
      connection: { outcome: 'connected', socketId: 's' },
      join: { outcome: 'joined', room: 'instructors', members: 1, history: 3 },
    });
    await done;
    expect(store.get().attempts.at(-1)).toMatchObject({
      outcome: 'joined',
      members: 1,
      history: 3,
    });
  });

  it('runs one attempt at a time and ignores actions that need a token when there is none', async () => {
    checks[0]!.resolve();
    await store.connectWithToken();
    await store.connectTampered();
    await store.joinRoom();
    expect(store.get().attempts).toEqual([]);
    void store.connectWithoutToken();
    void store.connectWithoutToken();
    expect(connects).toHaveLength(1);
    expect(store.get().attempts).toHaveLength(1);
  });

  it('goes offline when a connection finds no server', async () => {
    checks[0]!.resolve();
    const done = store.connectWithoutToken();
    connects[0]!.answer.resolve({ outcome: 'unreachable', message: 'xhr poll error' });
    await done;
    expect(store.get()).toMatchObject({
      connection: 'offline',
      detail: 'xhr poll error',
      busy: false,
    });
    expect(timers.size).toBe(1);
  });

  it('stops its timers on stop, even in the middle of the expiry wait', async () => {
    checks[0]!.resolve();
    void store.connectExpired('Ana');
    issue(0, fakeToken('student', 1), 1, 'u');
    await flush();
    expect(timers.size).toBe(1);
    store.stop();
    expect(timers.size).toBe(0);
  });

  it('watches a 5 s token expire on an open connection: live timeline, then TOKEN_EXPIRED', async () => {
    checks[0]!.resolve();
    const done = store.watchExpiry(' Ana ', false);
    expect(requests[0]!.request).toEqual({ name: 'Ana', expiresIn: EXPIRING_TTL_S });
    issue(0, 'corto', EXPIRING_TTL_S);
    await flush();
    const watch = watches[0]!;
    expect(watch.options).toMatchObject({ token: 'corto', renew: undefined });
    expect(watch.options.watchMs).toBeGreaterThan(EXPIRING_TTL_S * 1000);
    expect(store.get().attempts[0]).toMatchObject({
      kind: 'expiring',
      outcome: 'watching',
      expiresAt: now + EXPIRING_TTL_S * 1000,
    });
    const events = [
      { type: 'connected' as const, at: 3, socketId: 's-1' },
      {
        type: 'expired' as const,
        at: 5_010,
        code: 'TOKEN_EXPIRED',
        message: 'Tu token ha caducado',
      },
      { type: 'disconnected' as const, at: 5_012, reason: 'io server disconnect' },
    ];
    watch.options.onEvent!(events[0]!);
    expect(store.get().attempts[0]!.timeline).toEqual([events[0]]);
    watch.options.onEvent!(events[1]!);
    watch.options.onEvent!(events[2]!);
    watch.answer.resolve({ connection: { outcome: 'connected', socketId: 's-1' }, events });
    await done;
    expect(store.get().attempts[0]).toMatchObject({
      kind: 'expiring',
      outcome: 'TOKEN_EXPIRED',
      reason: 'Tu token ha caducado',
      timeline: events,
    });
    expect(store.get().busy).toBe(false);
  });

  it('the renewing variant refreshes with the short token at 80 % and ends renewed', async () => {
    checks[0]!.resolve();
    const done = store.watchExpiry('Ana', true);
    issue(0, 'corto', EXPIRING_TTL_S);
    await flush();
    const watch = watches[0]!;
    expect(watch.options.renew!.afterMs).toBe(RENEW_AFTER_MS);
    expect(await watch.options.renew!.fresh()).toBe('renovado');
    expect(refreshes).toEqual([{ token: 'corto', expiresIn: EXPIRING_TTL_S }]);
    const renewed = { type: 'renewed' as const, at: 4_000, expiresIn: 5 };
    watch.options.onEvent!(renewed);
    expect(store.get().attempts[0]!.expiresAt).toBe(now + 9_000);
    const events = [
      { type: 'connected' as const, at: 3, socketId: 's-1' },
      renewed,
      { type: 'closed' as const, at: 7_500 },
    ];
    watch.answer.resolve({ connection: { outcome: 'connected', socketId: 's-1' }, events });
    await done;
    expect(store.get().attempts[0]).toMatchObject({ kind: 'renewing', outcome: 'renewed' });
  });

  it('a refused renewal is the attempt’s reason, and a refused handshake is reported as usual', async () => {
    checks[0]!.resolve();
    const first = store.watchExpiry('Ana', true);
    issue(0, 'corto', EXPIRING_TTL_S);
    await flush();
    watches[0]!.answer.resolve({
      connection: { outcome: 'connected', socketId: 's-1' },
      events: [
        { type: 'connected', at: 1, socketId: 's-1' },
        { type: 'renew-refused', at: 4_000, code: 'UNAUTHORIZED', error: 'otro usuario' },
        { type: 'expired', at: 5_000, code: 'TOKEN_EXPIRED', message: 'caducado' },
        { type: 'disconnected', at: 5_001, reason: 'io server disconnect' },
      ],
    });
    await first;
    expect(store.get().attempts[0]).toMatchObject({ outcome: 'TOKEN_EXPIRED', reason: 'caducado' });
    const second = store.watchExpiry('Ana', false);
    issue(1, 'corto', EXPIRING_TTL_S);
    await flush();
    watches[1]!.answer.resolve({
      connection: { outcome: 'refused', code: 'UNAUTHORIZED', message: 'no' },
      events: [],
    });
    await second;
    expect(store.get().attempts[1]).toMatchObject({ outcome: 'UNAUTHORIZED', reason: 'no' });
  });
});
