import {
  probeConnect,
  probeJoin,
  type ConnectOutcome,
  type JoinProbeResult,
  type ProbeIo,
} from '../../chat/auth-probe';
import {
  probeExpiry,
  type ExpiryProbeOptions,
  type ExpiryProbeResult,
} from '../../chat/expiry-probe';
import { refreshToken, requestToken, TokenRequestError } from '../../chat/token-client';
import {
  CHAT_LIMITS,
  INSTRUCTORS_ROOM,
  PATHS,
  type TokenRequest,
  type TokenResponse,
} from '../../protocol';
import { systemClock, type Clock } from '../../transports';
import { httpUrl } from '../../transports/url';
import { messageOf } from '../../transports/wire';
import { createStore, type Store } from '../shared/store';
import { tamperJwt } from './jwt-parts';
import {
  connectPatch,
  expiryPatch,
  INITIAL_STATE,
  joinPatch,
  lastSocketId,
  withAttempt,
  withSettled,
  type Attempt,
  type AttemptKind,
  type SioAuthState,
} from './sio-auth-state';

export type { Attempt, AttemptKind, AttemptOutcome, SioAuthState } from './sio-auth-state';

/** How long the expiry demo waits after receiving a 1-second token: past its `exp` for sure. */
export const EXPIRY_WAIT_MS = 2_000;

/** Lifetime of the token the "Conexión que caduca" step connects with, in seconds. */
export const EXPIRING_TTL_S = 5;
/** The renewing variant renews at 80 % of that lifetime, like the chat widget. */
export const RENEW_AFTER_MS = EXPIRING_TTL_S * 800;
/** How long past the first token's lifetime the renewing variant stays to show it is still open. */
const WATCH_PAST_EXP_MS = 2_500;

/** The widget's store: one attempt at a time, each one a fresh connection. */
export interface SioAuthStore extends Store<SioAuthState> {
  start(): void;
  stop(): void;
  /** POST /auth/token; with the right instructor key, the token carries the instructor role. */
  getToken(name: string, instructorKey?: string): Promise<void>;
  connectWithToken(): Promise<void>;
  connectWithoutToken(): Promise<void>;
  /** Connects with the current token, its `role` claim changed and its signature kept. */
  connectTampered(): Promise<void>;
  /** Gets a 1-second token for `name`, waits until it has expired, connects with it. */
  connectExpired(name: string): Promise<void>;
  /**
   * Connects with a 5-second token for `name` and keeps the connection open: without `renew`, the
   * server cuts it at exp (auth:expired, then "io server disconnect"); with it, POST /auth/refresh
   * and auth:renew at 4 s keep it open past the first exp.
   */
  watchExpiry(name: string, renew: boolean): Promise<void>;
  /** As the current token's user, tries `chat:join` of `room` (default: the instructors'). */
  joinRoom(room?: string): Promise<void>;
  clearAttempts(): void;
}

/** What the store talks to; tests pass fakes, the browser gets the defaults. */
export interface SioAuthDeps {
  probeConnect?: (token: string | undefined) => Promise<ConnectOutcome>;
  probeJoin?: (token: string, room: string) => Promise<JoinProbeResult>;
  requestToken?: (request: TokenRequest) => Promise<TokenResponse>;
  /** POST /auth/refresh with `token`, for a token of `expiresIn` seconds. */
  refreshToken?: (token: string, expiresIn: number) => Promise<TokenResponse>;
  probeExpiry?: (
    options: Pick<ExpiryProbeOptions, 'token' | 'watchMs' | 'renew' | 'onEvent'>,
  ) => Promise<ExpiryProbeResult>;
  /** Resolves when the demo server answers at all. */
  checkServer?: () => Promise<void>;
  clock?: Pick<Clock, 'now' | 'setTimeout' | 'clearTimeout'>;
  /** While offline, check the server again this often (default 3 s). */
  retryEveryMs?: number;
}

/** Creates the store for the demo server at `serverUrl`. */
export function createSioAuthStore(serverUrl: string, deps: SioAuthDeps = {}): SioAuthStore {
  const clock = deps.clock ?? systemClock;
  const retryEveryMs = deps.retryEveryMs ?? 3_000;
  const real = realDeps(serverUrl, clock);
  const connect = deps.probeConnect ?? real.probeConnect;
  const join = deps.probeJoin ?? real.probeJoin;
  const issue = deps.requestToken ?? real.requestToken;
  const refresh = deps.refreshToken ?? real.refreshToken;
  const watch = deps.probeExpiry ?? real.probeExpiry;
  const check = deps.checkServer ?? real.checkServer;
  const store = createStore<SioAuthState>(INITIAL_STATE);
  const timers = new Set<unknown>();
  let alive = false;
  let seq = 0;

  function later(fn: () => void, ms: number): void {
    const handle = clock.setTimeout(() => {
      timers.delete(handle);
      fn();
    }, ms);
    timers.add(handle);
  }

  async function checkNow(): Promise<void> {
    try {
      await check();
      if (alive && store.get().connection !== 'idle')
        store.set({ connection: 'idle', detail: undefined });
    } catch (error) {
      if (alive) goOffline(messageOf(error));
    }
  }

  function goOffline(detail: string | undefined): void {
    const wasOffline = store.get().connection === 'offline';
    store.set({ connection: 'offline', detail });
    if (!wasOffline) later(retry, retryEveryMs);
  }

  function retry(): void {
    void checkNow().then(() => {
      if (alive && store.get().connection === 'offline') later(retry, retryEveryMs);
    });
  }

  /** Runs one attempt: listed at once as pending, settled with what `work` returns. */
  async function attempt(
    kind: AttemptKind,
    init: Partial<Attempt>,
    work: (n: number) => Promise<Partial<Attempt>>,
  ): Promise<void> {
    if (!alive || store.get().busy) return;
    const n = ++seq;
    store.set((s) => ({
      busy: true,
      ...withAttempt(s, { n, kind, outcome: 'pending', ...init }),
    }));
    let patch: Partial<Attempt>;
    try {
      patch = await work(n);
    } catch (error) {
      const unreachable = error instanceof TokenRequestError && error.status === 0;
      patch = { outcome: unreachable ? 'unreachable' : 'error', reason: messageOf(error) };
    }
    if (!alive) return;
    store.set((s) => ({ busy: false, ...withSettled(s, n, patch) }));
    if (patch.outcome === 'unreachable') goOffline(patch.reason);
    else if (store.get().connection !== 'idle')
      store.set({ connection: 'idle', detail: undefined });
  }

  function currentToken() {
    return store.get().token;
  }

  const sleep = (ms: number) => new Promise<void>((resolve) => later(resolve, ms));

  return {
    ...store,
    start() {
      alive = true;
      void checkNow();
    },
    stop() {
      alive = false;
      for (const handle of timers) clock.clearTimeout(handle);
      timers.clear();
    },
    getToken(name, instructorKey) {
      return attempt('token', {}, async () => {
        const key = instructorKey?.trim();
        const answer = await issue({ name: name.trim(), ...(key ? { instructorKey: key } : {}) });
        store.set({ token: { ...answer, expiresAt: clock.now() + answer.expiresIn * 1000 } });
        return { outcome: 'issued', user: answer.user };
      });
    },
    connectWithToken() {
      const token = currentToken();
      if (!token) return Promise.resolve();
      const previousSocketId = lastSocketId(store.get());
      return attempt('with-token', { user: token.user, previousSocketId }, async () =>
        connectPatch(await connect(token.token)),
      );
    },
    connectWithoutToken() {
      return attempt('without-token', {}, async () => connectPatch(await connect(undefined)));
    },
    connectTampered() {
      const token = currentToken();
      const tamper = token && tamperJwt(token.token);
      if (!token || !tamper) return Promise.resolve();
      return attempt('tampered', { user: token.user, tamper }, async () =>
        connectPatch(await connect(tamper.token)),
      );
    },
    connectExpired(name) {
      return attempt('expired', {}, async (n) => {
        const answer = await issue({
          name: name.trim(),
          expiresIn: CHAT_LIMITS.minTokenTtlSeconds,
        });
        const waitUntil = clock.now() + EXPIRY_WAIT_MS;
        store.set((s) => withSettled(s, n, { outcome: 'waiting', user: answer.user, waitUntil }));
        await sleep(EXPIRY_WAIT_MS);
        return connectPatch(await connect(answer.token));
      });
    },
    watchExpiry(name, renew) {
      return attempt(renew ? 'renewing' : 'expiring', {}, async (n) => {
        const answer = await issue({ name: name.trim(), expiresIn: EXPIRING_TTL_S });
        const lifeMs = answer.expiresIn * 1000;
        const start = clock.now();
        const patch = (p: Partial<Attempt>) => store.set((s) => withSettled(s, n, p));
        const timeline = () => store.get().attempts.find((a) => a.n === n)?.timeline ?? [];
        patch({ outcome: 'watching', user: answer.user, expiresAt: start + lifeMs, timeline: [] });
        const result = await watch({
          token: answer.token,
          // The server cuts at exp, which it rounds up to the next whole second.
          watchMs: renew ? lifeMs + WATCH_PAST_EXP_MS : lifeMs + 3_000,
          renew: renew
            ? {
                afterMs: RENEW_AFTER_MS,
                fresh: async () => (await refresh(answer.token, EXPIRING_TTL_S)).token,
              }
            : undefined,
          onEvent: (event) => {
            if (!alive) return;
            const expiresAt =
              event.type === 'renewed' ? start + event.at + event.expiresIn * 1000 : undefined;
            patch({ timeline: [...timeline(), event], ...(expiresAt ? { expiresAt } : {}) });
          },
        });
        return expiryPatch(result);
      });
    },
    joinRoom(room = INSTRUCTORS_ROOM) {
      const token = currentToken();
      if (!token) return Promise.resolve();
      const previousSocketId = lastSocketId(store.get());
      return attempt('join', { user: token.user, room, previousSocketId }, async () =>
        joinPatch(await join(token.token, room)),
      );
    },
    clearAttempts() {
      store.set({ attempts: [] });
    },
  };
}

/** The real probes: socket.io-client loaded on first use, so the page does not pay for it before. */
function realDeps(serverUrl: string, clock: Pick<Clock, 'now' | 'setTimeout' | 'clearTimeout'>) {
  const loadIo = async (): Promise<ProbeIo> => {
    const { io } = await import('socket.io-client');
    return (uri, options) => io(uri, options);
  };
  return {
    probeConnect: async (token: string | undefined) =>
      probeConnect({ baseUrl: serverUrl, io: await loadIo(), token, timers: clock }),
    probeJoin: async (token: string, room: string) =>
      probeJoin({ baseUrl: serverUrl, io: await loadIo(), token, room, timers: clock }),
    requestToken: (request: TokenRequest) =>
      requestToken(serverUrl, request, (url, init) => globalThis.fetch(url, init)),
    refreshToken: (token: string, expiresIn: number) =>
      refreshToken(serverUrl, token, (url, init) => globalThis.fetch(url, init), expiresIn),
    probeExpiry: async (
      options: Pick<ExpiryProbeOptions, 'token' | 'watchMs' | 'renew' | 'onEvent'>,
    ) =>
      probeExpiry({
        ...options,
        baseUrl: serverUrl,
        io: await loadIo(),
        timers: clock,
        now: () => clock.now(),
      }),
    checkServer: async () => {
      let response: Response;
      try {
        response = await globalThis.fetch(httpUrl(serverUrl, PATHS.health));
      } catch (error) {
        throw new Error(`GET ${PATHS.health}: ${messageOf(error)}`);
      }
      if (!response.ok) throw new Error(`GET ${PATHS.health}: HTTP ${response.status}`);
    },
  };
}
