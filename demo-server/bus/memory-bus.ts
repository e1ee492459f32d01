import {
  compareMessageIds,
  formatMessageId,
  parseMessageId,
  type Envelope,
  type Json,
  type MessageIdParts,
  type TransportId,
} from '../../src/protocol';
import { BusCapacityError, type BusListener, type HistoryRead, type MessageBus } from './types';

/** Bounds of the in-memory bus. */
export interface MemoryBusOptions {
  /** Messages kept per channel. */
  historyLength: number;
  /** Approximate bytes of message data kept per channel; the oldest go first past this. */
  historyBytes: number;
  /** Channels kept at once; idle channels (no subscribers) are evicted, oldest use first. */
  maxChannels: number;
  /** Clock, injectable for tests. */
  now?: () => number;
}

interface StoredMessage {
  message: Envelope;
  idParts: MessageIdParts;
  bytes: number;
}

interface Channel {
  history: StoredMessage[];
  historyBytes: number;
  /** Id of the newest message ever dropped from history; readers before it missed something. */
  lastDropped: MessageIdParts | null;
  listeners: Set<BusListener>;
}

const ZERO_ID: MessageIdParts = { ms: 0, seq: 0 };

/** The default bus: everything in this process, nothing to install. */
export class MemoryBus implements MessageBus {
  // A Map keeps insertion order; re-inserting on use makes its first key the least recently used.
  private readonly channels = new Map<string, Channel>();
  private lastId: MessageIdParts = ZERO_ID;
  private readonly now: () => number;

  constructor(private readonly options: MemoryBusOptions) {
    this.now = options.now ?? Date.now;
  }

  async publish(channelName: string, data: Json, via: TransportId): Promise<Envelope> {
    const channel = this.use(channelName, true);
    const idParts = this.nextId();
    const message: Envelope = {
      id: formatMessageId(idParts),
      channel: channelName,
      data,
      ts: idParts.ms,
      via,
    };
    this.store(channel, { message, idParts, bytes: JSON.stringify(data)?.length ?? 4 });
    for (const listener of [...channel.listeners]) {
      // One failing subscriber must not cost the others their message.
      try {
        listener(message);
      } catch (error) {
        console.error('bus listener failed:', error);
      }
    }
    return message;
  }

  subscribe(channelName: string, listener: BusListener): () => void {
    // Never refused (the interface promises no throw; adapters call this from socket handlers):
    // open connections already bound how many channels can have listeners.
    const channel = this.use(channelName, 'past-capacity');
    channel.listeners.add(listener);
    return () => {
      channel.listeners.delete(listener);
    };
  }

  async readAfter(
    channelName: string,
    afterId: string | undefined,
    limit: number,
  ): Promise<HistoryRead> {
    const channel = this.use(channelName, false);
    const history = channel?.history ?? [];
    const head = history.at(-1)?.message.id ?? formatMessageId(this.headOf(channel));
    if (afterId === undefined) return { messages: [], cursor: head, truncated: false };

    const after = parseMessageId(afterId);
    if (!after) throw new RangeError(`invalid message id "${afterId}"`);
    const firstNewer = history.findIndex((stored) => compareMessageIds(stored.idParts, after) > 0);
    const newer = firstNewer === -1 ? [] : history.slice(firstNewer, firstNewer + limit);
    const truncated = !!channel?.lastDropped && compareMessageIds(after, channel.lastDropped) < 0;
    return {
      messages: newer.map((stored) => stored.message),
      cursor: newer.at(-1)?.message.id ?? maxId(afterId, head),
      truncated,
    };
  }

  async readLatest(channelName: string, limit: number): Promise<Envelope[]> {
    if (limit <= 0) return [];
    const history = this.use(channelName, false)?.history ?? [];
    return history.slice(-limit).map((stored) => stored.message);
  }

  async close(): Promise<void> {
    this.channels.clear();
  }

  /** Number of channels held now (for health and tests). */
  get channelCount(): number {
    return this.channels.size;
  }

  private headOf(channel: Channel | undefined): MessageIdParts {
    return channel?.lastDropped ?? ZERO_ID;
  }

  /** Ids are `<ms>-<seq>`, strictly increasing even if the wall clock steps back. */
  private nextId(): MessageIdParts {
    const ms = this.now();
    this.lastId =
      ms > this.lastId.ms ? { ms, seq: 0 } : { ms: this.lastId.ms, seq: this.lastId.seq + 1 };
    return this.lastId;
  }

  private use(name: string, create: true | 'past-capacity'): Channel;
  private use(name: string, create: false): Channel | undefined;
  private use(name: string, create: boolean | 'past-capacity'): Channel | undefined {
    let channel = this.channels.get(name);
    if (channel) {
      this.channels.delete(name);
      this.channels.set(name, channel);
      return channel;
    }
    if (!create) return undefined;
    let full = this.channels.size >= this.options.maxChannels;
    while (full && this.evictIdleChannel()) full = this.channels.size >= this.options.maxChannels;
    if (full && create !== 'past-capacity') {
      throw new BusCapacityError(
        `too many channels in use (${this.options.maxChannels}); try again when some are idle`,
      );
    }
    channel = { history: [], historyBytes: 0, lastDropped: null, listeners: new Set() };
    this.channels.set(name, channel);
    return channel;
  }

  /** Drops the least recently used channel without listeners; false when every channel has some. */
  private evictIdleChannel(): boolean {
    for (const [name, channel] of this.channels) {
      if (channel.listeners.size === 0) {
        this.channels.delete(name);
        return true;
      }
    }
    return false;
  }

  private store(channel: Channel, stored: StoredMessage): void {
    channel.history.push(stored);
    channel.historyBytes += stored.bytes;
    while (
      channel.history.length > this.options.historyLength ||
      (channel.historyBytes > this.options.historyBytes && channel.history.length > 1)
    ) {
      const dropped = channel.history.shift()!;
      channel.historyBytes -= dropped.bytes;
      channel.lastDropped = dropped.idParts;
    }
  }
}

/** The later of two ids, so a cursor never moves backwards. */
function maxId(a: string, b: string): string {
  const pa = parseMessageId(a);
  const pb = parseMessageId(b);
  if (!pa || !pb) return a;
  return compareMessageIds(pa, pb) >= 0 ? a : b;
}
