import { randomBytes } from 'node:crypto';
import { PATHS, TRANSPORT_IDS, type TransportId } from '../src/protocol';
import { summarize, type Summary } from '../src/race';
import { createClient } from '../src/transports/create-client';
import type { TransportClient } from '../src/transports/types';
import { residentBytes } from './child-process';
import { nodePlatform } from './node-platform';

/** One transport's fan-out: N subscribers, one broadcast. */
export interface FanoutResult {
  subscribers: number;
  received: number;
  /** From the publishing POST to each subscriber's receipt, ms. */
  delivery: Summary;
  /** Growth of the server's resident memory per open subscriber, bytes. */
  serverBytesPerConnection: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until `done()` or throws after `ms`. */
async function until(done: () => boolean, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`fan-out: timed out waiting for ${what}`);
    await sleep(50);
  }
}

/** A demo server of its own for one transport's fan-out. */
export interface FanoutServer {
  baseUrl: string;
  pid: number;
  stop(): Promise<void>;
}

/**
 * For each transport in turn: open N subscribers, publish once, time every delivery. Each
 * transport gets a fresh server process, so its memory growth is not blurred by the garbage the
 * previous transport left for the collector (a shared server measured negative growth).
 */
export async function measureFanout(options: {
  startServer: () => Promise<FanoutServer>;
  subscribers: number;
  shortPollingIntervalMs: number;
}): Promise<Record<TransportId, FanoutResult>> {
  const results = {} as Record<TransportId, FanoutResult>;
  for (const transport of TRANSPORT_IDS) {
    const server = await options.startServer();
    try {
      results[transport] = await fanOutOnce(transport, server, options);
    } finally {
      await server.stop();
    }
  }
  return results;
}

async function fanOutOnce(
  transport: TransportId,
  server: FanoutServer,
  options: { subscribers: number; shortPollingIntervalMs: number },
): Promise<FanoutResult> {
  const channel = `fanout-${randomBytes(4).toString('hex')}`;
  await sleep(500);
  const before = residentBytes(server.pid);
  const arrivals: number[] = [];
  let publishedAt = Number.NaN;
  const clients: TransportClient[] = [];
  for (let i = 0; i < options.subscribers; i++) {
    const client: TransportClient = createClient(transport, {
      ...nodePlatform,
      baseUrl: server.baseUrl,
      channel,
      intervalMs: options.shortPollingIntervalMs,
      transports: ['websocket'],
    });
    client.on('message', () => arrivals.push(performance.now() - publishedAt));
    clients.push(client);
    client.start();
    // Opening thousands of connections in one tick only measures the accept queue.
    if (i % 50 === 49) await sleep(20);
  }
  try {
    const connected = () => clients.every((c) => c.state === 'connected');
    await until(connected, 60_000, `${options.subscribers} ${transport} subscribers`);
    await sleep(500);
    const after = residentBytes(server.pid);
    publishedAt = performance.now();
    const response = await fetch(`${server.baseUrl}${PATHS.publish(channel)}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ data: { fanout: transport } }),
    });
    if (!response.ok) throw new Error(`fan-out publish failed: ${await response.text()}`);
    const patience = 10_000 + 2 * options.shortPollingIntervalMs;
    await until(
      () => arrivals.length >= options.subscribers,
      patience,
      `${transport} deliveries`,
    ).catch(() => {});
    return {
      subscribers: options.subscribers,
      received: arrivals.length,
      delivery: summarize(arrivals),
      serverBytesPerConnection: (after - before) / options.subscribers,
    };
  } finally {
    for (const client of clients) client.stop();
  }
}
