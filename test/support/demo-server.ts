import type { AddressInfo } from 'node:net';
import { createDemoServer, type DemoServer } from '../../demo-server/app';
import type { ServerConfig } from '../../demo-server/config';
import type { Envelope } from '../../src/protocol';

/** A demo server listening on a free loopback port, and the URLs to reach it. */
export interface RunningServer {
  demo: DemoServer;
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** `ws://127.0.0.1:<port>` */
  wsUrl: string;
  close(): Promise<void>;
}

/** Starts a real demo server on port 0 with optional config overrides. */
export async function startDemoServer(
  overrides: Partial<ServerConfig> = {},
): Promise<RunningServer> {
  const demo = createDemoServer(overrides);
  await new Promise<void>((resolve) => demo.server.listen(0, '127.0.0.1', resolve));
  const { port } = demo.server.address() as AddressInfo;
  return {
    demo,
    url: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}`,
    close: () => demo.close(),
  };
}

/** Publishes over HTTP and returns the envelope, failing loudly on a non-201 answer. */
export async function publishHttp(baseUrl: string, channel: string, data: unknown, via?: string) {
  const query = via ? `?via=${via}` : '';
  const res = await fetch(`${baseUrl}/channels/${channel}/messages${query}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ data }),
  });
  if (res.status !== 201) throw new Error(`publish failed: ${res.status} ${await res.text()}`);
  return (await res.json()) as Envelope;
}

/** Resolves when `predicate` holds, polling every 10 ms; rejects after `timeoutMs`. */
export async function waitFor(predicate: () => boolean, timeoutMs = 5_000, what = 'condition') {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
