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

let server: RunningServer;
const cleanup = createCleanup();

beforeEach(async () => {
  server = await startDemoServer();
});

afterEach(async () => {
  await cleanup.run();
  await stopServer(server);
});

test('a message published through any transport reaches subscribers on all five, with one id and one order', async () => {
  const channel = 'plaza';
  const shortPoller = cleanup.add(await startPoller(server.url, channel, 'short-polling'));
  const longPoller = cleanup.add(await startPoller(server.url, channel, 'long-polling'));
  const sse = cleanup.add(await openSse(server.url, channel));
  const ws = cleanup.add(await openWs(server.wsUrl));
  await ws.subscribe(channel);
  // Default transports: this client starts on HTTP long-polling and upgrades to WebSocket.
  const sio = cleanup.add(await connectSocketIo(server.url));
  await sio.subscribe(channel);

  const received: Record<TransportId, Envelope[]> = {
    'short-polling': shortPoller.messages,
    'long-polling': longPoller.messages,
    sse: sse.messages,
    websocket: ws.messages,
    'socket-io': sio.messages,
  };

  const published: Envelope[] = [];
  for (const via of TRANSPORT_IDS) {
    const data = { from: via };
    if (via === 'websocket') {
      ws.send({ type: 'publish', channel, data, ref: 'cross' });
      const ack = await ws.frames.next(
        (f): f is Extract<WsServerFrame, { type: 'published' }> =>
          f.type === 'published' && f.ref === 'cross',
      );
      published.push(ack.message);
    } else if (via === 'socket-io') {
      published.push(await sio.publish(channel, data));
    } else {
      published.push(await publishHttp(server.url, channel, data, via));
    }
  }

  expect(published.map((m) => m.via)).toEqual([...TRANSPORT_IDS]);
  expect(published.map((m) => m.data)).toEqual(TRANSPORT_IDS.map((from) => ({ from })));
  await waitFor(
    () => Object.values(received).every((messages) => messages.length >= published.length),
    5_000,
    'every subscriber to receive all five messages',
  );
  for (const transport of TRANSPORT_IDS) {
    expect(received[transport], `messages seen by the ${transport} subscriber`).toEqual(published);
  }
});
