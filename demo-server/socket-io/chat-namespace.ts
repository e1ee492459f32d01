import type { Namespace, Socket } from 'socket.io';
import {
  CHAT_LIMITS,
  CHAT_PATHS,
  INSTRUCTORS_ROOM,
  type ChatClientEvents,
  type ChatServerEvents,
  type ChatUser,
} from '../../src/protocol';
import { chatPayloadSchemas } from '../../src/protocol/chat-schemas';
import type { ChatAuth } from '../auth/tokens';
import { RateLimiter } from '../lib/rate-limit';
import type { AdapterContext } from '../transports/context';
import { RECOVERY_WINDOW_MS, type NamespaceSetup } from '../transports/socket-io';
import type { AuthedSocketData } from './auth-middleware';
import { authedNamespace } from './authed-namespace';
import { chatChannelOf, chatRoomOf, toChatMessage, type StoredChatData } from './chat-channels';
import { chatHandler, ChatRefusal } from './chat-handler';
import { bridgeRoomsToBus } from './room-bus-bridge';

type ChatNamespace = Namespace<ChatClientEvents, ChatServerEvents, object, AuthedSocketData>;
type ChatSocket = Socket<ChatClientEvents, ChatServerEvents, object, AuthedSocketData>;

/** Typing indicators one socket may send: enough for a key press now and then, no flood. */
const TYPING_RATE = { ratePerSecond: 2, burst: 4 };

/**
 * The `/chat` namespace: a token in the handshake, rooms named like channels, history and
 * messages in the bus (`chat:<room>`), presence and typing. Every refusal is an ack
 * `{ ok: false, code, error }` with a Spanish reason.
 */
export function chatNamespace(ctx: AdapterContext, auth: ChatAuth): NamespaceSetup {
  return (io) => {
    const messageLimiter = new RateLimiter({
      ratePerSecond: CHAT_LIMITS.messagesPerSecond,
      burst: CHAT_LIMITS.messagesPerSecond,
    });
    const typingLimiter = new RateLimiter(TYPING_RATE);
    const nsp = authedNamespace<ChatNamespace>(io, CHAT_PATHS.chatNamespace, ctx, auth, [
      messageLimiter,
      typingLimiter,
    ]);
    // Messages reach a room from the bus, not from the handler: with a shared bus, every server
    // delivers what any server stored.
    const closeBridge = bridgeRoomsToBus(nsp as unknown as Namespace, ctx.bus, {
      channelOf: (room) => (chatRoomOf(room) === null ? null : room),
      deliver: (room, envelope) => {
        const message = toChatMessage(envelope);
        if (message) nsp.to(room).emit('chat:message', message);
      },
      lingerMs: RECOVERY_WINDOW_MS,
    });

    /** Who is in a room now, one entry per user however many tabs they have. */
    function membersOf(room: string): ChatUser[] {
      const members = new Map<string, ChatUser>();
      for (const id of nsp.adapter.rooms.get(chatChannelOf(room)) ?? []) {
        const user = nsp.sockets.get(id)?.data.user;
        if (user && !members.has(user.id)) members.set(user.id, user);
      }
      return [...members.values()];
    }

    const announcePresence = (room: string) =>
      nsp.to(chatChannelOf(room)).emit('chat:presence', { room, members: membersOf(room) });

    nsp.on('connection', (socket: ChatSocket) => {
      const user = socket.data.user;
      /** The chat rooms this socket is in (not its own id room). */
      const chatRooms = () =>
        [...socket.rooms].map(chatRoomOf).filter((room): room is string => room !== null);
      let leftRooms: string[] = [];
      socket.on('disconnecting', () => {
        leftRooms = chatRooms();
      });
      socket.on('disconnect', () => {
        for (const room of leftRooms) announcePresence(room);
      });
      // A recovered socket is back in its rooms: tell them it is there again.
      if (socket.recovered) {
        for (const room of chatRooms()) announcePresence(room);
      }

      const isMember = (room: string) => socket.rooms.has(chatChannelOf(room));
      const requireMember = (room: string) => {
        if (!isMember(room)) {
          throw new ChatRefusal(
            'NOT_MEMBER',
            `no estás en la sala «${room}»: únete con chat:join antes de escribir en ella`,
          );
        }
      };

      socket.on(
        'chat:join',
        chatHandler(chatPayloadSchemas.join, async ({ room }) => {
          if (room === INSTRUCTORS_ROOM && user.role !== 'instructor') {
            throw new ChatRefusal(
              'FORBIDDEN',
              `la sala «${INSTRUCTORS_ROOM}» es solo para docentes: tu token es de estudiante`,
            );
          }
          const already = isMember(room);
          if (!already && chatRooms().length >= ctx.config.maxChatRoomsPerSocket) {
            throw new ChatRefusal(
              'INVALID',
              `demasiadas salas: como mucho ${ctx.config.maxChatRoomsPerSocket} a la vez; sal de alguna con chat:leave`,
            );
          }
          // Joined before reading history: a message stored meanwhile may come twice (live and
          // in history), never zero times. Clients keep one copy per message id.
          await socket.join(chatChannelOf(room));
          const history = (await ctx.bus.readLatest(chatChannelOf(room), CHAT_LIMITS.historyOnJoin))
            .map(toChatMessage)
            .filter((m) => m !== null);
          if (!already) announcePresence(room);
          return { room, history, members: membersOf(room) };
        }),
      );

      socket.on(
        'chat:leave',
        chatHandler(chatPayloadSchemas.leave, async ({ room }) => {
          if (!isMember(room)) return;
          await socket.leave(chatChannelOf(room));
          announcePresence(room);
        }),
      );

      socket.on(
        'chat:message',
        chatHandler(chatPayloadSchemas.message, async ({ room, text }) => {
          requireMember(room);
          if (!messageLimiter.take(socket.id)) {
            throw new ChatRefusal(
              'RATE_LIMITED',
              `demasiados mensajes: como mucho ${CHAT_LIMITS.messagesPerSecond} por segundo`,
            );
          }
          const { id, name, role } = user;
          const data = { text, from: { id, name, role } } satisfies StoredChatData;
          const envelope = await ctx.bus.publish(chatChannelOf(room), data, 'socket-io');
          return { message: toChatMessage(envelope)! };
        }),
      );

      socket.on(
        'chat:typing',
        chatHandler(chatPayloadSchemas.typing, ({ room }) => {
          requireMember(room);
          if (!typingLimiter.take(socket.id)) return;
          // Volatile: a typing indicator is stale at once, so it is neither queued nor replayed.
          socket.to(chatChannelOf(room)).volatile.emit('chat:typing', { room, user });
        }),
      );
    });

    return closeBridge;
  };
}
