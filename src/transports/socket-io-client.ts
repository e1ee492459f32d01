import { createClientCore } from './client-core';
import { createPendingAcks } from './pending-acks';
import type { IoFunction, SocketIoSocketLike } from './platform';
import type { Clock, TransportClient } from './types';
import { definedParams, socketIoTarget, type QueryParams } from './url';
import { messageOf, toEnvelope } from './wire';

/** Options of the Socket.IO client. */
export interface SocketIoOptions {
  baseUrl: string;
  channel: string;
  /** socket.io-client's `io`. */
  io: IoFunction;
  clock: Clock;
  /** Transports Socket.IO may use, in order (default: its own, polling then WebSocket). */
  transports?: ('polling' | 'websocket' | 'webtransport')[];
  /** How long a publish waits for its acknowledgement (default 5 s). */
  publishTimeoutMs?: number;
  /** Extra query parameters on every request this client makes (the race tags its lanes with `race`). */
  query?: QueryParams;
}

/** The Socket.IO client. */
export interface SocketIoClient extends TransportClient {
  readonly transport: 'socket-io';
  readonly detail: string | undefined;
}

/**
 * Socket.IO: the library reconnects by itself (with its own backoff), so this client only
 * subscribes again on every `connect` and translates the library's events into states.
 * Each client gets its own connection (`forceNew`), so stopping one never closes another's.
 */
export function createSocketIoClient(options: SocketIoOptions): SocketIoClient {
  const { baseUrl, channel, io, clock, transports } = options;
  const core = createClientCore();
  const pending = createPendingAcks(clock, options.publishTimeoutMs ?? 5_000);
  let socket: SocketIoSocketLike | null = null;
  // Removes the current socket's listeners and disconnects it.
  let release = () => {};

  function open(): void {
    // The default namespace; any path prefix of the server goes into `path`.
    const { uri, path } = socketIoTarget(baseUrl);
    const s = io(uri, {
      path,
      reconnection: true,
      forceNew: true,
      ...(transports ? { transports } : {}),
      ...(options.query ? { query: definedParams(options.query) } : {}),
    });
    socket = s;
    const current = () => socket === s;
    const onReconnectAttempt = (attempt: number) => {
      if (current()) core.setState('connecting', `Reintento ${attempt}`);
    };
    s.io.on('reconnect_attempt', onReconnectAttempt);
    s.on('connect', () => {
      if (!current()) return;
      core.setState('connecting', 'Suscribiendo al canal');
      s.emit('subscribe', { channel }, (ack) => {
        if (!current()) return;
        if (ack.ok) core.setState('connected');
        else refuse(ack.error);
      });
    });
    s.on('message', (message) => {
      const envelope = toEnvelope(message);
      if (current() && envelope) {
        core.events.emit('message', { envelope, receivedAt: clock.now(), replayed: false });
      }
    });
    s.on('disconnect', (reason) => {
      if (!current()) return;
      pending.rejectAll(new Error(`Conexión cerrada (${reason})`));
      // After a server-side disconnect Socket.IO does not reconnect unless asked to.
      if (reason === 'io server disconnect') s.connect();
      core.setState('offline', `Desconectado (${reason}); Socket.IO reintentará`);
    });
    s.on('connect_error', (error) => {
      if (!current()) return;
      const message = messageOf(error);
      // `active` false: the server refused this socket and Socket.IO will not retry.
      if (/origin/i.test(message) || !s.active) return refuse(message);
      core.setState('offline', `No se puede conectar (${message}); Socket.IO reintentará`);
    });
    release = () => {
      s.io.off('reconnect_attempt', onReconnectAttempt);
      s.off();
      s.disconnect();
    };
  }

  function close(): void {
    socket = null;
    release();
    release = () => {};
  }

  function refuse(message: string): void {
    close();
    pending.rejectAll(new Error(message));
    core.setState('error', message);
  }

  return {
    transport: 'socket-io',
    get state() {
      return core.state;
    },
    get detail() {
      return core.detail;
    },
    start() {
      if (socket) return;
      core.setState('connecting');
      open();
    },
    stop() {
      close();
      pending.rejectAll(new Error('Cliente detenido'));
      core.setState('idle');
    },
    publish(data) {
      const { ref, promise } = pending.add();
      if (!socket?.connected) {
        // Socket.IO would buffer it and send it after reconnecting, maybe after the caller gave up.
        pending.reject(ref, new Error('No hay una conexión Socket.IO abierta'));
        return promise;
      }
      socket.emit('publish', { channel, data }, (ack) => {
        const envelope = ack.ok ? toEnvelope(ack.message) : null;
        if (envelope) pending.resolve(ref, envelope);
        else
          pending.reject(ref, new Error(ack.ok ? 'Respuesta no válida del servidor' : ack.error));
      });
      return promise;
    },
    on: core.events.on,
  };
}
