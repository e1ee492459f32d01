import type {
  Json,
  RaceConfig,
  RaceEvent,
  RaceReport,
  RaceStarted,
  RaceState,
  TransportId,
} from '../../src/protocol';
import type { MessageBus } from '../bus/types';
import { RaceTraffic } from './lane-traffic';
import { startPublisher, type PublisherTimers } from './publisher';

/**
 * The `via` of race events. The server publishes them itself, through no transport; they carry
 * the server's default for such a publisher, as `POST /channels/:channel/messages` without `?via`.
 */
export const RACE_EVENT_VIA: TransportId = 'short-polling';

/** Server clock for timestamps: epoch milliseconds with sub-millisecond resolution. */
export const epochNow = () => performance.timeOrigin + performance.now();

/** What a race needs from the server. */
export interface RaceDeps {
  bus: MessageBus;
  /** Called once, right after the last event was published. */
  onFinished(race: Race): void;
  publisherTimers?: PublisherTimers;
}

/** Thrown by `start()` on a race that was already started. */
export class RaceAlreadyStartedError extends Error {}

/** One race: its configuration, its publisher and its traffic books. */
export class Race {
  readonly channel: string;
  state: RaceState = 'ready';
  sent = 0;
  startedAt?: number;
  endedAt?: number;
  readonly traffic = new RaceTraffic(() => (this.state === 'ready' ? 'setup' : 'race'));
  private stopPublisher: (() => void) | null = null;
  private disposed = false;

  constructor(
    readonly id: string,
    readonly config: RaceConfig,
    private readonly deps: RaceDeps,
  ) {
    this.channel = `race:${id}`;
  }

  /** False once the race is forgotten (expired, or the server closed). */
  get alive(): boolean {
    return !this.disposed;
  }

  /** Events the race publishes: rateHz per second for durationMs, at least one. */
  get total(): number {
    return Math.max(1, Math.floor((this.config.rateHz * this.config.durationMs) / 1000));
  }

  /** Starts publishing; what was written to the lanes until now is their setup. */
  start(): RaceStarted {
    if (this.state !== 'ready' || this.disposed) {
      throw new RaceAlreadyStartedError(`race ${this.id} was already started`);
    }
    this.traffic.flush();
    this.state = 'running';
    const startedAt = epochNow();
    const periodMs = 1000 / this.config.rateHz;
    const total = this.total;
    this.startedAt = startedAt;
    this.stopPublisher = startPublisher({
      total,
      periodMs,
      publish: (seq) => this.publish(seq),
      onDone: () => {
        this.state = 'finished';
        this.endedAt = epochNow();
        this.stopPublisher = null;
        this.deps.onFinished(this);
      },
      timers: this.deps.publisherTimers,
    });
    return { startedAt, endsAt: startedAt + (total - 1) * periodMs, total };
  }

  /** Where the race stands, with the bytes of still-open requests and connections so far. */
  report(): RaceReport {
    this.traffic.flush();
    const report: RaceReport = {
      id: this.id,
      channel: this.channel,
      state: this.state,
      config: this.config,
      sent: this.sent,
      lanes: structuredClone(this.traffic.lanes),
    };
    if (this.startedAt !== undefined) report.startedAt = this.startedAt;
    if (this.endedAt !== undefined) report.endedAt = this.endedAt;
    return report;
  }

  /** Stops publishing and metering: the race is forgotten. */
  dispose(): void {
    this.disposed = true;
    this.stopPublisher?.();
    this.stopPublisher = null;
    this.traffic.forget();
  }

  private publish(seq: number): void {
    // Taken just before publishing: the latency a lane measures includes all the server does.
    const event: RaceEvent = { seq, sentAt: epochNow() };
    this.deps.bus.publish(this.channel, event as unknown as Json, RACE_EVENT_VIA).then(
      () => void (this.sent += 1),
      (error: unknown) => console.error(`race ${this.id}: event ${seq} was not published:`, error),
    );
  }
}
