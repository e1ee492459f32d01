import type { DropCode, Envelope } from '../../protocol';
import {
  createWebSocketClient,
  estimateClockOffset,
  systemClock,
  type CloseInfo,
  type ConnectionState,
  type ReconnectRecord,
  type WebSocketClient,
} from '../../transports';
import { browserDeps } from '../shared/browser-deps';
import { appendLog, type LogEntry } from '../shared/event-log';
import type { ShownMessage } from '../shared/MessageList';
import { appendBounded, createStore, type Store } from '../shared/store';
import { runBurst, type BurstResult } from './burst';

/** Small backoff so a student sees the attempts: ceilings 0.5, 1, 2, 4, 8, 8... s. */
export const WIDGET_BACKOFF = { baseMs: 500, maxMs: 8_000 };
/** Application ping interval of this widget (the client's default is 15 s). */
export const WIDGET_HEARTBEAT_MS = 5_000;

/** What the WebSocket widget shows. */
export interface WebSocketState {
  connection: ConnectionState;
  detail?: string;
  url: string;
  channel: string;
  backoff: { baseMs: number; maxMs: number };
  heartbeatMs: number;
  messages: ShownMessage[];
  log: LogEntry[];
  lastClose?: CloseInfo & { at: number };
  /** Reconnection attempts since the last disconnect, oldest first. */
  attempts: ReconnectRecord[];
  /** The attempt that brought the connection back, once it did. */
  recoveredAt?: number;
  rttMs?: number;
  /** Epoch ms of the last pong. */
  lastPongAt?: number;
  burst?: BurstResult;
  dropError?: string;
  /** Server clock minus ours, so "waited" is measured on one clock. */
  offsetMs: number;
}

/** The widget's store: one WebSocket client plus forced drops, reconnections and a burst. */
export interface WebSocketStore extends Store<WebSocketState> {
  start(): void;
  stop(): void;
  publish(text: string): Promise<Envelope>;
  /** Asks the server to close this connection with `code`. */
  drop(code: DropCode): void;
  /** Publishes `count` messages at once and samples `bufferedAmount` while they drain. */
  burst(count: number): void;
}

/** What the store needs besides its client; tests inject all of it. */
export interface WebSocketStoreOptions {
  client?: WebSocketClient;
  /** Epoch ms for the log (default `Date.now`). */
  now?: () => number;
  /** Server clock minus ours (default: estimated with `GET /time`). */
  estimateOffset?: () => Promise<number>;
  /** `requestAnimationFrame` (default: the browser's). */
  requestFrame?: (callback: () => void) => void;
}

const MAX_MESSAGES = 50;
const MAX_ATTEMPTS = 8;

/** Creates the store around a real WebSocket client on `channel` (or the injected one). */
export function createWebSocketStore(
  serverUrl: string,
  channel: string,
  options: WebSocketStoreOptions = {},
): WebSocketStore {
  const client =
    options.client ??
    createWebSocketClient({
      baseUrl: serverUrl,
      channel,
      WebSocket: browserDeps().WebSocket!,
      clock: systemClock,
      backoff: WIDGET_BACKOFF,
      heartbeatMs: WIDGET_HEARTBEAT_MS,
    });
  const now = options.now ?? Date.now;
  const estimateOffset =
    options.estimateOffset ??
    (() =>
      estimateClockOffset({
        baseUrl: serverUrl,
        fetch: browserDeps().fetch!,
        clock: systemClock,
      }).then((o) => o.offsetMs));
  const requestFrame = options.requestFrame ?? ((callback) => requestAnimationFrame(callback));
  const store = createStore<WebSocketState>({
    connection: 'connecting',
    url: client.url,
    channel,
    backoff: WIDGET_BACKOFF,
    heartbeatMs: WIDGET_HEARTBEAT_MS,
    messages: [],
    log: [],
    attempts: [],
    offsetMs: 0,
  });
  const log = (kind: string, text: string) =>
    store.set((s) => ({ log: appendLog(s.log, now(), kind, text) }));
  let stopped = false;

  // Set by drop() until the connection is back.
  let forcedDrop = false;

  function onState(connection: ConnectionState, detail: string | undefined): void {
    // A drop the student asked for does not mean the server is unreachable: until a reconnection
    // attempt fails too, the widget is reconnecting, not offline.
    const reconnecting = connection === 'offline' && forcedDrop && store.get().attempts.length <= 1;
    store.set({ connection: reconnecting ? 'connecting' : connection, detail });
    const { attempts, recoveredAt } = store.get();
    if (connection === 'connecting') {
      return log('conectando', `${detail ? `${detail}: abriendo` : 'Abriendo'} ${client.url}`);
    }
    if (connection === 'error') return log('error', detail ?? 'El servidor rechazó la conexión.');
    if (connection !== 'connected') return;
    forcedDrop = false;
    if (attempts.length > 0 && recoveredAt === undefined) {
      store.set({ recoveredAt: attempts.at(-1)!.attempt });
    }
    log('suscrito', `{"type":"subscribed","channel":"${channel}"}: recibiendo el canal.`);
  }

  const unsubscribes = [
    client.on('state', onState),
    client.on('message', ({ envelope, receivedAt }) =>
      store.set((s) => ({
        messages: appendBounded(
          s.messages,
          { envelope, waitedMs: receivedAt + s.offsetMs - envelope.ts },
          MAX_MESSAGES,
        ),
      })),
    ),
    client.on('close', (info) => {
      store.set({ lastClose: { ...info, at: now() } });
      const reason = info.reason ? `, reason «${info.reason}»` : '';
      log('cierre', `CloseEvent: code ${info.code}${reason}, wasClean ${info.wasClean}.`);
    }),
    client.on('reconnect', (record) => {
      // The client counts attempts from 1 again after each successful subscribe.
      store.set((s) => ({
        attempts: record.attempt === 1 ? [record] : appendBounded(s.attempts, record, MAX_ATTEMPTS),
        recoveredAt: undefined,
      }));
      log('reintento', `Intento ${record.attempt} dentro de ${record.delayMs} ms.`);
    }),
    client.on('rtt', (rttMs) => store.set({ rttMs, lastPongAt: now() })),
    client.on('serverError', (message) => log('error', `Trama error del servidor: ${message}`)),
  ];

  return {
    ...store,
    start() {
      client.start();
      estimateOffset()
        .then((offsetMs) => store.set({ offsetMs }))
        .catch(() => {});
    },
    stop() {
      stopped = true;
      unsubscribes.forEach((off) => off());
      client.stop();
    },
    async publish(text) {
      try {
        const envelope = await client.publish(text);
        log('publicado', `Confirmado (published): id ${envelope.id}.`);
        return envelope;
      } catch (error) {
        log(
          'error',
          `Publicación rechazada: ${error instanceof Error ? error.message : String(error)}`,
        );
        throw error;
      }
    },
    drop(code) {
      try {
        client.drop(code);
        forcedDrop = true;
        store.set({ dropError: undefined });
        log('drop', `Enviado {"type":"drop","code":${code}}.`);
      } catch (error) {
        store.set({ dropError: error instanceof Error ? error.message : String(error) });
      }
    },
    burst(count) {
      if (store.get().burst?.running) return;
      log('ráfaga', `${count} publish enviados seguidos, sin esperar ninguna respuesta.`);
      runBurst({
        count,
        publish: (index) => client.publish(`Ráfaga ${index + 1}/${count}`),
        bufferedAmount: () => client.bufferedAmount,
        requestFrame,
        cancelled: () => stopped,
        onUpdate: (burst) => {
          store.set({ burst });
          if (burst.running) return;
          const refused = burst.firstError ? ` (primer motivo: «${burst.firstError}»)` : '';
          log('ráfaga', `Confirmados ${burst.acked}, rechazados ${burst.rejected}${refused}.`);
        },
      });
    },
  };
}
