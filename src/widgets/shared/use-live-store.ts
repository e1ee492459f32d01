import { useEffect, useState } from 'preact/hooks';
import { currentServerUrl, SERVER_CHANGE_EVENT } from './server-url';

/** What a widget store must offer for its lifecycle to be managed by a component. */
export interface LiveStore {
  start(): void;
  stop(): void;
}

/**
 * Creates a widget's store once the island runs in the browser (not during the static build),
 * starts it, stops it on unmount, and builds a new one when the student picks another server.
 */
export function useLiveStore<S extends LiveStore>(
  create: (serverUrl: string) => S,
): { store: S | null; serverUrl: string } {
  const [serverUrl, setServerUrl] = useState('');
  const [store, setStore] = useState<S | null>(null);

  useEffect(() => {
    const update = () => setServerUrl(currentServerUrl());
    update();
    window.addEventListener(SERVER_CHANGE_EVENT, update);
    return () => window.removeEventListener(SERVER_CHANGE_EVENT, update);
  }, []);

  useEffect(() => {
    if (!serverUrl) return;
    const next = create(serverUrl);
    setStore(next);
    next.start();
    return () => next.stop();
    // `create` is a new function each render; the store depends on the server only.
  }, [serverUrl]);

  return { store, serverUrl };
}
