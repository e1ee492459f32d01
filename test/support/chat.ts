import { io, type Socket } from 'socket.io-client';
import { expect } from 'vitest';
import {
  CHAT_PATHS,
  type AuthErrorData,
  type ChatClientEvents,
  type ChatMessage,
  type ChatServerEvents,
  type Notification,
  type NotificationClientEvents,
  type NotificationServerEvents,
  type TokenRequest,
  type TokenResponse,
} from '../../src/protocol';
import { Inbox } from './inbox';

/** A `/chat` client typed with the shared event maps. */
export type ChatSocket = Socket<ChatServerEvents, ChatClientEvents>;
/** A `/notifications` client typed with the shared event maps. */
export type NotificationsSocket = Socket<NotificationServerEvents, NotificationClientEvents>;

/** `POST /auth/token` with any body; status and parsed JSON answer. */
export async function postToken(
  baseUrl: string,
  body: string | object,
  headers: Record<string, string> = { 'content-type': 'application/json' },
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${baseUrl}${CHAT_PATHS.token}`, {
    method: 'POST',
    headers,
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** A token for `request`, failing loudly on anything but 200. */
export async function tokenFor(baseUrl: string, request: TokenRequest): Promise<TokenResponse> {
  const { status, body } = await postToken(baseUrl, request);
  if (status !== 200) throw new Error(`token refused: ${status} ${JSON.stringify(body)}`);
  return body as unknown as TokenResponse;
}

/** The INSTRUCTOR_KEY the integration tests start the demo server with. */
export const INSTRUCTOR_KEY = 'clave-de-prueba-del-docente';

/** A token for a new student, or instructor (the server must have been started with INSTRUCTOR_KEY). */
export function tokenAs(baseUrl: string, name: string, instructor = false): Promise<TokenResponse> {
  return tokenFor(baseUrl, instructor ? { name, instructorKey: INSTRUCTOR_KEY } : { name });
}

/** Decodes a JWT's payload without checking it (to read what the server put in). */
export const claimsOf = (token: string) =>
  JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;

/** Checks that a token asked for at `sentAt` was issued then and lives `ttlSeconds`. */
export function expectTokenLifetime(token: string, sentAt: number, ttlSeconds: number): void {
  const claims = claimsOf(token);
  // exp is rounded up to whole seconds: the token lives at least expiresIn, less than 1 s more.
  const lifeMs = (claims.exp as number) * 1000 - sentAt;
  expect(lifeMs).toBeGreaterThanOrEqual(ttlSeconds * 1000);
  expect(lifeMs).toBeLessThan(ttlSeconds * 1000 + 1_500);
  expect(claims.iat).toBeLessThanOrEqual(sentAt / 1000 + 1);
}

/** Opens a socket on a namespace (not yet connected). */
function open<S extends Socket>(
  baseUrl: string,
  namespace: string,
  auth: Record<string, unknown> | undefined,
  options: { reconnection?: boolean } = {},
): S {
  return io(`${baseUrl}${namespace}`, {
    forceNew: true,
    reconnection: false,
    transports: ['websocket'],
    ...(auth ? { auth } : {}),
    ...options,
  }) as unknown as S;
}

/** Resolves once the socket connects; rejects with the `connect_error`. */
export function connected(socket: Socket): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
}

/** The `connect_error` of a refused handshake: its message and `data`. */
export function refusal(socket: Socket): Promise<{ message: string; data: AuthErrorData }> {
  return new Promise((resolve, reject) => {
    socket.once('connect', () => reject(new Error('connected, expected a refusal')));
    socket.once('connect_error', (error) =>
      resolve({ message: error.message, data: (error as Error & { data: AuthErrorData }).data }),
    );
  });
}

/** A connected `/chat` client and what it received. */
export interface ChatClient {
  socket: ChatSocket;
  messages: Inbox<ChatMessage>;
  presence: Inbox<{ room: string; members: { id: string }[] }>;
  typing: Inbox<{ room: string; user: { id: string } }>;
  close(): void;
}

/** Connects to `/chat` with `token` and records every server event. */
export async function connectChat(
  baseUrl: string,
  token: string,
  options: { reconnection?: boolean } = {},
): Promise<ChatClient> {
  const socket = open<ChatSocket>(baseUrl, CHAT_PATHS.chatNamespace, { token }, options);
  const client: ChatClient = {
    socket,
    messages: new Inbox(),
    presence: new Inbox(),
    typing: new Inbox(),
    close: () => void socket.disconnect(),
  };
  socket.on('chat:message', (message) => client.messages.push(message));
  socket.on('chat:presence', (payload) => client.presence.push(payload));
  socket.on('chat:typing', (payload) => client.typing.push(payload));
  await connected(socket);
  return client;
}

/** A socket on `namespace` with `auth` as the handshake's auth, for refusal tests. */
export function openRaw(baseUrl: string, namespace: string, auth?: Record<string, unknown>) {
  return open<Socket>(baseUrl, namespace, auth);
}

/** A connected `/notifications` client and what it received. */
export interface NotificationsClient {
  socket: NotificationsSocket;
  notifications: Inbox<Notification>;
  close(): void;
}

/** Connects to `/notifications` with `token`. */
export async function connectNotifications(
  baseUrl: string,
  token: string,
): Promise<NotificationsClient> {
  const socket = open<NotificationsSocket>(baseUrl, CHAT_PATHS.notificationsNamespace, { token });
  const client: NotificationsClient = {
    socket,
    notifications: new Inbox(),
    close: () => void socket.disconnect(),
  };
  socket.on('notification', (notification) => client.notifications.push(notification));
  await connected(socket);
  return client;
}
