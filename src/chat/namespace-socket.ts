import type { ManagerOptions, SocketOptions } from 'socket.io-client';
import type { AuthErrorData, ChatAck } from '../protocol';
import { socketIoTarget } from '../transports/url';
import { messageOf } from '../transports/wire';
import { toAck, toAuthErrorData } from './chat-wire';

type Listener = (...args: never[]) => void;

/** A socket.io-client `Socket` on one namespace, as far as the chat clients use it. */
export interface NamespaceSocketLike {
  readonly id: string | undefined;
  readonly connected: boolean;
  /** False once the socket will not reconnect by itself (refused by the server, or closed). */
  readonly active: boolean;
  /** Whether the server restored this socket's state (rooms, missed events) on this connect. */
  readonly recovered: boolean;
  on(event: string, listener: Listener): unknown;
  off(): unknown;
  emit(event: string, ...args: unknown[]): unknown;
  /** `emitWithAck` rejects with "operation has timed out" when no ack comes within `ms`. */
  timeout(ms: number): { emitWithAck(event: string, ...args: unknown[]): Promise<unknown> };
  connect(): unknown;
  disconnect(): unknown;
}

/** socket.io-client's `io`, as the chat clients call it. */
export type NamespaceIo = (
  uri: string,
  options: Partial<ManagerOptions & SocketOptions>,
) => NamespaceSocketLike;

/** What every namespace client needs. */
export interface NamespaceOptions {
  baseUrl: string;
  io: NamespaceIo;
  /** Read on every (re)connection, so a renewed token is used from the next handshake on. */
  getToken: () => string | undefined;
  /** A connection of its own instead of sharing one with the other namespaces (default false). */
  forceNew?: boolean;
  /** How long an emit waits for its acknowledgement (default 5 s). */
  ackTimeoutMs?: number;
}

/** The error socket.io-client gives when an acknowledgement does not come in time. */
export const ACK_TIMEOUT_MESSAGE = 'operation has timed out';

/** An emit whose acknowledgement did not come in time (as opposed to no connection at all). */
export class AckTimeoutError extends Error {
  constructor(event: string, timeoutMs: number) {
    super(`El servidor no respondió a ${event} en ${timeoutMs} ms`);
    this.name = 'AckTimeoutError';
  }
}

/**
 * Opens a socket on `namespace` of the demo server. Sockets of the same server share one
 * Engine.IO connection (the Manager multiplexes namespaces) unless `forceNew`.
 */
export function openNamespace(options: NamespaceOptions, namespace: string): NamespaceSocketLike {
  const { uri, path } = socketIoTarget(options.baseUrl, namespace);
  return options.io(uri, {
    path,
    // A function: socket.io-client calls it before every handshake, reconnections included.
    auth: (callback: (data: object) => void) => callback({ token: options.getToken() ?? '' }),
    autoConnect: false,
    ...(options.forceNew ? { forceNew: true } : {}),
  });
}

/** A refused or failed connection attempt. */
export interface ConnectFailure {
  message: string;
  /** The server's reason when its auth middleware refused the handshake. */
  data?: AuthErrorData;
  /** True when socket.io-client will try again by itself (a network failure, not a refusal). */
  willRetry: boolean;
}

/** A `connect_error` as a failure: the server's reason when it gave one, and whether a retry follows. */
export function connectFailureOf(socket: NamespaceSocketLike, error: unknown): ConnectFailure {
  return {
    message: messageOf(error),
    data: toAuthErrorData((error as { data?: unknown } | null)?.data),
    willRetry: socket.active,
  };
}

/** What `auth:renew` answers: the seconds the renewed connection has left. */
export type RenewAck = ChatAck<{ expiresIn: number }>;

/** The fields of a successful `auth:renew` ack, or null. */
export function renewed(answer: Record<string, unknown>): { expiresIn: number } | null {
  const { expiresIn } = answer;
  return typeof expiresIn === 'number' && Number.isFinite(expiresIn) && expiresIn >= 0
    ? { expiresIn }
    : null;
}

/** Calls `listener` with the checked payload of `auth:expired` (an unreadable one still counts). */
export function onExpired(
  socket: Pick<NamespaceSocketLike, 'on'>,
  listener: (data: AuthErrorData) => void,
) {
  socket.on('auth:expired', (value: unknown) =>
    listener(toAuthErrorData(value) ?? { code: 'TOKEN_EXPIRED', message: 'El token ha caducado.' }),
  );
}

/**
 * `socket.timeout(ms).emitWithAck(…)`, with the answer checked. Without a connection it fails at
 * once: socket.io-client would buffer the emit and send it after reconnecting, maybe long after
 * the student gave up.
 */
export function ackRequester(socket: NamespaceSocketLike, timeoutMs: number) {
  return async <T extends object>(
    event: string,
    payload: object,
    success: (answer: Record<string, unknown>) => T | null,
  ): Promise<ChatAck<T>> => {
    if (!socket.connected) throw new Error('No hay conexión con el servidor');
    let answer: unknown;
    try {
      answer = await socket.timeout(timeoutMs).emitWithAck(event, payload);
    } catch (error) {
      const message = messageOf(error);
      if (message === ACK_TIMEOUT_MESSAGE) throw new AckTimeoutError(event, timeoutMs);
      throw new Error(`${event}: ${message}`);
    }
    return toAck(answer, success);
  };
}
