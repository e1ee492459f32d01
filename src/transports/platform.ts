import type { ManagerOptions, SocketOptions } from 'socket.io-client';
import type { Ack, Envelope, SocketIoClientEvents } from '../protocol';

// The shapes below are the part of each platform API the clients use, so that the browser's
// objects and Node's (`fetch`, the `eventsource` and `ws` packages, `socket.io-client`) all fit.
// Handlers take `event: never`: the client writes them and the platform calls them, so the
// parameter is whatever the platform passes; each client names the fields it reads.

/** An event handler property (`onopen`, `onmessage`...) the client sets. */
export type HandlerSlot = ((event: never) => void) | null;

/** The part of a fetch `Response` the clients read. */
export interface ResponseLike {
  readonly ok: boolean;
  readonly status: number;
  readonly headers: { get(name: string): string | null };
  text(): Promise<string>;
}

/** `fetch`, as far as the clients use it. */
export type FetchLike = (
  url: string,
  init?: { method?: string; headers?: Record<string, string>; body?: string; signal?: AbortSignal },
) => Promise<ResponseLike>;

/** An `EventSource` instance, as far as the SSE client uses it. */
export interface EventSourceLike {
  readonly readyState: number;
  onopen: HandlerSlot;
  onmessage: HandlerSlot;
  onerror: HandlerSlot;
  addEventListener(type: string, listener: (event: { data: string }) => void): void;
  close(): void;
}

/** The `EventSource` constructor (the browser's, or the `eventsource` package in Node). */
export type EventSourceConstructor = new (url: string) => EventSourceLike;

/** A `WebSocket` instance, as far as the WebSocket client uses it. */
export interface WebSocketLike {
  readonly readyState: number;
  readonly bufferedAmount: number;
  onopen: HandlerSlot;
  onmessage: HandlerSlot;
  onclose: HandlerSlot;
  onerror: HandlerSlot;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

/** The `WebSocket` constructor (the browser's, or the `ws` package in Node). */
export type WebSocketConstructor = new (url: string) => WebSocketLike;

/** A Socket.IO client socket, as far as the Socket.IO client uses it. */
export interface SocketIoSocketLike {
  readonly connected: boolean;
  /** False once the socket will not reconnect by itself (refused by the server, or closed). */
  readonly active: boolean;
  readonly io: {
    on(event: 'reconnect_attempt', listener: (attempt: number) => void): unknown;
    off(event: 'reconnect_attempt', listener: (attempt: number) => void): unknown;
  };
  on(event: 'connect', listener: () => void): unknown;
  on(event: 'connect_error', listener: (error: Error) => void): unknown;
  on(event: 'disconnect', listener: (reason: string) => void): unknown;
  on(event: 'message', listener: (message: Envelope) => void): unknown;
  emit<E extends keyof SocketIoClientEvents>(
    event: E,
    ...args: Parameters<SocketIoClientEvents[E]>
  ): unknown;
  connect(): unknown;
  disconnect(): unknown;
  off(): unknown;
}

/** socket.io-client's `io` function. */
export type IoFunction = (
  uri: string,
  options: Partial<ManagerOptions & SocketOptions>,
) => SocketIoSocketLike;

/** The acknowledgement a publish gets over Socket.IO. */
export type PublishAck = Ack<{ message: Envelope }>;
