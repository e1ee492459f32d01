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
