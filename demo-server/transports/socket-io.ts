import { Server as EngineServer } from 'engine.io';
import { Server, type Socket } from 'socket.io';
import {
  PATHS,
  type Ack,
  type Json,
  type SocketIoClientEvents,
  type SocketIoServerEvents,
} from '../../src/protocol';
import { socketIoPayloadSchemas } from '../../src/protocol/schemas';
import { BusCapacityError } from '../bus/types';
import { validate } from '../lib/validation';
import { boundedSessionAdapter } from '../socket-io/bounded-session-adapter';
import { bridgeRoomsToBus } from '../socket-io/room-bus-bridge';
import type { AdapterContext, TransportAdapter } from './context';

type IoSocket = Socket<SocketIoClientEvents, SocketIoServerEvents>;

/** Rooms of the default namespace that mirror a bus channel: `channel:<channel>`. */
const ROOM_PREFIX = 'channel:';
const roomOf = (channel: string) => `${ROOM_PREFIX}${channel}`;

/** How long a dropped client's session (id, rooms, missed broadcasts) is kept for it. */
export const RECOVERY_WINDOW_MS = 2 * 60 * 1000;

/** The Socket.IO server, for namespaces other than the default one to register on. */
export type IoServer = Server;

/** Sets up one extra namespace on the server; returns what releases it on shutdown. */
export type NamespaceSetup = (io: IoServer) => () => void;

/**
 * Socket.IO on the default namespace, path `/socket.io/`, plus the namespaces given (`/chat`,
 * `/notifications`). Each bus channel is a room with one bus subscription, so a message is
 * encoded once per broadcast however many sockets listen. Connection state recovery is on for
 * every namespace: broadcasts carry an offset, and a client back within the window recovers.
 */
export function registerSocketIo(
  ctx: AdapterContext,
  namespaces: NamespaceSetup[] = [],
): TransportAdapter {
  const engine = new EngineServer({
    maxHttpBufferSize: ctx.config.maxMessageBytes,
    perMessageDeflate: false,
    // CORS is answered before the request reaches engine.io (see app.ts); this guards upgrades.
    allowRequest: (req, callback) => {
      if (!ctx.origins.allowsRequest(req)) return callback('origin not allowed', false);
      if (ctx.connections.full) return callback('too many open connections', false);
      callback(null, true);
    },
  });
  const io = new Server<SocketIoClientEvents, SocketIoServerEvents>({
    serveClient: false,
    adapter: boundedSessionAdapter(ctx.config.recoveryMaxPackets),
    connectionStateRecovery: {
      maxDisconnectionDuration: RECOVERY_WINDOW_MS,
      // A recovered socket keeps socket.data (the user its token named) and skips the auth check.
      skipMiddlewares: true,
    },
  });
  io.bind(engine);
  ctx.prefixes.set(PATHS.socketIo, (req, res) => engine.handleRequest(req, res));
  ctx.upgrades.set(PATHS.socketIo, (req, socket, head) => engine.handleUpgrade(req, socket, head));

  const closeBridge = bridgeRoomsToBus(io.of('/'), ctx.bus, {
    channelOf: (room) => (room.startsWith(ROOM_PREFIX) ? room.slice(ROOM_PREFIX.length) : null),
    deliver: (room, message) => io.to(room).emit('message', message),
    lingerMs: RECOVERY_WINDOW_MS,
  });
  const closeNamespaces = namespaces.map((setup) => setup(io as unknown as IoServer));

  io.on('connection', (socket: IoSocket) => {
    const limiterKey = `sio:${socket.id}`;
    const untrack = ctx.connections.track('socket-io', () => socket.disconnect(true));
    socket.on('disconnect', () => {
      untrack();
      ctx.publishLimiter.forget(limiterKey);
    });

    socket.on(
      'subscribe',
      guarded((payload, ack) => {
        const input = validate(socketIoPayloadSchemas.subscribe, payload);
        if (!input.ok) return reply(ack, { ok: false, error: input.error });
        const refusal = ctx.readRefusal(input.value.channel);
        if (refusal) return reply(ack, { ok: false, error: refusal });
        const room = roomOf(input.value.channel);
        // socket.rooms always holds the socket's own id room, hence the - 1.
        if (
          !socket.rooms.has(room) &&
          socket.rooms.size - 1 >= ctx.config.maxSubscriptionsPerSocket
        ) {
          return reply(ack, {
            ok: false,
            error: `too many subscriptions: at most ${ctx.config.maxSubscriptionsPerSocket} channels per connection`,
          });
        }
        // Joining creates the room, and with it the room's bus subscription (room-bus-bridge).
        void socket.join(room);
        reply(ack, { ok: true });
      }),
    );

    socket.on(
      'unsubscribe',
      guarded((payload, ack) => {
        const input = validate(socketIoPayloadSchemas.unsubscribe, payload);
        if (!input.ok) return reply(ack, { ok: false, error: input.error });
        void socket.leave(roomOf(input.value.channel));
        reply(ack, { ok: true });
      }),
    );

    socket.on(
      'publish',
      guarded(async (payload, ack) => {
        const input = validate(socketIoPayloadSchemas.publish, payload);
        if (!input.ok) return reply(ack, { ok: false, error: input.error });
        const refusal = ctx.publishRefusal(input.value.channel);
        if (refusal) return reply(ack, { ok: false, error: refusal });
        if (!ctx.publishLimiter.take(limiterKey)) {
          return reply(ack, { ok: false, error: 'too many messages: slow down' });
        }
        try {
          const { channel, data } = input.value;
          const message = await ctx.bus.publish(channel, data as Json, 'socket-io');
          reply(ack, { ok: true, message });
        } catch (error) {
          if (!(error instanceof BusCapacityError)) throw error;
          reply(ack, { ok: false, error: error.message });
        }
      }),
    );

    socket.on(
      'ping',
      guarded((payload, ack) => {
        const input = validate(socketIoPayloadSchemas.ping, payload);
        if (!input.ok) return reply(ack, { ok: false, error: input.error });
        reply(ack, { t: input.value.t, now: Date.now() });
      }),
    );
  });

  return {
    id: 'socket-io',
    close: async () => {
      closeBridge();
      for (const close of closeNamespaces) close();
      await io.close();
    },
  };
}

/**
 * Wraps an event handler so that nothing it throws, synchronously or not, escapes into the
 * process: the client gets `{ ok: false }` and the error is logged.
 */
function guarded<P>(
  handler: (payload: P, ack: (answer: never) => void) => void | Promise<void>,
): (payload: P, ack: (answer: never) => void) => void {
  return (payload, ack) => {
    const fail = (error: unknown) => {
      console.error('socket.io handler failed:', error);
      reply(ack, { ok: false, error: 'internal server error' });
    };
    try {
      Promise.resolve(handler(payload, ack)).catch(fail);
    } catch (error) {
      fail(error);
    }
  };
}

/** Answers through the acknowledgement when the client asked for one (it may not have). */
function reply<T>(ack: unknown, answer: T | Ack): void {
  if (typeof ack === 'function') ack(answer);
}
