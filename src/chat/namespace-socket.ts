import type { ManagerOptions, SocketOptions } from 'socket.io-client';
import { socketIoTarget } from '../transports/url';

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
