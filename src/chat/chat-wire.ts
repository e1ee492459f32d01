import type {
  AuthErrorCode,
  AuthErrorData,
  ChatAck,
  ChatErrorCode,
  ChatMessage,
  ChatUser,
  Notification,
} from '../protocol';

// Hand-written checks of what the server sends: the browser bundle stays without zod (see
// src/protocol/schemas.ts), and anything that does not fit is dropped or turned into an error.

type Rec = Record<string, unknown>;
const isRecord = (value: unknown): value is Rec => typeof value === 'object' && value !== null;
const isString = (value: unknown, max = 10_000): value is string =>
  typeof value === 'string' && value.length <= max;

const AUTH_ERROR_CODES: readonly AuthErrorCode[] = ['UNAUTHORIZED', 'TOKEN_EXPIRED'];
const CHAT_ERROR_CODES: readonly ChatErrorCode[] = [
  'INVALID',
  'NOT_MEMBER',
  'FORBIDDEN',
  'RATE_LIMITED',
  ...AUTH_ERROR_CODES,
];
/** Longest server reason shown as it is; longer ones are cut (the text is untrusted input). */
const MAX_REASON = 500;

/** Untrusted server text, cut to a length a page can show. */
export const bounded = (text: string) =>
  text.length > MAX_REASON ? `${text.slice(0, MAX_REASON)}…` : text;

/** Whether the value is one of the contract's codes for a refused handshake. */
const isAuthErrorCode = (value: unknown): value is AuthErrorCode =>
  (AUTH_ERROR_CODES as readonly unknown[]).includes(value);

/** Whether the value is one of the contract's codes for a refused chat action. */
export const isChatErrorCode = (value: unknown): value is ChatErrorCode =>
  (CHAT_ERROR_CODES as readonly unknown[]).includes(value);

/** The value as a chat user, or null. */
export function toChatUser(value: unknown): ChatUser | null {
  if (!isRecord(value) || !isString(value.id, 128) || !isString(value.name, 64)) return null;
  if (value.role !== 'student' && value.role !== 'instructor') return null;
  return { id: value.id, name: value.name, role: value.role };
}

/** The value as a chat message, or null. */
export function toChatMessage(value: unknown): ChatMessage | null {
  if (!isRecord(value) || !isString(value.id, 128) || !isString(value.room, 64)) return null;
  if (!isString(value.text) || typeof value.ts !== 'number') return null;
  const from = toChatUser(value.from);
  return from ? { id: value.id, room: value.room, text: value.text, from, ts: value.ts } : null;
}

/** The value as a notification, or null. */
export function toNotification(value: unknown): Notification | null {
  if (!isRecord(value) || !isString(value.id, 128) || !isString(value.text)) return null;
  if ((value.scope !== 'user' && value.scope !== 'all') || typeof value.ts !== 'number')
    return null;
  const from = toChatUser(value.from);
  return from ? { id: value.id, scope: value.scope, from, text: value.text, ts: value.ts } : null;
}

/** A list of users; entries that do not fit are left out. */
export function toChatUsers(value: unknown): ChatUser[] {
  return Array.isArray(value) ? value.slice(0, 1_000).flatMap((u) => toChatUser(u) ?? []) : [];
}

/** A list of messages; entries that do not fit are left out. */
export function toChatMessages(value: unknown): ChatMessage[] {
  return Array.isArray(value) ? value.slice(0, 1_000).flatMap((m) => toChatMessage(m) ?? []) : [];
}

/**
 * `err.data` of a refused handshake (or the `auth:expired` payload), when it has the contract's
 * shape; a long reason is cut, not dropped.
 */
export function toAuthErrorData(value: unknown): AuthErrorData | undefined {
  if (!isRecord(value) || typeof value.message !== 'string') return undefined;
  if (!isAuthErrorCode(value.code)) return undefined;
  return { code: value.code, message: bounded(value.message) };
}

/**
 * An acknowledgement: a refusal as it came (with a known code), a success through `success`
 * (which checks its own fields and returns null when they do not fit).
 */
export function toAck<T extends object>(
  value: unknown,
  success: (answer: Rec) => T | null,
): ChatAck<T> {
  const invalid = { ok: false as const, code: 'INVALID' as const };
  if (!isRecord(value) || typeof value.ok !== 'boolean')
    return { ...invalid, error: 'Respuesta no válida del servidor' };
  if (!value.ok) {
    const code = isChatErrorCode(value.code) ? value.code : 'INVALID';
    const error = isString(value.error, 500) ? value.error : 'El servidor rechazó la petición';
    return { ok: false, code, error };
  }
  const fields = success(value);
  return fields
    ? { ok: true, ...fields }
    : { ...invalid, error: 'Respuesta no válida del servidor' };
}
