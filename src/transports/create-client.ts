import { LIMITS, type TransportId } from '../protocol';
import { createLongPollingClient, type LongPollingClient } from './long-polling-client';
import type {
  EventSourceConstructor,
  FetchLike,
  IoFunction,
  WebSocketConstructor,
} from './platform';
import { createShortPollingClient, type ShortPollingClient } from './short-polling-client';
import { createSocketIoClient, type SocketIoClient } from './socket-io-client';
import { createSseClient, type SseClient } from './sse-client';
import type { Clock } from './types';
import type { QueryParams } from './url';
import { createWebSocketClient } from './websocket-client';
import type { WebSocketClient } from './websocket-types';

/** The client type of each transport. */
export interface TransportClients {
  'short-polling': ShortPollingClient;
  'long-polling': LongPollingClient;
  sse: SseClient;
  websocket: WebSocketClient;
  'socket-io': SocketIoClient;
}

/** Everything any client may need; each transport checks that its own dependencies are there. */
export interface CreateClientOptions {
  baseUrl: string;
  channel: string;
  clock: Clock;
  fetch?: FetchLike;
  EventSource?: EventSourceConstructor;
  WebSocket?: WebSocketConstructor;
  io?: IoFunction;
  /** Short polling interval (default 2 s). */
  intervalMs?: number;
  /** Long-poll hold time (default: the server's, 25 s). */
  timeoutMs?: number;
  /** Long polling `client=` id. */
  clientId?: string;
  /** Socket.IO transports. */
  transports?: ('polling' | 'websocket' | 'webtransport')[];
  /** Extra query parameters on every request (the race's `race=<id>`). */
  query?: QueryParams;
}

/** Creates the client of `transport` (one name per thing: the id picks the file). */
export function createClient<T extends TransportId>(
  transport: T,
  options: CreateClientOptions,
): TransportClients[T] {
  const { baseUrl, channel, clock, query } = options;
  const need = <D>(dependency: D | undefined, name: string): D => {
    if (dependency === undefined) throw new TypeError(`createClient('${transport}') needs ${name}`);
    return dependency;
  };
  const clients: { [K in TransportId]: () => TransportClients[K] } = {
    'short-polling': () =>
      createShortPollingClient({
        baseUrl,
        channel,
        clock,
        query,
        fetch: need(options.fetch, 'fetch'),
        intervalMs: options.intervalMs ?? 2_000,
      }),
    'long-polling': () =>
      createLongPollingClient({
        baseUrl,
        channel,
        clock,
        query,
        fetch: need(options.fetch, 'fetch'),
        timeoutMs: options.timeoutMs ?? LIMITS.defaultLongPollTimeoutMs,
        clientId: options.clientId,
      }),
    sse: () =>
      createSseClient({
        baseUrl,
        channel,
        clock,
        query,
        fetch: need(options.fetch, 'fetch'),
        EventSource: need(options.EventSource, 'EventSource'),
      }),
    websocket: () =>
      createWebSocketClient({
        baseUrl,
        channel,
        clock,
        query,
        WebSocket: need(options.WebSocket, 'WebSocket'),
      }),
    'socket-io': () =>
      createSocketIoClient({
        baseUrl,
        channel,
        clock,
        query,
        io: need(options.io, 'io'),
        transports: options.transports,
      }),
  };
  return clients[transport]();
}

/** Where the demo server is, from the values the page knows (read by the caller, not here). */
export interface ServerUrlInputs {
  /** The page's own origin, e.g. `location.origin`. */
  pageOrigin: string;
  /** PUBLIC_DEMO_SERVER_URL as given at build time, if any. */
  buildTimeUrl?: string | null;
  /** A `?server=` parameter or a stored choice, if any (the caller picks which comes first). */
  override?: string | null;
}

/**
 * The demo server's URL: an override first, then the build-time URL, then the page's origin
 * (`npm start` serves the site and the server together). Empty or unparsable values are
 * skipped; a typed `localhost:8787` without a scheme means http. No trailing slash.
 */
export function resolveServerUrl({ pageOrigin, buildTimeUrl, override }: ServerUrlInputs): string {
  const url =
    normalizeServerUrl(override, true) ??
    normalizeServerUrl(buildTimeUrl, true) ??
    normalizeServerUrl(pageOrigin, false);
  if (url) return url;
  throw new TypeError(`resolveServerUrl: the page origin "${pageOrigin}" is not an http(s) URL`);
}

function normalizeServerUrl(value: string | null | undefined, guessScheme: boolean): string | null {
  const trimmed = value?.trim();
  if (!trimmed) return null;
  const hasScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed);
  const withScheme = hasScheme || !guessScheme ? trimmed : `http://${trimmed}`;
  try {
    const url = new URL(withScheme);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    return url.origin + url.pathname.replace(/\/+$/, '');
  } catch {
    return null;
  }
}
