import { afterEach, describe, expect, it } from 'vitest';
import { connectSocketIo } from '../support/clients';
import { publishHttp, startDemoServer, waitFor, type RunningServer } from '../support/demo-server';
import { createCleanup, stopServer } from '../support/lifecycle';

const cleanup = createCleanup();
afterEach(() => cleanup.run());

/**
 * A server, and a reconnecting client subscribed to `demo` that received one message ("antes")
 * and then lost its transport (what a dead network does), once the server has seen it go.
 */
async function droppedAfterOneMessage(overrides: Parameters<typeof startDemoServer>[0] = {}) {
  const server: RunningServer = await startDemoServer(overrides);
  cleanup.defer(() => stopServer(server));
  const client = cleanup.add(await connectSocketIo(server.url, { transports: ['websocket'] }));
  client.socket.io.reconnection(true);
  const offsets: unknown[] = [];
  client.socket.on('message', (...args: unknown[]) => offsets.push(args[1]));
  await client.subscribe('demo');
  await publishHttp(server.url, 'demo', 'antes');
  await waitFor(() => client.messages.length === 1, 2_000, 'the first message');
  client.socket.io.engine.close();
  await waitFor(() => server.demo.connections.total === 0, 2_000, 'the server to see it go');
  return { server, client, offsets };
}

describe('connection state recovery on the default namespace', () => {
  it('replays what was published while the only subscriber was away, once, with offsets', async () => {
    const { server, client, offsets } = await droppedAfterOneMessage();
    // A broadcast carries its offset as one more argument.
    expect(offsets[0]).toEqual(expect.any(String));
    // The room is empty now: its bus subscription must outlive it for the replay to exist.
    await publishHttp(server.url, 'demo', 'durante');
    await new Promise<void>((resolve) => client.socket.once('connect', () => resolve()));
    expect(client.socket.recovered).toBe(true);
    await waitFor(() => client.messages.length === 2, 2_000, 'the missed message');
    await publishHttp(server.url, 'demo', 'después');
    await waitFor(() => client.messages.length === 3, 2_000, 'the next message');
    expect(client.messages.map((m) => m.data)).toEqual(['antes', 'durante', 'después']);
  });

  it('past the cap on kept broadcasts, a client that missed more reconnects as a fresh session', async () => {
    const { server, client } = await droppedAfterOneMessage({ recoveryMaxPackets: 3 });
    // More than the cap (3, trimmed in batches of 1): the offset of "antes" is gone.
    for (let i = 0; i < 6; i++) await publishHttp(server.url, 'demo', `durante ${i}`);
    await new Promise<void>((resolve) => client.socket.once('connect', () => resolve()));
    expect(client.socket.recovered).toBe(false);
    // A fresh session is in no room: nothing of what was missed arrives through Socket.IO.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(client.messages.map((m) => m.data)).toEqual(['antes']);
  });
});
