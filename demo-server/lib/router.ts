import type { IncomingMessage, ServerResponse } from 'node:http';
import { isChannelName } from '../../src/protocol';
import { HttpError } from './http-json';

/** A request as routes see it: the parsed URL and the path parameters. */
export interface RouteRequest {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  params: Record<string, string>;
}

/** Answers one route; may throw HttpError. */
export type RouteHandler = (request: RouteRequest) => void | Promise<void>;

interface Route {
  method: string;
  pattern: RegExp;
  names: string[];
  handler: RouteHandler;
}

/**
 * Matches `METHOD /path/:param` routes. A `:channel` parameter is checked against the channel
 * name rule before the handler runs, so no adapter can forget to.
 */
export class Router {
  private readonly routes: Route[] = [];

  /** `readRefusal` says why no route may touch a channel (one the server keeps private), or null. */
  constructor(private readonly readRefusal: (channel: string) => string | null = () => null) {}

  add(method: string, path: string, handler: RouteHandler): void {
    const names: string[] = [];
    const source = path.replace(/:([a-zA-Z]+)/g, (_, name: string) => {
      names.push(name);
      return '([^/]+)';
    });
    this.routes.push({ method, pattern: new RegExp(`^${source}$`), names, handler });
  }

  /** The handler for this request, or null when no route's path matches it. Throws 405/400. */
  match(
    method: string,
    url: URL,
  ): { handler: RouteHandler; params: Record<string, string> } | null {
    let pathMatched = false;
    for (const route of this.routes) {
      const found = route.pattern.exec(url.pathname);
      if (!found) continue;
      pathMatched = true;
      if (route.method !== method && !(route.method === 'GET' && method === 'HEAD')) continue;
      const params = Object.fromEntries(
        route.names.map((name, i) => [name, safeDecode(found[i + 1]!)]),
      );
      if ('channel' in params && !isChannelName(params.channel!)) {
        throw new HttpError(
          400,
          `invalid channel name "${params.channel}": use 1-64 characters a-z, 0-9, ":", "_" or "-", starting with a letter or digit`,
        );
      }
      const refusal = 'channel' in params ? this.readRefusal(params.channel!) : null;
      if (refusal) throw new HttpError(403, refusal);
      return { handler: route.handler, params };
    }
    if (pathMatched) throw new HttpError(405, `method ${method} is not allowed on ${url.pathname}`);
    return null;
  }
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
