import { LIMITS, PATHS, type WsAnyServerFrame, type WsClientFrame } from '../protocol';
import { backoffDelay } from './backoff';
import { createClientCore } from './client-core';
import { createHeartbeat } from './heartbeat';
import { createPendingAcks } from './pending-acks';
import type { WebSocketLike } from './platform';
import { wsUrl } from './url';
import type {
  CloseInfo,
  WebSocketClient,
  WebSocketClientEvents,
  WebSocketOptions,
} from './websocket-types';
import { messageOf, parseJson, seconds, toEnvelope } from './wire';

const OPEN = 1;
/** Close code the client uses when it gives up on a silent server (4000-4999: private use). */
export const HEARTBEAT_CLOSE_CODE = 4000;

// Never null: the `ws` package turns an `error` event with no listener into a crash.
const noop = () => {};

/**
 * Raw WebSocket on `/ws`: subscribe, then JSON frames. Reconnection with full-jitter backoff
 * is written out here (the browser does none); attempts reset once a subscribe succeeds.
 */
export function createWebSocketClient(options: WebSocketOptions): WebSocketClient {
  const { baseUrl, channel, WebSocket, clock, inspect, heartbeatMs = 15_000 } = options;
  const backoff = { baseMs: 1_000, maxMs: 30_000, ...options.backoff, random: clock.random };
  const url = wsUrl(baseUrl, PATHS.websocket, { ...options.query, inspect });
  const core = createClientCore<WebSocketClientEvents>();
  const pending = createPendingAcks(clock, options.publishTimeoutMs ?? 5_000);
  const heartbeat = createHeartbeat({
    clock,
    intervalMs: heartbeatMs,
    // A socket already closing cannot send; the ping still counts as unanswered.
    ping: (t) => {
      if (socket?.readyState === OPEN) send({ type: 'ping', t });
    },
    onDead: () =>
      abandon({ code: HEARTBEAT_CLOSE_CODE, reason: 'sin respuesta a 2 pings', wasClean: false }),
  });
  let running = false;
  let socket: WebSocketLike | null = null;
  let subscribed = false;
  let attempts = 0;
  let retryTimer: unknown;
  let lastClose: CloseInfo | undefined;
  let lastRttMs: number | undefined;

  function connect(): void {
    retryTimer = undefined;
    core.setState('connecting', attempts > 0 ? `Reintento ${attempts}` : undefined);
    let ws: WebSocketLike;
    try {
      ws = new WebSocket(url);
    } catch (error) {
      // A bad URL, or ws: from an https page (mixed content): retrying cannot fix either.
      return refuse(`No se puede abrir ${url}: ${messageOf(error)}`);
    }
    socket = ws;
    subscribed = false;
    ws.onopen = () => {
      if (socket !== ws) return;
      send({ type: 'subscribe', channel });
      heartbeat.start();
    };
    ws.onmessage = (event: { data: unknown }) => {
      if (socket !== ws || typeof event.data !== 'string') return;
      const frame = parseJson(event.data) as WsAnyServerFrame | undefined;
      if (frame && typeof frame === 'object') onFrame(frame);
    };
    ws.onclose = (event: CloseInfo) => {
      if (socket !== ws) return;
      closed({ code: event.code, reason: event.reason, wasClean: event.wasClean });
    };
    ws.onerror = noop; // a close event always follows
  }

  function onFrame(frame: WsAnyServerFrame): void {
    switch (frame.type) {
      case 'subscribed':
        if (frame.channel !== channel) return;
        subscribed = true;
        attempts = 0;
        return core.setState('connected');
      case 'message': {
        const envelope = toEnvelope(frame.message);
        if (envelope) {
          core.events.emit('message', { envelope, receivedAt: clock.now(), replayed: false });
        }
        return;
      }
      case 'published': {
        const envelope = toEnvelope(frame.message);
        if (frame.ref !== undefined && envelope) pending.resolve(frame.ref, envelope);
        return;
      }
      case 'error':
        if (frame.ref !== undefined && pending.reject(frame.ref, new Error(frame.message))) return;
        // Before `subscribed`, an error answers the subscribe: the channel is refused for good.
        if (!subscribed) return refuse(frame.message);
        return core.events.emit('serverError', frame.message);
      case 'pong':
        lastRttMs = heartbeat.pong(frame.t);
        return core.events.emit('rtt', lastRttMs);
      case 'handshake':
        return core.events.emit('handshake', frame.handshake);
      case 'frame':
        return core.events.emit('frame', frame.frame);
    }
  }

  /** Forgets the current socket: no more events from it, closed if still open. */
  function release(code: number, reason: string): void {
    heartbeat.stop();
    const ws = socket;
    socket = null;
    subscribed = false;
    if (!ws) return;
    ws.onopen = ws.onmessage = ws.onclose = ws.onerror = noop;
    try {
      ws.close(code, reason);
    } catch {
      // Already closing, or a platform that refuses the code: the socket is gone either way.
    }
  }

  function closed(info: CloseInfo): void {
    release(1000, '');
    lastClose = info;
    pending.rejectAll(new Error(`Conexión cerrada (código ${info.code})`));
    core.events.emit('close', info);
    if (!running || socket !== null) return;
    attempts += 1;
    const delayMs = backoffDelay(attempts - 1, backoff);
    core.events.emit('reconnect', { attempt: attempts, delayMs, at: clock.now() });
    if (!running || socket !== null) return;
    const why = `Conexión cerrada (código ${info.code}${info.reason ? `: ${info.reason}` : ''})`;
    core.setState('offline', `${why}. Reintento ${attempts} en ${seconds(delayMs)}`);
    retryTimer = clock.setTimeout(connect, delayMs);
  }

  /** The peer went silent: close on our side and reconnect without waiting for a close event. */
  function abandon(info: CloseInfo): void {
    release(info.code, info.reason);
    closed(info);
  }

  function refuse(message: string): void {
    running = false;
    release(1000, 'canal rechazado');
    pending.rejectAll(new Error(message));
    core.setState('error', message);
  }

  function send(frame: WsClientFrame): void {
    sendRaw(JSON.stringify(frame));
  }

  function sendRaw(text: string): void {
    if (!socket || socket.readyState !== OPEN) {
      throw new Error('No hay una conexión WebSocket abierta');
    }
    socket.send(text);
  }

  return {
    transport: 'websocket',
    url,
    get state() {
      return core.state;
    },
    get detail() {
      return core.detail;
    },
    get bufferedAmount() {
      return socket?.bufferedAmount ?? 0;
    },
    get lastClose() {
      return lastClose;
    },
    get lastRttMs() {
      return lastRttMs;
    },
    start() {
      if (running) return;
      running = true;
      attempts = 0;
      connect();
    },
    stop() {
      running = false;
      if (retryTimer !== undefined) clock.clearTimeout(retryTimer);
      retryTimer = undefined;
      release(1000, 'cliente detenido');
      pending.rejectAll(new Error('Cliente detenido'));
      core.setState('idle');
    },
    publish(data) {
      const { ref, promise } = pending.add();
      try {
        const text = JSON.stringify({
          type: 'publish',
          channel,
          data,
          ref,
        } satisfies WsClientFrame);
        // Fail early: the server would close the whole connection (1009) for a frame this big.
        const bytes = new TextEncoder().encode(text).length;
        if (bytes > LIMITS.maxMessageBytes) {
          throw new Error(
            `El mensaje ocupa ${bytes} bytes; el máximo es ${LIMITS.maxMessageBytes}`,
          );
        }
        sendRaw(text);
      } catch (error) {
        pending.reject(ref, new Error(messageOf(error)));
      }
      return promise;
    },
    drop: (code) => send({ type: 'drop', code }),
    sendRaw,
    on: core.events.on,
  };
}
