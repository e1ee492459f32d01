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
