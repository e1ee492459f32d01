import type { Envelope } from '../../protocol';
import {
  createShortPollingClient,
  estimateClockOffset,
  type ConnectionState,
  type RequestRecord,
  type ShortPollingClient,
} from '../../transports';
import { browserDeps } from '../shared/browser-deps';
import type { ShownMessage } from '../shared/MessageList';
import { appendBounded, createStore, type Store } from '../shared/store';

/** What the short-polling widget shows. */
export interface ShortPollingState {
  connection: ConnectionState;
  detail?: string;
  intervalMs: number;
  requests: RequestRecord[];
  requestCount: number;
  /** Requests that brought at least one message. */
  usefulRequests: number;
  messages: ShownMessage[];
  /** Server clock minus ours, so "waited" is measured on one clock. */
  offsetMs: number;
}

/** The widget's store: one short-polling client, and the counters a student compares. */
export interface ShortPollingStore extends Store<ShortPollingState> {
  start(): void;
  stop(): void;
  setInterval(ms: number): void;
  publish(text: string): Promise<Envelope>;
}

const MAX_ROWS = 50;

/** Creates the store around a real client; `client` can be injected for tests. */
export function createShortPollingStore(
  serverUrl: string,
  channel: string,
  intervalMs: number,
  client: ShortPollingClient = createShortPollingClient({
    baseUrl: serverUrl,
    channel,
    intervalMs,
    fetch: browserDeps().fetch!,
    clock: browserDeps().clock!,
  }),
): ShortPollingStore {
  const store = createStore<ShortPollingState>({
    connection: 'connecting',
    intervalMs,
    requests: [],
    requestCount: 0,
    usefulRequests: 0,
    messages: [],
    offsetMs: 0,
  });
  const unsubscribes = [
    client.on('state', (connection, detail) => store.set({ connection, detail })),
    client.on('request', (record) =>
      store.set((s) => ({
        requests: appendBounded(s.requests, record, MAX_ROWS),
        requestCount: s.requestCount + 1,
        usefulRequests: s.usefulRequests + (record.messages > 0 ? 1 : 0),
      })),
    ),
    client.on('message', ({ envelope, receivedAt }) =>
      store.set((s) => ({
        messages: appendBounded(
          s.messages,
          { envelope, waitedMs: receivedAt + s.offsetMs - envelope.ts },
          MAX_ROWS,
        ),
      })),
    ),
  ];

  return {
    ...store,
    start() {
      client.start();
      // The wait of each message is measured against the server's clock.
      estimateClockOffset({
        baseUrl: serverUrl,
        fetch: browserDeps().fetch!,
        clock: browserDeps().clock!,
      })
        .then(({ offsetMs }) => store.set({ offsetMs }))
        .catch(() => {});
    },
    stop() {
      unsubscribes.forEach((off) => off());
      client.stop();
    },
    setInterval(ms) {
      client.setInterval(ms);
      store.set({ intervalMs: ms });
    },
    publish: (text) => client.publish(text),
  };
}
