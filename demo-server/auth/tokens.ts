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
/** Longer tokens than this are not ours: refused before any crypto runs. */
const MAX_TOKEN_LENGTH = 2_048;

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
  /** The user a token names, or why it is refused. */
  verify(
    token: unknown,
  ): Promise<{ ok: true; user: ChatUser } | { ok: false; error: AuthErrorData }>;
}

/** A random secret or key, URL-safe: for when the environment gives none. */
export function randomSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** Builds the token issuer/verifier from the server's secret and instructor key. */
export function createChatAuth(jwtSecret: string, instructorKey: string): ChatAuth {
  const secret = new TextEncoder().encode(jwtSecret);
  const keyDigest = digest(instructorKey);

  return {
    isInstructorKey: (key) => timingSafeEqual(digest(key), keyDigest),

    async issue(name, role, ttlSeconds = CHAT_LIMITS.tokenTtlSeconds) {
      const user: ChatUser = { id: randomUUID(), name, role };
      const token = await new SignJWT({ name, role })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setSubject(user.id)
        .setIssuer(ISSUER)
        .setAudience(AUDIENCE)
        .setIssuedAt()
        .setExpirationTime(`${ttlSeconds}s`)
        .sign(secret);
      return { token, expiresIn: ttlSeconds, user };
    },

    async verify(token) {
      if (typeof token !== 'string' || token === '') {
        return refuse('UNAUTHORIZED', 'Falta el token: pide uno y envíalo en auth: { token }.');
      }
      if (token.length > MAX_TOKEN_LENGTH) {
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
        return { ok: true, user: { id: sub, name, role } };
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
