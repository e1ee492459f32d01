import type { IncomingMessage, ServerResponse } from 'node:http';
import type { OriginPolicy } from './origin';

const ALLOWED_METHODS = 'GET, POST, OPTIONS';
const ALLOWED_HEADERS = 'Content-Type, Last-Event-ID, Authorization';

/**
 * Adds CORS headers for an allowed Origin and answers preflights, including Chrome's Private
 * Network Access preflight (a page on a public origin reaching a server on the student's machine).
 * Returns 'handled' when the request was a preflight, 'forbidden' for a foreign Origin.
 */
export function applyCors(
  req: IncomingMessage,
  res: ServerResponse,
  origins: OriginPolicy,
): 'continue' | 'handled' | 'forbidden' {
  const origin = req.headers.origin;
  if (origin === undefined) return 'continue';
  if (!origins.allows(origin, req.headers.host)) return 'forbidden';

  res.setHeader('Access-Control-Allow-Origin', origin);
  res.setHeader('Vary', 'Origin');
  if (req.method !== 'OPTIONS') return 'continue';

  res.setHeader('Access-Control-Allow-Methods', ALLOWED_METHODS);
  res.setHeader('Access-Control-Allow-Headers', ALLOWED_HEADERS);
  res.setHeader('Access-Control-Max-Age', '600');
  if (req.headers['access-control-request-private-network'] === 'true') {
    res.setHeader('Access-Control-Allow-Private-Network', 'true');
  }
  res.writeHead(204).end();
  return 'handled';
}
