import type { ConnectOutcome, JoinProbeResult } from '../../chat/auth-probe';
import type { ExpiryEvent, ExpiryProbeResult } from '../../chat/expiry-probe';
import type { AuthErrorCode, ChatErrorCode, ChatUser, TokenResponse } from '../../protocol';
import type { ConnectionState } from '../../transports';
import { appendBounded } from '../shared/store';
import type { TamperedJwt } from './jwt-parts';

/** A token the server issued, and when it expires on this browser's clock (epoch ms). */
export interface IssuedToken extends TokenResponse {
  expiresAt: number;
}

/** What the student tried. */
export type AttemptKind =
  | 'token'
  | 'with-token'
  | 'without-token'
  | 'tampered'
  | 'expired'
  | 'join'
  /** An open connection whose 5 s token expires: the server cuts it. */
  | 'expiring'
  /** The same, renewed in place with `auth:renew` before `exp`: it stays open. */
  | 'renewing';

/**
 * How it ended (`data-outcome`): `pending` and `waiting` while it runs; `issued`, `connected`,
 * `joined` when the server said yes; the server's own code when it said no; `timeout`,
 * `unreachable` or `error` when there was no usable answer.
 */
export type AttemptOutcome =
  | 'pending'
  | 'waiting'
  /** Connected with a short token, watching what happens at its exp. */
  | 'watching'
  /** Renewed in place, and still open past the first token's exp. */
  | 'renewed'
  | 'issued'
  | 'connected'
  | 'joined'
  | AuthErrorCode
  | ChatErrorCode
  | 'timeout'
  | 'unreachable'
  | 'error';

/** One attempt in the list. */
export interface Attempt {
  /** 1, 2, 3… (the list key). */
  n: number;
  kind: AttemptKind;
  outcome: AttemptOutcome;
  /** The server's reason, or what went wrong. */
  reason?: string;
  socketId?: string;
  /** The socket.id of the previous accepted connection, to compare. */
  previousSocketId?: string;
  /** Who the token says the user is (the attempt's token, not the socket). */
  user?: ChatUser;
  tamper?: TamperedJwt;
  /** `expired`: when the wait for the short-lived token to expire ends. */
  waitUntil?: number;
  /** `expiring`/`renewing`: when the connection's token expires now (epoch ms, this clock). */
  expiresAt?: number;
  /** `expiring`/`renewing`: what happened on the open connection, in order. */
  timeline?: ExpiryEvent[];
  room?: string;
  /** `join`: members and history the accepted join brought. */
  members?: number;
  history?: number;
}

/** What the authentication widget shows. */
export interface SioAuthState {
  /** `connecting` while the first check runs, `idle` when the server answers, `offline`. */
  connection: ConnectionState;
  detail?: string;
  /** An attempt is running: one at a time, so each result is easy to follow. */
  busy: boolean;
  token?: IssuedToken;
  attempts: Attempt[];
}

const MAX_ATTEMPTS = 20;

/** The initial state. */
export const INITIAL_STATE: SioAuthState = { connection: 'connecting', busy: false, attempts: [] };

/** The state with a new attempt (the newest 20 kept). */
export function withAttempt(state: SioAuthState, attempt: Attempt): Partial<SioAuthState> {
  return { attempts: appendBounded(state.attempts, attempt, MAX_ATTEMPTS) };
}

/** The state with attempt `n` changed. */
export function withSettled(
  state: SioAuthState,
  n: number,
  patch: Partial<Attempt>,
): Partial<SioAuthState> {
  return { attempts: state.attempts.map((a) => (a.n === n ? { ...a, ...patch } : a)) };
}

/** The socket.id of the latest accepted connection, if any. */
export function lastSocketId(state: SioAuthState): string | undefined {
  return state.attempts.findLast((a) => a.outcome === 'connected' || a.outcome === 'joined')
    ?.socketId;
}

/** What a connection outcome means for its attempt. */
export function connectPatch(result: ConnectOutcome): Partial<Attempt> {
  switch (result.outcome) {
    case 'connected':
      return { outcome: 'connected', socketId: result.socketId };
    case 'refused':
      return { outcome: result.code, reason: result.message };
    case 'timeout':
      return { outcome: 'timeout', reason: `Sin respuesta en ${result.afterMs / 1000} s` };
    default:
      return { outcome: result.outcome, reason: result.message };
  }
}

/** What a join probe means for its attempt: the connection's refusal, or the join's answer. */
export function joinPatch(result: JoinProbeResult): Partial<Attempt> {
  const connection = connectPatch(result.connection);
  const join = result.join;
  if (!join) return connection;
  const socketId = connection.socketId;
  switch (join.outcome) {
    case 'joined':
      return { socketId, outcome: 'joined', members: join.members, history: join.history };
    case 'denied':
      return { socketId, outcome: join.code, reason: join.error };
    case 'timeout':
      return { socketId, outcome: 'timeout', reason: `Sin acuse en ${join.afterMs / 1000} s` };
    default:
      return { socketId, outcome: 'error', reason: join.message };
  }
}

/** What a watched connection means for its attempt: cut at exp, kept open by renewal, or else. */
export function expiryPatch(result: ExpiryProbeResult): Partial<Attempt> {
  if (result.connection.outcome !== 'connected') return connectPatch(result.connection);
  const events = result.events;
  const expired = events.find((e) => e.type === 'expired');
  const cut = events.find((e) => e.type === 'disconnected');
  const renewed = events.some((e) => e.type === 'renewed');
  const refused = events.find((e) => e.type === 'renew-refused' || e.type === 'renew-failed');
  if (expired?.type === 'expired')
    return { outcome: 'TOKEN_EXPIRED', reason: expired.message, timeline: events };
  if (cut?.type === 'disconnected')
    return { outcome: 'error', reason: `Desconectado: ${cut.reason}`, timeline: events };
  if (refused)
    return {
      outcome: 'error',
      reason: refused.type === 'renew-refused' ? refused.error : refused.message,
      timeline: events,
    };
  return { outcome: renewed ? 'renewed' : 'connected', timeline: events };
}
