import { PATHS, type SseHello, type SseReplay } from '../protocol';
import { backoffDelay } from './backoff';
import { createClientCore } from './client-core';
import { publishOverHttp } from './http-exchange';
import type { EventSourceConstructor, EventSourceLike, FetchLike } from './platform';
import type { ClientEvents, Clock, TransportClient } from './types';
import { httpUrl, type QueryParams } from './url';
import { errorText, messageOf, parseJson, seconds, toEnvelope } from './wire';

/** EventSource.readyState values. */
const CONNECTING = 0;
const CLOSED = 2;

/** Options of the SSE client. */
export interface SseOptions {
  baseUrl: string;
  channel: string;
  EventSource: EventSourceConstructor;
  clock: Clock;
  /** For publishing (`POST`) and `cut()`: SSE itself only goes from server to client. */
  fetch: FetchLike;
  /** Backoff when the client recreates a closed EventSource (default 1 s doubling up to 30 s). */
  backoff?: { baseMs: number; maxMs: number };
  /** Extra query parameters on every request this client makes (the race tags its lanes with `race`). */
  query?: QueryParams;
}

/** Events of the SSE client: the shared ones plus what the stream announces. */
export interface SseClientEvents extends ClientEvents {
  /** A new stream opened; its id is what `cut()` needs. */
  hello: (connectionId: string) => void;
  /** The server is about to replay `count` messages missed since Last-Event-ID. */
  replay: (replay: SseReplay) => void;
}

/** The SSE client. */
export interface SseClient extends TransportClient {
  readonly transport: 'sse';
  readonly detail: string | undefined;
  /** Id of the open stream (from its `hello` event), undefined between streams. */
  readonly connectionId: string | undefined;
  /** Id of the last message received: what a reconnection resumes from. */
  readonly lastEventId: string | undefined;
  /** Asks the server to end this stream, so EventSource reconnects with Last-Event-ID by itself. */
  cut(): Promise<void>;
  on<E extends keyof SseClientEvents>(event: E, listener: SseClientEvents[E]): () => void;
}

/**
 * Server-Sent Events over `GET /sse/:channel`. While the browser reconnects by itself
 * (readyState CONNECTING) the client only reports it; when the EventSource gives up (CLOSED, e.g.
 * after a non-200 answer) the client opens a new one with backoff and `?lastEventId=`.
 * Messages announced by a `replay` event are emitted with `replayed: true`.
 */
export function createSseClient(options: SseOptions): SseClient {
  const { baseUrl, channel, EventSource, clock, fetch, query } = options;
  const backoff = { baseMs: 1_000, maxMs: 30_000, ...options.backoff, random: clock.random };
  const core = createClientCore<SseClientEvents>();
  let running = false;
  let source: EventSourceLike | null = null;
  let retryTimer: unknown;
  let connectionId: string | undefined;
  let lastEventId: string | undefined;
  let pendingReplays = 0;
  let errorsInRow = 0;
  let recreations = 0;

  function open(): void {
    retryTimer = undefined;
    if (recreations > 0) core.setState('connecting', `Reintento ${recreations}`);
    let es: EventSourceLike;
    try {
      es = new EventSource(httpUrl(baseUrl, PATHS.sse(channel), { ...query, lastEventId }));
    } catch (error) {
      running = false;
      return core.setState('error', `No se puede abrir el flujo SSE: ${messageOf(error)}`);
    }
    source = es;
    const current = () => source === es;
    es.onopen = () => {
      if (!current()) return;
      errorsInRow = 0;
      recreations = 0;
      core.setState('connected');
    };
    es.addEventListener('hello', (event) => {
      const hello = parseJson(event.data) as Partial<SseHello> | undefined;
      if (!current() || typeof hello?.connectionId !== 'string') return;
      connectionId = hello.connectionId;
      core.events.emit('hello', connectionId);
    });
    es.addEventListener('replay', (event) => {
      const replay = parseJson(event.data) as Partial<SseReplay> | undefined;
      if (!current() || typeof replay?.count !== 'number') return;
      pendingReplays = replay.count;
      core.events.emit('replay', { count: replay.count, truncated: replay.truncated === true });
    });
    es.onmessage = (event: { data: string }) => {
      const envelope = toEnvelope(parseJson(event.data));
      if (!current() || !envelope) return;
      lastEventId = envelope.id;
      const replayed = pendingReplays > 0;
      if (replayed) pendingReplays -= 1;
      core.events.emit('message', { envelope, receivedAt: clock.now(), replayed });
    };
    es.onerror = () => {
      if (!current()) return;
      connectionId = undefined;
      pendingReplays = 0;
      if (es.readyState === CONNECTING) {
        // The browser reconnects by itself (after the server's `retry:`), sending Last-Event-ID.
        errorsInRow += 1;
        const detail =
          errorsInRow > 1
            ? `Sin conexión: el navegador reintenta (fallo ${errorsInRow})`
            : 'Conexión perdida: el navegador reconecta solo';
        core.setState(errorsInRow > 1 ? 'offline' : 'connecting', detail);
      } else if (es.readyState === CLOSED) {
        recreate(es);
      }
    };
  }

  /** The browser gave up on `es`: open a new EventSource ourselves, later. */
  function recreate(es: EventSourceLike): void {
    es.close();
    source = null;
    recreations += 1;
    const delayMs = backoffDelay(recreations - 1, backoff);
    core.events.emit('reconnect', { attempt: recreations, delayMs, at: clock.now() });
    if (!running || source !== null) return;
    core.setState(
      'offline',
      `El navegador abandonó el flujo. Reintento ${recreations} en ${seconds(delayMs)}`,
    );
    retryTimer = clock.setTimeout(open, delayMs);
  }

  return {
    transport: 'sse',
    get state() {
      return core.state;
    },
    get detail() {
      return core.detail;
    },
    get connectionId() {
      return connectionId;
    },
    get lastEventId() {
      return lastEventId;
    },
    start() {
      if (running) return;
      running = true;
      lastEventId = undefined;
      errorsInRow = 0;
      recreations = 0;
      core.setState('connecting');
      open();
    },
    stop() {
      running = false;
      if (retryTimer !== undefined) clock.clearTimeout(retryTimer);
      retryTimer = undefined;
      source?.close();
      source = null;
      connectionId = undefined;
      pendingReplays = 0;
      core.setState('idle');
    },
    async cut() {
      if (connectionId === undefined) {
        throw new Error('Todavía no hay un flujo SSE abierto que cortar');
      }
      const url = httpUrl(baseUrl, PATHS.sseDrop(encodeURIComponent(connectionId)));
      let response;
      try {
        response = await fetch(url, { method: 'POST' });
      } catch (error) {
        throw new Error(
          `No se pudo cortar el flujo: sin conexión con el servidor (${messageOf(error)})`,
        );
      }
      if (!response.ok) {
        const reason = errorText(await response.text(), response.status);
        throw new Error(`No se pudo cortar el flujo: ${reason}`);
      }
    },
    publish: (data) => publishOverHttp({ fetch, baseUrl, channel, via: 'sse', data }),
    on: core.events.on,
  };
}
