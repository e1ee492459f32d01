import { afterEach, beforeEach, expect, test } from 'vitest';
import {
  TRANSPORT_IDS,
  type Envelope,
  type TransportId,
  type WsServerFrame,
} from '../../src/protocol';
import { connectSocketIo, openSse, openWs, startPoller } from '../support/clients';
import { createCleanup, stopServer } from '../support/lifecycle';
import { publishHttp, startDemoServer, waitFor, type RunningServer } from '../support/demo-server';

type PublishedFrame = Extract<WsServerFrame, { type: 'published' }>;

const COUNT = 50;
const CHANNEL = 'burst';

let server: RunningServer;
const cleanup = createCleanup();

beforeEach(async () => {
  server = await startDemoServer();
});

afterEach(async () => {
  await cleanup.run();
  await stopServer(server);
});

/** One subscriber per transport on CHANNEL, each exposing what it received so far. */
async function subscribeOnEveryTransport(): Promise<Record<TransportId, Envelope[]>> {
  const shortPoller = cleanup.add(await startPoller(server.url, CHANNEL, 'short-polling'));
  const longPoller = cleanup.add(await startPoller(server.url, CHANNEL, 'long-polling'));
  const sse = cleanup.add(await openSse(server.url, CHANNEL));
  const ws = cleanup.add(await openWs(server.wsUrl));
  await ws.subscribe(CHANNEL);
  // Default transports: the burst may arrive while this client upgrades from polling.
  const sio = cleanup.add(await connectSocketIo(server.url));
  await sio.subscribe(CHANNEL);
  return {
    'short-polling': shortPoller.messages,
    'long-polling': longPoller.messages,
    sse: sse.messages,
    websocket: ws.messages,
    'socket-io': sio.messages,
  };
}

/** Publishes data 0..COUNT-1 through `via`, pipelined where the transport allows; envelopes by index. */
async function publishBurst(via: TransportId): Promise<Envelope[]> {
  const indexes = Array.from({ length: COUNT }, (_, i) => i);
  if (via === 'websocket') {
    const publisher = cleanup.add(await openWs(server.wsUrl));
    for (const i of indexes)
      publisher.send({ type: 'publish', channel: CHANNEL, data: i, ref: `p${i}` });
    const acks = await Promise.all(
      indexes.map((i) =>
        publisher.frames.next(
          (f): f is PublishedFrame => f.type === 'published' && f.ref === `p${i}`,
        ),
      ),
    );
    return acks.map((ack) => ack.message);
  }
  if (via === 'socket-io') {
    const publisher = cleanup.add(await connectSocketIo(server.url, { transports: ['websocket'] }));
    return Promise.all(indexes.map((i) => publisher.publish(CHANNEL, i)));
  }
  const published: Envelope[] = [];
  for (const i of indexes) published.push(await publishHttp(server.url, CHANNEL, i, via));
  return published;
}

test.each(TRANSPORT_IDS)(
  '%s: 50 messages published rapidly arrive complete and in order on every transport',
  async (via) => {
    const received = await subscribeOnEveryTransport();
    const published = await publishBurst(via);

    // The server stored them in the order they were sent, with increasing ids.
    expect(published.map((m) => m.data)).toEqual(Array.from({ length: COUNT }, (_, i) => i));
    expect(published.every((m) => m.via === via)).toBe(true);
    expect(new Set(published.map((m) => m.id)).size).toBe(COUNT);

    await waitFor(
      () => Object.values(received).every((messages) => messages.length >= COUNT),
      5_000,
      `all ${COUNT} messages on every subscriber`,
    );
    for (const transport of TRANSPORT_IDS) {
      expect(received[transport], `messages seen by the ${transport} subscriber`).toEqual(
        published,
      );
    }
  },
);
