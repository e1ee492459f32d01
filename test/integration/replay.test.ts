import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { PATHS, type Envelope } from '../../src/protocol';
import { openSse, poll } from '../support/clients';
import { createCleanup, stopServer } from '../support/lifecycle';
import { parseSseEvents, readStream } from '../support/sse-wire';
import { publishHttp, startDemoServer, waitFor, type RunningServer } from '../support/demo-server';

let server: RunningServer;
const cleanup = createCleanup();

beforeEach(async () => {
  // A short retry keeps reconnection tests fast; it is what the stream tells EventSource.
  server = await startDemoServer({ sseRetryMs: 50 });
});

afterEach(async () => {
  await cleanup.run();
  await stopServer(server);
});

/** Publishes `count` messages one after the other and returns their envelopes. */
async function publishMany(url: string, channel: string, count: number): Promise<Envelope[]> {
  const published: Envelope[] = [];
  for (let i = 1; i <= count; i++) published.push(await publishHttp(url, channel, `m${i}`));
  return published;
}

/** A server that keeps only five messages per channel, stopped after the test. */
async function smallHistoryServer(): Promise<RunningServer> {
  const small = await startDemoServer({ historyLength: 5 });
  cleanup.defer(() => stopServer(small));
  return small;
}

describe('short polling replay', () => {
  test('returns only messages newer than after, oldest first, and moves the cursor', async () => {
    const [, m2, m3, m4] = await publishMany(server.url, 'news', 4);

    const page = await poll(server.url, 'news', m2!.id);
    expect(page).toEqual({ messages: [m3, m4], cursor: m4!.id });

    const empty = await poll(server.url, 'news', page.cursor);
    expect(empty).toEqual({ messages: [], cursor: m4!.id });

    const m5 = await publishHttp(server.url, 'news', 'm5');
    expect(await poll(server.url, 'news', empty.cursor)).toEqual({ messages: [m5], cursor: m5.id });
  });

  test('without after returns no messages and the head cursor', async () => {
    const published = await publishMany(server.url, 'news', 3);
    expect(await poll(server.url, 'news')).toEqual({ messages: [], cursor: published[2]!.id });
  });

  test('after an id older than the kept history returns what is kept and truncated: true', async () => {
    const small = await smallHistoryServer();
    const published = await publishMany(small.url, 'news', 8);
    const kept = published.slice(3);

    expect(await poll(small.url, 'news', published[0]!.id)).toEqual({
      messages: kept,
      cursor: published[7]!.id,
      truncated: true,
    });
    // After the newest dropped message nothing was missed, so no flag.
    const fromLastDropped = await poll(small.url, 'news', published[2]!.id);
    expect(fromLastDropped).toEqual({ messages: kept, cursor: published[7]!.id });
    expect(fromLastDropped).not.toHaveProperty('truncated');
  });
});

describe('SSE replay', () => {
  test('replays messages after the Last-Event-ID header, announced by event: replay', async () => {
    const [m1, m2, m3] = await publishMany(server.url, 'news', 3);
    const last = JSON.stringify(m3);

    const stream = await readStream(
      `${server.url}${PATHS.sse('news')}`,
      { 'Last-Event-ID': m1!.id },
      (text) => text.includes(last),
    );
    expect(stream.status).toBe(200);
    expect(stream.contentType).toMatch(/^text\/event-stream/);
    const events = parseSseEvents(stream.text);
    // The hello carries the resume point as its id, so a cut before any message loses nothing.
    expect(events[1]).toMatchObject({ event: 'hello', id: m1!.id });
    expect(JSON.parse(events[1]!.data!)).toEqual({
      connectionId: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
    expect(events).toEqual([
      { retry: '50' },
      events[1],
      { event: 'replay', data: JSON.stringify({ count: 2, truncated: false }) },
      { id: m2!.id, data: JSON.stringify(m2) },
      { id: m3!.id, data: last },
    ]);
  });

  test('replays messages after ?lastEventId= and then delivers live ones', async () => {
    const [m1, m2, m3] = await publishMany(server.url, 'news', 3);
    const sse = cleanup.add(await openSse(server.url, 'news', { lastEventId: m1!.id }));
    await waitFor(() => sse.messages.length === 2, 2_000, 'the replayed messages');
    expect(sse.replays).toEqual([{ count: 2, truncated: false }]);

    const m4 = await publishHttp(server.url, 'news', 'm4');
    await waitFor(() => sse.messages.length === 3, 2_000, 'the live message');
    expect(sse.messages).toEqual([m2, m3, m4]);
  });

  test('announces a truncated replay when Last-Event-ID is older than the kept history', async () => {
    const small = await smallHistoryServer();
    const published = await publishMany(small.url, 'news', 8);
    const last = JSON.stringify(published[7]);

    const stream = await readStream(
      `${small.url}${PATHS.sse('news')}`,
      { 'Last-Event-ID': published[0]!.id },
      (text) => text.includes(last),
    );
    const events = parseSseEvents(stream.text);
    expect(events[1]).toMatchObject({ event: 'hello', id: published[0]!.id });
    expect(events[2]).toEqual({
      event: 'replay',
      data: JSON.stringify({ count: 5, truncated: true }),
    });
    expect(events.slice(3).map((event) => event.id)).toEqual(published.slice(3).map((m) => m.id));
  });

  test('an EventSource cut by the server reconnects and receives what it missed exactly once', async () => {
    // Holds the reconnection until the test has published while the client is away.
    let attempts = 0;
    let reopen!: () => void;
    const away = new Promise<void>((resolve) => (reopen = resolve));
    const sse = cleanup.add(
      await openSse(server.url, 'news', {
        fetch: async (url, init) => {
          if (++attempts > 1) await away;
          return fetch(url, init);
        },
      }),
    );
    const before = await publishHttp(server.url, 'news', 'before');
    await waitFor(() => sse.messages.length === 1, 2_000, 'the first message');

    server.demo.connections.closeAll();
    await waitFor(() => attempts === 2, 2_000, 'the EventSource to try to reconnect');
    const missed = await publishMany(server.url, 'news', 2);
    reopen();
    await waitFor(() => sse.opens === 2, 2_000, 'the reconnection');
    const after = await publishHttp(server.url, 'news', 'after');
    await waitFor(() => sse.messages.length >= 4, 2_000, 'the live message after reconnecting');

    expect(sse.messages).toEqual([before, ...missed, after]);
    expect(sse.replays).toEqual([{ count: 2, truncated: false }]);
  });

  test('a stream the server is ending ignores a message published in the same tick, and replays it on reconnect', async () => {
    const sse = cleanup.add(await openSse(server.url, 'news'));
    const before = await publishHttp(server.url, 'news', 'before');
    await waitFor(() => sse.messages.length === 1, 2_000, 'the first message');

    server.demo.connections.closeAll();
    // Straight through the bus, as any adapter would publish in this same tick: the ended stream
    // is still subscribed until its 'close' event and must not write to itself.
    const during = await server.demo.bus.publish('news', 'during', 'websocket');
    await waitFor(
      () => sse.opens === 2 && sse.messages.length === 2,
      2_000,
      'the replay after reconnecting',
    );

    expect(sse.messages).toEqual([before, during]);
    expect(sse.replays).toEqual([{ count: 1, truncated: false }]);
  });
});
