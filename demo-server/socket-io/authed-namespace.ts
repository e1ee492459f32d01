import type { Namespace } from 'socket.io';
import type { ChatAuth } from '../auth/tokens';
import type { RateLimiter } from '../lib/rate-limit';
import type { AdapterContext } from '../transports/context';
import type { IoServer } from '../transports/socket-io';
import { requireToken } from './auth-middleware';
import { enforceTokenExpiry, type ExpiringSocket } from './token-expiry';

/**
 * The namespace `name`, with what every token-protected namespace (`/chat`, `/notifications`)
 * needs before its own handlers: the token checked on the handshake, and on each connection the
 * socket tracked (health, cap, shutdown), held to its token's expiry, and its buckets in
 * `limiters` (keyed by socket id) forgotten on disconnect. Register the namespace's own
 * `connection` listener after this call: listeners run in order, so `socket.data.user` is set.
 */
export function authedNamespace<N extends Namespace>(
  io: IoServer,
  name: string,
  ctx: AdapterContext,
  auth: ChatAuth,
  limiters: RateLimiter[],
): N {
  const nsp = io.of(name);
  requireToken(nsp, auth);
  nsp.on('connection', (socket) => {
    const untrack = ctx.connections.track('socket-io', () => socket.disconnect(true));
    enforceTokenExpiry(socket as unknown as ExpiringSocket, auth);
    socket.on('disconnect', () => {
      untrack();
      for (const limiter of limiters) limiter.forget(socket.id);
    });
  });
  return nsp as unknown as N;
}
