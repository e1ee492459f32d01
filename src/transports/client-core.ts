import { createEmitter, type Emitter, type EventMap } from './emitter';
import type { ClientEvents, ConnectionState } from './types';

/** What every client keeps: its events and its state, announced on each change. */
export interface ClientCore<Events extends ClientEvents & EventMap<Events>> {
  readonly events: Emitter<Events>;
  readonly state: ConnectionState;
  /** The detail that came with the last state (a reason, a retry countdown). */
  readonly detail: string | undefined;
  /** Changes the state and emits `state`, unless nothing changed. */
  setState(state: ConnectionState, detail?: string): void;
}

/** Creates the state and event core a client is built on. */
export function createClientCore<
  Events extends ClientEvents & EventMap<Events> = ClientEvents,
>(): ClientCore<Events> {
  const events = createEmitter<Events>();
  let state: ConnectionState = 'idle';
  let detail: string | undefined;
  return {
    events,
    get state() {
      return state;
    },
    get detail() {
      return detail;
    },
    setState(next, nextDetail) {
      if (next === state && nextDetail === detail) return;
      state = next;
      detail = nextDetail;
      // TypeScript cannot resolve Parameters<Events['state']> for a generic Events; it is
      // ClientEvents['state'] by the constraint.
      (events as unknown as Emitter<ClientEvents>).emit('state', next, nextDetail);
    },
  };
}
