import { setTimeout as delay } from 'node:timers/promises';
import { EventSource, type FetchLike } from 'eventsource';
import { io, type Socket } from 'socket.io-client';
import WebSocket from 'ws';
import {
  PATHS,
  type Envelope,
  type Json,
  type PollResponse,
  type SocketIoClientEvents,
  type SocketIoServerEvents,
  type WsAnyServerFrame,
  type WsClientFrame,
} from '../../src/protocol';
import { Inbox } from './inbox';

/** An open `/ws` connection with its received frames. */
export interface WsClient {
  socket: WebSocket;
  frames: Inbox<WsAnyServerFrame>;
  /** Envelopes of the `message` frames, in arrival order. */
  messages: Envelope[];
  send(frame: WsClientFrame): void;
  /** Subscribes and waits for the `subscribed` frame. */
  subscribe(channel: string): Promise<void>;
  close(): Promise<void>;
}

/** Opens a WebSocket to `/ws` (plus `query`, e.g. `?inspect=frames`), resolving once it is open. */
export async function openWs(wsUrl: string, query = ''): Promise<WsClient> {
  const socket = new WebSocket(`${wsUrl}${PATHS.websocket}${query}`);
  const frames = new Inbox<WsAnyServerFrame>();
  const messages: Envelope[] = [];
  socket.on('message', (data) => {
    const frame = JSON.parse(String(data)) as WsAnyServerFrame;
    if (frame.type === 'message') messages.push(frame.message);
    frames.push(frame);
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  const send = (frame: WsClientFrame) => socket.send(JSON.stringify(frame));
  return {
    socket,
    frames,
    messages,
    send,
    async subscribe(channel) {
      send({ type: 'subscribe', channel });
      await frames.next((f) => f.type === 'subscribed' && f.channel === channel);
    },
    close: () =>
      new Promise<void>((resolve) => {
        if (socket.readyState === WebSocket.CLOSED) return resolve();
        socket.once('close', () => resolve());
        socket.close();
      }),
  };
}

/** A Socket.IO client typed with the shared event maps. */
export type IoSocket = Socket<SocketIoServerEvents, SocketIoClientEvents>;

/** A connected Socket.IO client and the envelopes it received. */
export interface IoClient {
  socket: IoSocket;
  messages: Envelope[];
  /** The engine.io transport the connection opened on, before any upgrade. */
  openedOn: string;
  /** Subscribes and waits for the acknowledgement. */
  subscribe(channel: string): Promise<void>;
  /** Publishes and resolves to the stored envelope from the acknowledgement. */
  publish(channel: string, data: Json): Promise<Envelope>;
  close(): Promise<void>;
}

/** Connects to the default namespace, resolving on `connect` (default transports: polling, then upgrade). */
export async function connectSocketIo(
  url: string,
  options: { transports?: ('polling' | 'websocket')[] } = {},
): Promise<IoClient> {
  const socket: IoSocket = io(url, { forceNew: true, reconnection: false, ...options });
  const messages: Envelope[] = [];
  let openedOn = '';
  socket.io.once('open', () => (openedOn = socket.io.engine.transport.name));
  socket.on('message', (message) => messages.push(message));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  return {
    socket,
    messages,
    openedOn,
    async subscribe(channel) {
      const answer = await socket.timeout(2_000).emitWithAck('subscribe', { channel });
      if (!answer.ok) throw new Error(`subscribe refused: ${answer.error}`);
    },
    async publish(channel, data) {
      const answer = await socket.timeout(2_000).emitWithAck('publish', { channel, data });
      if (!answer.ok) throw new Error(`publish refused: ${answer.error}`);
      return answer.message;
    },
    close: () =>
      new Promise<void>((resolve) => {
        const engine = socket.io.engine;
        if (engine.readyState === 'closed') return resolve();
        engine.once('close', () => resolve());
        socket.disconnect();
      }),
  };
}

/** The data of an `event: replay` announcement. */
export interface ReplayInfo {
  count: number;
  truncated: boolean;
}

/** An open EventSource on a channel and what it received. */
export interface SseClient {
  source: EventSource;
  messages: Envelope[];
  replays: ReplayInfo[];
  /** The `id:` of the last message event, as the EventSource will send it in Last-Event-ID. */
  lastEventId: string;
  /** How many times the stream opened (1 + reconnections). */
  opens: number;
  close(): void;
}

/** Opens an EventSource on `/sse/:channel` (with `?lastEventId=` if given), resolving on open. */
export async function openSse(
  baseUrl: string,
  channel: string,
  options: { lastEventId?: string; fetch?: FetchLike } = {},
): Promise<SseClient> {
  const query = options.lastEventId ? `?lastEventId=${options.lastEventId}` : '';
  const source = new EventSource(`${baseUrl}${PATHS.sse(channel)}${query}`, {
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const client: SseClient = {
    source,
    messages: [],
    replays: [],
    lastEventId: '',
    opens: 0,
    close: () => source.close(),
  };
  source.addEventListener('message', (event) => {
    client.messages.push(JSON.parse(event.data));
    client.lastEventId = event.lastEventId;
  });
  source.addEventListener('replay', (event) => client.replays.push(JSON.parse(event.data)));
  source.addEventListener('open', () => client.opens++);
  await new Promise<void>((resolve, reject) => {
    source.addEventListener('open', () => resolve(), { once: true });
    source.addEventListener('error', (event) => {
      if (client.opens > 0) return;
      source.close();
      reject(new Error(`EventSource failed to open: ${event.message ?? 'unknown error'}`));
    });
  });
  return client;
}

/** `GET /poll/:channel[?after=]`, failing loudly on a non-200 answer. */
export async function poll(
  baseUrl: string,
  channel: string,
  after?: string,
): Promise<PollResponse> {
  const query = after ? `?after=${after}` : '';
  const res = await fetch(`${baseUrl}${PATHS.poll(channel)}${query}`);
  if (res.status !== 200) throw new Error(`poll failed: ${res.status} ${await res.text()}`);
  return (await res.json()) as PollResponse;
}

/** Query of one long poll. */
export interface LongPollQuery {
  after?: string;
  timeout?: number | string;
  client?: string;
  signal?: AbortSignal;
}

/** One `GET /long-poll/:channel`: status, JSON body (a PollResponse unless told) and time held. */
export async function longPoll<T = PollResponse>(
  baseUrl: string,
  channel: string,
  { signal, ...query }: LongPollQuery = {},
): Promise<{ status: number; body: T; elapsedMs: number }> {
  const params = new URLSearchParams(
    Object.entries(query).flatMap(([k, v]) => (v === undefined ? [] : [[k, String(v)]])),
  );
  const startedAt = performance.now();
  const res = await fetch(`${baseUrl}${PATHS.longPoll(channel)}?${params}`, { signal });
  const body = (await res.json()) as T;
  return { status: res.status, body, elapsedMs: performance.now() - startedAt };
}

/** A loop that keeps polling a channel with the cursor, collecting what arrives. */
export interface Poller {
  messages: Envelope[];
  /** Stops the loop; rejects if the loop failed. */
  close(): Promise<void>;
}

/** Polls (short, every 20 ms, or long) from the channel head onwards until closed. */
export async function startPoller(
  baseUrl: string,
  channel: string,
  mode: 'short-polling' | 'long-polling',
): Promise<Poller> {
  const controller = new AbortController();
  const { signal } = controller;
  const messages: Envelope[] = [];
  let cursor = (await poll(baseUrl, channel)).cursor;
  const loop = (async () => {
    while (!signal.aborted) {
      try {
        if (mode === 'short-polling') {
          const answer = await poll(baseUrl, channel, cursor);
          messages.push(...answer.messages);
          cursor = answer.cursor;
          await delay(20, undefined, { signal });
        } else {
          const answer = await longPoll(baseUrl, channel, {
            after: cursor,
            timeout: 5_000,
            signal,
          });
          if (answer.status !== 200) throw new Error(`long poll failed: ${answer.status}`);
          messages.push(...answer.body.messages);
          cursor = answer.body.cursor;
        }
      } catch (error) {
        if (signal.aborted) return;
        throw error;
      }
    }
  })();
  return {
    messages,
    close: async () => {
      controller.abort();
      await loop;
    },
  };
}
