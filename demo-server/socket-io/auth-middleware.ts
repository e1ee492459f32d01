import type { Namespace, Socket } from 'socket.io';
import type { AuthErrorData, ChatUser } from '../../src/protocol';
import type { ChatAuth } from '../auth/tokens';

/** What the server keeps on `socket.data` of an authenticated socket (restored on recovery). */
export interface AuthedSocketData {
  user: ChatUser;
  /** When the token expires (ms since the epoch); `auth:renew` moves it. */
  expiresAt: number;
}

/** A refused handshake: socket.io sends `message` and `data` to the client's `connect_error`. */
class AuthError extends Error {
  constructor(readonly data: AuthErrorData) {
    super(data.message);
  }
}

/**
 * Verifies `socket.handshake.auth.token` before a socket joins `nsp`, and puts the user it names
 * and its expiry on `socket.data`. A recovered socket skips this (skipMiddlewares) and keeps its
 * data: enforceTokenExpiry (token-expiry.ts) checks the restored expiry on every connection.
 */
export function requireToken(nsp: Namespace, auth: ChatAuth): void {
  nsp.use((socket: Socket, next) => {
    const handshakeAuth: unknown = socket.handshake.auth;
    const token =
      typeof handshakeAuth === 'object' && handshakeAuth !== null
        ? (handshakeAuth as { token?: unknown }).token
        : undefined;
    auth.verify(token).then(
      (result) => {
        if (!result.ok) return next(new AuthError(result.error));
        (socket.data as AuthedSocketData).user = result.user;
        (socket.data as AuthedSocketData).expiresAt = result.expiresAt;
        next();
      },
      (error: unknown) => {
        console.error('token verification failed:', error);
        next(new AuthError({ code: 'UNAUTHORIZED', message: 'No se pudo comprobar el token.' }));
      },
    );
  });
}
