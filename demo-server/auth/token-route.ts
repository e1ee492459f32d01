import { CHAT_PATHS } from '../../src/protocol';
import { describeChatError, tokenRequestSchema } from '../../src/protocol/chat-schemas';
import { HttpError, readJsonBody, sendJson } from '../lib/http-json';
import { RateLimiter } from '../lib/rate-limit';
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

/**
 * `POST /auth/token` with `{ name, instructorKey?, expiresIn? }`: 200 `{ token, expiresIn, user }`.
 * 400 for a bad body, 403 for a wrong instructor key (never a silent student token), 429 when one
 * address asks too often.
 */
export function registerTokenRoute(ctx: AdapterContext, auth: ChatAuth): void {
  const limiter = new RateLimiter(ctx.config.tokenRate);
  ctx.routes.add('POST', CHAT_PATHS.token, async ({ req, res }) => {
    const address = clientAddress(req);
    if (!limiter.take(address)) {
      throw new HttpError(429, 'demasiadas peticiones de token: espera un momento', {
        'Retry-After': String(limiter.retryAfterSeconds(address)),
      });
    }
    let body: unknown;
    try {
      body = await readJsonBody(req, MAX_BODY_BYTES);
    } catch (error) {
      if (error instanceof HttpError && BODY_ERRORS[error.status]) {
        throw new HttpError(error.status, BODY_ERRORS[error.status]!, error.headers);
      }
      throw error;
    }
    const parsed = tokenRequestSchema.safeParse(body);
    if (!parsed.success) throw new HttpError(400, describeChatError(parsed.error));
    const { name, instructorKey, expiresIn } = parsed.data;
    if (instructorKey !== undefined && !auth.isInstructorKey(instructorKey)) {
      throw new HttpError(
        403,
        'la clave de docente no es correcta: pídela a quien arrancó el servidor, o deja el campo vacío para entrar como estudiante',
      );
    }
    const role = instructorKey === undefined ? 'student' : 'instructor';
    sendJson(res, 200, await auth.issue(name, role, expiresIn));
  });
}
