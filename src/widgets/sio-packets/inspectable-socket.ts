import type { ManagerOptions, SocketOptions } from 'socket.io-client';
import { socketIoTarget } from '../../transports/url';
import type { EngineLike, TappableSocket, TransportLike } from './packet-tap';

type Listener = (...args: never[]) => void;

/** The part of a socket.io-client `Socket` the packet inspector drives. */
export interface InspectableSocket extends TappableSocket {
  readonly id: string | undefined;
  readonly connected: boolean;
  /** False once the socket will not reconnect by itself (refused, or closed by us). */
  readonly active: boolean;
  /** Whether the server restored this socket's state after a short disconnection. */
  readonly recovered: boolean | undefined;
  readonly io: TappableSocket['io'] & {
    readonly engine: (EngineLike & { readonly transport: TransportLike & Closable }) | undefined;
    on(event: 'reconnect_attempt', listener: (attempt: number) => void): unknown;
    on(event: 'reconnect_error', listener: (error: Error) => void): unknown;
    off(event: 'reconnect_attempt', listener: (attempt: number) => void): unknown;
    off(event: 'reconnect_error', listener: (error: Error) => void): unknown;
  };
  on(event: string, listener: Listener): unknown;
  off(): unknown;
  emit(event: string, ...args: unknown[]): unknown;
  /** An emit whose acknowledgement callback gets `(error, answer)`, with an error after `ms`. */
  timeout(ms: number): { emit(event: string, ...args: unknown[]): unknown };
  connect(): unknown;
  disconnect(): unknown;
}

interface Closable {
  close(): unknown;
}

/** socket.io-client's `io`, as the inspector calls it. */
export type InspectIo = (
  uri: string,
  options: Partial<ManagerOptions & SocketOptions>,
) => InspectableSocket;

/** socket.io-client's reconnection settings, written out (these are its defaults). */
export const RECONNECTION = {
  reconnectionDelay: 1000,
  reconnectionDelayMax: 5000,
  randomizationFactor: 0.5,
} as const;

/**
 * Opens a socket on the default namespace of the demo server at `serverUrl`, with its own
 * Manager (`forceNew`). `pollingOnly` forbids the upgrade: `transports: ['polling']`.
 */
export function openSocket(io: InspectIo, serverUrl: string, pollingOnly: boolean) {
  const { uri, path } = socketIoTarget(serverUrl);
  return io(uri, {
    path,
    forceNew: true,
    ...RECONNECTION,
    ...(pollingOnly ? { transports: ['polling'] } : {}),
  });
}
