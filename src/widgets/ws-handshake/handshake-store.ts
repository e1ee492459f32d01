import type { HandshakeReport } from '../../protocol';
import {
  createWebSocketClient,
  type ConnectionState,
  type WebSocketClient,
} from '../../transports';
import { browserDeps } from '../shared/browser-deps';
import { createStore, type Store } from '../shared/store';
import { computeAccept, webCryptoSha1, type AcceptSteps, type Sha1 } from './accept-key';
import { headerValue } from './header-notes';

/** Where the browser-side check of Sec-WebSocket-Accept stands. */
export type AcceptCheck =
  | { status: 'waiting' }
  | { status: 'computing' }
  /** No Web Crypto here (not a secure context): nothing to compute with. */
  | { status: 'unsupported' }
  | { status: 'no-key' }
  | { status: 'done'; steps: AcceptSteps; server: string | undefined; match: boolean }
  | { status: 'failed'; message: string };

/** What the handshake widget shows. */
export interface HandshakeState {
  connection: ConnectionState;
  detail?: string;
  report: HandshakeReport | null;
  check: AcceptCheck;
  /** Handshakes seen since the widget started (each reconnection is one more). */
  handshakes: number;
  /** The Sec-WebSocket-Key of the handshake before this one, to compare. */
  previousKey?: string;
}

/** The widget's store: one inspecting WebSocket client and the Accept check. */
export interface HandshakeStore extends Store<HandshakeState> {
  start(): void;
  stop(): void;
  /** Closes the connection and opens a new one: a new handshake with a new random key. */
  repeat(): void;
}

/** Creates the store; `client` and `sha1` can be injected for tests (null: no Web Crypto). */
export function createHandshakeStore(
  serverUrl: string,
  client: WebSocketClient = createWebSocketClient({
    baseUrl: serverUrl,
    channel: 'handshake',
    inspect: 'handshake',
    WebSocket: browserDeps().WebSocket!,
    clock: browserDeps().clock,
  }),
  sha1: Sha1 | null = webCryptoSha1(),
): HandshakeStore {
  const store = createStore<HandshakeState>({
    connection: 'connecting',
    report: null,
    check: { status: 'waiting' },
    handshakes: 0,
  });

  async function check(report: HandshakeReport): Promise<void> {
    const key = headerValue(report.request.headers, 'Sec-WebSocket-Key');
    const server = headerValue(report.response.headers, 'Sec-WebSocket-Accept');
    if (!sha1) return store.set({ check: { status: 'unsupported' } });
    if (!key) return store.set({ check: { status: 'no-key' } });
    store.set({ check: { status: 'computing' } });
    let next: AcceptCheck;
    try {
      const steps = await computeAccept(key, sha1);
      next = { status: 'done', steps, server, match: steps.accept === server };
    } catch (error) {
      next = { status: 'failed', message: error instanceof Error ? error.message : String(error) };
    }
    // A newer handshake may have arrived while this one was hashed.
    if (store.get().report === report) store.set({ check: next });
  }

  function onHandshake(report: HandshakeReport): void {
    const previous = store.get().report;
    store.set((s) => ({
      report,
      handshakes: s.handshakes + 1,
      previousKey: previous
        ? headerValue(previous.request.headers, 'Sec-WebSocket-Key')
        : undefined,
    }));
    void check(report);
  }

  const unsubscribes = [
    client.on('state', (connection, detail) => store.set({ connection, detail })),
    client.on('handshake', onHandshake),
  ];

  return {
    ...store,
    start: () => client.start(),
    stop() {
      unsubscribes.forEach((off) => off());
      client.stop();
    },
    repeat() {
      client.stop();
      client.start();
    },
  };
}
