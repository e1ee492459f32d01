import type { Namespace } from 'socket.io';
import type { Envelope } from '../../src/protocol';
import type { MessageBus } from '../bus/types';

/** How a namespace's rooms map onto bus channels. */
export interface RoomBridgeOptions {
  /** The bus channel a room mirrors, or null for rooms that mirror none (a socket's own room). */
  channelOf(room: string): string | null;
  /** Sends one bus message to the room's sockets. */
  deliver(room: string, message: Envelope): void;
  /**
   * How long a room's subscription outlives its last socket. With connection state recovery a
   * socket that dropped comes back into its rooms: what the bus carried meanwhile must have been
   * broadcast (and so stored by the adapter) for it to be replayed.
   */
  lingerMs: number;
}

/**
 * Keeps one bus subscription per room of `nsp` while the room exists (and `lingerMs` after), so a
 * message is taken from the bus once per room however many sockets are in it. Returns `close`.
 */
export function bridgeRoomsToBus(
  nsp: Namespace,
  bus: MessageBus,
  options: RoomBridgeOptions,
): () => void {
  const subscriptions = new Map<string, { unsubscribe: () => void; linger?: NodeJS.Timeout }>();

  const onCreate = (room: string) => {
    const channel = options.channelOf(room);
    if (channel === null) return;
    const existing = subscriptions.get(room);
    if (existing) {
      clearTimeout(existing.linger);
      existing.linger = undefined;
      return;
    }
    const unsubscribe = bus.subscribe(channel, (message) => options.deliver(room, message));
    subscriptions.set(room, { unsubscribe });
  };

  const onDelete = (room: string) => {
    const subscription = subscriptions.get(room);
    if (!subscription) return;
    clearTimeout(subscription.linger);
    subscription.linger = setTimeout(() => {
      subscription.unsubscribe();
      subscriptions.delete(room);
    }, options.lingerMs);
    subscription.linger.unref();
  };

  nsp.adapter.on('create-room', onCreate);
  nsp.adapter.on('delete-room', onDelete);
  return () => {
    nsp.adapter.off('create-room', onCreate);
    nsp.adapter.off('delete-room', onDelete);
    for (const subscription of subscriptions.values()) {
      clearTimeout(subscription.linger);
      subscription.unsubscribe();
    }
    subscriptions.clear();
  };
}
