import type { DropCode, FrameReport, HandshakeReport, WsInspectMode } from '../protocol';
import type { WebSocketConstructor } from './platform';
import type { QueryParams } from './url';
import type { ClientEvents, Clock, TransportClient } from './types';

/** Options of the WebSocket client. */
export interface WebSocketOptions {
  /** The demo server's http(s) URL; the socket goes to ws(s)://same-host/ws. */
  baseUrl: string;
  channel: string;
  WebSocket: WebSocketConstructor;
  clock: Clock;
  /** Reconnection backoff (default 1 s doubling up to 30 s, full jitter). */
  backoff?: { baseMs: number; maxMs: number };
  /** Ping interval (default 15 s); two unanswered pings close the socket. */
  heartbeatMs?: number;
  /** Asks the server for inspection frames (`handshake` / `frame` events). */
  inspect?: WsInspectMode;
  /** How long a publish waits for its `published` frame (default 5 s). */
  publishTimeoutMs?: number;
  /** Extra query parameters on every request this client makes (the race tags its lanes with `race`). */
  query?: QueryParams;
}

/** How a socket closed. */
export interface CloseInfo {
  code: number;
  reason: string;
  wasClean: boolean;
}

/** Events of the WebSocket client: the shared ones plus what the lessons on RFC 6455 show. */
export interface WebSocketClientEvents extends ClientEvents {
  handshake: (report: HandshakeReport) => void;
  frame: (report: FrameReport) => void;
  close: (info: CloseInfo) => void;
  /** An `error` frame that answers no pending publish (e.g. after `sendRaw` of bad JSON). */
  serverError: (message: string) => void;
  /** A heartbeat round trip, in ms. */
  rtt: (ms: number) => void;
}

/** The WebSocket client. */
export interface WebSocketClient extends TransportClient {
  readonly transport: 'websocket';
  readonly detail: string | undefined;
  readonly url: string;
  /** Bytes queued in the socket and not yet sent (0 without a socket). */
  readonly bufferedAmount: number;
  readonly lastClose: CloseInfo | undefined;
  readonly lastRttMs: number | undefined;
  /** Asks the server to close this connection with `code`; the client then reconnects. */
  drop(code: DropCode): void;
  /** Sends `text` as one frame, exactly as given (for the frame inspector). */
  sendRaw(text: string): void;
  on<E extends keyof WebSocketClientEvents>(
    event: E,
    listener: WebSocketClientEvents[E],
  ): () => void;
}
