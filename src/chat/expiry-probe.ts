import { messageOf } from '../transports/wire';
import {
  closeProbe,
  DEFAULT_TIMEOUT_MS,
  GLOBAL_TIMERS,
  handshake,
  openChatSocket,
  type ConnectOutcome,
  type ProbeOptions,
} from './auth-probe';
import { onExpired, renewed } from './namespace-socket';
import { bounded, toAck } from './chat-wire';

/** Something that happened on a watched connection; `at` is ms since the probe started. */
export type ExpiryEvent =
  | { type: 'connected'; at: number; socketId: string }
  | { type: 'renewed'; at: number; expiresIn: number }
  | { type: 'renew-refused'; at: number; code: string; error: string }
  | { type: 'renew-failed'; at: number; message: string }
  | { type: 'expired'; at: number; code: string; message: string }
  | { type: 'disconnected'; at: number; reason: string }
  /** The probe closed the connection itself, at the end of the watch. */
  | { type: 'closed'; at: number };

/** Options of an expiry probe. */
export interface ExpiryProbeOptions extends ProbeOptions {
  token: string;
  /** How long to keep the connection open unless the server cuts it first. */
  watchMs: number;
  /** Renew in place once, `afterMs` after connecting, with the token `fresh()` gets. */
  renew?: { afterMs: number; fresh: () => Promise<string> };
  /** Each event as it happens (the widget shows them live). */
  onEvent?: (event: ExpiryEvent) => void;
  now?: () => number;
}

/** How a watched connection went: the handshake's answer and everything after it. */
export interface ExpiryProbeResult {
  connection: ConnectOutcome;
  events: ExpiryEvent[];
}

/**
 * Connects to `/chat` with a short-lived token and keeps the connection open, to watch what the
 * server does at the token's `exp` (`auth:expired`, then a disconnect) or, with `renew`, how
 * `auth:renew` keeps it open. Ends when the server disconnects or after `watchMs`.
 */
export async function probeExpiry(options: ExpiryProbeOptions): Promise<ExpiryProbeResult> {
  const timers = options.timers ?? GLOBAL_TIMERS;
  const now = options.now ?? Date.now;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const started = now();
  const events: ExpiryEvent[] = [];
  const record = (event: ExpiryEvent) => {
    events.push(event);
    options.onEvent?.(event);
  };
  const at = () => Math.max(0, Math.round(now() - started));
  const socket = openChatSocket(options);
  const pending = new Set<unknown>();
  try {
    const connection = await handshake(socket, timeoutMs, timers);
    if (connection.outcome !== 'connected') return { connection, events };
    record({ type: 'connected', at: at(), socketId: connection.socketId });
    await new Promise<void>((resolve) => {
      const later = (fn: () => void, ms: number) => {
        const handle = timers.setTimeout(() => {
          pending.delete(handle);
          fn();
        }, ms);
        pending.add(handle);
      };
      onExpired(socket, ({ code, message }) =>
        record({ type: 'expired', at: at(), code, message }),
      );
      socket.on('disconnect', (reason: string) => {
        record({ type: 'disconnected', at: at(), reason: bounded(String(reason)) });
        resolve();
      });
      later(() => {
        record({ type: 'closed', at: at() });
        resolve();
      }, options.watchMs);
      const renew = options.renew;
      if (renew) later(() => void renewOnce(renew.fresh), renew.afterMs);
    });
    return { connection, events };
  } finally {
    for (const handle of pending) timers.clearTimeout(handle);
    closeProbe(socket);
  }

  async function renewOnce(fresh: () => Promise<string>) {
    let token: string;
    try {
      token = await fresh();
    } catch (error) {
      return record({ type: 'renew-failed', at: at(), message: bounded(messageOf(error)) });
    }
    if (!socket.connected) return;
    socket
      .timeout(timeoutMs)
      .emit('auth:renew', { token }, (error: Error | null, answer?: unknown) => {
        if (error)
          return record({ type: 'renew-failed', at: at(), message: bounded(error.message) });
        const ack = toAck(answer, renewed);
        if (ack.ok) record({ type: 'renewed', at: at(), expiresIn: ack.expiresIn });
        else record({ type: 'renew-refused', at: at(), code: ack.code, error: bounded(ack.error) });
      });
  }
}
