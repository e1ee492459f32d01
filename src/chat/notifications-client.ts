import { CHAT_PATHS, type AuthErrorData, type ChatAck, type Notification } from '../protocol';
import { createEmitter } from '../transports/emitter';
import { toNotification } from './chat-wire';
import {
  ackRequester,
  connectFailureOf,
  onExpired,
  openNamespace,
  renewed,
  type ConnectFailure,
  type NamespaceOptions,
  type RenewAck,
} from './namespace-socket';

/** Events of the notifications client. */
export interface NotificationsClientEvents {
  connect: () => void;
  disconnect: (info: { reason: string }) => void;
  connect_error: (failure: ConnectFailure) => void;
  /** The token expired on an open connection; the server disconnects right after. */
  expired: (data: AuthErrorData) => void;
  notification: (notification: Notification) => void;
}

/** How many sockets a notification reached. */
export type DeliveryAck = ChatAck<{ delivered: number }>;

/** The `/notifications` namespace: the server puts each socket in `user:<id>` on connect. */
export interface NotificationsClient {
  readonly connected: boolean;
  connect(): void;
  close(): void;
  /** To every tab of one user (the server emits to the room `user:<userId>`). */
  notifyUser(userId: string, text: string): Promise<DeliveryAck>;
  /** To everyone connected; the server allows it to instructors only. */
  notifyAll(text: string): Promise<DeliveryAck>;
  /** `auth:renew`, as on `/chat`. */
  renew(token: string): Promise<RenewAck>;
  on: ReturnType<typeof createEmitter<NotificationsClientEvents>>['on'];
}

/** Creates the `/notifications` client; nothing is sent before `connect()`. */
export function createNotificationsClient(options: NamespaceOptions): NotificationsClient {
  const events = createEmitter<NotificationsClientEvents>();
  const socket = openNamespace(options, CHAT_PATHS.notificationsNamespace);
  const request = ackRequester(socket, options.ackTimeoutMs ?? 5_000);
  const delivered = (a: Record<string, unknown>) =>
    typeof a.delivered === 'number' ? { delivered: a.delivered } : null;

  socket.on('connect', () => events.emit('connect'));
  socket.on('disconnect', (reason: string) => events.emit('disconnect', { reason }));
  socket.on('connect_error', (error: unknown) =>
    events.emit('connect_error', connectFailureOf(socket, error)),
  );
  onExpired(socket, (data) => events.emit('expired', data));
  socket.on('notification', (value: unknown) => {
    const notification = toNotification(value);
    if (notification) events.emit('notification', notification);
  });

  return {
    get connected() {
      return socket.connected;
    },
    connect() {
      socket.connect();
    },
    close() {
      socket.off();
      socket.disconnect();
    },
    notifyUser: (userId, text) => request('notify:user', { userId, text }, delivered),
    notifyAll: (text) => request('notify:all', { text }, delivered),
    renew: (token) => request('auth:renew', { token }, renewed),
    on: events.on,
  };
}
