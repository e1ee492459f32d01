import type { IncomingMessage } from 'node:http';

/**
 * Decides which browser origins may talk to the demo server: localhost on any port, the
 * server's own origin, and those an instructor adds. Requests without an Origin (curl, Node) pass.
 */
export class OriginPolicy {
  private readonly extra: Set<string>;

  constructor(extraOrigins: readonly string[]) {
    this.extra = new Set(extraOrigins.map(normalizeOrigin).filter((o): o is string => !!o));
  }

  /** True when the request carries no Origin or an allowed one. */
  allowsRequest(req: IncomingMessage): boolean {
    const origin = req.headers.origin;
    return origin === undefined || this.allows(origin, req.headers.host);
  }

  /** True when `origin` may connect to a server reached at `host` (the Host header). */
  allows(origin: string, host: string | undefined): boolean {
    const normalized = normalizeOrigin(origin);
    if (!normalized) return false;
    if (this.extra.has(normalized)) return true;
    const url = new URL(normalized);
    if (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname)) return true;
    // The server's own origin: the page was served by this server (npm start, classroom LAN).
    return host !== undefined && url.host === host.toLowerCase();
  }
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** `scheme://host[:port]` in lowercase, or null when it is not an http(s) origin. */
export function normalizeOrigin(value: string): string | null {
  try {
    const url = new URL(value.trim());
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    return url.origin.toLowerCase();
  } catch {
    return null;
  }
}
