import type { Envelope } from '../../protocol';
import {
  createLongPollingClient,
  estimateClockOffset,
  type Clock,
  type ClockOffset,
  type ConnectionState,
  type FetchLike,
  type LongPollingClient,
  type LongPollingOptions,
  type RequestRecord,
} from '../../transports';
import { browserDeps } from '../shared/browser-deps';
import type { ShownMessage } from '../shared/MessageList';
import { appendBounded, createStore, type Store } from '../shared/store';
import { answerPoll, cancelPoll, openPoll, type PollBar } from './poll-bars';

/** A delivered message, with when it arrived (our clock) for the timeline. */
export interface TimedMessage extends ShownMessage {
  receivedAt: number;
}

/** What the long-polling widget shows. */
export interface LongPollingState {
  connection: ConnectionState;
  detail?: string;
  timeoutMs: number;
  /** The polls of the timeline, oldest first; the last one may still be held. */
  polls: PollBar[];
  requests: RequestRecord[];
  requestCount: number;
  /** Empty 200s at the end of a held poll. */
  timeoutAnswers: number;
  /** Answers that brought at least one message. */
  messageAnswers: number;
  /** Send-to-answer time of the last poll. */
  lastRoundTripMs?: number;
  /** Time from an answer to the next poll leaving, in this browser (the last one measured). */
  lastGapMs?: number;
  messages: TimedMessage[];
  /** Server clock minus ours: puts `envelope.ts` on our timeline. */
  offsetMs: number;
  /** Round trip of the `/time` sample behind `offsetMs`: the network's share of the gap. */
  networkRttMs?: number;
}

/** The widget's store: a long-polling client whose hold timeout the student can change. */
export interface LongPollingStore extends Store<LongPollingState> {
  start(): void;
  stop(): void;
  /** Cancels the held poll and polls again with the new timeout. */
  setTimeoutMs(ms: number): void;
  publish(text: string): Promise<Envelope>;
  /** Now on the clock the timeline is drawn with. */
  now(): number;
}

/** What the store needs (tests pass fakes). */
export interface LongPollingDeps {
  fetch: FetchLike;
  clock: Clock;
  createClient(options: LongPollingOptions): LongPollingClient;
  estimateOffset(): Promise<ClockOffset>;
}

/** Rows kept in the request log and the message list; polls kept for the timeline. */
export const MAX_ROWS = 50;
export const MAX_POLLS = 120;

/** Creates the store; without `deps`, around real clients and the browser's fetch and clock. */
export function createLongPollingStore(
  serverUrl: string,
  channel: string,
  timeoutMs: number,
  deps: LongPollingDeps = browserLongPollingDeps(serverUrl),
): LongPollingStore {
  const { clock } = deps;
  const widgetId = `lp-${Math.floor(clock.random() * 36 ** 8).toString(36)}`;
  let generation = 0;
  let client: LongPollingClient | null = null;
  let unsubscribes: (() => void)[] = [];
  let stopped = false;
  let offset: 'unknown' | 'asking' | 'known' = 'unknown';
  const store = createStore<LongPollingState>({
    connection: 'connecting',
    timeoutMs,
    polls: [],
    requests: [],
    requestCount: 0,
    timeoutAnswers: 0,
    messageAnswers: 0,
    messages: [],
    offsetMs: 0,
  });

  // The store sees each poll leave through the fetch it hands the client: a held poll is on the
  // timeline from the moment it is sent, not only once it is answered.
  const watchedFetch: FetchLike = (url, init) => {
    if ((init?.method ?? 'GET') === 'GET' && new URL(url).pathname.includes('/long-poll/')) {
      const holdMs = Number(new URL(url).searchParams.get('timeout') ?? NaN);
      store.set((s) => openPoll(s, clock.now(), holdMs, MAX_POLLS));
    }
    return deps.fetch(url, init);
  };

  function connect(): void {
    generation += 1;
    const next = deps.createClient({
      baseUrl: serverUrl,
      channel,
      timeoutMs: store.get().timeoutMs,
      fetch: watchedFetch,
      clock,
      // One id per client: a replaced client's aborted poll may still be held for a moment on
      // the server, and sharing its id would get the new client's first poll a 409.
      clientId: `${widgetId}-${generation}`,
    });
    unsubscribes = [
      next.on('state', (connection, detail) => {
        store.set({ connection, detail });
        if (connection === 'connected') learnOffset();
      }),
      next.on('request', (record) =>
        store.set((s) => ({
          ...answerPoll(s, record, MAX_POLLS),
          requests: appendBounded(s.requests, record, MAX_ROWS),
          requestCount: s.requestCount + 1,
          timeoutAnswers: s.timeoutAnswers + (record.outcome === 'timeout' ? 1 : 0),
          messageAnswers: s.messageAnswers + (record.outcome === 'messages' ? 1 : 0),
          lastRoundTripMs: record.endedAt - record.startedAt,
        })),
      ),
      next.on('message', ({ envelope, receivedAt }) =>
        store.set((s) => ({
          messages: appendBounded(
            s.messages,
            { envelope, receivedAt, waitedMs: receivedAt + s.offsetMs - envelope.ts },
            MAX_ROWS,
          ),
        })),
      ),
    ];
    client = next;
    next.start();
  }

  function disconnect(): void {
    unsubscribes.forEach((off) => off());
    unsubscribes = [];
    client?.stop();
    client = null;
    store.set((s) => cancelPoll(s, clock.now()));
  }

  function learnOffset(): void {
    if (offset !== 'unknown') return;
    offset = 'asking';
    deps.estimateOffset().then(
      ({ offsetMs, rttMs }) => {
        offset = 'known';
        if (!stopped) store.set({ offsetMs, networkRttMs: rttMs });
      },
      () => (offset = 'unknown'),
    );
  }

  return {
    ...store,
    start() {
      stopped = false;
      if (!client) connect();
    },
    stop() {
      stopped = true;
      disconnect();
    },
    setTimeoutMs(ms) {
      if (ms === store.get().timeoutMs) return;
      store.set({ timeoutMs: ms });
      if (!client) return;
      disconnect();
      connect();
    },
    publish(text) {
      if (!client) return Promise.reject(new Error('El widget está detenido'));
      return client.publish(text);
    },
    now: () => clock.now(),
  };
}

function browserLongPollingDeps(serverUrl: string): LongPollingDeps {
  const fetch = browserDeps().fetch!;
  const clock = browserDeps().clock!;
  return {
    fetch,
    clock,
    createClient: createLongPollingClient,
    estimateOffset: () => estimateClockOffset({ baseUrl: serverUrl, fetch, clock }),
  };
}
