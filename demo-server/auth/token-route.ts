import type { IncomingMessage } from 'node:http';
import { CHAT_PATHS } from '../../src/protocol';
import { refreshRequestSchema, tokenRequestSchema } from '../../src/protocol/chat-schemas';
import { HttpError, readJsonBody, sendJson } from '../lib/http-json';
import { RateLimiter, takeOrThrow429 } from '../lib/rate-limit';
import { describeChatError, validate } from '../lib/validation';
import { clientAddress, type AdapterContext } from '../transports/context';
import type { ChatAuth } from './tokens';

/** A name, a key and a number fit in far less; anything bigger is not a token request. */
const MAX_BODY_BYTES = 1_024;

/** Spanish reasons for what readJsonBody refuses (its own messages are for developers). */
const BODY_ERRORS: Record<number, string> = {
  415: 'el cuerpo debe ser JSON: envía la cabecera "Content-Type: application/json"',
  413: `el cuerpo es demasiado grande: como mucho ${MAX_BODY_BYTES} bytes`,
  400: 'el cuerpo no es JSON válido: envía un objeto como {"name": "Ana"}',
};

/** `Authorization: Bearer <token>` (RFC 6750 §2.1); the scheme is case-insensitive. */
const BEARER = /^Bearer +([\w.~+/-]+=*)$/i;

/**
 * `POST /auth/token` with `{ name, instructorKey?, expiresIn? }`: 200 `{ token, expiresIn, user }`.
 * 400 for a bad body, 403 for a wrong instructor key (never a silent student token), 429 when one
 * address asks too often. `POST /auth/refresh` shares that budget (registerRefreshRoute).
 */
export function registerTokenRoute(ctx: AdapterContext, auth: ChatAuth): void {
  const limiter = new RateLimiter(ctx.config.tokenRate);
  ctx.routes.add('POST', CHAT_PATHS.token, async ({ req, res }) => {
    takeOrRefuse(limiter, clientAddress(req));
    const body = await readBody(req);
    const parsed = validate(tokenRequestSchema, body, describeChatError);
    if (!parsed.ok) throw new HttpError(400, parsed.error);
    const { name, instructorKey, expiresIn } = parsed.value;
    if (instructorKey !== undefined && !auth.isInstructorKey(instructorKey)) {
      throw new HttpError(
        403,
        'la clave de docente no es correcta: pídela a quien arrancó el servidor, o deja el campo vacío para entrar como estudiante',
      );
    }
    const role = instructorKey === undefined ? 'student' : 'instructor';
    sendJson(res, 200, await auth.issue(name, role, expiresIn));
  });
  registerRefreshRoute(ctx, auth, limiter);
}

/**
 * `POST /auth/refresh` with `Authorization: Bearer <token>` (still valid) and an optional body
 * `{ expiresIn? }`: 200 with a new token for the same user (same id, name and role) and a fresh
 * lifetime. 401 with `WWW-Authenticate` when the token is missing, not valid or expired: an
 * expired token is not renewed, or a stolen one would live for ever.
 */
function registerRefreshRoute(ctx: AdapterContext, auth: ChatAuth, limiter: RateLimiter): void {
  ctx.routes.add('POST', CHAT_PATHS.refresh, async ({ req, res }) => {
    takeOrRefuse(limiter, clientAddress(req));
    const header = req.headers.authorization;
    const bearer = header === undefined ? null : BEARER.exec(header.trim());
    if (!bearer) {
      throw new HttpError(
        401,
        'falta el token: envía la cabecera "Authorization: Bearer <token>" con un token que aún no haya caducado',
        { 'WWW-Authenticate': 'Bearer realm="tiempo-real"' },
      );
    }
    const verified = await auth.verify(bearer[1]);
    if (!verified.ok) {
      const reason =
        verified.error.code === 'TOKEN_EXPIRED'
          ? 'el token ha caducado: un token caducado no se renueva, pide uno nuevo en POST /auth/token'
          : 'el token no es válido: está mal formado, se ha modificado o lo firmó otro servidor';
      throw new HttpError(401, reason, {
        'WWW-Authenticate': 'Bearer realm="tiempo-real", error="invalid_token"',
      });
    }
    const body = hasBody(req) ? await readBody(req) : {};
    const parsed = validate(refreshRequestSchema, body, describeChatError);
    if (!parsed.ok) throw new HttpError(400, parsed.error);
    sendJson(res, 200, await auth.reissue(verified.user, parsed.value.expiresIn));
  });
}

function takeOrRefuse(limiter: RateLimiter, address: string): void {
  takeOrThrow429(limiter, address, 'demasiadas peticiones de token: espera un momento');
}

/** A request with no body at all (`Content-Length: 0`, or neither length nor chunks). */
function hasBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  if (length !== undefined) return length.trim() !== '0';
  return req.headers['transfer-encoding'] !== undefined;
}

/** readJsonBody, with its refusals in Spanish. */
async function readBody(req: IncomingMessage): Promise<unknown> {
  try {
    return await readJsonBody(req, MAX_BODY_BYTES);
  } catch (error) {
    if (error instanceof HttpError && BODY_ERRORS[error.status]) {
      throw new HttpError(error.status, BODY_ERRORS[error.status]!, error.headers);
    }
    throw error;
  }
}
