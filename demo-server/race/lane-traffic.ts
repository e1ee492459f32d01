import { TRANSPORT_IDS, type RaceLaneTraffic, type TransportId } from '../../src/protocol';

/** Bytes a socket has read and written so far. */
export interface ByteCounts {
  read: number;
  written: number;
}

/** Where bytes go: before the race starts they are setup, afterwards they are the race's. */
export type TrafficPhase = 'setup' | 'race';

/** Every lane at zero. */
export function emptyLanes(): Record<TransportId, RaceLaneTraffic> {
  return Object.fromEntries(
    TRANSPORT_IDS.map((id) => [
      id,
      { connections: 0, requests: 0, setupBytes: 0, bytesDown: 0, bytesUp: 0 },
    ]),
  ) as Record<TransportId, RaceLaneTraffic>;
}

/** Follows one socket's counters from a starting point, handing on what they add each time. */
class Meter {
  private last: ByteCounts;

  constructor(
    private readonly counts: () => ByteCounts,
    start: ByteCounts,
    private readonly add: (read: number, written: number) => void,
  ) {
    this.last = { ...start };
  }

  flush(): void {
    const now = this.counts();
    const read = Math.max(0, now.read - this.last.read);
    const written = Math.max(0, now.written - this.last.written);
    this.last = {
      read: Math.max(now.read, this.last.read),
      written: Math.max(now.written, this.last.written),
    };
    if (read > 0 || written > 0) this.add(read, written);
  }
}

/**
 * One race's books, per lane: requests, connections (distinct sockets) and bytes, taken from
 * the sockets' own counters. Each open request or connection has a meter; reading the books
 * (`flush`) adds what every open meter has seen since the last read, to the phase of that moment.
 */
export class RaceTraffic {
  readonly lanes = emptyLanes();
  private readonly meters = new Set<Meter>();
  private readonly sockets = new Map<TransportId, WeakSet<object>>(
    TRANSPORT_IDS.map((id) => [id, new WeakSet()]),
  );

  constructor(private readonly phase: () => TrafficPhase) {}

  /**
   * Counts one request (or upgrade) on `socket` and meters the socket from `start` on.
   * Returns the function to call when the request or connection ends (a last flush).
   */
  open(lane: TransportId, socket: object, counts: () => ByteCounts, start: ByteCounts): () => void {
    const books = this.lanes[lane];
    books.requests += 1;
    const seen = this.sockets.get(lane)!;
    if (!seen.has(socket)) {
      seen.add(socket);
      books.connections += 1;
    }
    const meter = new Meter(counts, start, (read, written) => {
      if (this.phase() === 'setup') {
        books.setupBytes += written;
      } else {
        books.bytesDown += written;
        books.bytesUp += read;
      }
    });
    this.meters.add(meter);
    return () => {
      if (!this.meters.has(meter)) return;
      meter.flush();
      this.meters.delete(meter);
    };
  }

  /** Open requests and connections being metered. */
  get openCount(): number {
    return this.meters.size;
  }

  /** Adds what every open meter has seen since the last flush. */
  flush(): void {
    for (const meter of this.meters) meter.flush();
  }

  /** Stops metering (the race is forgotten); later ends are no-ops. */
  forget(): void {
    this.meters.clear();
  }
}
