import type { ManagerOptions, SocketOptions } from 'socket.io-client';
import { CHAT_PATHS, type AuthErrorCode, type ChatErrorCode } from '../protocol';
import { socketIoTarget } from '../transports/url';
import { bounded, isChatErrorCode, toAuthErrorData } from './chat-wire';
import { ACK_TIMEOUT_MESSAGE } from './namespace-socket';

type Listener = (...args: never[]) => void;

/** The part of a socket.io-client `Socket` a probe drives. */
export interface ProbeSocket {
  readonly id: string | undefined;
  readonly connected: boolean;
  /** False once the socket will not reconnect by itself (the server refused it, or closed). */
  readonly active: boolean;
  on(event: string, listener: Listener): unknown;
  off(): unknown;
  disconnect(): unknown;
  /** An emit whose acknowledgement callback gets `(error, answer)`, with an error after `ms`. */
  timeout(ms: number): { emit(event: string, ...args: unknown[]): unknown };
}

/** socket.io-client's `io`, as a probe calls it. */
export type ProbeIo = (
  uri: string,
  options: Partial<ManagerOptions & SocketOptions>,
) => ProbeSocket;

/** Timers, injected by tests. */
export interface ProbeTimers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** Options of one probe. */
export interface ProbeOptions {
  /** The demo server, e.g. `http://localhost:3001` or `https://example.org/demo/`. */
  baseUrl: string;
  io: ProbeIo;
  /** The JWT to send as `auth: { token }`; undefined sends no `auth` at all. */
  token?: string;
  /** How long to wait for the server's answer (default 5 s). */
  timeoutMs?: number;
  timers?: ProbeTimers;
}

/**
 * How a connection attempt to `/chat` ended. `refused`: the server's auth middleware said no,
 * with its code and reason. `error`: refused without the contract's reason (e.g. "Invalid
 * namespace"). `unreachable`: the transport failed (no server). `timeout`: no answer in time.
 */
export type ConnectOutcome =
  | { outcome: 'connected'; socketId: string }
  | { outcome: 'refused'; code: AuthErrorCode; message: string }
  | { outcome: 'error'; message: string }
  | { outcome: 'unreachable'; message: string }
  | { outcome: 'timeout'; afterMs: number };

/** How a `chat:join` ended: the server's acknowledgement, or why there was none. */
export type JoinOutcome =
  | { outcome: 'joined'; room: string; members: number; history: number }
  | { outcome: 'denied'; code: ChatErrorCode; error: string }
  | { outcome: 'error'; message: string }
  | { outcome: 'timeout'; afterMs: number };

/** A join probe: the connection, and the join's answer when the connection was accepted. */
export interface JoinProbeResult {
  connection: ConnectOutcome;
  join?: JoinOutcome;
}

/** How long a probe waits for an answer unless told otherwise. */
export const DEFAULT_TIMEOUT_MS = 5_000;
/** The global timers, for probes not given any. */
export const GLOBAL_TIMERS: ProbeTimers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** The acknowledgement of `chat:join` as an outcome; anything off-contract is an `error`. */
export function joinOutcomeOf(answer: unknown): JoinOutcome {
  if (typeof answer !== 'object' || answer === null)
    return { outcome: 'error', message: 'Respuesta no válida del servidor' };
  const a = answer as Record<string, unknown>;
  if (a.ok === true && typeof a.room === 'string') {
    const count = (list: unknown) => (Array.isArray(list) ? list.length : 0);
    return {
      outcome: 'joined',
      room: bounded(a.room),
      members: count(a.members),
      history: count(a.history),
    };
  }
  if (a.ok === false && isChatErrorCode(a.code) && typeof a.error === 'string')
    return { outcome: 'denied', code: a.code, error: bounded(a.error) };
  return { outcome: 'error', message: 'Respuesta no válida del servidor' };
}

/** A socket on the `/chat` namespace of `baseUrl`: its own Manager, WebSocket only, no reconnection. */
export function openChatSocket(options: ProbeOptions): ProbeSocket {
  const { uri, path } = socketIoTarget(options.baseUrl, CHAT_PATHS.chatNamespace);
  return options.io(uri, {
    path,
    forceNew: true,
    // One attempt, one answer: a refused handshake is what the student came to see.
    reconnection: false,
    // WebSocket straight away: the probe closes as soon as the server answers, and closing a
    // polling session mid-poll leaves a GET that the server answers 400 (a browser console error).
    transports: ['websocket'],
    ...(options.token === undefined ? {} : { auth: { token: options.token } }),
  });
}

/** Waits for the first answer to a socket's handshake. */
export function handshake(socket: ProbeSocket, timeoutMs: number, timers: ProbeTimers) {
  return new Promise<ConnectOutcome>((resolve) => {
    const timer = timers.setTimeout(
      () => resolve({ outcome: 'timeout', afterMs: timeoutMs }),
      timeoutMs,
    );
    const settle = (outcome: ConnectOutcome) => {
      timers.clearTimeout(timer);
      resolve(outcome);
    };
    socket.on('connect', () => settle({ outcome: 'connected', socketId: socket.id ?? '' }));
    socket.on('connect_error', (error: Error & { data?: unknown }) => {
      const data = toAuthErrorData(error?.data);
      const message = bounded(error?.message ?? String(error));
      if (data) settle({ outcome: 'refused', ...data });
      else if (socket.active) settle({ outcome: 'unreachable', message });
      else settle({ outcome: 'error', message });
    });
  });
}

/** Removes the probe's listeners and disconnects. */
export function closeProbe(socket: ProbeSocket): void {
  socket.off();
  socket.disconnect();
}

/**
 * Tries to connect to `/chat` with `token` (or none) and reports how the server answered, then
 * disconnects: the connection itself is not the point, its acceptance or refusal is.
 */
export async function probeConnect(options: ProbeOptions): Promise<ConnectOutcome> {
  const socket = openChatSocket(options);
  try {
    return await handshake(
      socket,
      options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      options.timers ?? GLOBAL_TIMERS,
    );
  } finally {
    closeProbe(socket);
  }
}

/**
 * Connects with `token`, emits `chat:join` for `room` and reports the acknowledgement (authorization
 * per room: the connection may be accepted and the join refused), then disconnects.
 */
export async function probeJoin(
  options: ProbeOptions & { room: string },
): Promise<JoinProbeResult> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const timers = options.timers ?? GLOBAL_TIMERS;
  const socket = openChatSocket(options);
  try {
    const connection = await handshake(socket, timeoutMs, timers);
    if (connection.outcome !== 'connected') return { connection };
    const join = await new Promise<JoinOutcome>((resolve) => {
      socket
        .timeout(timeoutMs)
        .emit('chat:join', { room: options.room }, (error: Error | null, answer?: unknown) => {
          if (!error) resolve(joinOutcomeOf(answer));
          else if (error.message === ACK_TIMEOUT_MESSAGE)
            resolve({ outcome: 'timeout', afterMs: timeoutMs });
          else resolve({ outcome: 'error', message: bounded(error.message) });
        });
    });
    return { connection, join };
  } finally {
    closeProbe(socket);
  }
}
