import { describe, expect, it } from 'vitest';
import type { Envelope, Json, TransportId } from '../../src/protocol';
import { MemoryBus } from './memory-bus';
import { subscribeFrom } from './subscribe-from';
import type { BusListener, HistoryRead, MessageBus } from './types';

/**
 * A MemoryBus whose history reads wait until the test opens a gate, so a test can publish while
 * a subscriber is between "listening" and "history read". `readFirst` chooses whether the inner
 * read happens before the wait (history misses what is published meanwhile) or after it (history
 * already holds it, so the live copy is a duplicate).
 */
class GatedBus implements MessageBus {
  readonly inner = new MemoryBus({
    historyLength: 100,
    historyBytes: 1024 * 1024,
    maxChannels: 10,
  });
  listenerCount = 0;
  reading: Promise<void>;
  private startedReading!: () => void;
  private openGate!: () => void;
  private readonly gate = new Promise<void>((resolve) => (this.openGate = resolve));

  constructor(private readonly readFirst: boolean) {
    this.reading = new Promise((resolve) => (this.startedReading = resolve));
  }

  publish(channel: string, data: Json, via: TransportId): Promise<Envelope> {
    return this.inner.publish(channel, data, via);
  }

  subscribe(channel: string, listener: BusListener): () => void {
    this.listenerCount++;
    const unsubscribe = this.inner.subscribe(channel, listener);
    return () => {
      this.listenerCount--;
      unsubscribe();
    };
  }

  async readAfter(
    channel: string,
    afterId: string | undefined,
    limit: number,
  ): Promise<HistoryRead> {
    this.startedReading();
    if (this.readFirst) {
      const read = await this.inner.readAfter(channel, afterId, limit);
      await this.gate;
      return read;
    }
    await this.gate;
    return this.inner.readAfter(channel, afterId, limit);
  }

  readLatest(channel: string, limit: number): Promise<Envelope[]> {
    return this.inner.readLatest(channel, limit);
  }

  release(): void {
    this.openGate();
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}

interface Delivery {
  data: unknown;
  replayed: boolean;
}

function recorder() {
  const deliveries: Delivery[] = [];
  return {
    deliveries,
    deliver: (m: Envelope, replayed: boolean) => deliveries.push({ data: m.data, replayed }),
  };
}

describe('subscribeFrom', () => {
  it.each([
    // Read before the publish: it comes from the live buffer. Read after: from history.
    ['history was read before it', true, false],
    ['history already holds it', false, true],
  ])(
    'delivers a message published while history is read exactly once (%s)',
    async (_case, readFirst, duringReadIsReplayed) => {
      const bus = new GatedBus(readFirst);
      const first = await bus.publish('news', 'old 1', 'websocket');
      await bus.publish('news', 'old 2', 'websocket');
      const { deliveries, deliver } = recorder();

      const subscribing = subscribeFrom(bus, {
        channel: 'news',
        afterId: first.id,
        replayLimit: 100,
        deliver,
      });
      await bus.reading;
      await bus.publish('news', 'during read', 'websocket');
      expect(deliveries).toEqual([]);
      bus.release();
      const unsubscribe = await subscribing;
      await bus.publish('news', 'live', 'websocket');

      expect(deliveries).toEqual([
        { data: 'old 2', replayed: true },
        { data: 'during read', replayed: duringReadIsReplayed },
        { data: 'live', replayed: false },
      ]);
      unsubscribe();
    },
  );

  it('starts from now without an id, keeping what is published while history is read', async () => {
    const bus = new GatedBus(true);
    await bus.publish('news', 'before', 'websocket');
    const { deliveries, deliver } = recorder();
    const subscribing = subscribeFrom(bus, {
      channel: 'news',
      afterId: undefined,
      replayLimit: 100,
      deliver,
    });
    await bus.reading;
    await bus.publish('news', 'during read', 'websocket');
    bus.release();
    const unsubscribe = await subscribing;
    await bus.publish('news', 'live', 'websocket');
    expect(deliveries).toEqual([
      { data: 'during read', replayed: false },
      { data: 'live', replayed: false },
    ]);
    unsubscribe();
  });

  it('reports the history read before delivering anything', async () => {
    const bus = new GatedBus(false);
    const first = await bus.publish('news', 1, 'websocket');
    await bus.publish('news', 2, 'websocket');
    const events: string[] = [];
    const subscribing = subscribeFrom(bus, {
      channel: 'news',
      afterId: first.id,
      replayLimit: 100,
      onHistory: (read) => events.push(`history:${read.messages.length}:${read.truncated}`),
      deliver: (m) => events.push(`deliver:${String(m.data)}`),
    });
    await bus.reading;
    await bus.publish('news', 3, 'websocket');
    bus.release();
    (await subscribing)();
    expect(events).toEqual(['history:2:false', 'deliver:2', 'deliver:3']);
  });

  it('stops delivering once the returned function is called', async () => {
    const bus = new GatedBus(false);
    bus.release();
    const { deliveries, deliver } = recorder();
    const unsubscribe = await subscribeFrom(bus, {
      channel: 'news',
      afterId: undefined,
      replayLimit: 100,
      deliver,
    });
    await bus.publish('news', 1, 'websocket');
    unsubscribe();
    await bus.publish('news', 2, 'websocket');
    expect(deliveries).toEqual([{ data: 1, replayed: false }]);
    expect(bus.listenerCount).toBe(0);
  });

  it('stops listening and rejects when the history read fails', async () => {
    const bus = new GatedBus(false);
    bus.release();
    const { deliveries, deliver } = recorder();
    await expect(
      subscribeFrom(bus, { channel: 'news', afterId: 'not-an-id', replayLimit: 100, deliver }),
    ).rejects.toBeInstanceOf(RangeError);
    expect(bus.listenerCount).toBe(0);
    await bus.publish('news', 1, 'websocket');
    expect(deliveries).toEqual([]);
  });
});
