import { afterEach, describe, expect, it, vi } from 'vitest';
import { compareMessageIds, parseMessageId, type Envelope } from '../../src/protocol';
import { MemoryBus, type MemoryBusOptions } from './memory-bus';
import { BusCapacityError } from './types';

const ROOMY: MemoryBusOptions = {
  historyLength: 1000,
  historyBytes: 1024 * 1024,
  maxChannels: 100,
};

function createBus(options: Partial<MemoryBusOptions> = {}): MemoryBus {
  return new MemoryBus({ ...ROOMY, ...options });
}

/** Publishes `values` in order on one channel and returns the envelopes. */
async function publishAll(bus: MemoryBus, channel: string, values: unknown[]): Promise<Envelope[]> {
  const published: Envelope[] = [];
  for (const data of values) published.push(await bus.publish(channel, data as never, 'websocket'));
  return published;
}

function expectStrictlyIncreasing(ids: string[]): void {
  for (let i = 1; i < ids.length; i++) {
    const previous = parseMessageId(ids[i - 1]!)!;
    const current = parseMessageId(ids[i]!)!;
    expect(compareMessageIds(current, previous), `${ids[i]} after ${ids[i - 1]}`).toBeGreaterThan(
      0,
    );
  }
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('MemoryBus ids', () => {
  it('numbers messages within one millisecond with an increasing sequence', async () => {
    const bus = createBus({ now: () => 1_000 });
    const ids = (await publishAll(bus, 'news', [1, 2, 3])).map((m) => m.id);
    expect(ids).toEqual(['1000-0', '1000-1', '1000-2']);
  });

  it('keeps ids increasing when the clock steps back', async () => {
    const times = [5_000, 5_000, 4_000, 3_000, 6_000];
    const bus = createBus({ now: () => times.shift()! });
    const messages = await publishAll(bus, 'news', [1, 2, 3, 4, 5]);
    const ids = messages.map((m) => m.id);
    expect(ids).toEqual(['5000-0', '5000-1', '5000-2', '5000-3', '6000-0']);
    expectStrictlyIncreasing(ids);
    expect(messages.map((m) => m.ts)).toEqual([5000, 5000, 5000, 5000, 6000]);
  });

  it('fills in the envelope: channel, data, via', async () => {
    const bus = createBus({ now: () => 42 });
    const message = await bus.publish('news', { hola: 'mundo' }, 'sse');
    expect(message).toEqual({
      id: '42-0',
      channel: 'news',
      data: { hola: 'mundo' },
      ts: 42,
      via: 'sse',
    });
  });
});

describe('MemoryBus history', () => {
  it('keeps at most historyLength messages per channel, dropping the oldest', async () => {
    const bus = createBus({ historyLength: 3 });
    await publishAll(bus, 'news', [1, 2, 3, 4, 5]);
    const read = await bus.readAfter('news', '0-0', 100);
    expect(read.messages.map((m) => m.data)).toEqual([3, 4, 5]);
  });

  it('drops the oldest messages once the kept data passes historyBytes', async () => {
    // Each datum is 8 characters, 10 bytes as JSON: two fit in 25 bytes, three do not.
    const bus = createBus({ historyBytes: 25 });
    await publishAll(bus, 'news', ['aaaaaaaa', 'bbbbbbbb', 'cccccccc', 'dddddddd']);
    const read = await bus.readAfter('news', '0-0', 100);
    expect(read.messages.map((m) => m.data)).toEqual(['cccccccc', 'dddddddd']);
    expect(read.truncated).toBe(true);
  });

  it('keeps the newest message even when it alone passes historyBytes', async () => {
    const bus = createBus({ historyBytes: 5 });
    await publishAll(bus, 'news', ['first message', 'second message']);
    const read = await bus.readAfter('news', '0-0', 100);
    expect(read.messages.map((m) => m.data)).toEqual(['second message']);
  });

  it('keeps each channel its own history', async () => {
    const bus = createBus({ historyLength: 2 });
    await publishAll(bus, 'a', [1, 2, 3]);
    await publishAll(bus, 'b', [10]);
    expect((await bus.readAfter('b', '0-0', 100)).messages.map((m) => m.data)).toEqual([10]);
    expect((await bus.readAfter('a', '0-0', 100)).messages.map((m) => m.data)).toEqual([2, 3]);
  });
});

describe('MemoryBus readAfter', () => {
  it('returns no messages and the head cursor when no id is given', async () => {
    const bus = createBus();
    const published = await publishAll(bus, 'news', [1, 2]);
    expect(await bus.readAfter('news', undefined, 100)).toEqual({
      messages: [],
      cursor: published[1]!.id,
      truncated: false,
    });
  });

  it('returns the zero cursor for a channel nobody has used', async () => {
    const bus = createBus();
    expect(await bus.readAfter('empty', undefined, 100)).toEqual({
      messages: [],
      cursor: '0-0',
      truncated: false,
    });
  });

  it('returns messages newer than the id, oldest first, with the last one as cursor', async () => {
    const bus = createBus();
    const [m1, m2, m3] = await publishAll(bus, 'news', [1, 2, 3]);
    const read = await bus.readAfter('news', m1!.id, 100);
    expect(read.messages).toEqual([m2, m3]);
    expect(read.cursor).toBe(m3!.id);
    expect(read.truncated).toBe(false);
  });

  it('returns at most `limit` messages and a cursor to continue from', async () => {
    const bus = createBus();
    const published = await publishAll(bus, 'news', [1, 2, 3, 4, 5]);
    const first = await bus.readAfter('news', published[0]!.id, 2);
    expect(first.messages.map((m) => m.data)).toEqual([2, 3]);
    expect(first.cursor).toBe(published[2]!.id);
    const second = await bus.readAfter('news', first.cursor, 2);
    expect(second.messages.map((m) => m.data)).toEqual([4, 5]);
    expect(second.cursor).toBe(published[4]!.id);
  });

  it('keeps the reader cursor when nothing is newer', async () => {
    const bus = createBus();
    const [m1] = await publishAll(bus, 'news', [1]);
    expect(await bus.readAfter('news', m1!.id, 100)).toEqual({
      messages: [],
      cursor: m1!.id,
      truncated: false,
    });
  });

  it('never moves the cursor backwards for an id ahead of the channel', async () => {
    const bus = createBus({ now: () => 1_000 });
    await publishAll(bus, 'news', [1]);
    const read = await bus.readAfter('news', '9000-0', 100);
    expect(read.messages).toEqual([]);
    expect(read.cursor).toBe('9000-0');
  });

  it('marks truncated only when messages after the id were dropped', async () => {
    const bus = createBus({ historyLength: 2 });
    const [m1, m2, m3, m4] = await publishAll(bus, 'news', [1, 2, 3, 4]);
    // Kept: m3, m4. Dropped: m1, m2.
    const fromStart = await bus.readAfter('news', '0-0', 100);
    expect(fromStart.truncated).toBe(true);
    const afterM1 = await bus.readAfter('news', m1!.id, 100);
    expect(afterM1).toEqual({ messages: [m3, m4], cursor: m4!.id, truncated: true });
    const afterM2 = await bus.readAfter('news', m2!.id, 100);
    expect(afterM2).toEqual({ messages: [m3, m4], cursor: m4!.id, truncated: false });
    expect((await bus.readAfter('news', m3!.id, 100)).truncated).toBe(false);
  });

  it('does not mark truncated when nothing was ever dropped', async () => {
    const bus = createBus({ historyLength: 10 });
    await publishAll(bus, 'news', [1, 2, 3]);
    expect((await bus.readAfter('news', '0-0', 100)).truncated).toBe(false);
  });

  it.each(['nope', '', '12', '1-2-3', '-1-0', '1.5-0'])(
    'rejects the invalid id %j with RangeError',
    async (id) => {
      const bus = createBus();
      await publishAll(bus, 'news', [1]);
      await expect(bus.readAfter('news', id, 100)).rejects.toBeInstanceOf(RangeError);
    },
  );
});

describe('MemoryBus channel capacity', () => {
  it('evicts the least recently used idle channel to make room', async () => {
    const bus = createBus({ maxChannels: 2 });
    await publishAll(bus, 'a', [1]);
    await publishAll(bus, 'b', [2]);
    await bus.readAfter('a', undefined, 1); // a is now the most recently used
    await publishAll(bus, 'c', [3]);
    expect(bus.channelCount).toBe(2);
    expect((await bus.readAfter('a', '0-0', 100)).messages.map((m) => m.data)).toEqual([1]);
    expect((await bus.readAfter('b', '0-0', 100)).messages).toEqual([]);
    expect((await bus.readAfter('c', '0-0', 100)).messages.map((m) => m.data)).toEqual([3]);
  });

  it('never evicts a channel that has subscribers, even the least recently used', async () => {
    const bus = createBus({ maxChannels: 2 });
    const received: Envelope[] = [];
    bus.subscribe('a', (m) => received.push(m));
    await publishAll(bus, 'b', [2]);
    await publishAll(bus, 'c', [3]);
    const [toA] = await publishAll(bus, 'a', [1]);
    expect(received).toEqual([toA]);
    expect((await bus.readAfter('b', '0-0', 100)).messages).toEqual([]);
  });

  it('refuses a new channel with BusCapacityError when every channel has subscribers', async () => {
    const bus = createBus({ maxChannels: 2 });
    bus.subscribe('a', () => {});
    bus.subscribe('b', () => {});
    await expect(bus.publish('c', 1, 'websocket')).rejects.toBeInstanceOf(BusCapacityError);
    expect(bus.channelCount).toBe(2);
    // Existing channels still work.
    await expect(bus.publish('a', 1, 'websocket')).resolves.toMatchObject({ channel: 'a' });
  });

  it('never refuses a subscriber, even past maxChannels, and delivers to it', async () => {
    const bus = createBus({ maxChannels: 2 });
    bus.subscribe('a', () => {});
    bus.subscribe('b', () => {});
    const received: unknown[] = [];
    const unsubscribe = bus.subscribe('c', (m) => received.push(m.data));
    expect(bus.channelCount).toBe(3);
    await bus.publish('c', 'hola', 'websocket');
    expect(received).toEqual(['hola']);
    unsubscribe();
    // Once idle, channels past the cap are evicted before another is created.
    bus.subscribe('d', () => {});
    expect(bus.channelCount).toBe(3);
    await expect(bus.publish('e', 1, 'websocket')).rejects.toBeInstanceOf(BusCapacityError);
  });

  it('evicts as many idle channels as it takes to get back under maxChannels', async () => {
    const bus = createBus({ maxChannels: 2 });
    const stops = ['a', 'b', 'c', 'd'].map((name) => bus.subscribe(name, () => {}));
    for (const stop of stops) stop();
    await publishAll(bus, 'e', [1]);
    expect(bus.channelCount).toBe(2);
    expect((await bus.readAfter('e', '0-0', 100)).messages.map((m) => m.data)).toEqual([1]);
  });

  it('makes room again once a channel loses its last subscriber', async () => {
    const bus = createBus({ maxChannels: 1 });
    const unsubscribe = bus.subscribe('a', () => {});
    await expect(bus.publish('b', 1, 'websocket')).rejects.toBeInstanceOf(BusCapacityError);
    unsubscribe();
    await expect(bus.publish('b', 1, 'websocket')).resolves.toMatchObject({ channel: 'b' });
  });
});

describe('MemoryBus delivery', () => {
  it('delivers each message to every listener of its channel only', async () => {
    const bus = createBus();
    const onNews: unknown[] = [];
    const onOther: unknown[] = [];
    bus.subscribe('news', (m) => onNews.push(m.data));
    bus.subscribe('other', (m) => onOther.push(m.data));
    await publishAll(bus, 'news', [1, 2]);
    expect(onNews).toEqual([1, 2]);
    expect(onOther).toEqual([]);
  });

  it('stops delivering after unsubscribe', async () => {
    const bus = createBus();
    const received: unknown[] = [];
    const unsubscribe = bus.subscribe('news', (m) => received.push(m.data));
    await publishAll(bus, 'news', [1]);
    unsubscribe();
    await publishAll(bus, 'news', [2]);
    expect(received).toEqual([1]);
  });

  it('still delivers to the other listeners when one listener throws', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    const bus = createBus();
    const before: unknown[] = [];
    const after: unknown[] = [];
    bus.subscribe('news', (m) => before.push(m.data));
    bus.subscribe('news', () => {
      throw new Error('listener bug');
    });
    bus.subscribe('news', (m) => after.push(m.data));
    await expect(bus.publish('news', 'hola', 'websocket')).resolves.toMatchObject({ data: 'hola' });
    expect(before).toEqual(['hola']);
    expect(after).toEqual(['hola']);
    expect(logged).toHaveBeenCalledOnce();
  });
});

describe('MemoryBus.readLatest (chat history on join)', () => {
  it('returns the newest messages, oldest first', async () => {
    const bus = createBus();
    const published = await publishAll(bus, 'chat:general', [1, 2, 3, 4, 5]);
    expect(await bus.readLatest('chat:general', 3)).toEqual(published.slice(2));
    expect(await bus.readLatest('chat:general', 50)).toEqual(published);
  });

  it('returns nothing for an unknown channel or a limit of 0, and creates no channel', async () => {
    const bus = createBus();
    await publishAll(bus, 'chat:general', [1]);
    expect(await bus.readLatest('chat:empty', 10)).toEqual([]);
    expect(await bus.readLatest('chat:general', 0)).toEqual([]);
    expect(bus.channelCount).toBe(1);
  });

  it('returns only what the bounded history still holds', async () => {
    const bus = createBus({ historyLength: 2 });
    const published = await publishAll(bus, 'chat:general', [1, 2, 3]);
    expect(await bus.readLatest('chat:general', 10)).toEqual(published.slice(1));
  });
});
