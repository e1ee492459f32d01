import { PATHS } from '../../protocol';
import { systemClock, type CreateClientOptions } from '../../transports';
import { httpUrl } from '../../transports/url';
import { messageOf } from '../../transports/wire';

/** The browser's platform objects, handed to the framework-free clients. */
export function browserDeps(): Pick<
  CreateClientOptions,
  'fetch' | 'EventSource' | 'WebSocket' | 'clock'
> {
  return {
    // Bound: calling an unbound window.fetch throws "Illegal invocation".
    fetch: window.fetch.bind(window),
    EventSource: window.EventSource,
    WebSocket: window.WebSocket,
    clock: systemClock,
  };
}

/** Resolves when the demo server at `serverUrl` answers `GET /time`; else says why, with the path. */
export async function probeServer(serverUrl: string): Promise<void> {
  let response;
  try {
    response = await window.fetch(httpUrl(serverUrl, PATHS.time));
  } catch (error) {
    throw new Error(`GET ${PATHS.time}: ${messageOf(error)}`);
  }
  if (!response.ok) throw new Error(`GET ${PATHS.time}: HTTP ${response.status}`);
}
