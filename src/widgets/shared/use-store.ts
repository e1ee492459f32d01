import { useEffect, useState } from 'preact/hooks';
import type { Store } from './store';

/** The current state of a store; re-renders the component when it changes. */
export function useStore<T>(store: Store<T>): T {
  const [state, setState] = useState(store.get());
  useEffect(() => {
    setState(store.get());
    return store.subscribe(setState);
  }, [store]);
  return state;
}

/**
 * The current state of a store that exists only once the island runs in the browser
 * (`useLiveStore`): null before that, then re-renders the component when it changes.
 */
export function useOptionalStore<T>(store: Store<T> | null): T | null {
  const [state, setState] = useState<T | null>(null);
  useEffect(() => {
    if (!store) return;
    setState(store.get());
    return store.subscribe(setState);
  }, [store]);
  return store ? state : null;
}
