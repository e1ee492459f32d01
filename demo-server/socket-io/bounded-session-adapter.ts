import { SessionAwareAdapter, type BroadcastOptions } from 'socket.io-adapter';

/** What the adapter keeps for a replay; the field is private in socket.io-adapter's types. */
interface PacketStore {
  packets: unknown[];
}

/**
 * Socket.IO's in-memory adapter for connection state recovery, with a cap on what it keeps.
 * The stock one stores every broadcast for the whole recovery window (2 minutes here) however
 * many there are: a classroom of races at 50 events per second would hold hundreds of thousands.
 * Past the cap the oldest go first; a client whose last offset went with them simply does not
 * recover (`socket.recovered === false`, a fresh session), which is the adapter's own fallback.
 */
export function boundedSessionAdapter(maxPackets: number) {
  // Trimmed in batches: splicing a long array on every broadcast would cost O(n) each time.
  const trimAt = maxPackets + Math.max(1, Math.ceil(maxPackets / 10));
  return class BoundedSessionAdapter extends SessionAwareAdapter {
    override broadcast(packet: unknown, opts: BroadcastOptions): void {
      super.broadcast(packet, opts);
      const store = this as unknown as PacketStore;
      if (store.packets.length >= trimAt) {
        store.packets.splice(0, store.packets.length - maxPackets);
      }
    }
  };
}
