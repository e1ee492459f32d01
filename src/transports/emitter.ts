/** An event map: event name -> listener signature (an interface fits too). */
export type EventMap<Events> = Record<keyof Events, (...args: never[]) => void>;

/** A tiny typed event emitter; every client reports through one. */
export interface Emitter<Events extends EventMap<Events>> {
  /** Adds a listener; returns the function that removes it. */
  on<E extends keyof Events>(event: E, listener: Events[E]): () => void;
  /** Calls every listener of `event`, in the order they were added. */
  emit<E extends keyof Events>(event: E, ...args: Parameters<Events[E]>): void;
  /** How many listeners `event` has (all events when omitted). */
  listenerCount(event?: keyof Events): number;
}

/**
 * Creates an emitter. A listener that throws does not stop the others: its error goes to
 * `onListenerError`, which by default rethrows it as an unhandled rejection, so it still shows
 * up in the browser console or stops a Node process, as an exception in a DOM listener would.
 */
export function createEmitter<Events extends EventMap<Events>>(
  onListenerError: (error: unknown, event: keyof Events) => void = (error) => {
    void Promise.reject(error);
  },
): Emitter<Events> {
  const listeners = new Map<keyof Events, Set<Events[keyof Events]>>();

  return {
    on(event, listener) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      // Wrapped so that adding the same function twice gives two independent subscriptions.
      const entry = ((...args: never[]) => listener(...args)) as Events[typeof event];
      set.add(entry);
      return () => void set.delete(entry);
    },
    emit(event, ...args) {
      const set = listeners.get(event);
      if (!set) return;
      // A copy: a listener may add or remove listeners while we iterate.
      for (const listener of [...set]) {
        try {
          (listener as (...args: Parameters<Events[typeof event]>) => void)(...args);
        } catch (error) {
          onListenerError(error, event);
        }
      }
    },
    listenerCount(event) {
      if (event !== undefined) return listeners.get(event)?.size ?? 0;
      let count = 0;
      for (const set of listeners.values()) count += set.size;
      return count;
    },
  };
}
