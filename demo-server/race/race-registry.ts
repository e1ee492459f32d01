import type { RaceConfig, RaceStarted } from '../../src/protocol';
import type { MessageBus } from '../bus/types';
import type { PublisherTimers } from './publisher';
import { Race } from './race';
import { newRaceId, RACE_ID_PATTERN } from './race-id';

/** Thrown by `create` when the server already holds its maximum of races. */
export class RaceCapacityError extends Error {}

/** Bounds and dependencies of the registry. */
export interface RaceRegistryOptions {
  bus: MessageBus;
  maxRaces: number;
  /** A race not started within this time, or finished for this long, is forgotten. */
  idleExpiryMs: number;
  timers?: {
    setTimeout(callback: () => void, ms: number): unknown;
    clearTimeout(h: unknown): void;
  };
  publisherTimers?: PublisherTimers;
  newId?: () => string;
}

/** The races that exist on this server, at most `maxRaces`, each forgotten when idle. */
export class RaceRegistry {
  private readonly races = new Map<string, { race: Race; expiry: unknown }>();
  private readonly timers: NonNullable<RaceRegistryOptions['timers']>;

  constructor(private readonly options: RaceRegistryOptions) {
    this.timers = options.timers ?? {
      setTimeout: (callback, ms) => setTimeout(callback, ms),
      clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
    };
  }

  get size(): number {
    return this.races.size;
  }

  /** Creates a race in state `ready`; throws RaceCapacityError when the server is full. */
  create(config: RaceConfig): Race {
    if (this.races.size >= this.options.maxRaces) {
      throw new RaceCapacityError(
        `the server already runs ${this.options.maxRaces} races, its maximum: try again in a minute`,
      );
    }
    const newId = this.options.newId ?? newRaceId;
    let id = newId();
    while (this.races.has(id)) id = newId();
    const race = new Race(id, config, {
      bus: this.options.bus,
      publisherTimers: this.options.publisherTimers,
      onFinished: () => this.expireLater(id),
    });
    this.races.set(id, { race, expiry: null });
    this.expireLater(id);
    return race;
  }

  /** The race with this id, if it exists (anything that is not a race id finds nothing). */
  get(id: string): Race | undefined {
    return RACE_ID_PATTERN.test(id) ? this.races.get(id)?.race : undefined;
  }

  /** Starts a race; a running race does not expire (its duration bounds it). */
  start(race: Race): RaceStarted {
    // Before start(): a one-event race finishes inside it and must keep its new expiry.
    if (race.state === 'ready') this.clearExpiry(race.id);
    return race.start();
  }

  /** Forgets every race: publishers and timers stop. */
  close(): void {
    for (const id of [...this.races.keys()]) this.remove(id);
  }

  private expireLater(id: string): void {
    const entry = this.races.get(id);
    if (!entry) return;
    this.clearExpiry(id);
    entry.expiry = this.timers.setTimeout(() => this.remove(id), this.options.idleExpiryMs);
  }

  private clearExpiry(id: string): void {
    const entry = this.races.get(id);
    if (entry && entry.expiry !== null) this.timers.clearTimeout(entry.expiry);
    if (entry) entry.expiry = null;
  }

  private remove(id: string): void {
    const entry = this.races.get(id);
    if (!entry) return;
    this.clearExpiry(id);
    entry.race.dispose();
    this.races.delete(id);
  }
}
