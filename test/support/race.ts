import { EventSource } from 'eventsource';
import { io } from 'socket.io-client';
import WebSocket from 'ws';
import {
  PATHS,
  TRANSPORT_IDS,
  type RaceConfig,
  type RaceCreated,
  type RaceEvent,
  type RaceReport,
  type RaceStarted,
  type TransportId,
} from '../../src/protocol';
import {
  createClient,
  systemClock,
  type ConnectionState,
  type EventSourceConstructor,
  type IoFunction,
  type ReceivedMessage,
  type RequestRecord,
  type ShortPollingClient,
  type SseClient,
  type TransportClient,
  type WebSocketConstructor,
} from '../../src/transports';

/** A JSON exchange with the demo server: status and parsed body. */
export async function requestJson<T = unknown>(
  url: string,
  init: { method?: string; body?: unknown } = {},
): Promise<{ status: number; body: T }> {
  const res = await fetch(url, {
    method: init.method ?? 'GET',
    ...(init.body !== undefined
      ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(init.body) }
      : {}),
  });
  return { status: res.status, body: (await res.json()) as T };
}

/** `POST /races`, failing loudly unless 201. */
export async function createRace(baseUrl: string, config: RaceConfig): Promise<RaceCreated> {
  const { status, body } = await requestJson<RaceCreated>(`${baseUrl}${PATHS.races}`, {
    method: 'POST',
    body: config,
  });
  if (status !== 201) throw new Error(`POST /races answered ${status}: ${JSON.stringify(body)}`);
  return body;
}

/** `POST /races/:id/start`, failing loudly unless 200. */
export async function startRace(baseUrl: string, id: string): Promise<RaceStarted> {
  const { status, body } = await requestJson<RaceStarted>(`${baseUrl}${PATHS.raceStart(id)}`, {
    method: 'POST',
  });
  if (status !== 200) throw new Error(`start answered ${status}: ${JSON.stringify(body)}`);
  return body;
}

/** `GET /races/:id`, failing loudly unless 200. */
export async function readRace(baseUrl: string, id: string): Promise<RaceReport> {
  const { status, body } = await requestJson<RaceReport>(`${baseUrl}${PATHS.race(id)}`);
  if (status !== 200) throw new Error(`GET race answered ${status}: ${JSON.stringify(body)}`);
  return body;
}

/** One lane: the course's own client of one transport, tagged with the race. */
export interface Lane {
  transport: TransportId;
  state: ConnectionState;
  /** Race events in arrival order, with the client's clock at arrival. */
  events: { event: RaceEvent; receivedAt: number; message: ReceivedMessage }[];
  /** HTTP exchanges of the polling clients. */
  requests: RequestRecord[];
  /** True once an SSE lane's stream said hello (the server has subscribed it). */
  ready: boolean;
  stop(): void;
}

/**
 * Starts one lane per transport with the real clients of `src/transports`, injected with Node's
 * fetch, the `eventsource` package, `ws` and `socket.io-client`, each tagged with `?race=<id>`.
 */
export function startLanes(
  baseUrl: string,
  race: RaceCreated,
  options: { shortPollIntervalMs: number; transports?: readonly TransportId[] },
): Lane[] {
  return (options.transports ?? TRANSPORT_IDS).map((transport) => {
    const client: TransportClient = createClient(transport, {
      baseUrl,
      channel: race.channel,
      clock: systemClock,
      fetch,
      EventSource: EventSource as unknown as EventSourceConstructor,
      WebSocket: WebSocket as unknown as WebSocketConstructor,
      io: io as unknown as IoFunction,
      intervalMs: options.shortPollIntervalMs,
      query: { race: race.id },
    });
    const lane: Lane = {
      transport,
      state: client.state,
      events: [],
      requests: [],
      ready: transport !== 'sse',
      stop: () => client.stop(),
    };
    client.on('state', (state) => (lane.state = state));
    client.on('message', (message) =>
      lane.events.push({
        event: message.envelope.data as unknown as RaceEvent,
        receivedAt: message.receivedAt,
        message,
      }),
    );
    if (transport === 'short-polling' || transport === 'long-polling') {
      (client as ShortPollingClient).on('request', (record) => lane.requests.push(record));
    }
    if (transport === 'sse') (client as SseClient).on('hello', () => (lane.ready = true));
    client.start();
    return lane;
  });
}

/** The seq numbers a lane received, in arrival order. */
export const seqsOf = (lane: Lane) => lane.events.map((e) => e.event.seq);
