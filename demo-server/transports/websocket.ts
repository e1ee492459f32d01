import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import {
  type Envelope,
  type Json,
  type WsAnyServerFrame,
  type WsClientFrame,
  type WsInspectMode,
  type WsServerFrame,
} from '../../src/protocol';
import { wsClientFrameSchema } from '../../src/protocol/schemas';
import { BusCapacityError } from '../bus/types';
import { encodeOnce } from '../lib/encode-once';
import { validate } from '../lib/validation';
import { refuseUpgrade } from './upgrade';
import { FrameTap, handshakeReport } from './websocket-inspect';
import type { AdapterContext, TransportAdapter } from './context';

const encodeMessageFrame = encodeOnce((message: Envelope) =>
  JSON.stringify({ type: 'message', message } satisfies WsServerFrame),
);

/** What the adapter keeps per open socket. */
interface Peer {
  socket: WebSocket;
  key: string;
  alive: boolean;
  subscriptions: Set<string>;
}

/**
 * `/ws`: raw WebSocket (RFC 6455) with JSON text frames. One bus subscription per channel serves
 * every socket subscribed to it, and each message is serialized once for all of them.
 */
export function registerWebSocket(ctx: AdapterContext): TransportAdapter {
  // No compression: the course shows the bytes on the wire, and RFC 7692 would hide them.
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: ctx.config.maxMessageBytes,
    perMessageDeflate: false,
  });
  const channels = new Map<string, { subscribers: Set<Peer>; unsubscribe: () => void }>();
  const peers = new Set<Peer>();
  let nextPeer = 0;
  // The 101 answer's lines, kept for `?inspect=handshake` (ws reports them just before writing).
  const responseLines = new WeakMap<IncomingMessage, string[]>();
  wss.on('headers', (lines, req) => responseLines.set(req, [...lines]));

  ctx.upgrades.set('/ws', (req, socket, head) => {
    if (!ctx.origins.allowsRequest(req)) return refuseUpgrade(socket, 403, 'origin not allowed');
    if (ctx.connections.full) return refuseUpgrade(socket, 503, 'too many open connections');
    const inspect = new URL(req.url ?? '/', 'http://localhost').searchParams.get('inspect');
    if (inspect !== null && inspect !== 'handshake' && inspect !== 'frames') {
      return refuseUpgrade(socket, 400, 'invalid "inspect": use handshake or frames');
    }
    wss.handleUpgrade(req, socket, head, (ws) => accept(ws, req, socket, inspect));
  });

  function accept(
    socket: WebSocket,
    req: IncomingMessage,
    raw: Duplex,
    inspect: WsInspectMode | null,
  ): void {
    const peer: Peer = { socket, key: `ws:${nextPeer++}`, alive: true, subscriptions: new Set() };
    peers.add(peer);
    if (inspect === 'handshake') {
      send(peer, {
        type: 'handshake',
        handshake: handshakeReport(req, responseLines.get(req) ?? []),
      });
    }
    if (inspect === 'frames') {
      // ws reads the same socket and unmasks payloads in place, so this listener must run before
      // its one and keep a copy of the bytes as they came off the wire.
      const tap = new FrameTap(
        (frame) => send(peer, { type: 'frame', frame }),
        ctx.config.maxMessageBytes,
      );
      raw.prependListener('data', (chunk: Buffer) => tap.push(Buffer.from(chunk)));
    }
    const untrack = ctx.connections.track('websocket', () =>
      socket.close(1001, 'server shutting down'),
    );
    socket.on('pong', () => (peer.alive = true));
    socket.on('message', (data, isBinary) => {
      onFrame(peer, data, isBinary).catch((error: unknown) => {
        console.error('websocket frame handling failed:', error);
        send(peer, { type: 'error', message: 'internal server error' });
      });
    });
    // ws closes with 1009 on an oversized frame and 1002 on a protocol error, then emits this:
    // listening is what keeps a bad peer from crashing the process.
    socket.on('error', () => {});
    socket.on('close', () => {
      peers.delete(peer);
      untrack();
      for (const channel of peer.subscriptions) leave(peer, channel);
      ctx.publishLimiter.forget(peer.key);
    });
  }

  async function onFrame(peer: Peer, data: RawData, isBinary: boolean): Promise<void> {
    if (isBinary)
      return send(peer, {
        type: 'error',
        message: 'binary frames are not supported: send JSON text',
      });
    let parsed: unknown;
    try {
      parsed = JSON.parse(data.toString());
    } catch (error) {
      return send(peer, { type: 'error', message: `invalid JSON: ${(error as Error).message}` });
    }
    const frame = validate(wsClientFrameSchema, parsed);
    if (!frame.ok) {
      const ref = (parsed as { ref?: unknown } | null)?.ref;
      return send(peer, {
        type: 'error',
        message: frame.error,
        ...(typeof ref === 'string' ? { ref } : {}),
      });
    }
    await handle(peer, frame.value as WsClientFrame);
  }

  async function handle(peer: Peer, frame: WsClientFrame): Promise<void> {
    switch (frame.type) {
      case 'subscribe': {
        const refusal = ctx.readRefusal(frame.channel);
        if (refusal) return send(peer, { type: 'error', message: refusal });
        if (!peer.subscriptions.has(frame.channel)) {
          if (peer.subscriptions.size >= ctx.config.maxSubscriptionsPerSocket) {
            return send(peer, {
              type: 'error',
              message: `too many subscriptions: at most ${ctx.config.maxSubscriptionsPerSocket} channels per connection`,
            });
          }
          join(peer, frame.channel);
        }
        return send(peer, { type: 'subscribed', channel: frame.channel });
      }
      case 'unsubscribe':
        leave(peer, frame.channel);
        return send(peer, { type: 'unsubscribed', channel: frame.channel });
      case 'ping':
        return send(peer, { type: 'pong', t: frame.t, now: Date.now() });
      case 'drop':
        // 1006 is never sent on the wire (RFC 6455 section 7.4.1): it means "no close frame", so
        // the way to show it is to cut the TCP connection.
        if (frame.code === 1006) return void peer.socket.terminate();
        return peer.socket.close(frame.code, 'closed on request (drop)');
      case 'publish': {
        const ref = frame.ref !== undefined ? { ref: frame.ref } : {};
        const refusal = ctx.publishRefusal(frame.channel);
        if (refusal) return send(peer, { type: 'error', message: refusal, ...ref });
        if (!ctx.publishLimiter.take(peer.key)) {
          return send(peer, { type: 'error', message: 'too many messages: slow down', ...ref });
        }
        try {
          const message = await ctx.bus.publish(frame.channel, frame.data as Json, 'websocket');
          return send(peer, { type: 'published', ...ref, message });
        } catch (error) {
          if (!(error instanceof BusCapacityError)) throw error;
          return send(peer, { type: 'error', message: error.message, ...ref });
        }
      }
    }
  }

  function join(peer: Peer, channel: string): void {
    let entry = channels.get(channel);
    if (!entry) {
      const subscribers = new Set<Peer>();
      const unsubscribe = ctx.bus.subscribe(channel, (message) => {
        const encoded = encodeMessageFrame(message);
        for (const subscriber of subscribers) sendEncoded(subscriber, encoded);
      });
      entry = { subscribers, unsubscribe };
      channels.set(channel, entry);
    }
    entry.subscribers.add(peer);
    peer.subscriptions.add(channel);
  }

  function leave(peer: Peer, channel: string): void {
    peer.subscriptions.delete(channel);
    const entry = channels.get(channel);
    if (!entry) return;
    entry.subscribers.delete(peer);
    if (entry.subscribers.size === 0) {
      entry.unsubscribe();
      channels.delete(channel);
    }
  }

  function send(peer: Peer, frame: WsAnyServerFrame): void {
    sendEncoded(peer, JSON.stringify(frame));
  }

  function sendEncoded(peer: Peer, encoded: string): void {
    if (peer.socket.readyState !== peer.socket.OPEN) return;
    // A reader that stopped reading must not make the server hold its messages without bound.
    if (peer.socket.bufferedAmount > ctx.config.maxQueuedBytes) {
      peer.socket.close(1013, 'too slow: send buffer full, reconnect');
      return;
    }
    peer.socket.send(encoded);
  }

  // A peer that did not answer the last ping is gone (cable pulled, laptop asleep): close it.
  const heartbeat = setInterval(() => {
    for (const peer of peers) {
      if (!peer.alive) {
        peer.socket.terminate();
        continue;
      }
      peer.alive = false;
      peer.socket.ping();
    }
  }, ctx.config.wsHeartbeatMs);

  return {
    id: 'websocket',
    close: async () => {
      clearInterval(heartbeat);
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
