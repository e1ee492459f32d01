import { waitFor, type RunningServer } from './demo-server';

/** Closes what a test opened, newest first; call `run` in afterEach. */
export function createCleanup() {
  const closers: (() => unknown)[] = [];
  return {
    /** Registers something with a `close()` and returns it. */
    add<T extends { close(): unknown }>(thing: T): T {
      closers.push(() => thing.close());
      return thing;
    },
    /** Registers a function to run at cleanup. */
    defer(fn: () => unknown): void {
      closers.push(fn);
    },
    /** Runs every registered closer, even when one fails, then reports the first failure. */
    async run(): Promise<void> {
      const errors: unknown[] = [];
      while (closers.length > 0)
        await Promise.resolve(closers.pop()!()).catch((e) => errors.push(e));
      if (errors.length > 0) throw errors[0];
    },
  };
}

/**
 * Stops a test server after its clients closed: first checks that the server released every
 * streaming connection (a leak fails the test), then closes it.
 */
export async function stopServer(server: RunningServer): Promise<void> {
  await waitFor(
    () => server.demo.connections.total === 0,
    2_000,
    'the server to release every connection',
  );
  // Aborting a streaming fetch makes undici open a spare socket that never sends a request
  // (nodejs/undici#5845); closeIdleConnections leaves it, so close() would wait the grace time.
  server.demo.server.closeAllConnections();
  await server.close();
}
