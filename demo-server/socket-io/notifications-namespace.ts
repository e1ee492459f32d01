import { randomUUID } from 'node:crypto';
import type { Namespace, Socket } from 'socket.io';
import {
  CHAT_PATHS,
  type Notification,
  type NotificationClientEvents,
  type NotificationServerEvents,
} from '../../src/protocol';
import { chatPayloadSchemas } from '../../src/protocol/chat-schemas';
import type { ChatAuth } from '../auth/tokens';
import { RateLimiter } from '../lib/rate-limit';
import type { AdapterContext } from '../transports/context';
import type { NamespaceSetup } from '../transports/socket-io';
import type { AuthedSocketData } from './auth-middleware';
import { authedNamespace } from './authed-namespace';
import { chatHandler, ChatRefusal } from './chat-handler';

type NotificationsNamespace = Namespace<
  NotificationClientEvents,
  NotificationServerEvents,
  object,
  AuthedSocketData
>;
type NotificationsSocket = Socket<
  NotificationClientEvents,
  NotificationServerEvents,
  object,
  AuthedSocketData
>;

/** The room of every socket (every tab) of one user. */
const userRoom = (userId: string) => `user:${userId}`;

/**
 * The `/notifications` namespace: each socket joins its user's room on connect, so a
 * notification to a user reaches all their tabs; instructors may announce to everyone.
 */
export function notificationsNamespace(ctx: AdapterContext, auth: ChatAuth): NamespaceSetup {
  return (io) => {
    const limiter = new RateLimiter(ctx.config.notifyRate);
    const nsp = authedNamespace<NotificationsNamespace>(
      io,
      CHAT_PATHS.notificationsNamespace,
      ctx,
      auth,
      [limiter],
    );

    nsp.on('connection', (socket: NotificationsSocket) => {
      const user = socket.data.user;
      // A recovered socket is already in its room; joining again is harmless.
      void socket.join(userRoom(user.id));

      const takeToken = () => {
        if (!limiter.take(socket.id)) {
          throw new ChatRefusal('RATE_LIMITED', 'demasiados avisos: espera un momento');
        }
      };
      const notification = (scope: Notification['scope'], text: string): Notification => ({
        id: randomUUID(),
        scope,
        from: user,
        text,
        ts: Date.now(),
      });

      socket.on(
        'notify:user',
        chatHandler(chatPayloadSchemas.notifyUser, ({ userId, text }) => {
          takeToken();
          const room = userRoom(userId);
          const delivered = nsp.adapter.rooms.get(room)?.size ?? 0;
          nsp.to(room).emit('notification', notification('user', text));
          return { delivered };
        }),
      );

      socket.on(
        'notify:all',
        chatHandler(chatPayloadSchemas.notifyAll, ({ text }) => {
          if (user.role !== 'instructor') {
            throw new ChatRefusal(
              'FORBIDDEN',
              'solo un docente puede avisar a todos: tu token es de estudiante',
            );
          }
          takeToken();
          const delivered = nsp.sockets.size;
          nsp.emit('notification', notification('all', text));
          return { delivered };
        }),
      );
    });

    return () => {};
  };
}
