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

/** What the store wraps: the client and a way to learn the server's clock (tests pass fakes). */
export interface ShortPollingDeps {
  client: ShortPollingClient;
  /** Resolves with the server clock minus ours, in ms. */
  estimateOffset(): Promise<number>;
}

/** Rows kept in the request log and the message list. */
export const MAX_ROWS = 50;

/** Creates the store; without `deps`, around a real client and the browser's fetch and clock. */
export function createShortPollingStore(
  serverUrl: string,
  channel: string,
  intervalMs: number,
  deps: ShortPollingDeps = browserShortPollingDeps(serverUrl, channel, intervalMs),
): ShortPollingStore {
  const { client } = deps;
  let stopped = false;
  let offset: 'unknown' | 'asking' | 'known' = 'unknown';
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
    client.on('state', (connection, detail) => {
      store.set({ connection, detail });
      if (connection === 'connected') learnOffset();
    }),
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

  // The wait of each message is measured on the server's clock; asked once the server answers
  // (and again on the next connection if that failed).
  function learnOffset(): void {
    if (offset !== 'unknown') return;
    offset = 'asking';
    deps.estimateOffset().then(
      (offsetMs) => {
        offset = 'known';
        if (!stopped) store.set({ offsetMs });
      },
      () => (offset = 'unknown'),
    );
  }

  return {
    ...store,
    start: () => client.start(),
    stop() {
      stopped = true;
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

function browserShortPollingDeps(
  serverUrl: string,
  channel: string,
  intervalMs: number,
): ShortPollingDeps {
  const fetch = browserDeps().fetch!;
  const clock = browserDeps().clock!;
  return {
    client: createShortPollingClient({ baseUrl: serverUrl, channel, intervalMs, fetch, clock }),
    estimateOffset: async () =>
      (await estimateClockOffset({ baseUrl: serverUrl, fetch, clock })).offsetMs,
  };
}
