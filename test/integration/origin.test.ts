import { afterEach, describe, expect, it } from 'vitest';
import { io, type Socket } from 'socket.io-client';
import WebSocket from 'ws';
import { startDemoServer, type RunningServer } from '../support/demo-server';

const FOREIGN = 'http://evil.example';
const DEV_SITE = 'http://localhost:5173';

const servers: RunningServer[] = [];
const wsClients: WebSocket[] = [];
const ioClients: Socket[] = [];

afterEach(async () => {
  for (const socket of ioClients.splice(0)) socket.disconnect();
  for (const socket of wsClients.splice(0)) socket.terminate();
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function start(
  overrides: Parameters<typeof startDemoServer>[0] = {},
): Promise<RunningServer> {
  const server = await startDemoServer(overrides);
  servers.push(server);
  return server;
}

/** Opens /ws with an Origin header; resolves with 'open' or the HTTP status of the refusal. */
function wsHandshake(server: RunningServer, origin?: string): Promise<'open' | number> {
  const socket = new WebSocket(`${server.wsUrl}/ws`, origin === undefined ? {} : { origin });
  wsClients.push(socket);
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve('open'));
    socket.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    socket.once('error', reject);
  });
}

/** Connects Socket.IO with an Origin header; resolves with 'connect' or the connect_error message. */
function ioHandshake(
  server: RunningServer,
  transport: 'websocket' | 'polling',
  origin: string,
): Promise<string> {
  const socket = io(server.url, {
    transports: [transport],
    extraHeaders: { origin },
    reconnection: false,
    forceNew: true,
  });
  ioClients.push(socket);
  return new Promise((resolve) => {
    socket.once('connect', () => resolve('connect'));
    socket.once('connect_error', (error) => resolve(`connect_error: ${error.message}`));
  });
}

describe('HTTP origin checks', () => {
  it.each(['/health', '/poll/news', '/channels/news/messages'])(
    'refuses %s from a foreign Origin with 403 and no CORS headers',
    async (path) => {
      const server = await start();
      const method = path.startsWith('/channels/') ? 'POST' : 'GET';
      const res = await fetch(`${server.url}${path}`, {
        method,
        headers: { origin: FOREIGN, 'content-type': 'application/json' },
        body: method === 'POST' ? '{"data":1}' : undefined,
      });
      expect(res.status).toBe(403);
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
      expect(((await res.json()) as { error: string }).error).toMatch(
        /origin http:\/\/evil\.example is not allowed/,
      );
    },
  );

  it('does not store a publish refused for its Origin', async () => {
    const server = await start();
    await fetch(`${server.url}/channels/news/messages`, {
      method: 'POST',
      headers: { origin: FOREIGN, 'content-type': 'application/json' },
      body: '{"data":"should not land"}',
    });
    const read = await server.demo.bus.readAfter('news', '0-0', 10);
    expect(read.messages).toEqual([]);
  });

  it('echoes an allowed Origin in Access-Control-Allow-Origin with Vary: Origin', async () => {
    const server = await start();
    const res = await fetch(`${server.url}/health`, { headers: { origin: DEV_SITE } });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe(DEV_SITE);
    expect(res.headers.get('vary')).toBe('Origin');
  });

  it('keeps the CORS headers on error answers to an allowed Origin', async () => {
    const server = await start();
    const res = await fetch(`${server.url}/poll/news?after=bad`, { headers: { origin: DEV_SITE } });
    expect(res.status).toBe(400);
    expect(res.headers.get('access-control-allow-origin')).toBe(DEV_SITE);
  });

  it('answers a Private Network Access preflight from an allowed Origin with 204', async () => {
    const server = await start();
    const res = await fetch(`${server.url}/channels/news/messages`, {
      method: 'OPTIONS',
      headers: {
        origin: DEV_SITE,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
        'access-control-request-private-network': 'true',
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-private-network')).toBe('true');
    expect(res.headers.get('access-control-allow-origin')).toBe(DEV_SITE);
    expect(res.headers.get('access-control-allow-methods')).toContain('POST');
    expect(res.headers.get('access-control-allow-headers')).toContain('Content-Type');
  });

  it('leaves out Allow-Private-Network from a preflight that does not ask for it', async () => {
    const server = await start();
    const res = await fetch(`${server.url}/poll/news`, {
      method: 'OPTIONS',
      headers: { origin: DEV_SITE, 'access-control-request-method': 'GET' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-private-network')).toBeNull();
  });

  it('refuses a preflight from a foreign Origin with 403', async () => {
    const server = await start();
    const res = await fetch(`${server.url}/channels/news/messages`, {
      method: 'OPTIONS',
      headers: {
        origin: FOREIGN,
        'access-control-request-method': 'POST',
        'access-control-request-private-network': 'true',
      },
    });
    expect(res.status).toBe(403);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    expect(res.headers.get('access-control-allow-private-network')).toBeNull();
  });

  it('allows an origin added with allowedOrigins, and only on a server configured with it', async () => {
    const configured = await start({ allowedOrigins: ['https://curso.example'] });
    const res = await fetch(`${configured.url}/health`, {
      headers: { origin: 'https://curso.example' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('https://curso.example');

    const plain = await start();
    const refused = await fetch(`${plain.url}/health`, {
      headers: { origin: 'https://curso.example' },
    });
    expect(refused.status).toBe(403);
  });

  it("allows the server's own origin", async () => {
    const server = await start();
    const res = await fetch(`${server.url}/health`, { headers: { origin: server.url } });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe(server.url);
  });

  it('allows requests without an Origin and sends them no CORS headers', async () => {
    const server = await start();
    const res = await fetch(`${server.url}/health`);
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('WebSocket origin checks', () => {
  it('refuses a /ws handshake from a foreign Origin with 403', async () => {
    const server = await start();
    expect(await wsHandshake(server, FOREIGN)).toBe(403);
    expect(server.demo.connections.counts().websocket).toBe(0);
  });

  it('accepts a /ws handshake from an allowed Origin or without one', async () => {
    const server = await start();
    expect(await wsHandshake(server, DEV_SITE)).toBe('open');
    expect(await wsHandshake(server)).toBe('open');
  });
});

describe('Socket.IO origin checks', () => {
  it.each(['websocket', 'polling'] as const)(
    'refuses a foreign Origin over %s',
    async (transport) => {
      const server = await start();
      expect(await ioHandshake(server, transport, FOREIGN)).toMatch(/^connect_error/);
      expect(server.demo.connections.counts()['socket-io']).toBe(0);
    },
  );

  it.each(['websocket', 'polling'] as const)(
    'accepts an allowed Origin over %s',
    async (transport) => {
      const server = await start();
      expect(await ioHandshake(server, transport, DEV_SITE)).toBe('connect');
    },
  );
});
