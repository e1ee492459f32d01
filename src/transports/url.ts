import { PATHS } from '../protocol';

/** Query parameters; undefined ones are left out. */
export type QueryParams = Record<string, string | number | undefined>;

/** The parameters that have a value, as strings (what a query string carries). */
export function definedParams(params: QueryParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(params))
    if (value !== undefined) out[name] = String(value);
  return out;
}

/** `baseUrl` + `path` + query, keeping any path prefix of `baseUrl` (a server behind `/demo/`). */
export function httpUrl(baseUrl: string, path: string, params: QueryParams = {}): string {
  const url = new URL(baseUrl);
  url.pathname = url.pathname.replace(/\/+$/, '') + path;
  url.search = '';
  url.hash = '';
  for (const [name, value] of Object.entries(definedParams(params)))
    url.searchParams.set(name, value);
  return url.toString();
}

/** The same as `httpUrl`, with `http(s):` turned into `ws(s):`. */
export function wsUrl(baseUrl: string, path: string, params: QueryParams = {}): string {
  const url = new URL(httpUrl(baseUrl, path, params));
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.toString();
}

/**
 * What socket.io-client's `io(uri, { path })` needs to reach `namespace` on `baseUrl`: `io` reads a
 * URL path as a namespace, so the namespace goes after the origin and any path prefix of
 * `baseUrl` (a server behind `/demo/`) goes into `path`.
 */
export function socketIoTarget(baseUrl: string, namespace = ''): { uri: string; path: string } {
  const server = new URL(baseUrl);
  return {
    uri: server.origin + namespace,
    path: server.pathname.replace(/\/+$/, '') + PATHS.socketIo,
  };
}
