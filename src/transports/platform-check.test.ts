import { describe, expectTypeOf, it } from 'vitest';
import type { EventSource as NodeEventSource } from 'eventsource';
import type WsWebSocket from 'ws';
import type { io } from 'socket.io-client';
import { type Socket } from 'socket.io-client';
import type { SocketIoClientEvents, SocketIoServerEvents } from '../protocol';
import type {
  EventSourceConstructor,
  FetchLike,
  IoFunction,
  SocketIoSocketLike,
  WebSocketConstructor,
} from './platform';

describe('platform shapes', () => {
  it('accept the browser and Node implementations', () => {
    expectTypeOf<typeof fetch>().toMatchTypeOf<FetchLike>();
    expectTypeOf<typeof EventSource>().toMatchTypeOf<EventSourceConstructor>();
    expectTypeOf<typeof NodeEventSource>().toMatchTypeOf<EventSourceConstructor>();
    expectTypeOf<typeof WebSocket>().toMatchTypeOf<WebSocketConstructor>();
    expectTypeOf<typeof WsWebSocket>().toMatchTypeOf<WebSocketConstructor>();
    expectTypeOf<typeof io>().toMatchTypeOf<IoFunction>();
    expectTypeOf<
      Socket<SocketIoServerEvents, SocketIoClientEvents>
    >().toMatchTypeOf<SocketIoSocketLike>();
  });
});
