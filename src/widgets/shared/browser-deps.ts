import { systemClock, type CreateClientOptions } from '../../transports';

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
