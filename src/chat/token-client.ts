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
export async function requestToken(
  baseUrl: string,
  request: TokenRequest,
  fetch: FetchLike,
): Promise<TokenResponse> {
  let status: number;
  let ok: boolean;
  let text: string;
  try {
    const response = await fetch(httpUrl(baseUrl, CHAT_PATHS.token), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(request),
    });
    ({ status, ok } = response);
    text = await response.text();
  } catch (error) {
    throw new TokenRequestError(`Sin conexión con el servidor (${messageOf(error)})`, 0);
  }
  if (!ok) {
    throw new TokenRequestError(`El servidor no dio el token: ${errorText(text, status)}`, status);
  }
  const parsed = parseJson(text) as Partial<TokenResponse> | undefined;
  if (typeof parsed?.token !== 'string' || typeof parsed.expiresIn !== 'number' || !parsed.user) {
    throw new TokenRequestError('El servidor envió una respuesta no válida', status);
  }
  return parsed as TokenResponse;
}
