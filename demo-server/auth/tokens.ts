import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { errors, jwtVerify, SignJWT } from 'jose';
import { z } from 'zod';
import {
  CHAT_LIMITS,
  type AuthErrorData,
  type ChatUser,
  type Role,
  type TokenResponse,
} from '../../src/protocol';

const ISSUER = 'tiempo-real';
const AUDIENCE = 'chat';

/** The claims a chat token carries besides sub/iat/exp. */
const claimsSchema = z.object({
  sub: z.string().min(1).max(64),
  name: z.string().min(1).max(128),
  role: z.enum(['student', 'instructor']),
});

/** Issues and checks chat tokens (HS256 JWTs) and the instructor key. */
export interface ChatAuth {
  /** True when `key` is the instructor key (compared in constant time). */
  isInstructorKey(key: string): boolean;
  /** A token for a new user: a fresh random id, the role, `ttlSeconds` of life. */
  issue(name: string, role: Role, ttlSeconds?: number): Promise<TokenResponse>;
  /** A fresh token for a user who already has one (same id, name and role): a refresh. */
  reissue(user: ChatUser, ttlSeconds?: number): Promise<TokenResponse>;
  /** The user a token names and when it expires (ms since the epoch), or why it is refused. */
  verify(token: unknown): Promise<VerifiedToken | { ok: false; error: AuthErrorData }>;
}

/** A token that passed every check. */
export interface VerifiedToken {
  ok: true;
  user: ChatUser;
  /** The `exp` claim in milliseconds since the epoch. */
  expiresAt: number;
}

/** A random secret or key, URL-safe: for when the environment gives none. */
export function randomSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** Builds the token issuer/verifier from the server's secret and instructor key. */
export function createChatAuth(jwtSecret: string, instructorKey: string): ChatAuth {
  const secret = new TextEncoder().encode(jwtSecret);
  const keyDigest = digest(instructorKey);

  async function sign(
    user: ChatUser,
    ttlSeconds: number = CHAT_LIMITS.tokenTtlSeconds,
  ): Promise<TokenResponse> {
    // exp is whole seconds: rounded up, so the token lives at least `expiresIn` seconds and a
    // client that schedules its renewal from `expiresIn` is never late (floor would cut up to 1 s).
    const now = Date.now() / 1000;
    const token = await new SignJWT({ name: user.name, role: user.role })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(user.id)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt(Math.floor(now))
      .setExpirationTime(Math.ceil(now + ttlSeconds))
      .sign(secret);
    return { token, expiresIn: ttlSeconds, user };
  }

  return {
    isInstructorKey: (key) => timingSafeEqual(digest(key), keyDigest),

    issue: (name, role, ttlSeconds) => sign({ id: randomUUID(), name, role }, ttlSeconds),
    reissue: (user, ttlSeconds) => sign({ ...user }, ttlSeconds),

    async verify(token) {
      if (typeof token !== 'string' || token === '') {
        return refuse('UNAUTHORIZED', 'Falta el token: pide uno y envíalo en auth: { token }.');
      }
      if (token.length > CHAT_LIMITS.maxTokenLength) {
        return refuse('UNAUTHORIZED', 'El token no es válido: es demasiado largo.');
      }
      try {
        const { payload } = await jwtVerify(token, secret, {
          algorithms: ['HS256'],
          issuer: ISSUER,
          audience: AUDIENCE,
          requiredClaims: ['sub', 'exp'],
        });
        const claims = claimsSchema.safeParse(payload);
        if (!claims.success) {
          return refuse('UNAUTHORIZED', 'El token no es válido: no dice quién eres.');
        }
        const { sub, name, role } = claims.data;
        // requiredClaims guarantees exp, and jwtVerify that it is a number in the future.
        const expiresAt = (payload.exp as number) * 1000;
        return { ok: true, user: { id: sub, name, role }, expiresAt };
      } catch (error) {
        if (error instanceof errors.JWTExpired) {
          return refuse(
            'TOKEN_EXPIRED',
            'El token ha caducado: pide uno nuevo y vuelve a conectar.',
          );
        }
        // Tampered, signed with another secret (a restarted server), malformed: all the same to us.
        return refuse(
          'UNAUTHORIZED',
          'El token no es válido: está mal formado, se ha modificado o lo firmó otro servidor.',
        );
      }
    },
  };
}

function refuse(code: AuthErrorData['code'], message: string) {
  return { ok: false as const, error: { code, message } };
}

/** Equal-length digests, so timingSafeEqual never throws and the length does not leak. */
function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}
