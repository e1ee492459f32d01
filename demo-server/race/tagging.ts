import { PATHS, RACE_QUERY_PARAM, type TransportId } from '../../src/protocol';

/**
 * The lane a request belongs to, from its path alone: each transport has its own routes.
 * `upgrade` is true for an HTTP upgrade (WebSocket handshake). Null: no lane (e.g. `/time`).
 */
export function laneOf(pathname: string, upgrade: boolean): TransportId | null {
  if (pathname.startsWith(PATHS.socketIo)) return 'socket-io';
  if (upgrade) return pathname === PATHS.websocket ? 'websocket' : null;
  if (pathname.startsWith(PATHS.poll(''))) return 'short-polling';
  if (pathname.startsWith(PATHS.longPoll(''))) return 'long-polling';
  if (pathname.startsWith(PATHS.sse(''))) return 'sse';
  return null;
}

/** The `?race=` of a request URL (`req.url`), and its lane, when it has both. */
export function raceTagOf(
  requestUrl: string | undefined,
  upgrade: boolean,
): { raceId: string; lane: TransportId } | null {
  const url = new URL(requestUrl ?? '/', 'http://localhost');
  const raceId = url.searchParams.get(RACE_QUERY_PARAM);
  if (!raceId) return null;
  const lane = laneOf(url.pathname, upgrade);
  return lane ? { raceId, lane } : null;
}
