import type { Socket } from 'socket.io';
import type { ExpiryServerEvents, RenewClientEvents } from '../../src/protocol';
import { chatPayloadSchemas } from '../../src/protocol/chat-schemas';
import type { ChatAuth } from '../auth/tokens';
import type { AuthedSocketData } from './auth-middleware';
import { chatHandler, ChatRefusal } from './chat-handler';

/** A socket on `/chat` or `/notifications`, as far as its token's lifetime goes. */
export type ExpiringSocket = Socket<
  RenewClientEvents,
  ExpiryServerEvents,
  object,
  AuthedSocketData
>;

/** setTimeout's longest delay (about 24.8 days); a longer wait is done in several steps. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Told to the student when the server cuts a connection whose token has expired. */
const EXPIRED_MESSAGE =
  'Tu token ha caducado y el servidor ha cerrado la conexión: pide un token nuevo (o renueva el que tienes antes de que caduque) y vuelve a conectar.';

/**
 * Holds an open socket to its token's `exp`: at that moment the server emits `auth:expired` and
 * disconnects it. `auth:renew { token }` with a valid token for the same user (same `sub`) moves
 * the moment. Called on every connection, recovered ones included: a recovered socket skipped
 * the middleware but kept `socket.data.expiresAt`, so a token that expired while it was away cuts
 * it at once. The timer dies with the socket (disconnect, server close).
 */
export function enforceTokenExpiry(socket: ExpiringSocket, auth: ChatAuth): void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let renewing = false;

  const arm = () => {
    clearTimeout(timer);
    const wait = Math.min(Math.max(0, socket.data.expiresAt - Date.now()), MAX_TIMER_MS);
    timer = setTimeout(expire, wait);
  };

  function expire() {
    if (!socket.connected) return;
    if (Date.now() < socket.data.expiresAt) return arm();
    socket.emit('auth:expired', { code: 'TOKEN_EXPIRED', message: EXPIRED_MESSAGE });
    // This namespace only: disconnect(true) would close the whole Engine.IO connection and with
    // it every other namespace the client multiplexes on it (its /notifications with /chat).
    // The client sees "io server disconnect" either way, and does not reconnect by itself.
    socket.disconnect();
  }

  socket.on('disconnect', () => clearTimeout(timer));
  socket.on(
    'auth:renew',
    chatHandler(chatPayloadSchemas.renew, async ({ token }) => {
      if (renewing) {
        throw new ChatRefusal(
          'RATE_LIMITED',
          'ya hay una renovación en curso: espera su respuesta',
        );
      }
      renewing = true;
      try {
        const result = await auth.verify(token);
        if (!result.ok) throw new ChatRefusal(result.error.code, result.error.message);
        if (result.user.id !== socket.data.user.id) {
          throw new ChatRefusal(
            'UNAUTHORIZED',
            'ese token es de otro usuario: solo puedes renovar con un token a tu nombre (pídelo con POST /auth/refresh)',
          );
        }
        // Cut while the token was being checked: nothing left to extend.
        if (!socket.connected) return undefined;
        socket.data.expiresAt = result.expiresAt;
        arm();
        return { expiresIn: Math.max(0, Math.floor((result.expiresAt - Date.now()) / 1000)) };
      } finally {
        renewing = false;
      }
    }),
  );
  arm();
}
