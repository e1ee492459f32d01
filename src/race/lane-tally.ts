import type { RaceEvent, RaceLaneTraffic, TransportId } from '../protocol';
import { summarize, type Summary } from './stats';

/** What one lane of the race has received, measured on the client. */
export interface LaneTally {
  readonly transport: TransportId;
  /** Distinct events received. */
  readonly received: number;
  /** One-way latencies (ms) in the order the events arrived. */
  readonly latencies: readonly number[];
  /** The `seq` of each entry of `latencies` (so lanes can be compared event by event). */
  readonly seqs: readonly number[];
  /** Events received a second time (must stay 0). */
  readonly duplicates: number;
  /** Events that arrived after a later one (must stay 0: every transport keeps order). */
  readonly outOfOrder: number;
  /** Records one event; `serverReceivedAt` is the arrival time on the server's clock. */
  record(event: RaceEvent, serverReceivedAt: number): void;
  summary(): Summary;
}

/** The client-side count of one lane: distinct events, their latencies, duplicates, disorder. */
export function createLaneTally(transport: TransportId): LaneTally {
  const seen = new Set<number>();
  const latencies: number[] = [];
  const seqs: number[] = [];
  let duplicates = 0;
  let outOfOrder = 0;
  let highestSeq = -1;
  return {
    transport,
    get received() {
      return seen.size;
    },
    latencies,
    seqs,
    get duplicates() {
      return duplicates;
    },
    get outOfOrder() {
      return outOfOrder;
    },
    record(event, serverReceivedAt) {
      if (seen.has(event.seq)) {
        duplicates += 1;
        return;
      }
      seen.add(event.seq);
      if (event.seq < highestSeq) outOfOrder += 1;
      highestSeq = Math.max(highestSeq, event.seq);
      latencies.push(serverReceivedAt - event.sentAt);
      seqs.push(event.seq);
    },
    summary: () => summarize(latencies),
  };
}

/** A lane's cost per delivered message, from the server's traffic counts. */
export function costPerMessage(
  traffic: RaceLaneTraffic | undefined,
  received: number,
): { bytesPerMessage: number; requestsPerMessage: number } {
  if (!traffic || received === 0)
    return { bytesPerMessage: Number.NaN, requestsPerMessage: Number.NaN };
  return {
    bytesPerMessage: traffic.bytesDown / received,
    requestsPerMessage: traffic.requests / received,
  };
}

/** True when `data` has the shape of a race event (anything else on the channel is ignored). */
export function isRaceEvent(data: unknown): data is RaceEvent {
  if (typeof data !== 'object' || data === null) return false;
  const { seq, sentAt } = data as Partial<RaceEvent>;
  return Number.isInteger(seq) && typeof sentAt === 'number' && Number.isFinite(sentAt);
}
