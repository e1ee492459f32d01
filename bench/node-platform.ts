import { EventSource } from 'eventsource';
import { io } from 'socket.io-client';
import WebSocket from 'ws';
import type { RaceDependencies } from '../src/race';
import type {
  EventSourceConstructor,
  FetchLike,
  IoFunction,
  WebSocketConstructor,
} from '../src/transports/platform';
import { systemClock } from '../src/transports/types';

/** The platform the site's clients run on in Node: global fetch, `eventsource`, `ws`, `socket.io-client`. */
export const nodePlatform: RaceDependencies = {
  fetch: globalThis.fetch as unknown as FetchLike,
  EventSource: EventSource as unknown as EventSourceConstructor,
  WebSocket: WebSocket as unknown as WebSocketConstructor,
  io: io as unknown as IoFunction,
  clock: systemClock,
};
