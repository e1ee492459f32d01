import type { TokenResponse } from '../protocol';
import type { Clock, FetchLike } from '../transports';
import { messageOf } from '../transports/wire';
import type { RenewAck } from './namespace-socket';
import { refreshToken, TokenRequestError } from './token-client';

/** A namespace client that can renew its open connection in place (`/chat`, `/notifications`). */
export interface Renewable {
  readonly connected: boolean;
  renew(token: string): Promise<RenewAck>;
}

/** Renew once this share of the token's remaining lifetime has passed. */
const RENEW_AT_SHARE = 0.8;
/** A failed refresh is tried again this much later, while the token still has time left. */
const RETRY_MS = 5_000;

/** What the renewer needs; the store passes the clients and keeps the token. */
export interface TokenRenewerOptions {
  baseUrl: string;
  fetch: FetchLike;
  clock: Clock;
  /** Connections to renew in place; one that is not connected uses the new token on reconnect. */
  targets: () => Renewable[];
  /** The lifetime to ask for, in seconds (default: the server's). */
  expiresIn?: number;
  /** A new token is in use: keep it, so the next handshake sends it. */
  onRenewed: (answer: TokenResponse, expiresAt: number) => void;
  /** Why a refresh or a renewal failed (a Spanish sentence); the old expiry still stands. */
  onFailed: (reason: string) => void;
}

/** Schedules renewals; `schedule` again after each new token, `stop` when signing out. */
export interface TokenRenewer {
  /** Renews `token` (valid until `expiresAt`, epoch ms) at 80 % of the time it has left. */
  schedule(token: string, expiresAt: number): void;
  stop(): void;
}

/**
 * Keeps a session alive before its token expires: `POST /auth/refresh` with the current token,
 * then `auth:renew` with the new one on every open connection, so the server moves the moment it
 * would cut them (`auth:expired`). Framework-free; time comes from the injected clock.
 */
export function createTokenRenewer(options: TokenRenewerOptions): TokenRenewer {
  const { clock } = options;
  let timer: unknown;
  let generation = 0;

  function clear() {
    if (timer !== undefined) clock.clearTimeout(timer);
    timer = undefined;
  }

  function at(ms: number, run: () => void) {
    clear();
    timer = clock.setTimeout(() => {
      timer = undefined;
      run();
    }, ms);
  }

  async function renew(token: string, expiresAt: number, mine: number) {
    let answer: TokenResponse;
    try {
      answer = await refreshToken(options.baseUrl, token, options.fetch, options.expiresIn);
    } catch (error) {
      if (mine !== generation) return;
      options.onFailed(messageOf(error));
      const left = expiresAt - clock.now();
      // 401: the token is no good any more; the server will say so with auth:expired.
      const hopeless = error instanceof TokenRequestError && error.status === 401;
      if (!hopeless && left > RETRY_MS) at(RETRY_MS, () => void renew(token, expiresAt, mine));
      return;
    }
    if (mine !== generation) return;
    const newExpiresAt = clock.now() + answer.expiresIn * 1000;
    // Kept before the connections renew: a reconnection meanwhile already sends the new token.
    options.onRenewed(answer, newExpiresAt);
    const acks = await Promise.all(
      options
        .targets()
        .filter((t) => t.connected)
        .map((t) =>
          t.renew(answer.token).catch((error: unknown): RenewAck => ({
            ok: false,
            code: 'INVALID',
            error: messageOf(error),
          })),
        ),
    );
    if (mine !== generation) return;
    const refused = acks.find((a) => !a.ok);
    if (refused && !refused.ok) options.onFailed(`auth:renew: ${refused.error}`);
    schedule(answer.token, newExpiresAt);
  }

  function schedule(token: string, expiresAt: number) {
    const mine = ++generation;
    const left = expiresAt - clock.now();
    if (left <= 0) return clear();
    at(left * RENEW_AT_SHARE, () => void renew(token, expiresAt, mine));
  }

  return {
    schedule,
    stop() {
      generation++;
      clear();
    },
  };
}
