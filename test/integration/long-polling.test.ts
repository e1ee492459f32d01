import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { createDemoServer } from '../../demo-server/app';
import { MemoryBus } from '../../demo-server/bus/memory-bus';
import type { HistoryRead } from '../../demo-server/bus/types';
import type { ErrorResponse } from '../../src/protocol';
import { longPoll, poll } from '../support/clients';
import { createCleanup, stopServer } from '../support/lifecycle';
import { publishHttp, startDemoServer, waitFor, type RunningServer } from '../support/demo-server';

let server: RunningServer;
const cleanup = createCleanup();

beforeEach(async () => {
  server = await startDemoServer();
});

afterEach(async () => {
  await cleanup.run();
  await stopServer(server);
});

/** Resolves once the server holds `count` long polls. */
function held(count: number) {
  return waitFor(
    () => server.demo.connections.counts()['long-polling'] === count,
    2_000,
    `${count} held long poll(s)`,
  );
}

/** An AbortSignal aborted at cleanup, for polls a test leaves waiting. */
function abortedAtCleanup(): AbortSignal {
  const controller = new AbortController();
  cleanup.defer(() => controller.abort());
  return controller.signal;
}

/** A memory bus whose history reads wait while `hold` is set, as a remote bus (Redis) may. */
class SlowHistoryBus extends MemoryBus {
  hold = false;
  private readonly held: (() => void)[] = [];

  /** History reads waiting for `release`. */
  get waiting(): number {
    return this.held.length;
  }

  override async readAfter(
    channel: string,
    afterId: string | undefined,
    limit: number,
  ): Promise<HistoryRead> {
    if (this.hold) await new Promise<void>((resolve) => this.held.push(resolve));
    return super.readAfter(channel, afterId, limit);
  }

  release(): void {
    this.hold = false;
    for (const resolve of this.held.splice(0)) resolve();
  }
}

/** Like startDemoServer, but over a given bus. */
async function startWithBus(bus: MemoryBus): Promise<RunningServer> {
  const demo = createDemoServer({}, bus);
  await new Promise<void>((resolve) => demo.server.listen(0, '127.0.0.1', resolve));
  const { port } = demo.server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return { demo, url, wsUrl: url.replace('http', 'ws'), close: () => demo.close() };
}

describe('long polling', () => {
  test('answers a held poll as soon as a message is published, long before the timeout', async () => {
    const { cursor } = await poll(server.url, 'feed');
    const answer = longPoll(server.url, 'feed', { after: cursor, timeout: 10_000 });
    await held(1);

    const publishedAt = performance.now();
    const message = await publishHttp(server.url, 'feed', 'now');
    const { status, body } = await answer;
    const latencyMs = performance.now() - publishedAt;

    expect(status).toBe(200);
    expect(body).toEqual({ messages: [message], cursor: message.id });
    expect(latencyMs).toBeLessThan(1_000);
  });

  test('answers at once when messages newer than after already exist', async () => {
    const { cursor } = await poll(server.url, 'feed');
    const message = await publishHttp(server.url, 'feed', 'waiting');
    const { status, body, elapsedMs } = await longPoll(server.url, 'feed', {
      after: cursor,
      timeout: 10_000,
    });
    expect(status).toBe(200);
    expect(body).toEqual({ messages: [message], cursor: message.id });
    expect(elapsedMs).toBeLessThan(1_000);
  });

  test('answers 200 with an empty list and the same cursor at the timeout', async () => {
    const { cursor } = await poll(server.url, 'feed');
    const { status, body, elapsedMs } = await longPoll(server.url, 'feed', {
      after: cursor,
      timeout: 150,
    });
    expect(status).toBe(200);
    expect(body).toEqual({ messages: [], cursor });
    // The hold is the point here: not much before the timeout, and not much after it.
    expect(elapsedMs).toBeGreaterThanOrEqual(140);
    expect(elapsedMs).toBeLessThan(1_500);
  });

  test('sends a burst published in one tick in one response', async () => {
    const { cursor } = await poll(server.url, 'feed');
    const answer = longPoll(server.url, 'feed', { after: cursor, timeout: 10_000 });
    await held(1);

    // Straight through the bus so that all three really land in the same tick.
    const burst = await Promise.all(
      ['a', 'b', 'c'].map((data) => server.demo.bus.publish('feed', data, 'websocket')),
    );
    const { body } = await answer;
    expect(body).toEqual({ messages: burst, cursor: burst[2]!.id });
    expect(await poll(server.url, 'feed', body.cursor)).toEqual({
      messages: [],
      cursor: body.cursor,
    });
  });

  test('refuses a second overlapping poll from the same client with 409 JSON, and only that one', async () => {
    const { cursor } = await poll(server.url, 'feed');
    const first = longPoll(server.url, 'feed', { after: cursor, timeout: 10_000, client: 'alice' });
    await held(1);

    const res = await fetch(
      `${server.url}/long-poll/feed?after=${cursor}&timeout=10000&client=alice`,
    );
    expect(res.status).toBe(409);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(((await res.json()) as ErrorResponse).error).toContain('alice');

    // Another client id is not affected, and alice's first poll is still served.
    const bob = longPoll(server.url, 'feed', { after: cursor, timeout: 10_000, client: 'bob' });
    await held(2);
    const message = await publishHttp(server.url, 'feed', 'for both');
    expect((await first).body.messages).toEqual([message]);
    expect((await bob).body.messages).toEqual([message]);

    // Once answered, alice may poll again.
    const again = longPoll(server.url, 'feed', { after: message.id, timeout: 0, client: 'alice' });
    expect((await again).status).toBe(200);
  });

  test('frees the client id when a held poll is abandoned by the client', async () => {
    const { cursor } = await poll(server.url, 'feed');
    const controller = new AbortController();
    const abandoned = longPoll(server.url, 'feed', {
      after: cursor,
      client: 'carol',
      signal: controller.signal,
    });
    await held(1);
    controller.abort();
    await expect(abandoned).rejects.toThrow();
    await held(0);

    const next = longPoll(server.url, 'feed', {
      after: cursor,
      timeout: 10_000,
      client: 'carol',
      signal: abortedAtCleanup(),
    });
    await held(1);
    const message = await publishHttp(server.url, 'feed', 'back');
    expect((await next).body.messages).toEqual([message]);
  });

  test.each(['60001', '-1', '1.5', 'soon'])('refuses timeout=%s with 400 JSON', async (timeout) => {
    const { status, body } = await longPoll<ErrorResponse>(server.url, 'feed', { timeout });
    expect(status).toBe(400);
    expect(body.error).toContain('timeout');
  });

  test('accepts the largest timeout, 60000 ms, and holds the poll', async () => {
    const { cursor } = await poll(server.url, 'feed');
    const answer = longPoll(server.url, 'feed', {
      after: cursor,
      timeout: 60_000,
      signal: abortedAtCleanup(),
    });
    await held(1);
    const message = await publishHttp(server.url, 'feed', 'max');
    expect((await answer).body.messages).toEqual([message]);
  });

  test('with a slow history read, a message that lands during the read does not stall the next answer', async () => {
    const bus = new SlowHistoryBus({ historyLength: 100, historyBytes: 1 << 20, maxChannels: 100 });
    const slow = await startWithBus(bus);
    cleanup.defer(() => stopServer(slow));

    bus.hold = true;
    const answer = longPoll(slow.url, 'feed', { timeout: 3_000 });
    await waitFor(() => bus.waiting === 1, 2_000, 'the poll to start reading history');
    // Published between the poll's subscribe and its history read: the head cursor covers it.
    await publishHttp(slow.url, 'feed', 'during the read');
    bus.release();
    await waitFor(
      () => slow.demo.connections.counts()['long-polling'] === 1,
      2_000,
      'the held poll',
    );

    const next = await publishHttp(slow.url, 'feed', 'after the read');
    const { body, elapsedMs } = await answer;
    expect(body).toEqual({ messages: [next], cursor: next.id });
    expect(elapsedMs).toBeLessThan(1_500);
  });

  test('with a slow history read, refuses a second poll from the same client that arrives during the read', async () => {
    const bus = new SlowHistoryBus({ historyLength: 100, historyBytes: 1 << 20, maxChannels: 100 });
    const slow = await startWithBus(bus);
    cleanup.defer(() => stopServer(slow));

    bus.hold = true;
    const first = longPoll(slow.url, 'feed', { timeout: 200, client: 'dave' });
    await waitFor(() => bus.waiting === 1, 2_000, 'the first poll to start reading history');
    let secondDone = false;
    const second = longPoll<ErrorResponse>(slow.url, 'feed', { timeout: 200, client: 'dave' });
    void second.finally(() => (secondDone = true));
    await waitFor(() => secondDone || bus.waiting === 2, 2_000, 'the second poll');
    bus.release();

    expect((await second).status).toBe(409);
    expect((await first).status).toBe(200);
  });
});
