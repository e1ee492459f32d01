import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { registerTokenRoute } from './auth/token-route';
import { createChatAuth, randomSecret } from './auth/tokens';
import { MemoryBus } from './bus/memory-bus';
import type { MessageBus } from './bus/types';
import { defaultConfig, type ServerConfig } from './config';
import { ConnectionRegistry } from './lib/connections';
import { applyCors } from './lib/cors';
import { HttpError, sendError } from './lib/http-json';
import { OriginPolicy } from './lib/origin';
import { RateLimiter } from './lib/rate-limit';
import { Router } from './lib/router';
import { createStaticHandler } from './lib/static-files';
import { raceChannelRefusal } from './race/publish-guard';
import { createRaceHooks } from './race/race-hooks';
import { RaceRegistry } from './race/race-registry';
import { registerRaceRoutes } from './race/race-routes';
import { chatChannelRefusal } from './socket-io/chat-channels';
import { chatNamespace } from './socket-io/chat-namespace';
import { notificationsNamespace } from './socket-io/notifications-namespace';
import { registerHealthRoutes } from './transports/health';
import { registerHttpPublish } from './transports/http-publish';
import { registerLongPolling } from './transports/long-polling';
import { registerShortPolling } from './transports/short-polling';
import { registerSocketIo } from './transports/socket-io';
import { registerSse } from './transports/sse';
import { refuseUpgrade } from './transports/upgrade';
import { registerWebSocket } from './transports/websocket';
import type { AdapterContext, UpgradeHandler } from './transports/context';

/** A running demo server's parts, and the one way to stop it properly. */
export interface DemoServer {
  server: Server;
  bus: MessageBus;
  connections: ConnectionRegistry;
  /** The five-way races (`/races`). */
  races: RaceRegistry;
  /** Closes every stream and socket properly, then the listener; cuts what is left after the grace time. */
  close(): Promise<void>;
}

/**
 * Builds the demo server (not yet listening): the bus, the five transport adapters, the chat
 * (token route, `/chat`, `/notifications`), the races, the site.
 */
export function createDemoServer(
  overrides: Partial<ServerConfig> = {},
  bus: MessageBus = new MemoryBus({
    historyLength: overrides.historyLength ?? defaultConfig().historyLength,
    historyBytes: overrides.historyBytes ?? defaultConfig().historyBytes,
    maxChannels: overrides.maxChannels ?? defaultConfig().maxChannels,
  }),
): DemoServer {
  const config = defaultConfig(overrides);
  // Chat channels are private to /chat: no transport may read them, and so none may publish there.
  const readRefusal = chatChannelRefusal;
  const ctx: AdapterContext = {
    bus,
    config,
    // HTTP routes check `:channel` against it before any handler runs.
    routes: new Router(readRefusal),
    upgrades: new Map<string, UpgradeHandler>(),
    prefixes: new Map(),
    origins: new OriginPolicy(config.allowedOrigins),
    connections: new ConnectionRegistry(config.maxStreams),
    publishLimiter: new RateLimiter(config.publishRate),
    publishRefusal: (channel) => readRefusal(channel) ?? raceChannelRefusal(channel),
    readRefusal,
  };
  // Without a configured secret or key, random ones: tokens die with the process, and nobody
  // can become an instructor unless index.ts printed the key.
  const chatAuth = createChatAuth(
    config.jwtSecret ?? randomSecret(),
    config.instructorKey ?? randomSecret(),
  );
  const startedAt = Date.now();
  registerHealthRoutes(ctx, startedAt);
  registerHttpPublish(ctx);
  registerTokenRoute(ctx, chatAuth);
  const adapters = [
    registerShortPolling(ctx),
    registerLongPolling(ctx),
    registerSse(ctx),
    registerWebSocket(ctx),
    registerSocketIo(ctx, [chatNamespace(ctx, chatAuth), notificationsNamespace(ctx, chatAuth)]),
  ];
  const races = new RaceRegistry({
    bus,
    maxRaces: config.maxRaces,
    idleExpiryMs: config.raceIdleExpiryMs,
  });
  registerRaceRoutes(ctx, races, new RateLimiter(config.raceCreateRate));
  // Race lanes are tagged, metered and delayed here, before routing: adapters know nothing of it.
  const raceHooks = createRaceHooks(races);
  const serveStatic = config.staticDir ? createStaticHandler(config.staticDir) : null;

  async function onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const prefixHandler = [...ctx.prefixes].find(([prefix]) => url.pathname.startsWith(prefix));
    let route: ReturnType<Router['match']> = null;
    let routeError: unknown = null;
    try {
      route = prefixHandler ? null : ctx.routes.match(req.method ?? 'GET', url);
    } catch (error) {
      routeError = error;
    }
    if (prefixHandler || route || routeError || req.method === 'OPTIONS') {
      const cors = applyCors(req, res, ctx.origins);
      if (cors === 'handled') return;
      if (cors === 'forbidden') {
        throw new HttpError(
          403,
          `origin ${req.headers.origin} is not allowed: start the server with --origin ${req.headers.origin}`,
        );
      }
    }
    if (routeError) throw routeError;
    if (prefixHandler) return prefixHandler[1](req, res);
    if (route) return route.handler({ req, res, url, params: route.params });
    if (serveStatic && (await serveStatic(req, res, url))) return;
    throw new HttpError(404, `no route for ${req.method} ${url.pathname}`);
  }

  function onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    unused.delete(req.socket);
    upgraded.add(socket);
    socket.once('close', () => upgraded.delete(socket));
    socket.on('error', () => socket.destroy());
    raceHooks.onUpgrade(req, socket, () => {
      const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
      const handler = [...ctx.upgrades].find(([prefix]) =>
        prefix.endsWith('/') ? pathname.startsWith(prefix) : pathname === prefix,
      );
      if (!handler) return refuseUpgrade(socket, 404, `no WebSocket endpoint at ${pathname}`);
      handler[1](req, socket, head);
    });
  }

  // Sockets that never sent a request (browsers and fetch open spare ones) are not idle to
  // closeIdleConnections(): without this, every shutdown would wait out the grace time for them.
  const unused = new Set<Socket>();
  // Upgraded sockets leave the HTTP server's books: closeAllConnections() no longer reaches them.
  const upgraded = new Set<Duplex>();
  const server = createServer((req, res) => {
    unused.delete(req.socket);
    raceHooks.onRequest(req, res, () => {
      onRequest(req, res).catch((error: unknown) => sendError(res, error));
    });
  });
  server.on('upgrade', onUpgrade);
  server.on('connection', (socket: Socket) => {
    unused.add(socket);
    socket.once('close', () => unused.delete(socket));
  });
  // A client that sends garbage gets 400 and is closed; it must never take the process down.
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });

  let closing: Promise<void> | null = null;
  async function close(): Promise<void> {
    closing ??= (async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Started first: a peer that never answers a close frame would otherwise hold the adapters.
      const grace = setTimeout(() => {
        server.closeAllConnections();
        for (const socket of upgraded) socket.destroy();
      }, config.shutdownGraceMs);
      races.close();
      raceHooks.close();
      ctx.connections.closeAll();
      await Promise.all(adapters.map((adapter) => adapter.close()));
      server.closeIdleConnections();
      for (const socket of unused) socket.destroy();
      await closed;
      clearTimeout(grace);
      await bus.close();
    })();
    return closing;
  }

  return { server, bus, connections: ctx.connections, races, close };
}
