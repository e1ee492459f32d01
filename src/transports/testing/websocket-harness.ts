import type { ConnectionState, ReconnectRecord } from '../types';
import { createWebSocketClient } from '../websocket-client';
import type { WebSocketClient, WebSocketOptions } from '../websocket-types';
import { createFakeWebSocket, ManualClock } from './fakes';

/** A WebSocket client on a fake socket and a manual clock, with what it reported. */
export class WebSocketHarness {
  readonly clock = new ManualClock();
  readonly fake = createFakeWebSocket();
  client!: WebSocketClient;
  states: ConnectionState[] = [];
  reconnects: ReconnectRecord[] = [];

  constructor(options: Partial<WebSocketOptions> = {}) {
    this.make(options);
  }

  /** Replaces the client (stopping the old one) with one built with `options`. */
  make(options: Partial<WebSocketOptions> = {}): WebSocketClient {
    this.client?.stop();
    this.client = createWebSocketClient({
      baseUrl: 'http://localhost:8787',
      channel: 'demo',
      WebSocket: this.fake.WebSocket,
      clock: this.clock,
      ...options,
    });
    this.states = [];
    this.reconnects = [];
    this.client.on('state', (state) => this.states.push(state));
    this.client.on('reconnect', (r) => this.reconnects.push(r));
    return this.client;
  }

  /** The latest socket the client created. */
  socket() {
    const socket = this.fake.instances.at(-1);
    if (!socket) throw new Error('no socket was created');
    return socket;
  }

  /** Opens the latest socket and confirms the subscription. */
  connect(): void {
    this.socket().open();
    this.socket().receive({ type: 'subscribed', channel: 'demo' });
  }
}
