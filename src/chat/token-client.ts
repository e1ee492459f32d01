import { CHAT_PATHS, type TokenRequest, type TokenResponse } from '../protocol';
import type { FetchLike } from '../transports/platform';
import { httpUrl } from '../transports/url';
import { errorText, messageOf, parseJson } from '../transports/wire';

/** Why a token request failed: the server's reason (status > 0) or no answer at all (status 0). */
export class TokenRequestError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'TokenRequestError';
  }
}

/**
 * Asks the demo server for a chat token (`POST /auth/token`). Errors carry the server's reason,
 * in Spanish, so a widget can show them as they are.
 */
export function requestToken(
  baseUrl: string,
  request: TokenRequest,
  fetch: FetchLike,
): Promise<TokenResponse> {
  return post(
    fetch,
    httpUrl(baseUrl, CHAT_PATHS.token),
    { 'Content-Type': 'application/json' },
    JSON.stringify(request),
    'El servidor no dio el token',
  );
}

/**
 * Trades a token that has not expired yet for a fresh one for the same user
 * (`POST /auth/refresh`, `Authorization: Bearer`); `expiresIn` asks for a lifetime in seconds.
 * An expired token is refused (401): then only a new sign-in helps.
 */
export function refreshToken(
  baseUrl: string,
  token: string,
  fetch: FetchLike,
  expiresIn?: number,
): Promise<TokenResponse> {
  const headers: Record<string, string> = { Authorization: `Bearer ${token}` };
  if (expiresIn !== undefined) headers['Content-Type'] = 'application/json';
  return post(
    fetch,
    httpUrl(baseUrl, CHAT_PATHS.refresh),
    headers,
    expiresIn === undefined ? undefined : JSON.stringify({ expiresIn }),
    'El servidor no renovó el token',
  );
}

async function post(
  fetch: FetchLike,
  url: string,
  headers: Record<string, string>,
  body: string | undefined,
  refused: string,
): Promise<TokenResponse> {
  let status: number;
  let ok: boolean;
  let text: string;
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers,
      ...(body === undefined ? {} : { body }),
    });
    ({ status, ok } = response);
    text = await response.text();
  } catch (error) {
    throw new TokenRequestError(`Sin conexión con el servidor (${messageOf(error)})`, 0);
  }
  if (!ok) throw new TokenRequestError(`${refused}: ${errorText(text, status)}`, status);
  const parsed = parseJson(text) as Partial<TokenResponse> | undefined;
  if (typeof parsed?.token !== 'string' || typeof parsed.expiresIn !== 'number' || !parsed.user) {
    throw new TokenRequestError('El servidor envió una respuesta no válida', status);
  }
  return parsed as TokenResponse;
}
