import {
  CHAT_PATHS,
  type AuthErrorData,
  type ChatAck,
  type ChatMessage,
  type ChatUser,
} from '../protocol';
import { createEmitter } from '../transports/emitter';
import { toChatMessage, toChatMessages, toChatUser, toChatUsers } from './chat-wire';
import {
  ackRequester,
  connectFailureOf,
  onExpired,
  openNamespace,
  renewed,
  type ConnectFailure,
  type NamespaceOptions,
  type NamespaceSocketLike,
  type RenewAck,
} from './namespace-socket';

/** Events of the chat client. */
export interface ChatClientEvents {
  connect: (info: { socketId: string; recovered: boolean }) => void;
  /** The server restored this socket's rooms and sent what it missed (`socket.recovered`). */
  recovered: () => void;
  disconnect: (info: { reason: string; willReconnect: boolean }) => void;
  connect_error: (failure: ConnectFailure) => void;
  /** The token expired on an open connection; the server disconnects right after. */
  expired: (data: AuthErrorData) => void;
  message: (message: ChatMessage) => void;
  presence: (payload: { room: string; members: ChatUser[] }) => void;
  typing: (payload: { room: string; user: ChatUser }) => void;
}

/** What a join answers: the room's recent history and who is in it. */
export type JoinAck = ChatAck<{ room: string; history: ChatMessage[]; members: ChatUser[] }>;

/** The `/chat` namespace, typed: every action resolves with the server's acknowledgement. */
export interface ChatClient {
  readonly connected: boolean;
  readonly socketId: string | undefined;
  connect(): void;
  /** Disconnects for good and removes every listener. */
  close(): void;
  join(room: string): Promise<JoinAck>;
  leave(room: string): Promise<ChatAck>;
  send(room: string, text: string): Promise<ChatAck<{ message: ChatMessage }>>;
  /** Fire and forget: the server tells the room's other members. */
  typing(room: string): void;
  /** `auth:renew`: a fresh token for the same user keeps this connection open past the old exp. */
  renew(token: string): Promise<RenewAck>;
  on: ReturnType<typeof createEmitter<ChatClientEvents>>['on'];
}

/** Creates the `/chat` client; nothing is sent before `connect()`. */
export function createChatClient(options: NamespaceOptions): ChatClient {
  const events = createEmitter<ChatClientEvents>();
  const socket = openNamespace(options, CHAT_PATHS.chatNamespace);
  wire(socket, events);
  const request = ackRequester(socket, options.ackTimeoutMs ?? 5_000);

  return {
    get connected() {
      return socket.connected;
    },
    get socketId() {
      return socket.id;
    },
    connect() {
      socket.connect();
    },
    close() {
      socket.off();
      socket.disconnect();
    },
    join: (room) =>
      request('chat:join', { room }, (a) => {
        if (typeof a.room !== 'string' || !Array.isArray(a.history) || !Array.isArray(a.members))
          return null;
        return {
          room: a.room,
          history: toChatMessages(a.history),
          members: toChatUsers(a.members),
        };
      }),
    leave: (room) => request('chat:leave', { room }, () => ({})),
    send: (room, text) =>
      request('chat:message', { room, text }, (a) => {
        const message = toChatMessage(a.message);
        return message ? { message } : null;
      }),
    typing(room) {
      if (socket.connected) socket.emit('chat:typing', { room });
    },
    renew: (token) => request('auth:renew', { token }, renewed),
    on: events.on,
  };
}

/** Translates the socket's events into the client's, checking every payload. */
function wire(
  socket: NamespaceSocketLike,
  events: ReturnType<typeof createEmitter<ChatClientEvents>>,
) {
  socket.on('connect', () => {
    events.emit('connect', { socketId: socket.id ?? '', recovered: socket.recovered });
    if (socket.recovered) events.emit('recovered');
  });
  socket.on('disconnect', (reason: string) => {
    // After a server-side disconnect socket.io-client does not reconnect unless asked to.
    events.emit('disconnect', {
      reason,
      willReconnect: reason !== 'io server disconnect' && reason !== 'io client disconnect',
    });
  });
  socket.on('connect_error', (error: unknown) =>
    events.emit('connect_error', connectFailureOf(socket, error)),
  );
  onExpired(socket, (data) => events.emit('expired', data));
  socket.on('chat:message', (value: unknown) => {
    const message = toChatMessage(value);
    if (message) events.emit('message', message);
  });
  socket.on('chat:presence', (value: { room?: unknown; members?: unknown }) => {
    if (typeof value?.room === 'string')
      events.emit('presence', { room: value.room, members: toChatUsers(value.members) });
  });
  socket.on('chat:typing', (value: { room?: unknown; user?: unknown }) => {
    const user = toChatUser(value?.user);
    if (typeof value?.room === 'string' && user) events.emit('typing', { room: value.room, user });
  });
}
