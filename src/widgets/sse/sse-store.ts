import { LIMITS, PATHS, type Envelope } from '../../protocol';
import {
  createSseClient,
  estimateClockOffset,
  type ConnectionState,
  type SseClient,
} from '../../transports';
import { browserDeps } from '../shared/browser-deps';
import { appendLog, type LogEntry } from '../shared/event-log';
import type { ShownMessage } from '../shared/MessageList';
import { appendBounded, createStore, type Store } from '../shared/store';

/** `EventSource.readyState` as the widget deduces it: 0 CONNECTING, 1 OPEN, 2 CLOSED. */
export type ReadyState = 0 | 1 | 2;

/** What the SSE widget shows. */
export interface SseState {
  connection: ConnectionState;
  detail?: string;
  readyState: ReadyState;
  /** Id of the open stream, from its `hello` event. */
  connectionId?: string;
  /** Id of the last message: what the browser sends as Last-Event-ID when it reconnects. */
  lastEventId?: string;
  /** The server's `retry:`: how long EventSource waits before reconnecting. */
  retryMs: number;
  messages: ShownMessage[];
  log: LogEntry[];
  /** A cut was asked for and the server has not answered yet. */
  cutting: boolean;
  cutError?: string;
  /** Server clock minus ours, so "waited" is measured on one clock. */
  offsetMs: number;
}

/** The widget's store: one SSE client, its event log, and the "cut the connection" button. */
export interface SseStore extends Store<SseState> {
  start(): void;
  stop(): void;
  publish(text: string): Promise<Envelope>;
  /** Asks the server to end the stream; EventSource then reconnects by itself. */
  cut(): Promise<void>;
}

/** What the store needs besides its client; tests inject all of it. */
export interface SseStoreOptions {
  client?: SseClient;
  /** Epoch ms for the log (default `Date.now`). */
  now?: () => number;
  /** Server clock minus ours (default: estimated with `GET /time`). */
  estimateOffset?: () => Promise<number>;
}

const MAX_MESSAGES = 50;

/** Creates the store around a real SSE client on `channel` (or the injected one). */
export function createSseStore(
  serverUrl: string,
  channel: string,
  options: SseStoreOptions = {},
): SseStore {
  const client = options.client ?? createSseClient({ baseUrl: serverUrl, channel, ...deps() });
  const now = options.now ?? Date.now;
  const estimateOffset =
    options.estimateOffset ??
    (() => estimateClockOffset({ baseUrl: serverUrl, ...deps() }).then((o) => o.offsetMs));
  const store = createStore<SseState>({
    connection: 'connecting',
    readyState: 0,
    retryMs: LIMITS.sseRetryMs,
    messages: [],
    log: [],
    cutting: false,
    offsetMs: 0,
  });
  const log = (kind: string, text: string) =>
    store.set((s) => ({ log: appendLog(s.log, now(), kind, text) }));
  // Set when EventSource gave up (readyState 2) until the client opens a new one.
  let abandoned = false;
  let wasOpen = false;

  function onState(connection: ConnectionState, detail: string | undefined): void {
    if (connection === 'connecting' || connection === 'connected') abandoned = false;
    const readyState: ReadyState = connection === 'connected' ? 1 : abandoned ? 2 : 0;
    store.set({ connection, detail, readyState });
    if (connection === 'connected') {
      wasOpen = true;
      return log('abierto', 'Flujo abierto: 200 text/event-stream, readyState 1 (OPEN).');
    }
    if (connection === 'connecting' && wasOpen) {
      wasOpen = false;
      store.set({ connectionId: undefined });
      log('cortado', 'Evento error: el flujo terminó y readyState pasa a 0 (CONNECTING).');
      const resume = store.get().lastEventId ?? 'el id que llegó con hello';
      return log(
        'reconectando',
        `El navegador espera ${store.get().retryMs} ms (retry) y vuelve a pedir el flujo con Last-Event-ID: ${resume}.`,
      );
    }
    if (connection === 'connecting')
      return log('conectando', detail ?? `GET ${PATHS.sse(channel)}`);
    if (connection === 'offline' || connection === 'error') log('error', detail ?? 'Sin conexión.');
  }

  const unsubscribes = [
    client.on('state', onState),
    client.on('hello', (connectionId) => {
      store.set({ connectionId });
      log('hello', `event: hello. Este flujo es la conexión ${connectionId}.`);
    }),
    client.on('replay', ({ count, truncated }) =>
      log(
        'reenvío',
        `event: replay. El servidor reenvía ${count} ${count === 1 ? 'mensaje perdido' : 'mensajes perdidos'}` +
          (truncated ? ' (truncado: los más antiguos ya no estaban en el historial).' : '.'),
      ),
    ),
    client.on('message', ({ envelope, receivedAt, replayed }) => {
      store.set((s) => ({
        lastEventId: client.lastEventId ?? envelope.id,
        messages: appendBounded(
          s.messages,
          { envelope, replayed, waitedMs: receivedAt + s.offsetMs - envelope.ts },
          MAX_MESSAGES,
        ),
      }));
      log('mensaje', `id ${envelope.id}${replayed ? ', reenviado' : ''}.`);
    }),
    client.on('reconnect', ({ attempt, delayMs }) => {
      abandoned = true;
      store.set({ readyState: 2 });
      log(
        'reintento',
        `El navegador se rindió (readyState 2, CLOSED). Nuevo EventSource n.º ${attempt} en ${delayMs} ms.`,
      );
    }),
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
      unsubscribes.forEach((off) => off());
      client.stop();
    },
    publish: (text) => client.publish(text),
    async cut() {
      const id = store.get().connectionId;
      store.set({ cutting: true, cutError: undefined });
      try {
        if (id) log('corte', `POST ${PATHS.sseDrop(id)}: pides al servidor que corte el flujo.`);
        await client.cut();
      } catch (error) {
        const cutError = error instanceof Error ? error.message : String(error);
        store.set({ cutError });
        log('error', cutError);
      } finally {
        store.set({ cutting: false });
      }
    },
  };
}

/** The browser's fetch, EventSource and clock (only called in the browser). */
function deps() {
  const { fetch, EventSource, clock } = browserDeps();
  return { fetch: fetch!, EventSource: EventSource!, clock };
}
