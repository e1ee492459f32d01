/**
 * Socket.IO in depth (lessons 7-9): the `/chat` namespace (JWT in the handshake, rooms, presence,
 * typing) and the `/notifications` namespace (one room per user, announcements to everyone).
 */
export const CHAT_LIMITS = {
  minNameLength: 1,
  maxNameLength: 32,
  maxTextLength: 2_000,
  /** Chat messages one socket may send per second; beyond that the ack says RATE_LIMITED. */
  messagesPerSecond: 5,
  /** Messages of a room's history sent back on join. */
  historyOnJoin: 50,
  /** Token lifetime in seconds, and the longest a client may ask for. */
  tokenTtlSeconds: 3_600,
  /** The shortest lifetime a client may ask for: lesson 9 asks for one that expires at once. */
  minTokenTtlSeconds: 1,
  /** Longer tokens than this are not the server's: refused before any crypto runs. */
  maxTokenLength: 2_048,
} as const;

/** The room only instructors may join: authorization per room, not per connection. */
export const INSTRUCTORS_ROOM = 'instructors';

/** Paths and namespaces. Room names follow the channel-name rule (`^[a-z0-9][a-z0-9:_-]{0,63}$`). */
export const CHAT_PATHS = {
  token: '/auth/token',
  /** `POST` with `Authorization: Bearer <token still valid>`: a fresh token for the same user. */
  refresh: '/auth/refresh',
  chatNamespace: '/chat',
  notificationsNamespace: '/notifications',
} as const;

/** Who a token says the user is. */
export type Role = 'student' | 'instructor';

/** A user as the token identifies them: `id` is stable across reconnections, unlike `socket.id`. */
export interface ChatUser {
  id: string;
  name: string;
  role: Role;
}

/** Body of `POST /auth/token`. */
export interface TokenRequest {
  name: string;
  /** The server's INSTRUCTOR_KEY: when it matches, the token carries the instructor role. */
  instructorKey?: string;
  /**
   * Lifetime in seconds (CHAT_LIMITS.minTokenTtlSeconds..tokenTtlSeconds, default the maximum).
   * Lesson 9 asks for a short one to show the TOKEN_EXPIRED refusal.
   */
  expiresIn?: number;
}

/** Body of `POST /auth/refresh` (optional): the new token's lifetime, same bounds as TokenRequest. */
export interface RefreshRequest {
  expiresIn?: number;
}

/** Answer of `POST /auth/token` and `POST /auth/refresh`. */
export interface TokenResponse {
  token: string;
  /** Seconds until the token expires. */
  expiresIn: number;
  user: ChatUser;
}

/** Why the server refused a handshake: `connect_error`'s `err.data`. */
export type AuthErrorCode = 'UNAUTHORIZED' | 'TOKEN_EXPIRED';

/** `err.data` of a refused `/chat` or `/notifications` connection, and the `auth:expired` payload. */
export interface AuthErrorData {
  code: AuthErrorCode;
  /** A sentence for the student, in Spanish. */
  message: string;
}

/**
 * Why the server refused one chat action. UNAUTHORIZED and TOKEN_EXPIRED answer `auth:renew`
 * with a token that is not valid, has expired, or names another user.
 */
export type ChatErrorCode =
  'INVALID' | 'NOT_MEMBER' | 'FORBIDDEN' | 'RATE_LIMITED' | 'UNAUTHORIZED' | 'TOKEN_EXPIRED';

/** Every chat acknowledgement. */
export type ChatAck<T extends object = object> =
  ({ ok: true } & T) | { ok: false; code: ChatErrorCode; error: string };

/** A stored chat message (kept in the bus, channel `chat:<room>`). */
export interface ChatMessage {
  id: string;
  room: string;
  text: string;
  from: ChatUser;
  ts: number;
}

/**
 * Token renewal, on `/chat` and `/notifications`: a fresh token for the same user (same `sub`)
 * moves the moment the server cuts the connection; the ack says how many seconds remain.
 */
export interface RenewClientEvents {
  'auth:renew': (
    payload: { token: string },
    ack: (answer: ChatAck<{ expiresIn: number }>) => void,
  ) => void;
}

/**
 * What the server emits on `/chat` and `/notifications` when the token of an open connection
 * expires, just before it disconnects the socket (reason "io server disconnect" on the client).
 */
export interface ExpiryServerEvents {
  'auth:expired': (payload: AuthErrorData) => void;
}

/** Events the client emits on `/chat`. */
export interface ChatClientEvents extends RenewClientEvents {
  'chat:join': (
    payload: { room: string },
    ack: (answer: ChatAck<{ room: string; history: ChatMessage[]; members: ChatUser[] }>) => void,
  ) => void;
  'chat:leave': (payload: { room: string }, ack: (answer: ChatAck) => void) => void;
  'chat:message': (
    payload: { room: string; text: string },
    ack: (answer: ChatAck<{ message: ChatMessage }>) => void,
  ) => void;
  'chat:typing': (payload: { room: string }) => void;
}

/** Events the server emits on `/chat`. */
export interface ChatServerEvents extends ExpiryServerEvents {
  'chat:message': (message: ChatMessage) => void;
  'chat:presence': (payload: { room: string; members: ChatUser[] }) => void;
  'chat:typing': (payload: { room: string; user: ChatUser }) => void;
}

/** A notification: to one user (every tab) or to everyone. */
export interface Notification {
  id: string;
  scope: 'user' | 'all';
  from: ChatUser;
  text: string;
  ts: number;
}

/** Events the client emits on `/notifications`. */
export interface NotificationClientEvents extends RenewClientEvents {
  /** To every tab of one user. */
  'notify:user': (
    payload: { userId: string; text: string },
    ack: (answer: ChatAck<{ delivered: number }>) => void,
  ) => void;
  /** To everyone; instructors only. */
  'notify:all': (
    payload: { text: string },
    ack: (answer: ChatAck<{ delivered: number }>) => void,
  ) => void;
}

/** Events the server emits on `/notifications`. */
export interface NotificationServerEvents extends ExpiryServerEvents {
  notification: (notification: Notification) => void;
}
