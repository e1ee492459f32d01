import { TRANSPORT_IDS, type TransportId } from '../../src/protocol';

/** Closes one open connection gracefully (ends a stream, answers a held poll, sends a close frame). */
export type CloseConnection = () => void;

/**
 * Knows every open streaming connection, per transport: for /health, for the global cap, and so
 * that a shutdown can close each one properly instead of cutting sockets.
 */
export class ConnectionRegistry {
  private readonly open = new Map<TransportId, Set<CloseConnection>>(
    TRANSPORT_IDS.map((id) => [id, new Set()]),
  );

  constructor(private readonly maxStreams: number) {}

  /** True when another streaming connection would pass the server's cap. */
  get full(): boolean {
    return this.total >= this.maxStreams;
  }

  get total(): number {
    let total = 0;
    for (const set of this.open.values()) total += set.size;
    return total;
  }

  /** Registers a connection; call the returned function when it closes. */
  track(transport: TransportId, close: CloseConnection): () => void {
    const set = this.open.get(transport)!;
    set.add(close);
    return () => set.delete(close);
  }

  /** Open connections per transport. */
  counts(): Record<TransportId, number> {
    return Object.fromEntries([...this.open].map(([id, set]) => [id, set.size])) as Record<
      TransportId,
      number
    >;
  }

  /** Asks every open connection to close. */
  closeAll(): void {
    for (const set of this.open.values()) {
      for (const close of [...set]) close();
    }
  }
}
